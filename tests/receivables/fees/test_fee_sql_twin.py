"""Multa and juros priced in SQL (Em atraso, Cobranças de hoje) equal the Python rule in
``fees`` to the centavo, installment by installment, over a varied notebook: many due dates
(weekends and holidays among them, checked on days inside and after their grace), odd
amounts, partial payments (with and without fees), early-payment discounts, agreements, fees
on, off, one of them, and a multa set above the legal cap. The lateness idioms of
``core.sql`` equal ``lateness`` on every day from 2000 to 2100, and the lists agree with
``asked``, the one figure she is asked."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from app.models.db import database
from app.services.br.holidays import is_business_day
from app.services.collection.overdue import overdue_report
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import Settings
from app.services.core.sql import LATE, NOT_PRESCRIBED, OPEN, days_from_due, days_late
from app.services.negotiation.agreements import close_agreement, propose_options
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables import lateness
from app.services.receivables.asked import asked_today
from app.services.receivables.fees import customer_fees, fee_sql, installment_fees
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

START = date(2026, 6, 1)
# Saturdays, Mondays after a weekend, the day after a holiday's grace…
TODAYS = (date(2026, 8, 15), date(2026, 9, 8), date(2026, 10, 13), date(2026, 10, 31),
          date(2026, 11, 3), date(2026, 11, 23), date(2026, 12, 28), date(2027, 1, 2))
# due on a Saturday, on a holiday Monday, on the Saturday before a holiday Monday (grace to
# Tuesday), on the Sunday before Finados, on Consciência Negra and on Christmas (Fridays)
HOLIDAY_DUES = (date(2026, 9, 5), date(2026, 9, 7), date(2026, 10, 10), date(2026, 11, 1),
                date(2026, 11, 20), date(2026, 12, 25))
RATES = ((200, 100), (0, 0), (200, 0), (0, 100), (150, 33), (199, 1000), (250, 100))


@pytest.fixture
def notebook(db) -> list[int]:
    """Forty customers, each with one to three sales of one to six installments due from
    June to December 2026, some paid in part (some charging fees, some early with a
    discount), two renegotiated by an agreement; the state is as of 23/11/2026."""
    rng = random.Random(8)
    discount = Settings(early_discount_bp=500, early_discount_days=3)
    ids = []
    for n in range(40):
        cid = save_customer(CustomerInput(f"Cliente {n:02d}", phone=f"(11) 9{n:04d}-{n:04d}"),
                            START)
        ids.append(cid)
        for _ in range(rng.randint(1, 3)):
            first = START + timedelta(days=rng.randint(0, 180))
            dues = tuple(first + timedelta(days=30 * k + rng.randint(0, 3))
                         for k in range(rng.randint(1, 6)))
            plan = PlanInput(len(dues), dues[0], "custom", custom_dates=dues)
            create_sale(cid, START, [ItemInput("Blusa", 1, rng.randint(1_001, 99_999))],
                        START, plan=plan)
        for _ in range(rng.randint(0, 3)):
            day = START + timedelta(days=rng.randint(10, 175))
            record_payment(cid, rng.randint(1, 15_000), day, "pix", day,
                           charge_fees=rng.random() < 0.5, accept_credit=True,
                           settings=discount if rng.random() < 0.3 else Settings(
                               late_fee_bp=200, late_interest_bp=100))
    for n, due in enumerate(HOLIDAY_DUES):
        cid = save_customer(CustomerInput(f"Feriado {n}"), START)
        create_sale(cid, START, [ItemInput("Saia", 1, 7_777 + n)], START,
                    plan=PlanInput(1, due, "custom", custom_dates=(due,)))
    for cid in ids[:2]:
        close_agreement(cid, propose_options(cid, date(2026, 11, 23))[1], date(2026, 11, 23))
    return ids


def open_installments() -> list[tuple[int, int, date, int]]:
    return [(r[0], r[1], date.fromisoformat(r[2]), r[3]) for r in database.execute_sql(
        f"SELECT id, customer_id, due_date, amount_cents - paid_cents FROM installment "
        f"WHERE {OPEN} ORDER BY id").fetchall()]


def test_sql_prices_every_installment_like_python(notebook):
    rows = open_installments()
    assert len({r[2] for r in rows}) > 60 and any(0 < r[3] % 100 for r in rows)
    assert sum(not is_business_day(r[2]) for r in rows) > 20  # weekends and holidays
    partial, agreed = database.execute_sql(
        f"SELECT SUM(paid_cents > 0), SUM(agreement_id IS NOT NULL) FROM installment "
        f"WHERE {OPEN}").fetchone()
    assert partial > 5 and agreed > 0  # partial payments and agreements are in the mix
    for today in TODAYS:
        for fee_bp, interest_bp in RATES:
            settings = Settings(late_fee_bp=fee_bp, late_interest_bp=interest_bp)
            fee, interest = fee_sql("open", "days", fee_bp, interest_bp)
            in_sql = database.execute_sql(
                f"SELECT id, days, {fee}, {interest} FROM (SELECT id, amount_cents - paid_cents "
                f"AS open, {days_late()} AS days FROM installment WHERE {OPEN}) ORDER BY id",
                {"today": today.isoformat()}).fetchall()
            in_python = [(f.installment_id, f.days_late, f.fee_cents, f.interest_cents)
                         for f in (installment_fees(iid, due, cents, today, settings)
                                   for iid, _, due, cents in rows)]
            assert in_sql == in_python, (today, fee_bp, interest_bp)


def test_em_atraso_totals_are_the_python_fees_of_each_customer(notebook):
    for today in TODAYS:
        for fee_bp, interest_bp in RATES:
            settings = Settings(late_fee_bp=fee_bp, late_interest_bp=interest_bp)
            report = overdue_report(today, settings)
            for row in report.rows:
                fees = customer_fees(row.customer_id, today, settings)
                assert (row.principal_cents, row.fee_cents, row.interest_cents) == (
                    fees.principal_cents, fees.fee_cents, fees.interest_cents)
            assert sum(b.total_cents for b in report.buckets) == report.total_cents


def test_each_reminder_amount_is_the_python_price_of_its_installment(notebook):
    open_by_id = {iid: (due, cents) for iid, _, due, cents in open_installments()}
    checked = 0
    for today in TODAYS:
        for fee_bp, interest_bp in RATES:
            settings = Settings(late_fee_bp=fee_bp, late_interest_bp=interest_bp)
            for entry in todays_worklist(today, settings).entries:
                priced = [installment_fees(iid, *open_by_id[iid], today, settings)
                          for iid in entry.installment_ids]
                assert entry.items == tuple((f.due_date, f.total_cents) for f in priced)
                assert entry.fee_cents == sum(f.fee_cents + f.interest_cents for f in priced)
                assert entry.total_cents == sum(f.total_cents for f in priced)
                checked += len(priced)
    assert checked > 500


def test_the_multa_never_passes_two_percent(db):
    fee, _ = fee_sql(":open", ":days", 900, 0)
    assert installment_fees(1, date(2026, 11, 1), 10_000, date(2026, 11, 23),
                            Settings(late_fee_bp=900)).fee_cents == 200
    assert database.execute_sql(f"SELECT {fee}", {"open": 10_000, "days": 22}).fetchone() == (
        200,)


def test_em_atraso_and_the_reminders_ask_what_asked_today_asks(notebook):
    """Each Em atraso row is the late part of ``asked_today``; each reminder that lists what
    is due up to today lists exactly ``asked_today``'s installments at its prices."""
    compared = 0
    for today in TODAYS:
        settings = Settings(late_fee_bp=200, late_interest_bp=100)
        for row in overdue_report(today, settings).rows:
            late = asked_today(row.customer_id, today, settings, lead_days=5).late
            assert row.total_cents == sum(i.total_cents for i in late), (today, row.name)
            assert row.late_count == len(late)
        for entry in todays_worklist(today, settings).entries:
            if entry.items[-1][0] <= today:
                asked = asked_today(entry.customer_id, today, settings, lead_days=5)
                assert entry.items == tuple((i.due_date, i.total_cents) for i in asked.items)
                assert entry.total_cents == asked.total_cents
                compared += 1
    assert compared > 100


