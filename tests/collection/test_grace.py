"""Issue 19: an installment due on a Saturday, Sunday or national holiday and paid on the next
business day is not late — for the standing, the régua, agreements ("quebrado"), Em atraso
and the Painel alike (the fees are in receivables/fees/test_payment_fees.py, loyalty in
people/test_loyalty.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.collection.dashboard import dashboard
from app.services.collection.overdue import overdue_report
from app.services.collection.worklist import log_entry_action, todays_worklist
from app.services.configuration.settings import Settings, load_settings
from app.services.negotiation.agreement_plans import agreement_basis, build_option
from app.services.negotiation.agreements import (
    AgreementStatus,
    broken_agreements,
    close_agreement,
    list_agreements,
)
from app.services.people.customers import CustomerInput, save_customer
from app.services.people.standing import ATRASADA, PONTUAL, standing_for
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

SATURDAY, SUNDAY, MONDAY, TUESDAY = (date(2026, 11, 21) + timedelta(days=n) for n in range(4))
SETTINGS = Settings(late_fee_bp=200, late_interest_bp=100)


def owes(name: str, dues: tuple[date, ...], each: int = 5_000) -> tuple[int, list[int]]:
    cid = save_customer(CustomerInput(name, phone="(11) 98765-4321"), date(2026, 6, 1),
                        accept_shared_phone=True)
    sale = create_sale(cid, date(2026, 6, 1), [ItemInput("Blusa", len(dues), each)],
                       date(2026, 6, 1),
                       plan=PlanInput(len(dues), dues[0], "custom", custom_dates=dues))
    return cid, list(sale.installment_ids)


def test_paid_on_the_next_business_day_is_no_late_episode(db):
    dues = (date(2026, 8, 8), date(2026, 9, 7), date(2026, 10, 10))  # Sat, holiday, Sat→Tue
    paid_on = (date(2026, 8, 10), date(2026, 9, 8), date(2026, 10, 13))
    cid, _ = owes("Rosa Lima", dues)
    for day in paid_on:
        record_payment(cid, 5_000, day, "pix", day)
    standing = standing_for(cid, MONDAY)
    assert (standing.code, standing.late_episodes) == (PONTUAL, 0)
    late, _ = owes("Sara Lima", (SATURDAY,))
    assert standing_for(late, MONDAY).code != ATRASADA  # Monday: still on time
    assert standing_for(late, TUESDAY).code == ATRASADA


def test_the_regua_holds_vence_hoje_through_the_grace_then_esqueceu(db):
    cid, _ = owes("Tina Lima", (SATURDAY,))
    assert todays_worklist(date(2026, 11, 16), SETTINGS).entries[0].stage.code == "D−5"
    (entry,) = todays_worklist(SATURDAY, SETTINGS).entries
    assert (entry.stage.code, entry.total_cents) == ("D0", 5_000)
    log_entry_action(entry, "whatsapp", SATURDAY)
    for day in (SUNDAY, MONDAY):  # nothing new to tell her, and no multa in the amount
        assert todays_worklist(day, SETTINGS).entries == ()
    (entry,) = todays_worklist(TUESDAY, SETTINGS).entries
    assert (entry.stage.code, entry.days_from_due, entry.fee_cents) == ("D+1", 1, 102)
    assert "R$\xa051,02 com multa e juros" in entry.message  # multa 1,00 + one day of juros


def test_em_atraso_and_the_painel_wait_for_the_grace_date(db):
    owes("Uma Lima", (SATURDAY,))
    for day in (SUNDAY, MONDAY):
        assert overdue_report(day, SETTINGS).rows == ()
        figures = dashboard(day)
        assert (figures.overdue_cents, figures.due_today_cents) == (0, 5_000)
    (row,) = overdue_report(TUESDAY, SETTINGS).rows
    assert (row.days_late, row.fee_cents, row.interest_cents) == (1, 100, 2)
    assert dashboard(TUESDAY).overdue_cents == 5_000


@pytest.fixture
def agreement(db):
    """Vera owes R$ 100,00 since 01/10/2026; on Friday 20/11 (Consciência Negra) she agrees
    to pay it in two: Saturday 28/11 and 28/12/2026."""
    cid, _ = owes("Vera Lima", (date(2026, 10, 1),), 10_000)
    friday = date(2026, 11, 20)
    settings = load_settings()
    option = build_option(agreement_basis(cid, friday, settings), settings,
                          down_payment_cents=0, count=2, first_due=date(2026, 11, 28),
                          interval="monthly", discount_cents=0)
    return cid, close_agreement(cid, option, friday)


def _status(agreement_id: int, day: date) -> AgreementStatus:
    return next(r.status for r in list_agreements(day) if r.id == agreement_id)


def test_an_agreement_installment_due_on_saturday_breaks_only_after_monday(agreement):
    cid, agreement_id = agreement
    monday = date(2026, 11, 30)
    assert _status(agreement_id, monday) is AgreementStatus.OPEN
    assert broken_agreements(monday) == {}
    assert _status(agreement_id, monday + timedelta(days=1)) is AgreementStatus.BROKEN
    record_payment(cid, 5_000, monday, "pix", monday)
    assert _status(agreement_id, monday + timedelta(days=1)) is AgreementStatus.OPEN
    assert broken_agreements(monday + timedelta(days=1)) == {}
