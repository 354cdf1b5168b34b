"""Reminders by her channel (issue 24): the mailto: link read back, the SMS that fits one
message, the e-mail subject per stage, the channel offered first, the birthday list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from app.services.collection.cadence import DEFAULT_STAGES, DEFAULT_SUBJECT, save_stages
from app.services.collection.messages import (
    PIX_ON_REQUEST,
    SMS_MAX,
    MessageContext,
    email_link,
    render_sms,
)
from app.services.collection.sms import is_gsm7, outside_gsm7, sms_parts
from app.services.collection.worklist import log_entry_action, todays_worklist
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.birthdays import log_birthday, upcoming_birthdays
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)


def read_mailto(url: str) -> tuple[str, str, str]:
    """(address, subject, body) of a mailto: link, as a mail program reads it."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, strict_parsing=True)
    assert set(query) == {"subject", "body"}
    return unquote(parts.path), query["subject"][0], query["body"][0]


def test_email_link_is_rfc_6068_and_reads_back_exactly():
    text = "Oi, Zélia! 😊\nR$\xa01.234,56 com vencimento em 05/10 & 05/11 = 100%?\nObrigada!"
    url = email_link("zelia+loja@exemplo.com.br", "Lembrete de pagamento — Zé & Cia",
                     text)
    assert url.startswith("mailto:zelia%2Bloja@exemplo.com.br?subject=")
    assert " " not in url and "\n" not in url and "+" not in url.split("?", 1)[1]
    assert "%0D%0A" in url  # line breaks in a body are CRLF (RFC 6068 §5)
    assert "%C3%A9" in url  # é as UTF-8
    address, subject, body = read_mailto(url)
    assert address == "zelia+loja@exemplo.com.br"
    assert subject == "Lembrete de pagamento — Zé & Cia"
    assert body == text.replace("\n", "\r\n")


def test_email_link_answers_at_the_path_issue_24_names():
    """Scripts following issue 24 call ``app.services.messages.email_link``: the very same
    function as the one in the collection room."""
    from app.services import messages
    from app.services.collection import messages as in_its_room

    assert messages.email_link is in_its_room.email_link is email_link


def test_subject_stays_on_one_line():
    _, subject, _ = read_mailto(email_link("a@b.com", "Lembrete\nde  pagamento", "x"))
    assert subject == "Lembrete de pagamento"


def _owing(name: str, dues: list[date], cents: int, **fields) -> int:
    """A customer owing ``cents`` on each date (one sale a date: dates may repeat)."""
    cid = save_customer(CustomerInput(name, **fields), date(2026, 8, 1),
                        accept_shared_phone=True)
    for due in dues:
        plan = PlanInput(1, due, "custom", custom_dates=(due,))
        create_sale(cid, date(2026, 8, 1), [ItemInput("Vestido", 1, cents)], date(2026, 8, 1),
                    plan=plan)
    return cid


@pytest.fixture
def store(db):
    return save_settings(load_settings(), store_name="Natália Modas", store_name_confirmed=1,
                         pix_key="natalia@example.com", city="Campinas")


def _entry(cid: int, day: date = TODAY, settings=None):
    entries = todays_worklist(day, settings or load_settings()).entries
    return next(e for e in entries if e.customer_id == cid)


def test_a_reminder_to_who_prefers_email_opens_a_correct_mailto_link(store):
    cid = _owing("Cida Aparecida Souza", [date(2026, 11, 16), date(2026, 11, 20)], 7_550,
                 phone="(11) 98765-4321", email="Cida.Souza@Gmail.com", channel="email")
    entry = _entry(cid)
    assert entry.channel == "email" and entry.email == "cida.souza@gmail.com"
    address, subject, body = read_mailto(entry.email_url)
    assert address == "cida.souza@gmail.com"
    assert subject == "Lembrete de pagamento — Natália Modas"
    assert body == entry.message.replace("\n", "\r\n")
    assert "R$\xa075,50 com vencimento em 16/11 e R$\xa075,50 com vencimento em 20/11" in body
    assert "R$\xa0151,00" in body  # the total of the Segundo aviso
    assert entry.pix_code and body.endswith(entry.pix_code)
    assert "5406151.00" in entry.pix_code  # the Pix asks exactly the total


