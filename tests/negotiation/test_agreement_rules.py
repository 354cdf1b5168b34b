"""Issue 19: the rules of an agreement once closed — its entrada received in the same step,
no early discount by default, margins that make cash worth it, business-day due dates, and a
broken-agreement message that speaks only of the agreement."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest

from app.models.configuration import Setting
from app.models.receivables import Installment, PaymentDiscount
from app.services.br.pix import parse_payload
from app.services.collection.messages import SMS_MAX
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import Settings, load_settings, save_settings
from app.services.core.money import percent_of
from app.services.negotiation.agreement_plans import agreement_basis, build_option
from app.services.negotiation.agreements import (
    AgreementStatus,
    close_agreement,
    list_agreements,
    propose_options,
)
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)  # a Monday


def d(text: str) -> date:
    return date.fromisoformat(text)


def sell(cid: int, sale_day: str, dues: list[str], each: int, what: str = "Vestido") -> list[int]:
    days = tuple(d(x) for x in dues)
    plan = PlanInput(len(days), days[0], "custom", custom_dates=days)
    sale = create_sale(cid, d(sale_day), [ItemInput(what, 1, each * len(days))], TODAY,
                       plan=plan)
    return list(sale.installment_ids)


@pytest.fixture
def carla(db) -> tuple[int, list[int], list[int]]:
    """Carla owes a blouse (R$ 80,00 due 05/10, late) and a dress (2 × R$ 100,00 due 20/10 and
    13/11, late); multa 2% and juros 1% a month are on; Pix is configured."""
    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100,
                  pix_key="loja@modas.com.br", pix_name="Modas", pix_city="Santos",
                  store_name="Modas da Carla")
    cid = save_customer(CustomerInput("Carla Dias", phone="(11) 97777-2222"), TODAY)
    blouse = sell(cid, "2026-09-05", ["2026-10-05"], 8_000, "Blusa")
    dress = sell(cid, "2026-09-20", ["2026-10-20", "2026-11-13"], 10_000)
    return cid, blouse, dress


def dress_agreement(cid: int, dress: list[int], today: date = TODAY, **paid) -> int:
    """An agreement on the dress only: R$ 50,00 of entrada today, then 2x from 23/12."""
    basis = agreement_basis(cid, today, load_settings(), dress)
    option = build_option(basis, load_settings(), down_payment_cents=5_000, count=2,
                          first_due=d("2026-12-23"), interval="monthly",
                          discount_cents=basis.fees_cents)
    return close_agreement(cid, option, today, dress, **paid)


def test_the_entrada_is_received_in_the_same_step_and_the_agreement_stays_in_good_standing(
        carla):
    cid, blouse, dress = carla
    agreement_id = dress_agreement(cid, dress, entrada_method="pix")
    entrada = Installment.get((Installment.agreement_id == agreement_id)
                              & (Installment.number == 1))
    assert (entrada.paid_cents, entrada.paid_date) == (5_000, TODAY)
    assert Installment.get_by_id(blouse[0]).paid_cents == 0  # not the older blouse
    (row,) = list_agreements(d("2026-11-24"), cid)
    assert (row.status, row.progress) == (AgreementStatus.OPEN, "1/3 pagas")
    text = row.text
    assert "• Entrada: R$\xa050,00 paga hoje (23/11/2026). Recebido, obrigada!" in text
    assert "Pix copia e cola para parcela 1/2 (R$\xa075,00):" in text


def test_without_saying_it_was_paid_a_plain_payment_goes_to_the_oldest_installment(carla):
    """Why the entrada is received with the agreement: money without ticks pays the oldest
    installment, the blouse outside the agreement, and tomorrow the agreement is broken."""
    cid, blouse, dress = carla
    dress_agreement(cid, dress)
    record_payment(cid, 5_000, TODAY, "pix", TODAY)
    assert Installment.get_by_id(blouse[0]).paid_cents == 5_000
    assert list_agreements(d("2026-11-24"), cid)[0].status is AgreementStatus.BROKEN


def test_a_cash_agreement_paid_at_closing_is_fulfilled_at_once(carla):
    cid, blouse, _ = carla
    cash = propose_options(cid, TODAY, blouse)[0]
    close_agreement(cid, cash, TODAY, blouse, entrada_method="dinheiro")
    (row,) = list_agreements(TODAY, cid)
    # R$ 80,00 with its fees waived and 5% off: R$ 76,00, paid at closing
    assert (row.status, row.paid_cents) == (AgreementStatus.COMPLETED, 7_600)
    assert "Pix copia e cola" not in row.text  # nothing left to pay


def test_broken_message_speaks_only_of_the_agreement_and_says_when_fees_are_in(carla):
    cid, _, dress = carla
    dress_agreement(cid, dress)  # the blouse (05/10) stays outside the agreement
    later = d("2026-11-25")  # the entrada (23/11) is 2 days late: broken
    (entry,) = [e for e in todays_worklist(later, load_settings()).entries
                if e.customer_id == cid]
    assert entry.broken_agreement
    # entrada R$ 50,00 + multa 1,00 + juros 0,03; blouse R$ 80,00 + 1,60 + 1,36 (51 days)
    assert entry.items == ((d("2026-10-05"), 8_296), (d("2026-11-23"), 5_103))
    lines = entry.message.split("\n")
    assert lines[0] == ("Oi, Carla. Do nosso acordo, ainda está em aberto R$\xa051,03 (com multa "
                        "e juros) com vencimento em 23/11. Combinamos esse acordo juntas e "
                        "quero muito que ele dê certo.")
    assert "R$\xa082,96" not in lines[0]  # the blouse is not "do nosso acordo"
    assert ("Fora do acordo, também está em aberto R$\xa082,96 (com multa e juros) com "
            "vencimento em 05/10.") in lines
    assert "Total: R$\xa0133,99 com multa e juros." in lines
    assert lines[-4:-2] == ["Modas da Carla", ""]
    assert lines[-2] == "Pix copia e cola:"
    assert parse_payload(lines[-1]).amount_cents == entry.total_cents == 13_399


def test_broken_sms_names_the_agreements_part_and_her_other_purchases_apart(carla):
    """The blouse (R$ 80,00, outside the agreement) is never "do nosso acordo" in the SMS
    either; the SMS still fits one message, with fees and without."""
    cid, _, dress = carla
    dress_agreement(cid, dress)
    later = d("2026-11-25")  # the entrada (23/11) is 2 days late: broken

    def sms(settings) -> str:
        (entry,) = [e for e in todays_worklist(later, settings).entries
                    if e.customer_id == cid]
        assert entry.broken_agreement
        assert len(entry.sms_text) <= SMS_MAX, entry.sms_text
        return entry.sms_text

    assert sms(load_settings()) == (
        "Oi, Carla. Em aberto, com multa e juros: R$ 51,03 do nosso acordo e R$ 82,96 de "
        "outras compras.\nPix copia e cola por WhatsApp ou e-mail.\nModas da Carla")
    assert sms(save_settings(load_settings(), late_fee_bp=0, late_interest_bp=0)) == (
        "Oi, Carla. Em aberto: R$ 50,00 do nosso acordo e R$ 80,00 de outras compras. "
        "Até quando consegue pagar?\nPix copia e cola por WhatsApp ou e-mail.\nModas da Carla")
    without_pix = save_settings(load_settings(), pix_key="")
    assert sms(without_pix) == (
        "Oi, Carla. Do nosso acordo, ficou em aberto R$ 50,00; de outras compras, mais "
        "R$ 80,00. Até quando consegue pagar?\nModas da Carla")


def test_broken_sms_of_an_agreement_alone_asks_only_the_agreements_part(carla):
    cid, blouse, dress = carla
    record_payment(cid, 8_296, TODAY, "pix", TODAY)  # the blouse, with its fees, is paid
    assert Installment.get_by_id(blouse[0]).paid_cents == 8_000
    dress_agreement(cid, dress)
    (entry,) = [e for e in todays_worklist(d("2026-11-25"), load_settings()).entries
                if e.customer_id == cid]
    assert entry.sms_text.startswith(
        "Oi, Carla. Do nosso acordo, ficou R$ 51,03 com multa e juros em aberto. Quando "
        "consegue pagar?\nPix copia e cola por WhatsApp ou e-mail.\nModas da Carla")
    assert "outras compras" not in entry.sms_text


def test_a_purchase_due_on_saturday_is_not_late_on_the_monday_after_in_the_broken_message(
        carla):
    """The one lateness rule: her other purchase due on Saturday 28/11 may be paid on Monday
    30/11, so that day the broken-agreement message only reminds her of it."""
    cid, _, dress = carla
    record_payment(cid, 8_296, TODAY, "pix", TODAY)  # the blouse, with its fees, is paid
    sell(cid, "2026-11-01", ["2026-11-28"], 6_000, "Saia")  # a Saturday
    dress_agreement(cid, dress)

    def rest_line(day: date) -> str:
        (entry,) = [e for e in todays_worklist(day, load_settings()).entries
                    if e.customer_id == cid]
        assert entry.broken_agreement
        return next(line for line in entry.message.split("\n")
                    if line.startswith("Fora do acordo"))

    assert rest_line(d("2026-11-30")) == (
        "Fora do acordo, só para lembrar: R$\xa060,00 com vencimento em 28/11.")
    assert rest_line(d("2026-12-01")).startswith(
        "Fora do acordo, também está em aberto R$\xa061,")  # Tuesday: late, with fees


def test_no_early_discount_on_agreement_installments_unless_the_setting_allows(carla):
    cid, blouse, dress = carla
    save_settings(load_settings(), early_discount_bp=500, early_discount_days=5)
    agreement_id = dress_agreement(cid, dress, entrada_method="pix")
    first = Installment.get((Installment.agreement_id == agreement_id)
                            & (Installment.number == 2))  # R$ 75,00 due 23/12
    record_payment(cid, 7_500, d("2026-11-25"), "pix", d("2026-11-25"),
                   installment_ids=[first.id], accept_credit=True)
    assert not PaymentDiscount.select().exists()  # 28 days early, still R$ 75,00

    save_settings(load_settings(), agreement_early_discount=1)
    second = Installment.get((Installment.agreement_id == agreement_id)
                             & (Installment.number == 3))
    record_payment(cid, 7_125, d("2026-11-25"), "pix", d("2026-11-25"),
                   installment_ids=[second.id])
    assert [d.percent_cents for d in PaymentDiscount.select()] == [375]  # 5% allowed now
    assert Installment.get_by_id(second.id).paid_cents == 7_500


def test_default_margins_make_cash_worth_it_and_are_editable(carla):
    cid, _, dress = carla
    cash, two, three = propose_options(cid, TODAY, dress)
    assert cash.total_cents < two.total_cents < three.total_cents
    assert [o.label for o in (cash, two, three)] == ["À vista com desconto", "2x com desconto",
                                                    "3x"]
    basis = agreement_basis(cid, TODAY, load_settings(), dress)
    # at sight: every fee waived and 5% of the principal (R$ 200,00) off
    assert cash.discount_cents == basis.fees_cents + 1_000
    assert two.discount_cents == percent_of(basis.fees_cents, 5_000)  # half the fees only
    save_settings(load_settings(), agreement_cash_fee_waiver_bp=5_000,
                  agreement_two_fee_waiver_bp=0, agreement_max_fee_discount_bp=2_500,
                  agreement_max_principal_discount_bp=0)
    cash, two, three = propose_options(cid, TODAY, dress)
    fees = agreement_basis(cid, TODAY, load_settings(), dress).fees_cents
    assert cash.discount_cents == percent_of(fees, 2_500)  # the room caps the waiver
    assert (two.label, two.discount_cents, three.discount_cents) == ("2x", 0, 0)


def test_with_fees_off_only_the_cash_proposal_says_com_desconto_and_it_is_cheaper(db):
    """The shipped defaults: multa and juros off, so nothing to waive; the cash proposal
    still gives 5% off (R$ 15,00 of R$ 300,00), 2x and 3x none, and their labels say so."""
    cid = save_customer(CustomerInput("Dora Reis"), TODAY)
    sell(cid, "2026-09-01", ["2026-10-01"], 30_000)
    options = propose_options(cid, TODAY)
    assert [o.label for o in options] == ["À vista com desconto", "2x", "3x"]
    assert [(o.discount_cents, o.total_cents) for o in options] == [
        (1_500, 28_500), (0, 30_000), (0, 30_000)]
    # with the discount on the value set to 0, nothing is waived and no label says so
    save_settings(load_settings(), agreement_max_principal_discount_bp=0)
    options = propose_options(cid, TODAY)
    assert [o.label for o in options] == ["À vista", "2x", "3x"]
    assert {(o.discount_cents, o.total_cents) for o in options} == {(0, 30_000)}


def test_a_file_saved_by_an_older_version_keeps_its_stored_margins(db):
    """Saving any setting stores every one: a file saved when the default discount on the
    value was 0% keeps 0% (the program cannot tell it from her choice, and never gives her
    money away unasked); Configurações shows it, and she may set 5% there."""
    older = replace(Settings(), agreement_max_principal_discount_bp=0)
    for field in fields(Settings):
        Setting.replace(key=field.name, value=str(getattr(older, field.name))).execute()
    cid = save_customer(CustomerInput("Dora Reis"), TODAY)
    sell(cid, "2026-09-01", ["2026-10-01"], 30_000)
    assert [o.label for o in propose_options(cid, TODAY)] == ["À vista", "2x", "3x"]


def test_due_dates_move_to_the_next_business_day_and_a_saturday_cash_deal_is_not_broken(db):
    saturday = d("2026-12-19")
    cid = save_customer(CustomerInput("Eva Melo"), saturday)
    sell(cid, "2026-10-01", ["2026-11-25"], 20_000)
    cash = propose_options(cid, saturday)[0]
    assert cash.schedule(saturday)[0][0] == d("2026-12-21")  # due Monday
    close_agreement(cid, cash, saturday)
    assert list_agreements(d("2026-12-21"), cid)[0].status is AgreementStatus.OPEN
    assert list_agreements(d("2026-12-22"), cid)[0].status is AgreementStatus.BROKEN

    in_agreement = [i.id for i in Installment.select().where(
        Installment.agreement_id.is_null(False))]
    basis = agreement_basis(cid, d("2026-12-21"), load_settings(), in_agreement)
    weekly = build_option(basis, load_settings(), down_payment_cents=0, count=3,
                          first_due=d("2026-12-25"), interval="weekly", discount_cents=0)
    # Natal, then 01/01 (Confraternização) and a Friday: each to its next business day
    assert [due for due, _ in weekly.installments] == [d("2026-12-28"), d("2027-01-04"),
                                                       d("2027-01-08")]


def test_a_custom_broken_template_still_states_what_its_pix_asks(carla):
    cid, _, dress = carla
    save_settings(load_settings(), late_fee_bp=0, late_interest_bp=0,
                  agreement_broken_template="Oi, {nome}! O acordo: {valor} desde {vencimento}."
                                            "\n{pix_copia_e_cola}\nBeijos, {loja}")
    basis = agreement_basis(cid, TODAY, load_settings(), dress)
    option = build_option(basis, load_settings(), down_payment_cents=5_000, count=2,
                          first_due=d("2026-11-30"), interval="weekly", discount_cents=0)
    close_agreement(cid, option, TODAY, dress)
    later = d("2026-12-02")  # entrada (23/11) and 1/2 (30/11) late; the blouse too
    (entry,) = [e for e in todays_worklist(later, load_settings()).entries
                if e.customer_id == cid]
    lines = entry.message.split("\n")
    assert lines[:2] == ["Oi, Carla! O acordo: R$\xa050,00 desde 23/11.", "Beijos, Modas da Carla"]
    assert lines[2] == "Fora do acordo, também está em aberto R$\xa080,00 com vencimento em 05/10."
    assert lines[3] == "Total: R$\xa0205,00."  # 80,00 + 50,00 + 75,00: what the Pix asks
    assert parse_payload(lines[-1]).amount_cents == 20_500
