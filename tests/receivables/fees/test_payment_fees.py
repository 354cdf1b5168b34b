"""Multa and juros belong to the payment service and the payment's date (real SQLite files)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.receivables import Installment, Payment
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.people.customers import CustomerInput, open_balance_cents, save_customer
from app.services.receivables.fees import customer_fees, split_received
from app.services.receivables.payments import preview_payment, record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 24)  # a Tuesday: 15 days after Monday 09/11 (no weekend grace)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def fees_on(db):
    return save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)


@pytest.fixture
def bia(fees_on, today):
    """R$ 200,00 in 2x R$ 100,00: one due 15 days ago (09/11), one due in 15 days."""
    cid = save_customer(CustomerInput("Bia Lima"), today)
    sale = create_sale(cid, date(2026, 10, 1), [ItemInput("Blusa", 1, 20000)], today,
                       plan=PlanInput(2, today - timedelta(days=15), "custom",
                                      custom_dates=(today - timedelta(days=15),
                                                    today + timedelta(days=15))))
    return cid, sale.installment_ids


def paid(ids) -> list[int]:
    return [Installment.get_by_id(i).paid_cents for i in ids]


def test_the_figure_asked_pays_principal_and_fees_not_extra_principal(bia, today):
    cid, ids = bia
    asked = customer_fees(cid, today, load_settings()).total_cents
    assert asked == 10_250  # R$ 100,00 + multa R$ 2,00 + juros R$ 0,50 (15 days)
    result = record_payment(cid, asked, today, "pix", today, charge_fees=True)
    assert (result.fee_cents, result.late_fee_cents, result.interest_cents) == (250, 200, 50)
    assert result.allocations == ((ids[0], 10_000),) and result.credit_cents == 0
    assert paid(ids) == [10_000, 0]
    payment = Payment.get_by_id(result.payment_id)
    assert (payment.amount_cents, payment.fee_cents) == (10_000, 250)


def test_fees_are_counted_to_the_payment_date_not_the_day_it_is_typed(bia, today):
    cid, ids = bia
    ten_days_ago = today - timedelta(days=10)  # 5 days late then: juros R$ 0,17
    result = record_payment(cid, 10_250, ten_days_ago, "dinheiro", today, charge_fees=True)
    assert (result.late_fee_cents, result.interest_cents) == (200, 17)
    assert paid(ids) == [10_000, 33]  # the R$ 0,33 left pays the next installment
    assert open_balance_cents(cid) == 9_967


def test_waiving_charges_nothing(bia, today):
    cid, ids = bia
    result = record_payment(cid, 10_250, today, "pix", today, charge_fees=False)
    assert result.fee_cents == 0
    assert paid(ids) == [10_000, 250]


def test_partial_late_payments_each_pay_the_fees_of_their_part(bia, today):
    cid, ids = bia
    first = record_payment(cid, 5_000, today, "pix", today, charge_fees=True)
    # largest principal whose fees fit: 48,78 + multa 0,98 + juros 0,24 = 50,00
    assert (first.allocations, first.late_fee_cents, first.interest_cents) == (
        ((ids[0], 4_878),), 98, 24)
    later = today + timedelta(days=20)  # 35 days late: the open R$ 51,22 costs its own fees
    rest = customer_fees(cid, later, load_settings()).installments[0]
    assert (rest.principal_cents, rest.fee_cents, rest.interest_cents) == (5_122, 102, 60)
    second = record_payment(cid, 5_284, later, "pix", later, charge_fees=True)
    assert (second.allocations, second.fee_cents) == (((ids[0], 5_122),), 162)
    assert paid(ids) == [10_000, 0]


def test_split_rounding_leftover_goes_to_principal():
    # 1 centavo: no fee fits, it all pays principal; R$ 10,00 at 2% + 1% a.m., 30 days late
    assert split_received(1, 10_000, 30, 200, 100) == (1, 0, 0)
    principal, multa, juros = split_received(1_000, 10_000, 30, 200, 100)
    assert principal + multa + juros == 1_000
    assert (principal, multa, juros) == (971, 19, 10)


def test_preview_shows_the_same_fees_record_charges(bia, today):
    cid, ids = bia
    when = today - timedelta(days=3)
    preview = preview_payment(cid, 7_000, when, charge_fees=True)
    result = record_payment(cid, 7_000, when, "pix", today, charge_fees=True)
    assert (preview.allocations, preview.late_fee_cents, preview.interest_cents) == (
        result.allocations, result.late_fee_cents, result.interest_cents)


def test_payment_before_her_first_sale_is_refused(bia, today):
    cid, _ = bia
    with pytest.raises(ValidationError) as info:
        record_payment(cid, 1_000, date(2026, 9, 30), "pix", today)
    assert "antes da primeira compra" in info.value.errors["date"]
    assert info.value.codes["date"] == "before_first_sale"
    assert Payment.select().where(Payment.kind == "payment").count() == 0


def test_payment_before_the_sale_it_was_ticked_for_is_refused(bia, today):
    cid, _ = bia
    later = create_sale(cid, date(2026, 11, 10), [ItemInput("Saia", 1, 5000)], today,
                        plan=PlanInput(1, date(2026, 12, 10)))
    with pytest.raises(ValidationError) as info:
        record_payment(cid, 5_000, date(2026, 11, 5), "pix", today,
                       installment_ids=list(later.installment_ids))
    assert "antes da venda de 10/11/2026" in info.value.errors["date"]


def test_ticking_another_customers_installment_is_refused(bia, today):
    cid, _ = bia
    other = save_customer(CustomerInput("Outra"), today)
    theirs = create_sale(other, date(2026, 10, 1), [ItemInput("Saia", 1, 5000)], today,
                         plan=PlanInput(1, date(2026, 11, 1))).installment_ids
    with pytest.raises(ValidationError) as info:
        record_payment(cid, 5_000, today, "pix", today, installment_ids=list(theirs))
    assert info.value.codes["installments"] == "not_hers"


def test_sale_with_first_due_before_the_sale_date_is_refused(fees_on, today):
    cid = save_customer(CustomerInput("Cris"), today)
    with pytest.raises(ValidationError) as info:
        create_sale(cid, date(2026, 11, 10), [ItemInput("Saia", 1, 5000)], today,
                    plan=PlanInput(1, date(2026, 11, 1)))
    assert "antes da data da venda" in info.value.errors["plan"]


def test_due_on_a_saturday_and_paid_on_monday_carries_no_fees(fees_on):
    """Multa 2% + juros 1%: R$ 100,00 due Saturday 21/11/2026. Paid Monday 23/11 it is on
    time (nothing charged, nothing waived); paid Tuesday it is 1 day late."""
    cid = save_customer(CustomerInput("Sara Dias"), date(2026, 11, 1))
    saturday = date(2026, 11, 21)
    create_sale(cid, date(2026, 11, 1), [ItemInput("Saia", 2, 10_000)], saturday,
                plan=PlanInput(2, saturday, "custom",
                               custom_dates=(saturday, saturday + timedelta(days=7))))
    monday = record_payment(cid, 10_000, date(2026, 11, 23), "pix", date(2026, 11, 23),
                            charge_fees=True)
    assert (monday.fee_cents, monday.waived_fee_cents, monday.credit_cents) == (0, 0, 0)
    late = customer_fees(cid, date(2026, 12, 1), load_settings()).installments[0]
    assert (late.due_date, late.days_late, late.fee_cents, late.interest_cents) == (
        date(2026, 11, 28), 1, 200, 3)  # due Saturday 28/11: on 01/12, 1 day late


def test_record_payment_keeps_the_waiver_itself(bia, today):
    """Whoever records a late payment without charging the fees leaves the same trace: the
    multa and juros waived, on the payment and in its note."""
    cid, ids = bia
    result = record_payment(cid, 10_000, today, "pix", today, note="pagou na feira")
    assert (result.fee_cents, result.waived_fee_cents) == (0, 250)
    payment = Payment.get_by_id(result.payment_id)
    assert payment.waived_fee_cents == 250
    assert payment.note == "pagou na feira (multa e juros dispensados: R$\xa02,50)"
    on_time = record_payment(cid, 5_000, today, "pix", today)  # pays the one not yet due
    assert Payment.get_by_id(on_time.payment_id).note == ""
