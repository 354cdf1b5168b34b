"""Acordos: proposals to the centavo, closing, leaving the overdue figures, undo, broken."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.db import database
from app.services.collection.contacts import list_contacts
from app.services.collection.dashboard import dashboard
from app.services.collection.overdue import overdue_report
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.negotiation.agreement_plans import agreement_basis, build_option
from app.services.negotiation.agreements import (
    AgreementStatus,
    close_agreement,
    list_agreements,
    propose_options,
    undo_agreement,
)
from app.services.people.customers import CustomerInput, open_balance_cents, save_customer
from app.services.people.standing import standing_for
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)


def d(text: str) -> date:
    return date.fromisoformat(text)


def sell(cid: int, dues: list[str], each: int) -> list[int]:
    days = [d(x) for x in dues]
    plan = PlanInput(len(days), days[0], "custom", custom_dates=tuple(days))
    sale = create_sale(cid, d("2026-09-10"), [ItemInput("Vestido", 1, each * len(days))],
                       TODAY, plan=plan)
    return list(sale.installment_ids)


@pytest.fixture
def ana(db) -> int:
    """Ana owes 3 × R$ 100,00 due 14/10 (40 days late), 13/11 (10 days), 13/12 (not yet);
    multa 2% and juros 1% a month are on."""
    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = save_customer(CustomerInput("Ana Souza", phone="(11) 98765-4321"), TODAY)
    sell(cid, ["2026-10-14", "2026-11-13", "2026-12-13"], 10_000)
    return cid


def installment_rows() -> list[tuple]:
    return database.execute_sql("SELECT * FROM installment ORDER BY id").fetchall()


def test_three_proposals_to_the_centavo(ana):
    cash, two, three = propose_options(ana, TODAY)
    # principal 200,00; multa 2,00 + 2,00; juros 1,33 (40 days) + 0,33 (10 days) = 5,66;
    # default margins: all of it waived at sight, half in 2x, none in 3x; at sight also 5% of
    # the principal (10,00)
    assert (cash.label, cash.down_payment_cents, cash.installments) == (
        "À vista com desconto", 19_000, [])
    assert (cash.discount_cents, cash.total_cents) == (1_566, 19_000)
    assert (two.label, two.discount_cents, two.total_cents) == ("2x com desconto", 283, 20_283)
    assert two.installments == [(d("2026-11-30"), 10_142), (d("2026-12-30"), 10_141)]
    assert (three.label, three.discount_cents, three.total_cents) == ("3x", 0, 20_566)
    # 30/01/2027 is a Saturday: that installment is due on Monday 01/02
    assert three.installments == [(d("2026-11-30"), 6_856), (d("2026-12-30"), 6_855),
                                  (d("2027-02-01"), 6_855)]
    for option in (two, three):
        assert option.down_payment_cents == 0
        assert sum(c for _, c in option.installments) == option.total_cents


def test_entrada_and_leftover_centavos_go_first(ana):
    basis = agreement_basis(ana, TODAY, load_settings())
    option = build_option(basis, load_settings(), down_payment_cents=5_000, count=3,
                          first_due=d("2026-12-10"), interval="biweekly", discount_cents=566)
    # every 15 days from 10/12: Natal (Friday 25/12) and Saturday 09/01 move to Monday
    assert option.installments == [(d("2026-12-10"), 5_000), (d("2026-12-28"), 5_000),
                                   (d("2027-01-11"), 5_000)]
    odd = build_option(basis, load_settings(), down_payment_cents=0, count=3,
                       first_due=d("2026-12-10"), interval="monthly", discount_cents=0)
    assert [c for _, c in odd.installments] == [6_856, 6_855, 6_855]  # 205,66 / 3
    assert odd.total_cents == 20_566


def test_minimum_installment_and_limits_are_respected(ana):
    save_settings(load_settings(), agreement_min_installment_cents=8_000)
    options = propose_options(ana, TODAY)
    assert [o.count for o in options] == [0, 2]  # 3 × 66,67 would be under R$ 80,00
    assert all(c >= 8_000 for o in options for _, c in o.installments)
    basis = agreement_basis(ana, TODAY, load_settings())
    with pytest.raises(ValidationError) as caught:
        build_option(basis, load_settings(), down_payment_cents=0, count=3,
                     first_due=d("2026-12-01"), interval="monthly", discount_cents=566)
    assert "mínima" in caught.value.errors["count"]
    # the room by default: all the fees (5,66) and 5% of the principal (10,00)
    assert basis.max_discount_cents == 1_566
    with pytest.raises(ValidationError) as caught:
        build_option(basis, load_settings(), down_payment_cents=0, count=2,
                     first_due=d("2026-12-01"), interval="monthly", discount_cents=1_567)
    assert "limite" in caught.value.errors["discount"]
    with pytest.raises(ValidationError):
        build_option(basis, load_settings(), down_payment_cents=0, count=7,
                     first_due=d("2026-12-01"), interval="monthly", discount_cents=0)


def test_closing_takes_the_installments_out_of_every_overdue_figure(ana):
    settings = load_settings()
    before = standing_for(ana, TODAY)
    assert overdue_report(TODAY, settings).rows[0].principal_cents == 20_000
    two = propose_options(ana, TODAY)[1]  # 2x, half of the 5,66 of fees waived
    agreement_id = close_agreement(ana, two, TODAY)
    assert overdue_report(TODAY, settings).rows == ()
    assert [e for e in todays_worklist(TODAY, settings).entries if e.customer_id == ana] == []
    figures = dashboard(TODAY)
    assert (figures.overdue_cents, figures.overdue_customers) == (0, 0)
    # 100,00 not yet due (13/12) + the agreement's 202,83
    assert figures.receivable_cents == open_balance_cents(ana) == 30_283
    assert standing_for(ana, TODAY).late_episodes == before.late_episodes == 2
    (row,) = list_agreements(TODAY)
    assert (row.id, row.status, row.total_cents, row.next_due) == (
        agreement_id, AgreementStatus.OPEN, 20_283, d("2026-11-30"))
    contact = list_contacts(ana)[0]
    assert contact.action == "agreement" and "R$\xa0101,42 até 30/11/2026" in contact.text
    assert "Desconto: R$\xa02,83 (multa e juros dispensados)" in contact.text


def test_undo_restores_the_exact_rows(ana):
    record_payment(ana, 3_000, d("2026-11-20"), "pix", TODAY)  # 30,00 paid on 14/10's one
    before = installment_rows()
    agreement_id = close_agreement(ana, propose_options(ana, TODAY)[2], TODAY)
    assert installment_rows() != before
    undo_agreement(agreement_id, TODAY)
    assert installment_rows() == before
    assert list_agreements(TODAY) == []
    assert list_agreements(TODAY, include_undone=True)[0].status is AgreementStatus.UNDONE
    assert list_contacts(ana)[0].action == "agreement_undo"


def test_undo_is_refused_once_something_is_paid(ana):
    agreement_id = close_agreement(ana, propose_options(ana, TODAY)[1], TODAY)
    record_payment(ana, 10_000, TODAY, "pix", TODAY)
    with pytest.raises(ValidationError) as caught:
        undo_agreement(agreement_id, TODAY)
    assert "pagamento" in caught.value.errors["agreement"]


def test_a_late_agreement_installment_breaks_it_and_gets_its_own_message(ana):
    save_settings(load_settings(), agreement_two_fee_waiver_bp=10_000)  # 2x waives it all
    agreement_id = close_agreement(ana, propose_options(ana, TODAY)[1], TODAY)
    later = d("2026-12-02")  # the first installment (30/11) is 2 days late
    (row,) = list_agreements(later)
    assert (row.status, row.days_late) == (AgreementStatus.BROKEN, 2)
    (entry,) = [e for e in todays_worklist(later, load_settings()).entries
                if e.customer_id == ana]
    assert entry.broken_agreement == agreement_id
    assert ("Do nosso acordo, ainda está em aberto R$\xa0102,07 (com multa e juros) com "
            "vencimento em 30/11." in entry.message)  # R$\xa0100,00 + multa 2% + 2 days of juros
    assert overdue_report(later, load_settings()).rows[0].principal_cents == 10_000


def test_paying_every_installment_completes_it(ana):
    close_agreement(ana, propose_options(ana, TODAY)[0], TODAY)  # à vista: R$ 190,00
    record_payment(ana, 19_000, TODAY, "dinheiro", TODAY)
    (row,) = list_agreements(TODAY + timedelta(days=1))
    assert (row.status, row.progress, row.paid_cents) == (
        AgreementStatus.COMPLETED, "1/1 pagas", 19_000)


def test_a_stale_option_is_refused(ana):
    option = propose_options(ana, TODAY)[1]
    record_payment(ana, 5_000, TODAY, "pix", TODAY)
    with pytest.raises(ValidationError) as caught:
        close_agreement(ana, option, TODAY)
    assert "mudaram" in caught.value.errors["option"]


def test_the_agreement_text_carries_pix_for_the_first_payment_and_receipts_name_it(ana):
    save_settings(load_settings(), pix_key="rita@loja.com", pix_name="Loja", pix_city="Santos",
                  store_name="Loja da Rita")
    basis = agreement_basis(ana, TODAY, load_settings())
    option = build_option(basis, load_settings(), down_payment_cents=5_000, count=2,
                          first_due=d("2026-12-23"), interval="monthly", discount_cents=566)
    agreement_id = close_agreement(ana, option, TODAY)
    text = list_agreements(TODAY)[0].text
    assert text.startswith(f"*Acordo nº {agreement_id} — Loja da Rita*")
    assert "• Entrada: R$\xa050,00 hoje (23/11/2026)" in text
    assert "• Parcela 2/2: R$\xa075,00 até 25/01/2027" in text  # 23/01 is a Saturday
    assert "Pix copia e cola para entrada (R$\xa050,00):" in text
    assert "5303986540550.00" in text  # the Pix code asks for exactly R$ 50,00
    paid = record_payment(ana, 5_000, TODAY, "pix", TODAY)
    from app.services.receivables.payments import receipt_text

    assert f"Parcela 1/3 do acordo nº {agreement_id}" in receipt_text(paid.payment_id, "Loja")


def test_fidelidade_in_a_reminder_template_is_filled_for_a_customer_with_a_tier(db):
    from app.services.collection.cadence import DEFAULT_STAGES, CadenceStage

    cid = save_customer(CustomerInput("Eva Melo"), TODAY)
    plan = PlanInput(4, d("2026-08-01"), "monthly")
    create_sale(cid, d("2026-07-01"), [ItemInput("Bolsa", 4, 5_000)], TODAY, plan=plan)
    for due in ("2026-08-01", "2026-09-01", "2026-10-01"):
        record_payment(cid, 5_000, d(due), "pix", d(due))
    first = DEFAULT_STAGES[0]
    stages = (CadenceStage(first.offset, first.name, "Oi, {nome}! {fidelidade}", first.firm),
              *DEFAULT_STAGES[1:])
    (entry,) = todays_worklist(d("2026-10-28"), load_settings(), stages=stages).entries
    assert entry.message == "Oi, Eva! Você é cliente Bronze do nosso programa de fidelidade."


def test_an_entrada_due_today_is_not_reminded_again_the_same_day(ana):
    basis = agreement_basis(ana, TODAY, load_settings())
    option = build_option(basis, load_settings(), down_payment_cents=5_000, count=1,
                          first_due=d("2026-12-23"), interval="monthly", discount_cents=566)
    close_agreement(ana, option, TODAY)
    assert [e for e in todays_worklist(TODAY, load_settings()).entries
            if e.customer_id == ana] == []
    (entry,) = [e for e in todays_worklist(TODAY + timedelta(days=1), load_settings()).entries
                if e.customer_id == ana]  # the day after, the unpaid entrada is late
    assert entry.items == ((TODAY, 5_102),) and entry.broken_agreement  # + multa and juros


def test_a_broken_agreement_renegotiated_again_is_marked_and_undo_brings_it_back(ana):
    first = close_agreement(ana, propose_options(ana, TODAY)[1], TODAY)
    later = d("2026-12-05")  # its first installment (30/11) is late: broken
    from app.services.negotiation.agreement_plans import open_installments

    both = [i.id for i in open_installments(ana) if i.agreement_id == first]
    second = close_agreement(ana, propose_options(ana, later, both)[0], later, both)
    statuses = {r.id: r.status for r in list_agreements(later)}
    assert statuses == {first: AgreementStatus.RENEGOTIATED, second: AgreementStatus.OPEN}
    undo_agreement(second, later)
    assert list_agreements(later)[0].status is AgreementStatus.BROKEN