def test_no_email_no_mailto_link_and_whatsapp_first_for_a_mobile(store):
    cid = _owing("Rita Lima", [date(2026, 11, 16)], 5_000, phone="(11) 91234-5678")
    entry = _entry(cid)
    assert entry.email_url is None and entry.channel == "whatsapp"
    landline = _entry(_owing("Lu Fixo", [date(2026, 11, 16)], 5_000, phone="(11) 3333-4444"))
    assert landline.channel == "phone"
    nobody = _entry(_owing("Sem Nada", [date(2026, 11, 16)], 5_000))
    assert nobody.channel == "" and nobody.email_url is None


def test_the_subject_is_edited_per_stage(store):
    stages = [replace(s, subject="{nome}, seu carnê da {loja}") if s.offset == 7 else s
              for s in DEFAULT_STAGES]
    save_stages(stages)
    cid = _owing("Cida Souza", [date(2026, 11, 16)], 5_000, email="cida@gmail.com")
    _, subject, _ = read_mailto(_entry(cid).email_url)
    assert subject == "Cida, seu carnê da Natália Modas"
    assert DEFAULT_SUBJECT == "Lembrete de pagamento — {loja}"


LONG_STORE = "Ateliê Maria Bonita Modas e Acessórios 2"  # 40 characters


def _at_stage(stage, count: int) -> list[date]:
    """``count`` due dates whose oldest stands at ``stage`` today (a weekend due date's grace
    runs to the next business day, so the plain "today − offset" may be a stage short)."""
    from app.services.receivables.lateness import days_from_due

    after = min((s.offset for s in DEFAULT_STAGES if s.offset > stage.offset), default=999)
    oldest = next(TODAY - timedelta(days=d) for d in range(stage.offset, stage.offset + 10)
                  if stage.offset <= days_from_due(TODAY - timedelta(days=d), TODAY) < after)
    return [oldest + timedelta(days=min(3 * n, max(stage.offset, 0))) for n in range(count)]


@pytest.mark.parametrize("stage", DEFAULT_STAGES, ids=lambda s: s.name)
@pytest.mark.parametrize("count, cents", [(1, 7_500), (3, 41_237), (1, 9_600_000),
                                          (3, 3_200_000)])
@pytest.mark.parametrize("store_name", ["Natália Modas", LONG_STORE])
def test_the_sms_of_every_default_stage_fits_160_characters(store, stage, count, cents,
                                                            store_name):
    """One installment, and three, up to R$ 99.999,99 with multa and juros on, for a
    customer with a long first name, for the store's name as typed and for one of 40
    characters: the SMS still fits 160 characters; a typical one (R$ 75,00, three making
    R$ 1.237,11) keeps the Pix line; the store's name ends it, short when it is long; a
    longer text gives up the Pix line (the payment words still say Pix)."""
    settings = save_settings(store, late_fee_bp=200, late_interest_bp=100,
                             store_name=store_name)
    cid = _owing("Conceição Aparecida Brandão", _at_stage(stage, count), cents,
                 phone="(11) 98765-4321", channel="sms")
    entry = _entry(cid, settings=settings)
    assert entry.stage.offset == stage.offset and entry.channel == "sms"
    assert len(entry.items) == count
    sms = entry.sms_text
    assert len(sms) <= SMS_MAX, sms
    assert entry.pix_code and entry.pix_code not in sms
    assert "\xa0" not in sms  # a plain space in the amounts: GSM-7 has it
    assert sms.endswith("Natália Modas" if store_name == "Natália Modas"
                        else "\nAteliê Maria Bonita")
    if cents < 100_000 and store_name == "Natália Modas":
        assert PIX_ON_REQUEST in sms  # else it may give way to the amounts
    assert "Conceição" in sms and "R$" in sms


