"""Due dates as paper cadernos keep them: "05/03" without a year, several dates in one cell."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from app.models.people import Customer
from app.models.receivables import Installment, Sale
from app.services.people.customers import open_balance_cents
from app.services.spreadsheets.import_clean import (
    YEARLESS_LATE_DAYS,
    clean_due,
    yearless_date,
)
from app.services.spreadsheets.import_columns import guess_mapping
from app.services.spreadsheets.importer import Action, preview_import, run_import
from app.services.spreadsheets.spreadsheet_read import read_table


def _preview(tmp_path, rows, today):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / "caderno.xlsx")
    table = read_table(tmp_path / "caderno.xlsx")
    return preview_import(table, guess_mapping(table.headers), today, "11")


@pytest.mark.parametrize(("written", "today", "meant"), [
    ((5, 3), date(2026, 11, 23), date(2027, 3, 5)),  # next March
    ((20, 12), date(2026, 11, 23), date(2026, 12, 20)),  # later this year
    ((20, 11), date(2026, 11, 23), date(2026, 11, 20)),  # three days ago: already late
    ((24, 10), date(2026, 11, 23), date(2026, 10, 24)),  # 30 days ago: still late
    ((23, 10), date(2026, 11, 23), date(2027, 10, 23)),  # 31 days ago: next year
    ((23, 11), date(2026, 11, 23), date(2026, 11, 23)),  # today is today
    ((20, 12), date(2027, 1, 10), date(2026, 12, 20)),  # late across the new year
    ((5, 1), date(2026, 12, 20), date(2027, 1, 5)),  # due across the new year
    ((29, 2), date(2026, 11, 23), date(2027, 2, 28)),  # no 29/02 in 2027: last day of Feb
    ((29, 2), date(2027, 11, 23), date(2028, 2, 29)),
])
def test_a_day_and_month_without_a_year_is_the_next_such_date_or_a_recent_late_one(
        written, today, meant):
    assert yearless_date(*written, today) == meant


def test_a_walk_through_two_years_keeps_the_rule_for_every_day_and_month():
    start = date(2026, 1, 1)
    for offset in range(0, 2 * 366, 3):
        today = start + timedelta(days=offset)
        for month in range(1, 13):
            for day in (1, 15, 28, 29, 30, 31):
                if day > (29 if month == 2 else calendar.monthrange(2001, month)[1]):
                    with pytest.raises(ValueError):
                        yearless_date(day, month, today)
                    continue
                got = yearless_date(day, month, today)
                assert got.month == month
                assert got.day == min(day, calendar.monthrange(got.year, month)[1])
                assert today - timedelta(days=YEARLESS_LATE_DAYS) <= got
                assert got < today + timedelta(days=367)
                if got > today:  # no occurrence between "30 days ago" and it was skipped
                    earlier = got.replace(year=got.year - 1, day=min(
                        day, calendar.monthrange(got.year - 1, month)[1]))
                    assert (today - earlier).days > YEARLESS_LATE_DAYS


def test_cells_with_one_date_several_dates_or_none():
    today = date(2026, 11, 23)
    assert clean_due("10/12/2026", today).dates == (date(2026, 12, 10),)
    assert clean_due("10/12/2026", today).warnings == ()
    assert clean_due(date(2027, 1, 5), today).dates == (date(2027, 1, 5),)
    assert clean_due(46_000, today).dates == (date(2025, 12, 9),)  # Excel serial
    assert clean_due("2026-12-10T00:00:00", today).dates == (date(2026, 12, 10),)
    assert clean_due("", today) is None
    two = clean_due("05/04/2027 e 05/03/2027", today)
    assert two.dates == (date(2027, 3, 5), date(2027, 4, 5))  # oldest first
    assert two.warnings == ("Vencimento com 2 datas: 05/03/2027 e 05/04/2027.",)
    yearless = clean_due("5/3", today)
    assert yearless.dates == (date(2027, 3, 5),)
    assert yearless.warnings == ("Vencimento “5/3” sem ano: entendido como 05/03/2027.",)
    late = clean_due("20.11", today)
    assert late.warnings == ("Vencimento “20.11” sem ano: entendido como 20/11/2026 "
                             "(já vencido).",)
    for bad in ("dia 10", "31/04", "31/04/2027", "amanhã"):
        with pytest.raises(ValueError):
            clean_due(bad, today)


def test_a_balance_due_on_a_day_without_a_year_is_warned_and_launched_on_that_day(db, today,
                                                                                tmp_path):
    preview = _preview(tmp_path, [["Nome", "Saldo", "Vencimento"],
                                  ["Rosa", "150,00", "05/03"],
                                  ["Bete", "60,00", "20/11"]], today)
    rosa, bete = preview.rows
    assert rosa.warned and rosa.due == date(2027, 3, 5)
    assert "Vencimento “05/03” sem ano: entendido como 05/03/2027." in rosa.reason
    assert bete.warned and bete.due == date(2026, 11, 20)
    assert "(já vencido)" in bete.reason
    run_import(preview)
    due = {c.name: Installment.get(Installment.customer == c.id).due_date
           for c in Customer.select()}
    assert due == {"Rosa": date(2027, 3, 5), "Bete": date(2026, 11, 20)}
    bete_id = Customer.get(Customer.name == "Bete").id
    assert Sale.get(Sale.customer == bete_id).sale_date == date(2026, 11, 20)
    assert Customer.get(Customer.name == "Rosa").notes == ""  # understood, not left in notes


def test_two_dates_in_one_cell_are_warned_and_each_gets_its_part_of_the_balance(db, today,
                                                                               tmp_path):
    preview = _preview(tmp_path, [["Nome", "Saldo", "Vencimento"],
                                  ["Rosa", "100,01", "05/03/2027 e 05/04/2027"]], today)
    (row,) = preview.rows
    assert row.action is Action.CREATE and row.warned
    assert row.dues == (date(2027, 3, 5), date(2027, 4, 5))
    assert "Vencimento com 2 datas: 05/03/2027 e 05/04/2027." in row.reason
    assert ("Saldo anterior R$\xa0100,01 em 2 parcelas, uma em cada data: R$\xa050,01 em "
            "05/03/2027 e R$\xa050,00 em 05/04/2027.") in row.reason
    run_import(preview)
    rosa = Customer.get()
    parts = [(i.number, i.count, i.due_date, i.amount_cents)
             for i in Installment.select().where(Installment.customer == rosa.id)
             .order_by(Installment.number)]
    assert parts == [(1, 2, date(2027, 3, 5), 5_001), (2, 2, date(2027, 4, 5), 5_000)]
    assert open_balance_cents(rosa.id) == 10_001
