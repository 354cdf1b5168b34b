"""Multa and juros de mora to the centavo: formula, half-up rounding, SQL twin, payment info."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from app.services.configuration.settings import Settings, load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.fees import (
    customer_fees,
    fee_sql,
    installment_fees,
    late_fee_cents,
    late_interest_cents,
)
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

FEES = Settings(late_fee_bp=200, late_interest_bp=100)  # multa 2%, juros 1% ao mês


def sell(cid: int, today: date, dues: list[date], cents: int) -> tuple[int, ...]:
    sale_day = min(dues) - timedelta(days=30)
    plan = PlanInput(len(dues), dues[0], "custom", custom_dates=tuple(dues))
    return create_sale(cid, sale_day, [ItemInput("Vestido", 1, cents)], today,
                       plan=plan).installment_ids


def test_the_example_one_hundred_reais_fifteen_days():
    assert late_fee_cents(10_000, 200, 15) == 200  # R$ 2,00
    assert late_interest_cents(10_000, 100, 15) == 50  # R$ 0,50
    fees = installment_fees(1, date(2026, 11, 10), 10_000, date(2026, 11, 25), FEES)
    assert (fees.days_late, fees.fee_cents, fees.interest_cents, fees.total_cents) == (
        15, 200, 50, 10_250)
    # due on Sunday 08/11: she had until Monday 09/11, so on 23/11 it is 14 days late
    fees = installment_fees(1, date(2026, 11, 8), 10_000, date(2026, 11, 23), FEES)
    assert (fees.days_late, fees.fee_cents, fees.interest_cents) == (14, 200, 47)


def test_juros_are_simple_and_pro_rata_per_day():
    assert late_interest_cents(10_000, 100, 30) == 100  # one month: 1%
    assert late_interest_cents(10_000, 100, 60) == 200  # simple, not compound
    assert late_interest_cents(10_000, 100, 1) == 3  # 3,33… → 3
    assert late_interest_cents(10_000, 100, 365) == 1217  # 12,1666… → 12,17
    assert late_interest_cents(7_500, 75, 45) == 84  # 0,75% a.m.: 84,375 → 84


def test_rounding_is_half_up():
    assert late_interest_cents(1_500, 100, 1) == 1  # exactly 0,5 centavo → 1
    assert late_interest_cents(1_499, 100, 1) == 0  # 0,4997 → 0
    assert late_fee_cents(25, 200, 1) == 1  # 0,5 → 1
    assert late_fee_cents(24, 200, 1) == 0  # 0,48 → 0
    assert late_fee_cents(7_575, 200, 3) == 152  # 151,5 → 152


def test_no_fee_before_the_due_date_or_when_switched_off():
    assert late_fee_cents(10_000, 200, 0) == 0
    assert late_interest_cents(10_000, 100, 0) == 0
    assert late_fee_cents(10_000, 0, 30) == 0
    assert late_interest_cents(10_000, 0, 30) == 0
    today = date(2026, 11, 23)
    assert installment_fees(1, today, 10_000, today, FEES).total_cents == 10_000
    assert installment_fees(1, today + timedelta(days=3), 10_000, today, FEES).days_late == 0


def test_multa_above_two_percent_is_refused(db):
    with pytest.raises(ValidationError) as err:
        save_settings(load_settings(), late_fee_bp=201)
    assert "2%" in err.value.errors["late_fee_bp"]


@pytest.mark.parametrize("open_cents", [1, 99, 1_499, 1_500, 7_575, 10_000, 123_457])
@pytest.mark.parametrize("days", [1, 2, 15, 29, 31, 89, 400])
def test_the_sql_twin_gives_the_same_centavos(open_cents, days):
    conn = sqlite3.connect(":memory:")
    for fee_bp, interest_bp in ((200, 100), (150, 33), (0, 0), (200, 1000)):
        fee, interest = fee_sql(":open", ":days", fee_bp, interest_bp)
        row = conn.execute(f"SELECT {fee}, {interest}", {"open": open_cents, "days": days})
        assert row.fetchone() == (late_fee_cents(open_cents, fee_bp, days),
                                  late_interest_cents(open_cents, interest_bp, days))


def test_customer_fees_on_open_principal_after_a_partial_payment(db, today):
    ana = save_customer(CustomerInput("Ana Souza"), today)
    first, second, third = sell(ana, today, [date(2026, 10, 24), date(2026, 11, 8),
                                             date(2026, 11, 23)], 30_000)
    record_payment(ana, 14_000, date(2026, 11, 20), "pix", today)  # 100,00 + 40,00 of the 2nd
    fees = customer_fees(ana, today, FEES)
    assert [(f.installment_id, f.days_late, f.principal_cents) for f in fees.installments] == [
        (second, 14, 6_000)]  # the first is paid; the third is due today: no fee yet
    # 08/11 is a Sunday: late from Tuesday 10/11 (grace to Monday), 14 days on 23/11
    assert (fees.fee_cents, fees.interest_cents, fees.total_cents) == (120, 28, 6_148)
    assert first and third


def test_what_her_page_shows_multa_and_juros_of_what_is_late(db, today):
    bia = save_customer(CustomerInput("Bia Lima"), today)
    sell(bia, today, [date(2026, 11, 9)], 10_000)  # a Monday: 14 days late on 23/11
    fees = customer_fees(bia, today, FEES)
    assert (fees.principal_cents, fees.fee_cents, fees.interest_cents, fees.total_cents) == (
        10_000, 200, 47, 10_247)


def test_fees_switched_off_by_default(db, today):
    carla = save_customer(CustomerInput("Carla Dias"), today)
    sell(carla, today, [date(2026, 10, 1)], 5_000)
    fees = customer_fees(carla, today, load_settings())
    assert fees.total_cents == fees.principal_cents == 5_000


def test_nothing_overdue_means_no_fees(db, today):
    dora = save_customer(CustomerInput("Dora Reis"), today)
    sell(dora, today, [today + timedelta(days=10)], 5_000)
    assert customer_fees(dora, today, FEES).installments == ()


def test_juros_above_one_percent_a_month_are_refused_by_the_settings(db):
    with pytest.raises(ValidationError) as err:
        save_settings(load_settings(), late_interest_bp=101)
    assert "1% ao mês" in err.value.errors["late_interest_bp"]
    assert save_settings(load_settings(), late_interest_bp=100).late_interest_bp == 100


def test_a_stored_rate_above_the_law_is_charged_at_the_law(db):
    """A file saved by an older version could hold 10% a month: it is charged 1%, in Python
    and in the SQL twin alike (R$ 100,00, 30 days late → R$ 1,00 of juros, not R$ 10,00)."""
    assert late_interest_cents(10_000, 1_000, 30) == late_interest_cents(10_000, 100, 30) == 100
    _fee, interest = fee_sql(":open", ":days", 0, 1_000)
    conn = sqlite3.connect(":memory:")
    assert conn.execute(f"SELECT {interest}", {"open": 10_000, "days": 30}).fetchone() == (100,)
