"""Printed documents: each rendered to PDF and read back (text with pypdf, QR codes with
zxing-cpp after QtPdf draws the page), amounts in words, and pagination of a long summary."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from app.services.br.pix import parse_payload
from app.services.configuration.settings import load_settings
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.reports import ReportKind, ReportRequest, build_document
from app.services.reports.document import PageFormat
from app.services.reports.overdue_summary import OverdueOrder
from app.services.reports.words import amount_in_words
from tests.report_data import PIX_KEY, make_shop


def brl(cents: int) -> str:
    """An amount as the PDF reads back (NFKC: its no-break space is a plain space)."""
    return format_brl(cents).replace("\xa0", " ")


@pytest.mark.parametrize("cents, words", [
    (1, "um centavo"),
    (100, "um real"),
    (2150, "vinte e um reais e cinquenta centavos"),
    (100000, "mil reais"),
    (123456789, "um milhão, duzentos e trinta e quatro mil, quinhentos e sessenta e sete "
                "reais e oitenta e nove centavos"),
    (15000, "cento e cinquenta reais"),
    (200000000, "dois milhões de reais"),
])
def test_amount_in_words(cents, words):
    assert amount_in_words(cents) == words


def pdf_pages(document, tmp_path, name="doc.pdf") -> list[str]:
    """Render ``document`` to a PDF file and return each page's text, spaces normalised
    (and ligatures such as "ﬂ" unfolded, NFKC)."""
    from app.ui.kit.pdf import write_pdf

    path = tmp_path / name
    write_pdf(document, path)
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page.extract_text()))
            for page in PdfReader(path).pages]


def pdf_images(document, tmp_path, dpi: int = 200) -> list[Image.Image]:
    """Render ``document`` to PDF, then draw each page with QtPdf into an image."""
    from PySide6.QtCore import QBuffer, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    from app.ui.kit.pdf import write_pdf

    path = tmp_path / "pages.pdf"
    write_pdf(document, path)
    pdf = QPdfDocument()
    pdf.load(str(path))
    images = []
    for page in range(pdf.pageCount()):
        size = pdf.pagePointSize(page)
        image = pdf.render(page, QSize(int(size.width() * dpi / 72),
                                       int(size.height() * dpi / 72)))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        images.append(Image.open(io.BytesIO(bytes(buffer.data()))))
    return images


@pytest.fixture
def shop(db, today, qapp):
    return make_shop(today)


def build(kind, today, **options):
    return build_document(ReportRequest(kind, **options), today, load_settings())


def test_every_page_names_the_store_with_cnpj_address_date_and_page(shop, today, tmp_path):
    for kind, options in ((ReportKind.OVERDUE, {}), (ReportKind.STATEMENT, {"customer_id":
                          shop.joana}), (ReportKind.RECEIPT, {"payment_id": shop.payment}),
                          (ReportKind.CARNE, {"sale_id": shop.joana_sale})):
        for text in pdf_pages(build(kind, today, **options), tmp_path):
            assert "Maria Modas" in text
            assert "CNPJ 11.222.333/0001-81" in text
            assert "Rua das Flores, 12 - Centro, São Paulo" in text
            assert "emitido em 23/11/2026" in text
            assert "Página 1 de 1" in text


def test_overdue_summary_lists_each_late_installment_with_fees_and_totals(shop, today,
                                                                          tmp_path):
    [text] = pdf_pages(build(ReportKind.OVERDUE, today), tmp_path)
    # Bia: 75,25 due 14/10 (40 days: multa 1,51 + juros 1,00) and 14/11 (a Saturday: 7 days,
    # 1,51 + 0,18)
    assert ("Beatriz Lima (11) 91234-5678 Vila Nova · Atrasada · 2 parcelas em atraso "
            "R$ 154,70") in text
    assert "Parcela 1/2 · compra de 01/09/2026 14/10/2026 (40 dias) R$ 75,25 R$ 2,51 R$ 77,76" \
        in text
    assert "Parcela 2/2 · compra de 01/09/2026 14/11/2026 (7 dias) R$ 75,25 R$ 1,69 R$ 76,94" \
        in text
    assert "Joana D'Arc (11) 98765-4321 Centro · Atrasada · 1 parcela em atraso R$ 102,43" in text
    assert "Total geral: 2 clientes, 3 parcelas em atraso R$ 257,13" in text
    assert "Multa e juros R$ 6,63" in text
    assert text.index("Beatriz Lima") < text.index("Joana D'Arc")  # most days late first


def test_overdue_summary_filters_and_orders(shop, today, tmp_path):
    [text] = pdf_pages(build(ReportKind.OVERDUE, today, bucket="1–30"), tmp_path)
    assert "Joana D'Arc" in text and "Beatriz Lima" not in text
    assert "faixa 1–30 dias" in text
    assert "Total geral: 1 cliente, 1 parcela em atraso R$ 102,43" in text
    [by_place] = pdf_pages(build(ReportKind.OVERDUE, today, order=OverdueOrder.NEIGHBOURHOOD),
                           tmp_path)
    assert by_place.index("Centro · 1 cliente · R$ 102,43") < by_place.index("Joana D'Arc") \
        < by_place.index("Vila Nova · 1 cliente · R$ 154,70") < by_place.index("Beatriz Lima")


def test_statement_shows_purchases_payments_balance_and_a_pix_qr_for_what_is_late(
        shop, today, tmp_path):
    document = build(ReportKind.STATEMENT, today, customer_id=shop.joana)
    [text] = pdf_pages(document, tmp_path)
    assert "Joana D'Arc" in text and "529.982.247-25" in text
    assert "Compra de 10/08/2026 · R$ 300,00" in text
    assert "3/3 10/11/2026 R$ 100,00 R$ 0,00 R$ 100,00 em atraso (13 dias)" in text
    assert "20/10/2026 Dinheiro parcela 2/3 R$ 2,23 R$ 100,00" in text
    assert "Saldo em aberto R$ 100,00" in text
    assert "Pague com Pix: R$ 102,43" in text
    [code] = [r.text for r in zxingcpp.read_barcodes(pdf_images(document, tmp_path)[0])]
    payload = parse_payload(code)
    assert (payload.key, payload.amount_cents) == (PIX_KEY, 10243)


def test_statement_without_pix_has_no_qr(shop, today, tmp_path):
    document = build(ReportKind.STATEMENT, today, customer_id=shop.joana, with_pix=False)
    assert not document.images
    assert "Pague com Pix" not in pdf_pages(document, tmp_path)[0]


def test_receipt_names_installments_by_purchase_fees_apart_words_and_signature(
        shop, today, tmp_path):
    [text] = pdf_pages(build(ReportKind.RECEIPT, today, payment_id=shop.payment), tmp_path)
    assert re.search(r"Recibo n. \d+", text)
    assert ("Recebi de Joana D'Arc (CPF 529.982.247-25) a importância de R$ 102,23 "
            "(cento e dois reais e vinte e três centavos), em 20/10/2026, por Dinheiro.") in text
    assert ("Parcela 2/3 da compra de 10/08/2026 (Vestido midi floral), vencimento "
            "10/10/2026 — quitada R$ 100,00") in text
    assert "Multa e juros por atraso (à parte das parcelas) R$ 2,23" in text
    assert "Total recebido R$ 102,23" in text
    assert "Saldo em aberto em 23/11/2026 R$ 100,00" in text
    assert "_____" in text and "Maria Souza" in text


def test_receipt_on_an_80mm_roll_is_one_narrow_page(shop, today, tmp_path):
    from app.ui.kit.pdf import write_pdf

    document = build(ReportKind.RECEIPT, today, payment_id=shop.payment,
                     page=PageFormat.ROLL_80MM)
    write_pdf(document, tmp_path / "roll.pdf")
    reader = PdfReader(tmp_path / "roll.pdf")
    [page] = reader.pages
    assert round(float(page.mediabox.width) / 72 * 25.4) == 80
    assert "cento e dois reais e vinte e três centavos" in re.sub(r"\s+", " ",
                                                               page.extract_text())


def test_carne_has_one_slip_per_installment_and_qr_codes_pay_exactly_each_one(
        shop, today, tmp_path):
    document = build(ReportKind.CARNE, today, sale_id=shop.bia_sale)
    [text] = pdf_pages(document, tmp_path)
    for n, due in ((1, "14/10/2026"), (2, "14/11/2026")):
        assert f"Parcela {n}/2 Vencimento: {due} Valor: R$ 75,25" in text
    assert "2 parcelas · total R$ 150,50" in text and "Em aberto: R$ 150,50" in text
    codes = [r.text for r in zxingcpp.read_barcodes(pdf_images(document, tmp_path)[0])]
    payloads = sorted((parse_payload(c) for c in codes), key=lambda p: p.txid)
    assert [(p.key, p.amount_cents) for p in payloads] == [(PIX_KEY, 7525), (PIX_KEY, 7525)]
    assert len({p.txid for p in payloads}) == 2  # each slip names its own installment


def test_carne_marks_paid_installments_instead_of_a_qr(shop, today, tmp_path):
    document = build(ReportKind.CARNE, today, sale_id=shop.joana_sale)
    [text] = pdf_pages(document, tmp_path)
    assert "PAGA em 10/09/2026" in text and "PAGA em 20/10/2026" in text
    assert len(document.images) == 1  # only the open 3/3 gets a Pix QR


def test_a_document_for_nobody_is_refused_with_a_message(shop, today):
    from app.services.core.errors import NotFound, ValidationError

    with pytest.raises(ValidationError, match="Escolha a cliente"):
        build(ReportKind.STATEMENT, today)
    with pytest.raises(NotFound):
        build(ReportKind.RECEIPT, today, payment_id=9999)


def test_no_one_late_prints_a_kind_line(db, today, qapp, tmp_path):
    [text] = pdf_pages(build(ReportKind.OVERDUE, today), tmp_path)
    assert "Ninguém em atraso com esses filtros" in text
    assert "Total geral: 0 clientes, 0 parcelas em atraso R$ 0,00" in text


def test_cancelling_a_pdf_leaves_no_half_written_file(shop, today, tmp_path):
    from app.services.core.progress import Cancelled
    from app.ui.kit.pdf import write_pdf

    def cancel_on_first_page(done, total=None, text=""):
        if text.startswith("Página"):
            raise Cancelled()

    target = tmp_path / "atrasos.pdf"
    with pytest.raises(Cancelled):
        write_pdf(build(ReportKind.OVERDUE, today), target, cancel_on_first_page)
    assert not target.exists()


def test_a_reversed_payment_prints_marked_estornado_with_the_reason(shop, today, tmp_path):
    from datetime import datetime

    from app.services.receivables.payments import reverse_payment

    reverse_payment(shop.payment, "lançado na cliente errada", datetime(2026, 11, 23, 9, 0))
    [text] = pdf_pages(build(ReportKind.RECEIPT, today, payment_id=shop.payment), tmp_path)
    assert "ESTORNADO — este pagamento foi desfeito: lançado na cliente errada" in text
    assert "Saldo em aberto em 23/11/2026 R$ 200,00" in text


def test_termo_de_acordo_names_both_parties_what_was_owed_the_plan_and_signatures(
        shop, today, tmp_path):
    from tests.report_data import close_bia_agreement

    agreement_id, option = close_bia_agreement(shop, today)
    document = build(ReportKind.AGREEMENT, today, agreement_id=agreement_id)
    [text] = pdf_pages(document, tmp_path)
    assert re.search(rf"Termo de acordo n. {agreement_id} Fechado em 23/11/2026", text)
    assert "Maria Modas CNPJ 11.222.333/0001-81" in text and "Cliente Beatriz Lima" in text
    assert "Parcela 1/2 da compra de 01/09/2026 venc. 14/10/2026 R$ 75,25" in text
    assert "Parcela 2/2 da compra de 01/09/2026 venc. 14/11/2026 R$ 75,25" in text
    assert "Valor das parcelas em aberto R$ 150,50" in text
    assert f"Desconto dado pela loja − {brl(option.discount_cents)}" in text
    assert f"Total combinado {brl(option.total_cents)}" in text
    for n, (due, cents) in enumerate(option.installments, 1):
        assert f"Parcela {n}/2 {format_date(due)} {brl(cents)} a vencer" in text
    assert len(re.findall(r"_{10,} (?:Maria Modas|Beatriz Lima)", text)) == 2
    [code] = [r.text for r in zxingcpp.read_barcodes(pdf_images(document, tmp_path)[0])]
    assert parse_payload(code).amount_cents == option.installments[0][1]


def test_an_undone_agreement_still_prints_marked_desfeito(shop, today, tmp_path):
    from app.services.negotiation.agreements import undo_agreement
    from tests.report_data import close_bia_agreement

    agreement_id, _ = close_bia_agreement(shop, today)
    undo_agreement(agreement_id, today)
    document = build(ReportKind.AGREEMENT, today, agreement_id=agreement_id)
    [text] = pdf_pages(document, tmp_path)
    assert "DESFEITO em 23/11/2026" in text and "Como vai ser pago" not in text
    assert not document.images
