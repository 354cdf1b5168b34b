"""The régua watches the malinha: due today or late, in Cobranças de hoje with its own stage and
words (gentle, then firm), once per stage and once a day, joined to her installment reminder
in one message and one contact, undone like any reminder."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.models.collection import ReminderItem
from app.models.conditional import ConditionalReminder
from app.services import conditional
from app.services.collection.cadence import stage_warnings
from app.services.collection.contacts import log_contact, undo_contact
from app.services.collection.messages import PIX_ON_REQUEST, SMS_MAX
from app.services.collection.worklist import log_entry_action, promise_entry, todays_worklist
from app.services.conditional.malinha_cadence import (
    DEFAULT_MALINHA_STAGES,
    MalinhaStage,
    load_malinha_stages,
    reset_malinha_stages,
    save_malinha_stages,
)
from app.services.configuration.settings import Settings, load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

SETTINGS = Settings(store_name="Natália Modas", pix_key="natalia@exemplo.com",
                    pix_city="Campinas")


def entries(day: date, settings: Settings = SETTINGS):
    return {e.customer_id: e for e in todays_worklist(day, settings, now_hour=10).entries}


@pytest.fixture
def malinha(shelf, ana, today) -> int:
    """Ana took a Vestido Lírio M and two Blusas Ana, to give back today."""
    return conditional.send(ana, [(shelf["M"], 1), (shelf["blusa"], 2)], today, return_by=today)


def test_a_malinha_due_today_has_its_own_entry_and_message(malinha, ana, today):
    entry = entries(today)[ana]
    assert entry.stage.name == "Malinha: devolver hoje" and entry.days_from_due == 0
    assert entry.total_cents == 0 and entry.items == () and entry.pix_code == ""
    assert entry.message == (
        "Oi, Ana! Tudo bem? 😊 Como ficaram as peças? Combinamos a devolução da malinha para "
        "hoje: Vestido Lírio M rosa e Blusa Ana (2).\nMe conta do que você gostou e o que "
        "volta, que a gente combina a entrega.\nObrigada! Natália Modas")
    assert entry.sms_text == ("Oi, Ana! Hoje é o dia combinado para a malinha. Me conta o que "
                              "vai ficar?\nNatália Modas")
    assert entry.email_subject == "Sua malinha de peças — Natália Modas"
    assert "wa.me/5511987654321" in entry.whatsapp_url
    with pytest.raises(ValidationError):
        promise_entry(entry, today + timedelta(days=3), today)  # nothing to pay


def test_once_per_stage_gentle_then_firm_as_days_pass(malinha, ana, today):
    log_entry_action(entries(today)[ana], "copy", today)
    assert ana not in entries(today)  # at most once a day
    tomorrow = today + timedelta(days=1)
    forgot = entries(tomorrow)[ana]
    assert forgot.stage.name == "Malinha: esqueceu?"
    assert "Acho que a malinha passou batido" in forgot.message
    assert "Combinamos a devolução para 23/11" in forgot.message
    log_entry_action(forgot, "whatsapp", tomorrow)
    assert ana not in entries(today + timedelta(days=2))  # nothing new: same stage
    late = entries(today + timedelta(days=3))[ana]
    assert late.stage.name == "Malinha atrasada" and late.days_from_due == 3
    assert "há 3 dias além do combinado (23/11)" in late.message
    log_entry_action(late, "copy", today + timedelta(days=3))
    week = entries(today + timedelta(days=8))[ana]
    assert week.stage.name == "Malinha: vamos acertar"
    assert "R$\xa0309,70" in week.message and "que saiu em 23/11" in week.message


def test_a_settled_malinha_leaves_the_list(malinha, ana, shelf, today):
    conditional.settle(malinha, {shelf["M"]: 1}, today)
    assert ana not in entries(today)


def test_a_recurrent_delinquent_gets_the_firm_words(malinha, ana, today):
    old = date(2026, 6, 1)
    create_sale(ana, old - timedelta(days=30), [ItemInput("Conjunto", 1, 30_000)], today,
                PlanInput(1, old))  # 175 days late: recorrente
    entry = entries(today)[ana]
    assert entry.standing.code == "recorrente"
    assert entry.malinha is not None
    assert "Por favor, me diga ainda hoje o que você vai ficar" in entry.message


def test_a_malinha_alone_still_shows_her_history(malinha, ana, today):
    """Nothing open, but three installments paid late this year: her malinha's entry says
    Inadimplente recorrente and gets the firm words, as her page does."""
    dues = [date(2026, 6, 10), date(2026, 7, 10), date(2026, 8, 10)]
    sale = create_sale(ana, date(2026, 5, 1), [ItemInput("Conjunto", 1, 30_000)], today,
                       PlanInput(3, dues[0], "custom", custom_dates=tuple(dues)))
    for iid, due in zip(sale.installment_ids, dues, strict=True):
        record_payment(ana, 10_000, due + timedelta(days=12), "pix", today,
                       installment_ids=[iid])
    entry = entries(today)[ana]
    assert entry.total_cents == 0 and entry.malinha is not None
    assert entry.standing.code == "recorrente"
    assert entry.standing.reason.startswith("3 atrasos nos últimos 12 meses")
    assert "Por favor, me diga ainda hoje o que você vai ficar" in entry.message


def test_joined_with_her_installment_reminder_one_message_one_contact(malinha, ana, today):
    create_sale(ana, today - timedelta(days=30), [ItemInput("Bolsa", 1, 7_500)], today,
                PlanInput(1, today))
    entry = entries(today)[ana]
    assert entry.stage.name == "Vence hoje" and entry.total_cents == 7_500
    text = entry.message
    assert text.startswith("Oi, Ana! Passando para lembrar 🗓️: R$\xa075,00 com vencimento hoje.")
    assert ("\n\nComo ficaram as peças? Combinamos a devolução da malinha para hoje: Vestido "
            "Lírio M rosa e Blusa Ana (2).\nMe conta do que você gostou e o que volta, que a "
            "gente combina a entrega.\n\nObrigada! Natália Modas\n\nPix copia e cola:\n") in text
    assert text.endswith(entry.pix_code) and text.count("Oi, Ana") == 1
    contact = log_entry_action(entry, "copy", today)
    assert ReminderItem.select().count() == 1 and ConditionalReminder.select().count() == 1
    assert ana not in entries(today)
    undo_contact(contact)  # Desfazer: both come back, as one entry again
    assert ReminderItem.select().count() == 0 and ConditionalReminder.select().count() == 0
    assert entries(today)[ana].malinha is not None


def test_a_contact_logged_today_for_her_installments_waits_until_tomorrow(malinha, ana, today):
    log_contact(ana, "call", today, stage_offset=0, stage_name="Vence hoje", group_due=today)
    assert ana not in entries(today)
    assert entries(today + timedelta(days=1))[ana].stage.name == "Malinha: esqueceu?"


def test_signed_messages_end_with_the_store_identity_once(malinha, ana, today):
    settings = Settings(store_name="Natália Modas", store_document="11222333000181",
                        sign_messages=1)
    text = entries(today, settings)[ana].message
    assert text.endswith("Natália Modas · CNPJ 11.222.333/0001-81")
    assert text.count("CNPJ") == 1


def test_her_malinha_templates_are_kept_checked_and_restored(db):
    custom = [MalinhaStage(0, "Devolução", "Oi, {nome}! As peças ({quantidade}) voltam hoje?",
                           "Oi, {nome}. Hoje é o dia da malinha: {pecas}."),
              MalinhaStage(2, "Atraso", "Oi, {nome}, a malinha era {devolucao}.",
                           "Oi, {nome}: {total} em peças desde {saida}.")]
    saved = save_malinha_stages(custom)
    assert load_malinha_stages() == saved and saved[1].sms.startswith("Oi, {nome}! A malinha")
    with pytest.raises(ValidationError) as bad:
        save_malinha_stages([MalinhaStage(-1, "Antes", "Oi {nome} {parcelas}", "Oi")])
    assert "{parcelas}" in bad.value.errors["stage1_gentle"]
    assert "a partir do dia da devolução" in bad.value.errors["stage1_offset"]
    threat = [MalinhaStage(0, "Hoje", "Devolva hoje ou vou contar para o seu marido.", "Oi")]
    assert stage_warnings(threat, "Natália Modas")
    assert not stage_warnings(DEFAULT_MALINHA_STAGES, "Natália Modas")
    assert reset_malinha_stages() == DEFAULT_MALINHA_STAGES == load_malinha_stages()


def test_the_cobrancas_default_store_name_still_works(malinha, ana, today):
    assert entries(today, load_settings())[ana].message.endswith("Obrigada! Minha Loja")
    save_settings(load_settings(), store_name="Bella")
    assert entries(today, load_settings())[ana].message.endswith("Obrigada! Bella")


def test_joined_sms_stays_one_sms_naming_the_malinha_in_one_line(shelf, today):
    """A long name, a D+7 installment with multa and juros and a malinha 3 days late: the
    two SMS together would be 211 characters; the malinha becomes one line instead."""
    cid = save_customer(CustomerInput("Conceição Aparecida Brandão", phone="11987654321"),
                        today)
    conditional.send(cid, [(shelf["M"], 1), (shelf["blusa"], 2)], today - timedelta(days=10),
                     return_by=today - timedelta(days=3))
    create_sale(cid, today - timedelta(days=40), [ItemInput("Conjunto", 1, 123_456)], today,
                PlanInput(1, today - timedelta(days=7)))
    fees = replace(SETTINGS, late_fee_bp=200, late_interest_bp=100)
    entry = entries(today, fees)[cid]
    assert entry.stage.offset == 7 and entry.malinha.days_late == 3
    sms = entry.sms_text
    assert len(sms) <= SMS_MAX, sms
    assert sms.startswith("Oi, Conceição. R$ 1.262,13 com multa e juros em aberto.")
    assert PIX_ON_REQUEST not in sms  # the malinha's line took its place
    assert "\nMalinha: era para voltar em 20/11.\n" in sms
    assert sms.endswith("\nNatália Modas") and "Oi," not in sms[3:]
    # without Pix (nor fees) there is room for the malinha's own SMS, greeting left out
    plain = entries(today, replace(SETTINGS, pix_key=""))[cid].sms_text
    assert len(plain) <= SMS_MAX
    assert plain == ("Oi, Conceição. R$ 1.234,56 em aberto. Se ajudar, pode ser em partes.\n"
                     "A malinha (R$ 309,70) passou 3 dias da data. Quando posso buscar?\n"
                     "Natália Modas")


def test_a_malinha_due_today_joins_the_sms_as_a_line_before_the_pix_line(malinha, ana, today):
    create_sale(ana, today - timedelta(days=30), [ItemInput("Bolsa", 1, 7_500)], today,
                PlanInput(1, today - timedelta(days=4)))  # Esqueceu? (D+1; 20/11 is a holiday)
    sms = entries(today)[ana].sms_text
    assert len(sms) <= SMS_MAX
    assert sms == ("Oi, Ana! Esqueceu? Ficou R$ 75,00. Pix, dinheiro ou maquininha.\n"
                   "Malinha: combinamos a volta para hoje.\n" + PIX_ON_REQUEST + "\nNatália Modas")
    # her own malinha SMS, short enough, goes whole (greeting and closing left out)
    stages = [replace(s, sms="Oi, {nome}! E a malinha de {saida}?\n{loja}")
              for s in load_malinha_stages()]
    save_malinha_stages(stages)
    assert entries(today)[ana].sms_text == (
        "Oi, Ana! Esqueceu? Ficou R$ 75,00. Pix, dinheiro ou maquininha.\n"
        "E a malinha de hoje?\n" + PIX_ON_REQUEST + "\nNatália Modas")


LONG_STORE = "Ateliê Maria Bonita Modas e Acessórios 2"  # 40 characters


@pytest.mark.parametrize("store_name", ["Natália Modas", LONG_STORE])
@pytest.mark.parametrize("stage", DEFAULT_MALINHA_STAGES, ids=lambda s: s.name)
def test_every_default_malinha_sms_fits_one_sms_alone_and_joined(stage, store_name, today):
    """A malinha of R$ 99.999,99 alone, and joined to the longest default installment SMS
    (R$ 99.999,99 with multa and juros), for any store name: 160 characters at most; for a
    name without accents and a store like "Bella Moda", one GSM-7 part."""
    from app.services.collection.cadence import DEFAULT_STAGES
    from app.services.collection.messages import MessageContext, render_sms
    from app.services.collection.sms import sms_parts, sms_store_name
    from app.services.conditional.malinha_cadence import MalinhaContext, render_malinha_sms
    from app.services.conditional.malinha_reminders import join_sms, malinha_line

    back = today - timedelta(days=stage.offset)
    for name, store in (("Conceição Brandão", store_name), ("Rita Lima", "Bella Moda")):
        context = MalinhaContext(name, (("Vestido Lírio M rosa", 1), ("Blusa Ana", 2)),
                                 9_999_999, back - timedelta(days=12), back, today, store)
        alone = render_malinha_sms(stage.sms, context)
        assert len(alone) <= SMS_MAX and alone.endswith("\n" + sms_store_name(store)), alone
        for installments in DEFAULT_STAGES:
            items = ((today - timedelta(days=max(installments.offset, 0)), 9_999_999),)
            base = render_sms(installments.sms, MessageContext(
                name, items, today, store, pix_code="x", fee_cents=100))
            joined = join_sms(base, alone, malinha_line(context), sms_store_name(store))
            assert len(joined) <= SMS_MAX, joined
            assert "alinha" in joined and "\xa0" not in joined
            if store == "Bella Moda":
                assert sms_parts(joined) == 1 and sms_parts(alone) == 1, joined
