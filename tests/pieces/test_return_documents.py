"""Where a return shows: the extrato (screen and PDF), the carnê reprinted without its
cancelled installments, the recibo de devolução, and the xlsx export — each read back."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import load_workbook

from app.services import returns
from app.services.configuration.settings import load_settings, save_settings
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput
from app.services.receivables.statement import customer_detail, statement_html
from app.services.reports import ReportKind, ReportRequest, build_document
from app.services.reports.return_doc import return_document
from app.services.spreadsheets.exporter import ExportKind, export_xlsx
from tests.pieces.conftest import sell
from tests.pieces.test_returns import _items
from tests.reports.test_reports import pdf_pages


def _returned_dress(shelf, ana, today):
    """Ana bought the dress M and two blouses in 3; the dress came back (tight)."""
    save_settings(load_settings(), store_name="Natália Modas", owner_name="Natália")
    sale = sell(ana, today - timedelta(days=3), today,
                [(shelf["M"], 1, 18_990), (shelf["blusa"], 2, 5_990)])
    result = returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today,
                                  reason="Ficou apertado")
    return sale.sale_id, result


def test_the_extrato_shows_the_return_and_the_cancelled_installment(qapp, shelf, ana, today,
                                                                    tmp_path):
    sale_id, _ = _returned_dress(shelf, ana, today)
    html = statement_html(customer_detail(ana, today), "Natália Modas", today)
    assert "Devolução de Peça 1 M rosa (R$\xa0189,90)" in html and "cancelada (devolução)" in html
    (page,) = pdf_pages(build_document(ReportRequest(ReportKind.STATEMENT, customer_id=ana,
                                                     with_pix=False), today, load_settings()),
                        tmp_path)
    page = page.replace(" :", ":")  # the bold label ends where the text extraction spaces
    assert ("Devolução de Peça 1 M rosa (R$ 189,90): O carnê diminuiu R$ 189,90; "
            "1 parcela cancelada.") in page
    assert "Motivo: Ficou apertado." in page and "art. 49" in page  # 3 days after, by WhatsApp
    assert "1× Peça 1 M rosa (R$ 189,90) — devolvida" in page
    assert "3/3" in page and "cancelada (devolução)" in page
    assert "Peças devolvidas -R$ 189,90" in page and "Saldo em aberto R$ 119,80" in page


def test_the_carne_is_reprinted_without_the_cancelled_installment(qapp, shelf, ana, today,
                                                                 tmp_path):
    sale_id, _ = _returned_dress(shelf, ana, today)
    pages = pdf_pages(build_document(ReportRequest(ReportKind.CARNE, sale_id=sale_id), today,
                                     load_settings()), tmp_path)
    text = " ".join(pages)
    assert "Parcela 1/3" in text and "Parcela 2/3" in text and "Parcela 3/3" not in text
    assert "2 parcelas · total R$ 119,80" in text
    assert "1 parcela cancelada pela devolução não aparece neste carnê." in text


def test_a_cash_refund_has_a_receipt_she_signs(qapp, shelf, ana, today, tmp_path):
    save_settings(load_settings(), store_name="Natália Modas")
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)], count=2)
    record_payment(ana, 9_495, today, "pix", today)
    result = returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today,
                                  refund="cash", refund_method="pix")
    (page,) = pdf_pages(return_document(result.return_id, today, load_settings()), tmp_path)
    assert f"Recibo de devolução no {result.return_id}" in page  # nº read back as NFKC
    assert ("Recebi de Natália Modas a importância de R$ 94,95 (noventa e quatro reais e "
            "noventa e cinco centavos)") in page and "por Pix" in page
    assert "Valor das peças devolvidas R$ 189,90" in page
    assert "R$ 94,95 devolvidos a ela (pix)." in page and "Ana Souza" in page


def test_a_return_as_credit_has_a_proof_of_what_came_back(qapp, shelf, ana, today, tmp_path):
    _, result = _returned_dress(shelf, ana, today)
    (page,) = pdf_pages(return_document(result.return_id, today, load_settings()), tmp_path)
    assert "Comprovante de devolução" in page and "Recebi" not in page
    assert "Ana Souza devolveu em" in page and "O carnê diminuiu R$ 189,90" in page


def test_the_export_has_the_returns_and_what_came_back_of_each_item(shelf, ana, today,
                                                                    tmp_path):
    sale_id, _ = _returned_dress(shelf, ana, today)
    returns.exchange(sale_id, {_items(sale_id)["Peça 2"]: 1},
                     [ItemInput("Vestido Lírio", 1, 18_990, "P rosa",
                                piece_variant_id=shelf["P"])], today, difference="now",
                     method="pix")
    result = export_xlsx(ExportKind.ALL, tmp_path / "tudo.xlsx", today)
    assert dict(result.sheets)["Devoluções"] == 2
    wb = load_workbook(tmp_path / "tudo.xlsx")
    head = [c.value for c in wb["Devoluções"][1]]
    first, second = ({h: c.value for h, c in zip(head, row, strict=True)}
                     for row in wb["Devoluções"].iter_rows(min_row=2))
    assert (first["Tipo"], first["Peças que voltaram"], first["Cliente"]) == (
        "Devolução", "Peça 1 M rosa", "Ana Souza")
    assert first["Mudança nas parcelas"] == -189.9 and first["Parcelas canceladas"] == 1
    assert first["Arrependimento (CDC art. 49)"] == "Sim" and first["Motivo"] == "Ficou apertado"
    assert (second["Tipo"], second["Peças novas (troca)"]) == ("Troca", "Vestido Lírio P rosa")
    assert second["Diferença paga na hora"] == 130.0
    sales = wb["Vendas"]
    head = [c.value for c in sales[1]]
    rows = [{h: c.value for h, c in zip(head, row, strict=True)}
            for row in sales.iter_rows(min_row=2)]
    assert [(r["Peça"], r["Qtd devolvida"]) for r in rows] == [
        ("Peça 1", 1), ("Peça 2", 1), ("Vestido Lírio", None)]
    assert rows[2]["Tamanho/cor"] == "P rosa" and rows[2]["Entrou na troca em"] is not None
