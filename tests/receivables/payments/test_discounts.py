"""Desconto por antecipação: the boundary day, partial payments, reversal, receipts, and the
agreement interest that paying early takes off (CDC art. 52 §2)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.models.receivables import Allocation, Installment, PaymentDiscount
from app.services.configuration.settings import load_settings, save_settings
from app.services.negotiation.agreement_plans import agreement_basis, build_option
from app.services.negotiation.agreements import close_agreement
from app.services.people.customers import CustomerInput, credit_cents, save_customer
from app.services.receivables.payments import receipt_text, record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)
DUE = date(2026, 12, 10)


@pytest.fixture
def bia(db) -> int:
    """Bia owes 2 × R$ 100,00 due 10/12 and 10/01; 5% off when paid 5+ days before."""
    save_settings(load_settings(), early_discount_bp=500, early_discount_days=5)
    cid = save_customer(CustomerInput("Bia Lima"), TODAY)
    create_sale(cid, TODAY, [ItemInput("Blusa", 2, 10_000)], TODAY,
                plan=PlanInput(2, DUE, "monthly"))
    return cid


def first(cid: int) -> Installment:
    return Installment.select().where(Installment.customer == cid).order_by(
        Installment.due_date).first()


def test_on_the_boundary_day_she_gets_five_percent_off(bia):
    paid = record_payment(bia, 9_500, date(2026, 12, 5), "pix", date(2026, 12, 5),
                          early_discount=True)
    inst = first(bia)
    assert (inst.paid_cents, inst.paid_date) == (10_000, date(2026, 12, 5))
    (granted,) = PaymentDiscount.select().where(PaymentDiscount.payment == paid.payment_id)
    assert (granted.percent_cents, granted.interest_cents) == (500, 0)
    assert Allocation.get(Allocation.payment == paid.payment_id).amount_cents == 9_500
    assert credit_cents(bia) == 0
    receipt = receipt_text(paid.payment_id, "Loja da Ana")
    assert "R$\xa095,00 + desconto por antecipação R$\xa05,00" in receipt


def test_the_day_after_the_boundary_there_is_no_discount(bia):
    record_payment(bia, 9_500, date(2026, 12, 6), "pix", date(2026, 12, 6), early_discount=True)
    inst = first(bia)
    assert (inst.paid_cents, inst.paid_date) == (9_500, None)  # R$ 5,00 still open


def test_removed_from_the_dialog_means_full_price(bia):
    record_payment(bia, 9_500, date(2026, 12, 1), "pix", date(2026, 12, 1),
                   early_discount=False)
    assert first(bia).paid_cents == 9_500


def test_a_partial_payment_gets_no_discount_and_a_reversal_takes_it_back(bia):
    record_payment(bia, 5_000, date(2026, 12, 1), "pix", date(2026, 12, 1), early_discount=True)
    assert first(bia).paid_cents == 5_000
    paid = record_payment(bia, 4_750, date(2026, 12, 2), "pix", date(2026, 12, 2),
                          early_discount=True)  # 5% of the 50,00 still open
    assert first(bia).paid_cents == 10_000
    reverse_payment(paid.payment_id, "digitado errado", datetime(2026, 12, 2, 10))
    assert (first(bia).paid_cents, first(bia).paid_date) == (5_000, None)


def test_re_applying_money_after_an_earlier_reversal_keeps_the_discount(bia):
    early = record_payment(bia, 2_000, date(2026, 11, 25), "pix", date(2026, 11, 25),
                           installment_ids=[first(bia).id + 1])  # on the second one
    record_payment(bia, 9_500, date(2026, 12, 5), "pix", date(2026, 12, 5))
    reverse_payment(early.payment_id, "era de outra cliente", datetime(2026, 12, 6, 10))
    assert (first(bia).paid_cents, first(bia).paid_date) == (10_000, date(2026, 12, 5))
    assert credit_cents(bia) == 0


def test_paying_an_agreement_early_takes_off_the_interest_not_run(db):
    save_settings(load_settings(), agreement_interest_bp=100)  # 1% a month on the plan
    cid = save_customer(CustomerInput("Carla Dias"), TODAY)
    create_sale(cid, date(2026, 9, 1), [ItemInput("Saia", 1, 30_000)], TODAY,
                plan=PlanInput(1, date(2026, 10, 1), "monthly"))
    basis = agreement_basis(cid, TODAY, load_settings())
    option = build_option(basis, load_settings(), down_payment_cents=0, count=2,
                          first_due=date(2026, 12, 23), interval="monthly", discount_cents=0)
    # 150,00 each; 30 days → 1,50 of interest; 23/01 is a Saturday: due Monday 25/01,
    # 63 days → 3,15
    assert option.installments == [(date(2026, 12, 23), 15_150), (date(2027, 1, 25), 15_315)]
    close_agreement(cid, option, TODAY)
    # paid 15 of its 30 days early: half of the 1,50 comes off
    record_payment(cid, 15_075, date(2026, 12, 8), "pix", date(2026, 12, 8), early_discount=True)
    inst = Installment.get((Installment.customer == cid) & (Installment.due_date == date(
        2026, 12, 23)))
    assert (inst.paid_cents, inst.amount_cents, inst.interest_cents) == (15_150, 15_150, 150)


def test_the_printed_receipt_shows_the_discount_apart(qtbot, bia, tmp_path):
    from app.services.reports import ReportKind, ReportRequest, build_document
    from tests.reports.test_reports import pdf_pages

    paid = record_payment(bia, 9_500, date(2026, 12, 5), "pix", date(2026, 12, 5))
    document = build_document(ReportRequest(ReportKind.RECEIPT, payment_id=paid.payment_id),
                              date(2026, 12, 5), load_settings())
    [text] = pdf_pages(document, tmp_path)
    assert "vencimento 10/12/2026 — quitada R$ 95,00" in text  # read back: NFKC
    assert "Desconto por antecipação na parcela 1/2 -R$ 5,00" in text
