"""Prescrita (CC art. 206 § 5º I): an installment still open five years after its grace date
is never asked again — not in Cobranças de hoje, Em atraso, the Painel, the amount asked, an
agreement, nor her standing — stays in her history and statement marked "prescrita", and a
payment goes to it only when she ticks it."""

from __future__ import annotations

from datetime import date

import pytest

from app.models.receivables import Installment
from app.services.collection.dashboard import dashboard
from app.services.collection.overdue import overdue_report
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import Settings, load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.negotiation.agreements import close_agreement, propose_options
from app.services.people.customers import CustomerInput, save_customer
from app.services.people.standing import EM_DIA, standing_for
from app.services.receivables.asked import asked_today
from app.services.receivables.installments import Status
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.services.receivables.statement import customer_detail
from app.services.reports.statement_doc import statement_document

TODAY = date(2026, 11, 23)
OLD, EDGE, RECENT = date(2021, 6, 10), date(2021, 12, 10), date(2026, 11, 10)
FEES = Settings(late_fee_bp=200, late_interest_bp=100)


@pytest.fixture
def nadia(db):
    """R$ 100,00 due 10/06/2021 (prescrita since 11/06/2026), R$ 100,00 due 10/12/2021 (a
    Friday: prescrita only from 11/12/2026) and R$ 50,00 due 10/11/2026."""
    cid = save_customer(CustomerInput("Nádia Prado", phone="(11) 98765-4321"), OLD)
    old = create_sale(cid, date(2021, 5, 10), [ItemInput("Casaco", 1, 20_000)], TODAY,
                      plan=PlanInput(2, OLD, "custom", custom_dates=(OLD, EDGE)))
    new = create_sale(cid, date(2026, 10, 10), [ItemInput("Blusa", 1, 5_000)], TODAY,
                      plan=PlanInput(1, RECENT))
    return cid, (*old.installment_ids, *new.installment_ids)


def test_never_asked_in_the_lists_the_painel_or_the_one_figure(nadia):
    cid, (old, edge, recent) = nadia
    (row,) = overdue_report(TODAY, FEES).rows
    assert (row.late_count, row.principal_cents, row.oldest_due) == (2, 15_000, EDGE)
    (entry,) = todays_worklist(TODAY, FEES).entries
    assert set(entry.installment_ids) == {edge, recent}
    asked = asked_today(cid, TODAY, FEES)
    assert asked.installment_ids == [edge, recent] and asked.total_cents == row.total_cents
    assert dashboard(TODAY).overdue_cents == 15_000
    assert dashboard(TODAY).receivable_cents == 25_000  # still in what she owes, never asked
    on_the_day = overdue_report(date(2026, 12, 11), FEES).rows[0]  # 10/12/2021 prescribes
    assert (on_the_day.late_count, on_the_day.principal_cents) == (1, 5_000)


def test_kept_in_her_history_and_statement_marked_prescrita(nadia, tmp_path):
    cid, (old, _, _) = nadia
    detail = customer_detail(cid, TODAY)
    state = next(i.state for i in detail.installments if i.id == old)
    assert (state.status, state.label, state.open_cents) == (Status.PRESCRIBED, "prescrita",
                                                             10_000)
    assert (detail.balance_cents, detail.overdue_cents, detail.prescribed_cents) == (
        25_000, 15_000, 10_000)
    save_settings(load_settings(), pix_key="nadia@loja.com", pix_name="Loja", pix_city="Santos")
    html = "".join(statement_document(cid, TODAY, load_settings(), with_pix=True).blocks)
    assert "prescrita" in html and "dos quais prescritos" in html
    assert "Pague com Pix: R$\xa0150,00" in html  # the late ones only, never the prescrita


def test_never_renegotiated(nadia):
    cid, (old, edge, recent) = nadia
    option = propose_options(cid, TODAY)[0]
    agreement = close_agreement(cid, option, TODAY)
    assert Installment.get_by_id(old).renegotiated_in_id is None
    assert Installment.get_by_id(edge).renegotiated_in_id == agreement
    with pytest.raises(ValidationError) as refused:
        propose_options(cid, TODAY, [old])
    assert refused.value.codes == {"installments": "prescribed"}
    assert "prescrita" in refused.value.errors["installments"]


def test_a_payment_goes_to_it_only_when_she_ticks_it(nadia):
    cid, (old, edge, recent) = nadia
    paid = record_payment(cid, 10_000, TODAY, "pix", TODAY)
    assert paid.allocations == ((edge, 10_000),)  # the oldest one that can be asked
    ticked = record_payment(cid, 10_000, TODAY, "pix", TODAY, installment_ids=[old])
    assert ticked.allocations == ((old, 10_000),)
    assert Installment.get_by_id(recent).paid_cents == 0


def test_it_does_not_make_her_late(db):
    olga = save_customer(CustomerInput("Olga Reis"), date(2020, 2, 1))
    create_sale(olga, date(2020, 2, 10), [ItemInput("Saia", 1, 8_000)], TODAY,
                plan=PlanInput(1, date(2020, 3, 10)))
    standing = standing_for(olga, TODAY)
    assert (standing.code, standing.days_late_now, standing.late_episodes) == (EM_DIA, 0, 0)
    assert todays_worklist(TODAY, FEES).entries == ()
    assert overdue_report(TODAY, FEES).rows == ()
    assert asked_today(olga, TODAY, FEES).items == ()