def test_the_lateness_idioms_equal_python_on_every_day_of_the_calendar(db):
    """Every day from 01/01/2000 to 31/12/2100 as a due date: its days late 1, 3 and 6 days
    later and its days from due the next day, in SQL and in Python; the bounds ``LATE`` and
    ``NOT_PRESCRIBED`` select exactly the due dates ``lateness`` calls late / prescrita."""
    rows = database.execute_sql(f"""
        WITH RECURSIVE d(x) AS (SELECT '2000-01-01' UNION ALL
                                SELECT date(x, '+1 day') FROM d WHERE x < '2100-12-31')
        SELECT x, {days_late("x", "date(x, '+1 day')")}, {days_late("x", "date(x, '+3 day')")},
               {days_late("x", "date(x, '+6 day')")}, {days_from_due("x", "date(x, '+1 day')")}
        FROM d""").fetchall()
    assert len(rows) == 36_890
    for day, one, three, six, from_due in rows:
        due = date.fromisoformat(day)
        expected = [lateness.days_late(due, due + timedelta(days=n)) for n in (1, 3, 6)]
        assert [one, three, six] == expected, day
        assert from_due == lateness.days_from_due(due, due + timedelta(days=1)), day
    for today in (*TODAYS, date(2027, 2, 10), date(2031, 11, 24), date(2026, 11, 22)):
        dues = [today - timedelta(days=n) for n in range(-3, 12)]
        dues += [lateness.prescription_start(today) - timedelta(days=n) for n in range(-3, 6)]
        params = lateness.sql_dates(today)
        for due in dues:
            found = database.execute_sql(
                f"SELECT {LATE.replace('due_date', ':due')}, "
                f"{NOT_PRESCRIBED.replace('due_date', ':due')}",
                {**params, "due": due.isoformat()}).fetchone()
            assert found == (lateness.is_late(due, today),
                             not lateness.is_prescribed(due, today)), (today, due)