@pytest.mark.parametrize("stage", DEFAULT_STAGES, ids=lambda s: s.name)
@pytest.mark.parametrize("count, cents", [(1, 7_500), (3, 41_237)])
def test_every_default_sms_goes_as_one_sms_for_a_name_without_accents(store, stage, count,
                                                                      cents):
    """Counted as a phone counts (GSM 03.38): the default texts are in the 7-bit alphabet,
    so with a name and a store without ã, ç… the SMS is one part, not two or three."""
    settings = save_settings(store, late_fee_bp=200, late_interest_bp=100,
                             store_name="Bella Moda")
    cid = _owing("Rita de Cassia Lima", _at_stage(stage, count), cents,
                 phone="(11) 98765-4321", channel="sms")
    sms = _entry(cid, settings=settings).sms_text
    assert is_gsm7(sms), outside_gsm7(sms)
    assert sms_parts(sms) == 1, sms
    assert PIX_ON_REQUEST in sms and sms.endswith("\nBella Moda")


def test_an_accented_name_makes_the_sms_go_in_parts_and_it_is_counted(store):
    """Her name with ç and ã: the phone sends the whole text as UCS-2 (70 a part); the count
    says so instead of claiming one SMS."""
    cid = _owing("Conceição Brandão", [date(2026, 11, 16)], 7_500, phone="(11) 98765-4321")
    sms = _entry(cid).sms_text
    assert outside_gsm7(sms) == ["ç", "ã", "á"]  # Conceição, Natália
    assert 140 > len(sms) > 70 and sms_parts(sms) == 2


def test_sms_without_pix_drops_the_pix_line(db):
    context = MessageContext("Ana Souza", ((TODAY, 7_500),), TODAY, "Loja", pix_code="")
    sms = render_sms(DEFAULT_STAGES[1].sms, context)
    assert PIX_ON_REQUEST not in sms and "\n\n" not in sms
    assert sms == "Oi, Ana! Lembrando: R$ 75,00 com vencimento hoje. Pix, dinheiro ou " \
                  "maquininha.\nLoja"


def test_a_long_store_name_is_said_short_in_the_sms_at_a_word():
    context = MessageContext("Ana", ((TODAY, 7_500),), TODAY, "Casa da Moda de Campinas Ltda",
                             pix_code="x", signature="Casa da Moda · CNPJ 12.345.678/0001-90")
    sms = render_sms(DEFAULT_STAGES[1].sms, context)
    assert sms.endswith(f"{PIX_ON_REQUEST}\nCasa da Moda") and "CNPJ" not in sms


def test_resumo_says_several_installments_in_few_words_and_the_right_tense():
    def resumo(*items):
        return MessageContext("Ana", items, TODAY, "Loja").value("resumo")

    assert resumo((date(2026, 12, 5), 7_500)) == "R$\xa075,00 com vencimento em 05/12"
    assert resumo((TODAY, 5_000), (TODAY, 5_000)) == (
        "2 parcelas que vencem hoje, total R$\xa0100,00")
    assert resumo((date(2026, 10, 5), 5_000), (date(2026, 10, 5), 2_500)) == (
        "2 parcelas que venceram em 05/10, total R$\xa075,00")
    assert resumo((date(2025, 12, 5), 5_000), (date(2026, 1, 5), 5_000)) == (
        "2 parcelas, de 05/12/2025 a 05/01, total R$\xa0100,00")


def test_several_installments_in_an_sms_keep_their_dates(store):
    cid = _owing("Bia Lima", [date(2026, 11, 26), date(2026, 11, 28)], 5_000,
                 phone="(11) 98765-4321")
    sms = _entry(cid).sms_text
    assert "2 parcelas, de 26/11 a 28/11, total R$ 100,00" in sms


