"""Importing a big file: memory that does not grow with it, the rows the preview keeps, merges
that reach past the in-memory batches."""

from __future__ import annotations

import tracemalloc

from openpyxl import Workbook, load_workbook

from app.models.people import Customer
from app.models.receivables import Sale
from app.services.people.customers import CustomerInput, open_balance_cents, save_customer
from app.services.spreadsheets.import_columns import guess_mapping
from app.services.spreadsheets.import_files import write_rejected
from app.services.spreadsheets.importer import (
    SHOWN_FIRST,
    SHOWN_NOTEWORTHY,
    Action,
    preview_import,
    run_import,
)
from app.services.spreadsheets.spreadsheet_read import read_table


def _book(path, rows, header=("Nome", "Celular", "Cidade", "Saldo")):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Clientes")
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def _customers(n, start=0):
    return [(f"Cliente {i}", f"1198{i:07d}", "Campinas", "10,00" if i % 3 == 0 else "")
            for i in range(start, start + n)]


def _preview(path, today):
    table = read_table(path)
    return preview_import(table, guess_mapping(table.headers), today, "11")


def test_a_big_preview_counts_every_row_but_keeps_the_first_and_the_noteworthy(db, today,
                                                                               tmp_path):
    rows = _customers(1_500)
    rows[1_200] = ("", "11900000000", "", "")  # no name: an error far down the file
    rows[1_300] = ("CLIENTE 5", "1198" + f"{5:07d}", "Sorocaba", "")  # a repeat
    preview = _preview(_book(tmp_path / "grande.xlsx", rows), today)
    assert preview.report.rows == 1_500
    assert (preview.report.created, preview.report.skipped, preview.report.errors) == (
        1_498, 1, 1)
    numbers = [r.number for r in preview.rows]
    assert numbers[:SHOWN_FIRST] == list(range(2, SHOWN_FIRST + 2))  # her first rows, in order
    assert numbers[SHOWN_FIRST:] == [1_202, 1_302]  # then only the ones worth a look
    repeat = preview.rows[-1]
    assert repeat.action is Action.SKIP and "Mesma cliente que a linha 7" in repeat.reason
    assert "cidade “Sorocaba” (mantido “Campinas”)" in repeat.reason
    assert preview.hidden == 1_500 - SHOWN_FIRST - 2
    assert Customer.select().count() == 0


def test_importing_the_same_big_file_twice_skips_everything_and_reports_every_row(
        db, today, tmp_path):
    path = _book(tmp_path / "lista.xlsx", _customers(1_300))
    assert run_import(_preview(path, today)).created == 1_300
    again = _preview(path, today)
    assert again.report.skipped == 1_300 and again.report.created == 0
    assert len(again.rows) == min(1_300, SHOWN_FIRST + SHOWN_NOTEWORTHY)  # not all 1,300
    assert write_rejected(again.rejected, tmp_path / "fora.xlsx") == 1_300
    sheet = load_workbook(tmp_path / "fora.xlsx", read_only=True).active
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last[0] == 1_301 and last[1] == "Cliente 1299"
    assert "Já está na caderneta" in last[-1]
    assert Sale.select().count() == 1_300 // 3 + 1  # her balances were not doubled


def test_a_repeat_far_below_merges_into_a_customer_already_written_in_the_transaction(
        db, today, tmp_path):
    dora = save_customer(CustomerInput("Dora", phone="11977776666"), today)
    rows = _customers(1_200)
    rows[0] = ("Ana", "11955554444", "", "50,00")
    rows[1_100] = ("Ana", "11955554444", "Sorocaba", "-20,00")  # city filled, credit settles
    rows[1_150] = ("Dora", "11977776666", "Recife", "")  # completes a customer she had
    preview = _preview(_book(tmp_path / "lista.xlsx", rows), today)
    by_row = {r.number: r for r in preview.rows}
    assert "Mesma cliente que a linha 2" in by_row[1_102].reason
    assert "Completado: cidade" in by_row[1_102].reason
    assert by_row[1_152].action is Action.UPDATE
    report = run_import(preview)
    assert (report.created, report.updated, report.skipped) == (1_198, 1, 1)
    ana = Customer.get(Customer.name == "Ana")
    assert ana.city == "Sorocaba" and open_balance_cents(ana.id) == 3_000
    assert Customer.get_by_id(dora).city == "Recife"


def _peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_preview_and_import_memory_does_not_grow_with_the_rows(db, today, tmp_path):
    small = _book(tmp_path / "pequena.xlsx", _customers(300))
    big = _book(tmp_path / "grande.xlsx", _customers(1_200, start=10_000))

    def both(path):
        run_import(_preview(path, today))

    growth = _peak_bytes(lambda: both(big)) - _peak_bytes(lambda: both(small))
    # the old preview kept ~2,400 bytes per row (2.2 MB more here); now only the dedupe keys
    assert growth < 900 * 400, growth
