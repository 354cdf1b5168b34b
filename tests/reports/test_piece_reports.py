"""Estoque and Mais vendidas (issue 22): built from a real file, rendered to PDF and read back,
from the Relatórios page and from the ``report`` command."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from app.cli import main
from app.models.db import close_database, open_database
from app.services.configuration.settings import load_settings
from app.services.core.errors import ValidationError
from app.services.core.money import format_brl
from app.services.reports import ReportKind, ReportRequest, build_document
from app.services.reports.best_sellers import BEST_LIMIT, best_sellers
from app.services.reports.stock_report import stock_list
from app.ui.kit import ops
from tests.reports.piece_shop import make_piece_shop

NOV = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def shop(db, today, qapp):
    return make_piece_shop(today)


def _pdf_text(document, tmp_path) -> str:
    from app.ui.kit.pdf import write_pdf

    path = tmp_path / "doc.pdf"
    write_pdf(document, path)
    return _read(path)


def _read(path) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize(
        "NFKC", " ".join(p.extract_text() for p in PdfReader(path).pages)))


def _doc(today, **kw):
    return build_document(ReportRequest(**kw), today, load_settings())


def test_stock_lists_every_variant_with_its_value_and_marks_low_and_empty(shop, today,
                                                                         tmp_path):
    text = _pdf_text(_doc(today, kind=ReportKind.STOCK), tmp_path)
    assert "Estoque Situação em 23/11/2026 · todas as peças" in text
    assert "Vestido Lírio · ref. VL-01 · preço R$ 189,90 · custo R$ 85,00" in text
    assert "M rosa 3 R$ 255,00 R$ 569,70" in text  # 3 × 85,00 and 3 × 189,90
    assert "P rosa 1 R$ 85,00 R$ 189,90 acabando" in text
    assert "P estampado 0 R$ 0,00 R$ 0,00 sem estoque" in text
    assert "Blusa Ana · preço R$ 59,90 · custo não informado" in text
    assert "Único 4 — R$ 239,60" in text  # no cost: no value at cost
    assert "Total: 3 peças, 6 variações, 13 unidades em estoque" in text
    assert f"Valor de custo do estoque (4 unidades sem custo informado ficam fora) " \
           f"{format_brl(58_100).replace(chr(160), ' ')}" in text
    assert f"Valor de venda do estoque {format_brl(154_870).replace(chr(160), ' ')}" in text
    assert "Variações sem estoque · acabando 1 · 2" in text
    # A→Z by piece: Biquíni, Blusa, Vestido
    assert text.index("Biquíni Copacabana") < text.index("Blusa Ana") < text.index(
        "Vestido Lírio ·")


def test_stock_only_low_is_the_shopping_list(shop, today, tmp_path):
    pieces, totals = stock_list(only_low=True)
    assert [(p.name, [line.grid for line in p.lines]) for p in pieces] == [
        ("Biquíni Copacabana", ["P estampado"]), ("Vestido Lírio", ["P rosa", "G rosa"])]
    assert (totals.units, totals.empty, totals.low) == (2, 1, 2)
    text = _pdf_text(_doc(today, kind=ReportKind.STOCK, only_low=True), tmp_path)
    assert "só o que está acabando ou sem estoque" in text and "Blusa Ana" not in text


def test_stock_keeps_defective_pieces_apart_and_out_of_the_value(shop, today, tmp_path):
    from app.services import returns
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale

    sale = create_sale(1, today, [ItemInput("Vestido Lírio", 1, 18_990,
                                            piece_variant_id=shop.variants["VM"])], today,
                       plan=PlanInput(1, date(2026, 12, 23))).sale_id
    item = returns.returnable_items(sale)[0].sale_item_id
    returns.return_items(sale, {item: 1}, today, defective=[item])
    _, totals = stock_list()
    assert (totals.units, totals.defective, totals.cost_cents) == (12, 1, 58_100 - 8_500)
    text = _pdf_text(_doc(today, kind=ReportKind.STOCK), tmp_path)
    assert "M rosa 2 1 R$ 170,00" in text and "Separadas com defeito (fora do estoque) 1" in text


def test_an_empty_catalogue_says_how_to_start(db, today, qapp, tmp_path):
    text = _pdf_text(_doc(today, kind=ReportKind.STOCK), tmp_path)
    assert "Nenhuma peça no catálogo ainda" in text and "Total: 0 peças" in text
    text = _pdf_text(_doc(today, kind=ReportKind.BEST_SELLERS), tmp_path)
    assert "Nenhuma peça do catálogo foi vendida nem devolvida nesse período" in text


def test_best_sellers_subtract_returns_on_the_day_they_happened(shop):
    november = best_sellers(*NOV)
    assert [(s.label, s.sold, s.returned, s.net, s.net_cents) for s in november.pieces] == [
        ("Vestido Lírio", 2, 1, 1, 18_990),  # M on 10/11 and P by the exchange on 20/11;
        ("Biquíni Copacabana", 1, 1, 0, 0)]  # Ana's October M came back on 12/11
    assert [(s.label, s.sold, s.returned, s.net) for s in november.sizes] == [
        ("P", 1, 0, 1), ("M", 2, 2, 0)]
    assert (november.free_items, november.free_cents) == (1, 7_000)
    october = best_sellers(date(2026, 10, 1), date(2026, 10, 31))
    assert [(s.label, s.net, s.net_cents) for s in october.pieces] == [
        ("Vestido Lírio", 2, 37_980), ("Blusa Ana", 1, 5_990)]
    assert [(s.label, s.net) for s in october.sizes] == [("M", 2), ("Único", 1)]
    both = best_sellers(date(2026, 10, 1), date(2026, 11, 30))
    assert (both.total.sold, both.total.returned, both.total.net) == (6, 2, 4)
    assert best_sellers(date(2026, 11, 13), date(2026, 11, 19)).pieces == ()
    one_day = best_sellers(date(2026, 11, 20), date(2026, 11, 20))  # the exchange's day
    assert [(s.label, s.sold, s.returned) for s in one_day.pieces] == [
        ("Vestido Lírio", 1, 0), ("Biquíni Copacabana", 0, 1)]


def test_best_sellers_document(shop, today, tmp_path):
    doc = _doc(today, kind=ReportKind.BEST_SELLERS, start=NOV[0], end=NOV[1])
    text = _pdf_text(doc, tmp_path)
    assert "Mais vendidas De 01/11/2026 a 30/11/2026" in text
    assert "1 Vestido Lírio (VL-01) 2 1 1 R$ 189,90" in text
    assert "2 Biquíni Copacabana (BC-07) 1 1 0 R$ 0,00" in text
    assert "Total 3 2 1 R$ 189,90" in text
    assert "Por tamanho" in text and "1 P 1 1 R$ 189,90" in text and "2 M 2 2 0 R$ 0,00" in text
    assert "1 item digitado à mão (fora do catálogo), somando R$ 70,00" in text
    default = _doc(today, kind=ReportKind.BEST_SELLERS)  # this month up to today
    assert "De 01/11/2026 a 23/11/2026" in default.html


def test_a_period_that_ends_before_it_starts_is_refused(shop):
    with pytest.raises(ValidationError) as caught:
        best_sellers(NOV[1], NOV[0])
    assert caught.value.code("period") == "reversed"


def test_more_pieces_than_the_list_shows_keep_the_totals_whole(db, today):
    from app.services import catalog
    from app.services.people.customers import CustomerInput, save_customer
    from app.services.pieces.catalog import PieceInput, VariantInput
    from app.services.receivables.sales import ItemInput, create_sale

    cid = save_customer(CustomerInput("Ana Souza"), today)
    items = []
    for n in range(BEST_LIMIT + 3):
        piece = catalog.save_piece(PieceInput(f"Peça {n:02d}", 1_000 + n, variants=(
            VariantInput("M", "", 1),)), today)
        items.append(ItemInput(f"Peça {n:02d}", 1, 1_000 + n,
                               piece_variant_id=catalog.variants_of(piece)[0].id))
    create_sale(cid, today, items, today)
    report = best_sellers(today, today)
    assert report.total.net == BEST_LIMIT + 3
    from app.services.reports.best_sellers import _piece_lines

    lines = _piece_lines(report)
    assert len(lines) == BEST_LIMIT + 2 and lines[-2][1] == "Outras 3 peças"
    assert lines[-2][2].net == 3 and lines[-1][2].net_cents == sum(i.total_cents for i in items)


def test_relatorios_page_prints_both(qtbot, shop, today, tmp_path):
    from app.ui.reports.reports_page import ReportsPage

    page = ReportsPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1093, 560)
    page.show()
    labels = [page.kind_list.item(n).text() for n in range(page.kind_list.count())]
    assert labels[-2:] == ["Estoque", "Mais vendidas"]
    page.kind_list.setCurrentRow(labels.index("Estoque"))
    assert page.low_check.isVisible() and not page.start_edit.isVisible()
    assert not page.picker.isVisible()
    page.low_check.setChecked(True)
    page.save_pdf(tmp_path / "estoque.pdf")
    qtbot.waitUntil(ops.idle)
    assert page.feedback.text().startswith("Estoque salvo em")
    assert "Blusa Ana" not in _read(tmp_path / "estoque.pdf")
    page.grab().save("/tmp/pieces-data-shot.png")
    page.kind_list.setCurrentRow(labels.index("Mais vendidas"))
    assert page.start_edit.isVisible() and not page.low_check.isVisible()
    assert (page.start_edit.value(), page.end_edit.value()) == (date(2026, 11, 1), today)
    page.start_edit.set_date(date(2026, 12, 1))
    page.save_pdf(tmp_path / "nada.pdf")
    qtbot.waitUntil(ops.idle)
    assert page.feedback.text() == "O período termina antes de começar: confira as datas."
    assert not (tmp_path / "nada.pdf").exists()
    page.start_edit.set_date(date(2026, 10, 1))
    page.save_pdf(tmp_path / "vendas.pdf")
    qtbot.waitUntil(ops.idle)
    assert "De 01/10/2026 a 23/11/2026" in _read(tmp_path / "vendas.pdf")
    page.grab().save("/tmp/pieces-data-shot2.png")


@pytest.fixture
def shop_file(tmp_path, today, qapp):
    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    make_piece_shop(today)
    close_database()
    return path


def _run(*args) -> int:
    return main(["report", *map(str, args), "--today", "2026-11-23"])


def test_report_command_estoque_and_mais_vendidas(shop_file, tmp_path, capsys):
    pdf = tmp_path / "estoque.pdf"
    assert _run("estoque", "--pdf", pdf, "--acabando", "--db", shop_file) == 0
    assert capsys.readouterr().out.strip() == f"Estoque: 1 página em {pdf}"
    assert "Vestido Lírio" in _read(pdf) and "Blusa Ana" not in _read(pdf)
    pdf = tmp_path / "outubro.pdf"
    assert _run("mais-vendidas", "--de", "01/10/2026", "--ate", "2026-10-31", "--pdf", pdf,
                "--db", shop_file) == 0
    text = _read(pdf)
    assert "De 01/10/2026 a 31/10/2026" in text and "1 Vestido Lírio (VL-01) 2" in text


@pytest.mark.parametrize("args, said", [
    (("--de", "32/10/2026"), "Data inválida em --de"),
    (("--de", "30/11/2026", "--ate", "01/11/2026"), "O período termina antes de começar"),
])
def test_report_command_explains_a_bad_period(shop_file, tmp_path, capsys, args, said):
    assert _run("mais-vendidas", *args, "--pdf", tmp_path / "x.pdf", "--db", shop_file) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and not (tmp_path / "x.pdf").exists()
