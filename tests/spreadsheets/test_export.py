"""Exporting to xlsx: real cells, formats, formula-injection guard, round trip through import."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from app.models.people import Customer
from app.services.demo import generate_demo
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.services.spreadsheets.exporter import ExportKind, export_xlsx
from app.services.spreadsheets.import_columns import guess_mapping
from app.services.spreadsheets.importer import preview_import, run_import
from app.services.spreadsheets.spreadsheet_read import read_table


def test_tudo_has_one_sheet_each_with_real_typed_cells(db, today, tmp_path):
    cid = save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)
    create_sale(cid, date(2026, 9, 1), [ItemInput("Vestido", 1, 12_345)], today,
                PlanInput(2, date(2026, 10, 1)))
    result = export_xlsx(ExportKind.ALL, tmp_path / "tudo.xlsx", today)
    wb = load_workbook(tmp_path / "tudo.xlsx")
    assert wb.sheetnames == ["Clientes", "Vendas", "Parcelas", "Pagamentos", "Em atraso",
                             "Devoluções", "Peças"]
    assert dict(result.sheets)["Parcelas"] == 2
    clientes = wb["Clientes"]
    assert clientes["A1"].font.b and clientes.freeze_panes == "A2"
    assert clientes.auto_filter.ref == "A1:M2"  # … Observações, E-mail, Canal (issue 24)
    saldo = clientes["H2"]
    assert saldo.value == Decimal("123.45") or saldo.value == 123.45
    assert saldo.number_format == '"R$" #,##0.00'
    parcelas = wb["Parcelas"]
    assert isinstance(parcelas["E2"].value, datetime)
    assert parcelas["E2"].number_format == "dd/mm/yyyy"
    assert parcelas["I2"].value == "em atraso (53 dias)" and parcelas["J2"].value == 53
    assert wb["Em atraso"]["A2"].value == "Ana Souza"
    assert clientes.column_dimensions["A"].width >= 20


def test_text_starting_like_a_formula_is_written_as_text(db, today, tmp_path):
    for name in ("=HYPERLINK(\"http://x\")", "+5511 Ana", "-Ana", "@SUM(A1)"):
        save_customer(CustomerInput(name), today)
    export_xlsx("clientes", tmp_path / "c.xlsx", today)
    cells = [row[0] for row in load_workbook(tmp_path / "c.xlsx").active.iter_rows(min_row=2)]
    assert {c.value for c in cells} == {"=HYPERLINK(\"http://x\")", "+5511 Ana", "-Ana", "@SUM(A1)"}
    assert all(c.data_type == "s" for c in cells)


def _customers_sheet(path):
    ws = load_workbook(path).active
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_customers_export_round_trips_through_import_with_no_change(tmp_path, today):
    from app.models.db import close_database, open_database

    open_database(tmp_path / "a.sqlite3", today=today)
    generate_demo(60, today, seed=3)
    save_customer(CustomerInput("Zélia 💃", cpf="529.982.247-25", notes="=1+1\nlinha 2"), today)
    export_xlsx("clientes", tmp_path / "a.xlsx", today)
    close_database()
    open_database(tmp_path / "b.sqlite3", today=today)
    try:
        table = read_table(tmp_path / "a.xlsx")
        report = run_import(preview_import(table, guess_mapping(table.headers), today))
        assert report.created == Customer.select().count() == 61
        export_xlsx("clientes", tmp_path / "b.xlsx", today)
    finally:
        close_database()
    assert _customers_sheet(tmp_path / "a.xlsx") == _customers_sheet(tmp_path / "b.xlsx")


def test_cancelling_an_export_leaves_no_file(db, today, tmp_path):
    import pytest

    from app.services.core.progress import Cancelled

    generate_demo(30, today, seed=2)
    seen = []

    def progress(done, total=None, text=""):
        seen.append((done, total, text))
        if done >= 1000:
            raise Cancelled()

    out = tmp_path / "saida"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_xlsx("tudo", out / "tudo.xlsx", today, progress)
    assert not list(out.iterdir())
    assert seen[0][1] > 1000 and seen[0][2] == "Exportando clientes…"
