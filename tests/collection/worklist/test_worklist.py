"""Cobranças de hoje: stages day by day, contacts, payments, promises, skips, phones, tone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from app.services.collection.cadence import DEFAULT_STAGES, save_stages
from app.services.collection.contacts import cancel_promise, list_contacts, log_contact
from app.services.collection.messages import MessageContext, render_message
from app.services.collection.worklist import (
    log_entry_action,
    promise_entry,
    skip_entry,
    todays_worklist,
)
from app.services.configuration.settings import Settings
from app.services.core.errors import ValidationError
from app.services.people.customers import CustomerInput, save_customer, set_archived
from app.services.receivables import lateness
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

SETTINGS = Settings(store_name="Modas da Ana")
SALE_DAY = date(2026, 9, 20)
FIRST_DUE, SECOND_DUE = date(2026, 10, 5), date(2026, 11, 5)
WALK = [date(2026, 9, 28) + timedelta(days=n) for n in range(45)]  # 28/09 → 11/11


def d(text: str) -> date:
    return date.fromisoformat(text)


def customer(name: str, phone: str = "(11) 98765-4321", **extra) -> int:
    return save_customer(CustomerInput(name, phone=phone, **extra), SALE_DAY,
                         accept_shared_phone=True)


def sell(cid: int, dues: list[date], total: int, sale_day: date = SALE_DAY) -> list[int]:
    plan = PlanInput(len(dues), dues[0], "custom", custom_dates=tuple(dues))
    return list(create_sale(cid, sale_day, [ItemInput("Vestido midi", 1, total)],
                            max(sale_day, dues[0]), plan=plan).installment_ids)


@pytest.fixture
def ana(db) -> int:
    """R$ 150,00 in 2x: R$ 75,00 on 05/10 and R$ 75,00 on 05/11."""
    cid = customer("Ana Paula Souza")
    sell(cid, [FIRST_DUE, SECOND_DUE], 15_000)
    return cid


def entry_for(cid: int, day: date, **kw):
    found = [e for e in todays_worklist(day, SETTINGS, **kw).entries if e.customer_id == cid]
    assert len(found) <= 1, "each customer appears once"
    return found[0] if found else None


def test_45_days_contacting_at_each_stage(ana):
    seen = []
    for day in WALK:
        entry = entry_for(ana, day)
        if entry:
            seen.append((day, entry.stage.code))
            log_entry_action(entry, "copy", day, now=datetime.combine(day, datetime.min.time()))
            assert entry_for(ana, day) is None  # gone as soon as the contact is logged
    assert seen == [
        (d("2026-09-30"), "D−5"),
        (d("2026-10-05"), "D0"),
        (d("2026-10-06"), "D+1"),
        (d("2026-10-12"), "D+7"),
        (d("2026-10-20"), "D+15"),
        (d("2026-11-04"), "D+30"),
        # The second installment falls due and was never in a message: she comes back once,
        # listing both, at her stage (the old code never reminded her of it at all).
        (d("2026-11-05"), "D+30"),
    ]
    history = list_contacts(ana)
    assert [c.stage_name for c in history] == [
        "Atraso grave", "Atraso grave", "Proposta de acordo", "Segundo aviso", "Esqueceu?",
        "Vence hoje", "Lembrete"]
    assert history[0].action_label == "Mensagem copiada" and history[0].group_due == FIRST_DUE
    assert history[0].text.startswith("Oi, Ana.")


def test_45_days_without_contact_she_is_there_every_day_at_her_stage(ana):
    stages = {day: (e.stage.code if (e := entry_for(ana, day)) else None) for day in WALK}
    expected = {}
    for day in WALK:
        rel = (day - FIRST_DUE).days
        expected[day] = (None if rel < -5 else "D−5" if rel < 0 else "D0" if rel == 0 else
                         "D+1" if rel < 7 else "D+7" if rel < 15 else "D+15" if rel < 30
                         else "D+30")
    assert stages == expected


def test_messages_along_the_way(ana):
    before = entry_for(ana, d("2026-09-30"))
    assert before.message == (
        "Oi, Ana! Tudo bem? 😊\nPassando para lembrar: R$\xa075,00 com vencimento em 05/10.\n"
        "Pode pagar por Pix, dinheiro ou cartão, como ficar melhor para você.\n"
        "Obrigada! Modas da Ana")
    assert (before.items, before.days_from_due, before.total_cents) == (
        ((FIRST_DUE, 7_500),), -5, 7_500)
    both = entry_for(ana, d("2026-11-05"))
    assert both.stage.code == "D+30" and both.standing.code == "atrasada"
    assert ("R$\xa075,00 com vencimento em 05/10 e R$\xa075,00 com vencimento hoje, com 31 dias de "
            "atraso. Total: R$\xa0150,00.") in both.message
    assert "31 dias de atraso" in both.message
    context = MessageContext(both.name, both.items, d("2026-11-05"), SETTINGS.store_name)
    assert both.message == render_message(DEFAULT_STAGES[5].gentle, context)


def test_partial_payment_removes_her_until_the_next_stage_then_lowers_the_amount(ana):
    assert entry_for(ana, d("2026-10-07")).stage.code == "D+1"  # not contacted yet
    record_payment(ana, 3_000, d("2026-10-07"), "pix", d("2026-10-07"))
    # DESIGN.md: "a logged contact, a payment or a promise removes her until the next stage"
    assert [entry_for(ana, d(f"2026-10-{n:02d}")) for n in range(7, 12)] == [None] * 5
    entry = entry_for(ana, d("2026-10-12"))
    assert (entry.stage.code, entry.items) == ("D+7", ((FIRST_DUE, 4_500),))
    assert "Continua em aberto R$\xa045,00 com vencimento em 05/10. Total: R$\xa045,00." in (
        entry.message)


def test_paying_what_is_due_removes_her_at_once(ana):
    day = d("2026-10-08")
    assert entry_for(ana, day) is not None
    record_payment(ana, 7_500, day, "dinheiro", day)
    assert entry_for(ana, day) is None
    assert entry_for(ana, d("2026-10-30")) is None
    assert entry_for(ana, d("2026-10-31")).stage.code == "D−5"  # the next installment


def test_paying_the_oldest_leaves_the_next_group_at_its_own_stage(ana):
    day = d("2026-11-07")
    assert entry_for(ana, day).stage.code == "D+30"
    record_payment(ana, 7_500, day, "pix", day)
    entry = entry_for(ana, day)
    assert (entry.stage.code, entry.group_due, entry.items) == (
        "D+1", SECOND_DUE, ((SECOND_DUE, 7_500),))


def test_promise_pauses_then_brings_her_back_flagged(ana):
    day = d("2026-10-07")
    promise_entry(entry_for(ana, day), d("2026-10-10"), day, note="Recebe o salário dia 10")
    for paused in ("2026-10-07", "2026-10-08", "2026-10-09", "2026-10-10"):
        assert entry_for(ana, d(paused)) is None
    back = entry_for(ana, d("2026-10-11"))
    assert back is not None and back.broken_promise == d("2026-10-10")
    assert back.stage.code == "D+1"  # the stage she was at when promising: logged, yet back
    log_entry_action(back, "whatsapp", d("2026-10-11"))
    assert entry_for(ana, d("2026-10-11")) is None
    later = entry_for(ana, d("2026-10-12"))
    assert later.stage.code == "D+7" and later.broken_promise == d("2026-10-10")
    promise = list_contacts(ana)[-1]
    assert (promise.action, promise.text, promise.note) == (
        "promise", "Prometeu pagar em 10/10/2026.", "Recebe o salário dia 10")


def test_kept_promise_means_no_flag(ana):
    day = d("2026-10-06")
    promise_entry(entry_for(ana, day), d("2026-10-09"), day)
    record_payment(ana, 7_500, d("2026-10-09"), "pix", d("2026-10-09"))
    assert entry_for(ana, d("2026-10-12")) is None
    nxt = entry_for(ana, d("2026-11-06"))
    assert nxt.stage.code == "D+1" and nxt.broken_promise is None


def test_cancelled_promise_resumes_reminders(ana):
    day = d("2026-10-07")
    promise_id = promise_entry(entry_for(ana, day), d("2026-10-20"), day)
    assert entry_for(ana, d("2026-10-12")) is None
    cancel_promise(promise_id)
    assert entry_for(ana, d("2026-10-12")).stage.code == "D+7"


def test_promise_validation(ana):
    day = d("2026-10-07")
    entry = entry_for(ana, day)
    with pytest.raises(ValidationError, match="já passou"):
        promise_entry(entry, d("2026-10-06"), day)
    with pytest.raises(ValidationError, match="acordo"):
        promise_entry(entry, day + timedelta(days=91), day)


def test_skip_removes_her_for_this_stage_only(ana):
    day = d("2026-10-06")
    skip_entry(entry_for(ana, day), day, note="Viajando")
    assert entry_for(ana, day) is None
    assert entry_for(ana, d("2026-10-11")) is None
    assert entry_for(ana, d("2026-10-12")).stage.code == "D+7"
    (skip,) = list_contacts(ana)
    assert (skip.action, skip.action_label, skip.text, skip.note, skip.stage_offset) == (
        "skip", "Pulada", "", "Viajando", 1)


def test_a_contact_outside_the_worklist_does_not_count_for_a_stage(ana):
    log_contact(ana, "call", d("2026-10-06"), note="Não atendeu")
    assert entry_for(ana, d("2026-10-06")).stage.code == "D+1"
    (call,) = list_contacts(ana)
    assert (call.channel, call.channel_label) == ("phone", "Telefone")


def test_contact_log_keeps_the_exact_text_newest_first(ana):
    first = entry_for(ana, d("2026-10-05"))
    log_entry_action(first, "whatsapp", d("2026-10-05"), note="Visualizou")
    second = entry_for(ana, d("2026-10-06"))
    log_entry_action(second, "copy", d("2026-10-06"), channel="sms", text="Texto editado")
    newest, older = list_contacts(ana)
    assert (newest.action, newest.channel, newest.text) == ("copy", "sms", "Texto editado")
    assert (older.action, older.channel, older.text, older.note) == (
        "whatsapp", "whatsapp", first.message, "Visualizou")
    with pytest.raises(ValidationError):
        log_entry_action(second, "grito", d("2026-10-06"))
    with pytest.raises(ValidationError):
        log_entry_action(second, "copy", d("2026-10-06"), channel="pombo")


def test_phones_whatsapp_and_no_phone(db):
    day = d("2026-10-06")
    mobile = customer("Ana Souza")
    landline = customer("Bia Lima", "(11) 3333-4444")
    nophone = customer("Carla Dias", "")
    for cid in (mobile, landline, nophone):
        sell(cid, [FIRST_DUE], 5_000)
    entries = {e.customer_id: e for e in todays_worklist(day, SETTINGS).entries}
    assert entries[mobile].whatsapp
    assert entries[mobile].whatsapp_url.startswith("https://wa.me/5511987654321?text=Oi%2C%20Ana")
    assert (entries[landline].whatsapp, entries[landline].whatsapp_url) == (False, None)
    assert entries[landline].phone_display == "(11) 3333-4444"
    assert (entries[nophone].phone_display, entries[nophone].whatsapp) == ("sem telefone", False)
    assert entries[nophone].whatsapp_url is None and not entries[nophone].link_too_long


def test_a_message_too_long_for_a_link_is_flagged(ana):
    long_text = "Oi, {nome}! " + "Ação de graças é ótima. " * 40 + "{total}"
    save_stages([replace(stage, gentle=long_text) for stage in DEFAULT_STAGES])
    entry = entry_for(ana, d("2026-10-06"))
    assert entry.whatsapp and entry.link_too_long and entry.whatsapp_url is None


def test_recurrent_delinquent_gets_the_firm_text(db):
    cid = customer("Dora Reis")
    sell(cid, [d("2026-09-20")], 8_000, sale_day=d("2026-08-20"))
    entry = entry_for(cid, d("2026-11-23"))
    assert entry.standing.code == "recorrente" and entry.standing.suggest_block
    # 20/09/2026 was a Sunday: late from Tuesday 22/09, 63 days on 23/11
    assert entry.message.startswith("Oi, Dora. O valor de R$\xa080,00 está com 63 dias de atraso")


def test_most_advanced_stage_first_and_archived_still_listed(db):
    late, soon = customer("Eva Melo"), customer("Fia Rocha")
    sell(late, [d("2026-10-20")], 5_000)
    sell(soon, [d("2026-11-26")], 5_000)
    set_archived(late, True)
    entries = todays_worklist(d("2026-11-23"), SETTINGS).entries
    assert [(e.name, e.stage.code) for e in entries] == [
        ("Eva Melo", "D+30"), ("Fia Rocha", "D−5")]


def test_sunday_holiday_and_late_hour_warn_without_blocking(ana):
    sunday = todays_worklist(d("2026-10-11"), SETTINGS)
    assert len(sunday.entries) == 1 and "domingo" in sunday.warnings[0]
    holiday = todays_worklist(d("2026-10-12"), SETTINGS, now_hour=21)
    assert len(holiday.entries) == 1
    assert "Nossa Senhora Aparecida" in holiday.warnings[0] and "21h" in holiday.warnings[1]
    assert todays_worklist(d("2026-10-13"), SETTINGS, now_hour=9).warnings == ()


def test_edited_regua_changes_the_stages(ana):
    save_stages([DEFAULT_STAGES[1], replace(DEFAULT_STAGES[4], offset=3)])
    assert entry_for(ana, d("2026-09-30")) is None  # no D−5 any more
    assert entry_for(ana, d("2026-10-07")).stage.code == "D0"
    assert entry_for(ana, d("2026-10-08")).stage.code == "D+3"


def test_demo_worklist_is_consistent(db):
    from app.services.demo import generate_demo

    today = d("2026-11-23")
    generate_demo(200, today, seed=5, harsh=True)  # many entries
    worklist = todays_worklist(today, SETTINGS)
    ids = [e.customer_id for e in worklist.entries]
    assert len(ids) == len(set(ids)) > 20
    for e in worklist.entries:
        assert e.stage.offset <= e.days_from_due == lateness.days_from_due(e.group_due, today)
        assert e.items[0][0] == e.group_due and e.total_cents > 0
        assert e.message and "{" not in e.message
    first = worklist.entries[0]
    log_entry_action(first, "whatsapp", today)
    again = [e.customer_id for e in todays_worklist(today, SETTINGS).entries]
    assert again == ids[1:]


def test_message_carries_pix_code_for_exactly_its_amount(ana):
    from dataclasses import replace

    from app.services.br.pix import parse_payload

    with_pix = replace(SETTINGS, pix_key="ana.loja@exemplo.com", pix_name="Loja da Ana",
                       pix_city="Campinas")
    entry = [e for e in todays_worklist(FIRST_DUE + timedelta(days=1), with_pix).entries
             if e.customer_id == ana][0]
    code_line = [line for line in entry.message.splitlines() if line.startswith("000201")]
    assert len(code_line) == 1
    payload = parse_payload(code_line[0])
    assert payload.amount_cents == entry.total_cents == 7_500
    assert payload.key == "ana.loja@exemplo.com"
    assert "{" not in entry.message  # never a raw placeholder


def test_a_template_with_only_valor_asks_in_its_pix_just_that_amount(ana):
    """Two installments late, a template that names only {valor} (the oldest): the Pix must
    ask R$ 75,00 for that installment, not R$ 150,00 the text never mentions. With
    {parcelas} the Pix asks the total the text lists."""
    from app.services.br.pix import parse_payload

    with_pix = replace(SETTINGS, pix_key="ana.loja@exemplo.com", pix_name="Loja da Ana",
                       pix_city="Campinas")
    only_valor = "Oi, {nome}! Ficou em aberto {valor} de {vencimento}. {pix_copia_e_cola}"
    save_stages([replace(stage, gentle=only_valor, firm=only_valor)
                 for stage in DEFAULT_STAGES])
    day = SECOND_DUE + timedelta(days=3)
    entry = [
        e for e in todays_worklist(day, with_pix).entries if e.customer_id == ana][0]
    assert entry.items == ((FIRST_DUE, 7_500), (SECOND_DUE, 7_500))
    assert "R$\xa075,00" in entry.message and "R$\xa0150,00" not in entry.message
    assert parse_payload(entry.pix_code).amount_cents == 7_500

    listed = "Oi, {nome}! Em aberto: {parcelas}. {pix_copia_e_cola}"
    save_stages([replace(stage, gentle=listed, firm=listed) for stage in DEFAULT_STAGES])
    entry = [e for e in todays_worklist(day, with_pix).entries if e.customer_id == ana][0]
    assert parse_payload(entry.pix_code).amount_cents == 15_000 == entry.total_cents


def test_the_message_lists_what_is_due_and_leaves_out_what_comes_in_a_few_days(db):
    """One installment late and one due in three days (within the régua's lead): the message,
    its total and its Pix speak of the late one only; her situation counts the late one.
    Before anything is due, all those within the lead are listed."""
    cid = customer("Gina Prado")
    late_id, soon_id = sell(cid, [d("2026-11-10"), d("2026-11-26")], 10_000)
    entry = entry_for(cid, d("2026-11-23"), stages=DEFAULT_STAGES)
    assert entry.installment_ids == (late_id,)
    assert entry.items == ((d("2026-11-10"), 5_000),) and entry.total_cents == 5_000
    assert "26/11" not in entry.message and "10/11" in entry.message
    assert entry.standing.code == "atrasada" and entry.standing.days_late_now == 13
    early = entry_for(cid, d("2026-11-06"), stages=DEFAULT_STAGES)  # D−4 of 10/11
    assert early.installment_ids == (late_id,) and early.total_cents == 5_000
    both = customer("Hana Lima")
    ids = sell(both, [d("2026-11-25"), d("2026-11-27")], 10_000)
    ahead = entry_for(both, d("2026-11-23"), stages=DEFAULT_STAGES)
    assert ahead.installment_ids == tuple(ids) and ahead.total_cents == 10_000
    assert ahead.standing.code != "atrasada"


def test_each_row_falls_in_the_group_its_days_from_due_say(db):
    """The groups (Antes do vencimento, Vencem hoje, Em atraso) are read from the row's
    dates alone (``due_sign``); on holidays, weekends and the days after them, each agrees
    with the days the row shows, on a harsh book with malinhas among the installments."""
    from app.services.demo import generate_demo

    generate_demo(150, d("2026-11-23"), seed=8, harsh=True, pieces=4)
    sell(customer("Iara Saturday"), [d("2026-11-21")], 5_000)  # grace to Monday 23/11
    sell(customer("Joana Christmas"), [d("2026-12-25")], 5_000)  # grace to 28/12
    seen = set()
    for day in ("2026-11-02", "2026-11-03", "2026-11-20", "2026-11-21", "2026-11-22",
                "2026-11-23", "2026-12-25", "2026-12-28"):
        for e in todays_worklist(d(day), SETTINGS).entries:
            sign = (e.days_from_due > 0) - (e.days_from_due < 0)
            assert e.due_sign == sign, (day, e.name, e.group_due, e.days_from_due)
            seen.add(sign)
    assert seen == {-1, 0, 1}


def test_the_groups_hold_the_rows_their_test_picks_in_the_list_order_with_their_totals(db):
    """"Todas", "Antes do vencimento", "Vencem hoje" and "Em atraso" as the page shows them:
    each the rows its test picks, in the list's order, its button's total their sum, its
    "Aviso" column shown when one of them has a warning."""
    from app.services.demo import generate_demo
    from app.ui.collection.worklist_widgets import GROUPS, flagged, grouped, in_group

    generate_demo(150, d("2026-11-23"), seed=8, harsh=True, pieces=4)
    sell(customer("Iara Sábado"), [d("2026-11-21")], 5_000)  # Vence hoje on Sunday 22/11
    entries = todays_worklist(d("2026-11-22"), SETTINGS).entries
    groups = grouped(entries)
    assert groups["all"].rows == list(entries)
    for key, _, _ in GROUPS:
        rows = in_group(entries, key)
        assert groups[key].rows == rows and rows, key
        assert groups[key].total_cents == sum(e.total_cents for e in rows)
        assert groups[key].flagged == any(flagged(e) for e in rows)