def test_the_contact_log_records_the_channel_actually_used(store):
    from app.services.collection.contacts import list_contacts

    cid = _owing("Cida Souza", [date(2026, 11, 16)], 5_000, phone="(11) 98765-4321",
                 email="cida@gmail.com", channel="email")
    entry = _entry(cid)
    log_entry_action(entry, "copy", TODAY, channel="sms", text=entry.sms_text)
    (contact,) = list_contacts(cid)
    assert (contact.action, contact.channel, contact.channel_label) == ("copy", "sms", "SMS")
    assert contact.text == entry.sms_text
    other = _entry(_owing("Eva Melo", [date(2026, 11, 16)], 5_000, email="eva@gmail.com"))
    log_entry_action(other, "email", TODAY)
    (opened,) = list_contacts(other.customer_id)
    assert (opened.action_label, opened.channel_label) == ("E-mail aberto", "E-mail")


def test_birthday_entries_offer_her_channel_and_an_email_link(store):
    cid = save_customer(CustomerInput("Dona Cida Souza", birthday="25/11/1960",
                                      email="cida@gmail.com", channel="email"), TODAY)
    (entry,) = upcoming_birthdays(TODAY, load_settings())
    assert entry.channel == "email"
    address, subject, body = read_mailto(entry.email_url)
    assert (address, subject) == ("cida@gmail.com", "Feliz aniversário, Cida!")
    assert body.startswith("Feliz aniversário, Cida!")
    # by SMS the default birthday SMS, in the GSM-7 alphabet: one part
    assert entry.sms_text == ("Parabéns, Cida! Que seu dia seja lindo, cheio de alegria.\n"
                              "Um beijo, Natália Modas")
    assert sms_parts(entry.sms_text.replace("Natália", "Natalia")) == 1
    log_birthday(entry, "email", TODAY)
    (sent,) = upcoming_birthdays(TODAY, load_settings())
    assert sent.sent
    from app.services.collection.contacts import list_contacts

    assert list_contacts(cid)[0].channel == "email"


@pytest.mark.parametrize("store_name, cents", [("Natália Modas", 61_728),
                                               (LONG_STORE, 61_728), (LONG_STORE, 4_700_000)])
def test_a_broken_agreement_gets_its_own_sms_that_still_fits(store, store_name, cents):
    from app.services.negotiation.agreements import close_agreement, propose_options

    settings = save_settings(store, late_fee_bp=200, late_interest_bp=100,
                             store_name=store_name)
    cid = _owing("Conceição Aparecida Brandão", [date(2026, 10, 14), date(2026, 11, 13)],
                 cents, phone="(11) 98765-4321", channel="sms")
    close_agreement(cid, propose_options(cid, TODAY)[1], TODAY)
    later = date(2026, 12, 30)  # its first installment is late
    entry = _entry(cid, later, settings)
    assert entry.broken_agreement
    assert entry.sms_text.startswith("Oi, Conceição. Do nosso acordo, ficou R$ ")
    assert (PIX_ON_REQUEST in entry.sms_text) == (store_name == "Natália Modas")
    assert len(entry.sms_text) <= SMS_MAX, entry.sms_text


def test_the_birthday_sms_fits_for_any_store_and_says_her_own_text_when_she_wrote_one(store):
    save_customer(CustomerInput("Conceição Aparecida Brandão", birthday="24/11/1970",
                                phone="(11) 98765-4321", channel="sms"), TODAY)
    settings = save_settings(store, store_name=LONG_STORE, sign_messages=1,
                             store_document="11222333000181")
    (entry,) = upcoming_birthdays(TODAY, settings)
    assert entry.sms_text == ("Parabéns, Conceição! Que seu dia seja lindo, cheio de alegria.\n"
                              "Um beijo, Ateliê Maria Bonita")
    assert "CNPJ" in entry.message and len(entry.sms_text) <= SMS_MAX
    mine = save_settings(settings, birthday_template="Feliz aniversário, {nome}! 🎂\n{loja}")
    (entry,) = upcoming_birthdays(TODAY, mine)
    assert entry.sms_text == "Feliz aniversário, Conceição! 🎂\nAteliê Maria Bonita"
