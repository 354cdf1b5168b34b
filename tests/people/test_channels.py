"""Her ways to be reached (issue 24): the e-mail rule, the preferred channel, what is offered
first, and the customer record that carries both."""

from __future__ import annotations

import pytest

from app.services.core.codes import Channel
from app.services.core.errors import ValidationError
from app.services.people.channels import (
    effective_channel,
    email_problem,
    email_suggestion,
    normalize_email,
    parse_channel,
)
from app.services.people.customers import CustomerInput, get_customer, list_customers, save_customer

MOBILE, LANDLINE = "+5511987654321", "+551133334444"


@pytest.mark.parametrize("typed, stored", [
    ("maria@gmail.com", "maria@gmail.com"),
    ("  Maria.Souza@Hotmail.COM ", "maria.souza@hotmail.com"),
    ("ana+loja@yahoo.com.br", "ana+loja@yahoo.com.br"),
    ("o'neil@exemplo.com", "o'neil@exemplo.com"),
    ("cida_2@sub.dominio-x.com.br", "cida_2@sub.dominio-x.com.br"),
    ("rosa@ação.com.br", "rosa@ação.com.br"),
    ("", ""),
])
def test_addresses_people_really_have_are_kept_in_lower_case(typed, stored):
    assert normalize_email(typed) == stored


@pytest.mark.parametrize("typed, says", [
    ("maria", "Falta o @"),
    ("maria gmail.com", "espaços"),
    ("maria@@gmail.com", "um @ só"),
    ("maria@gmail.com; ana@gmail.com", "espaços"),
    ("@gmail.com", "antes do @"),
    ("maria@", "depois do @"),
    ("maria@gmail", "final do e-mail"),
    ("maria@gmail.", "final do e-mail"),
    ("maria@gmail..com", "provedor"),
    ("maria@-gmail.com", "provedor"),
    ("maria@gmail.c", "final do e-mail"),
    (".maria@gmail.com", "antes do @"),
    ("ma..ria@gmail.com", "antes do @"),
    ("joão@gmail.com", "antes do @"),
    ("maria@gmail_x.com", "provedor"),
    ("maria(at)gmail.com", "Falta o @"),
])
def test_what_cannot_be_an_address_is_refused_with_a_sentence_saying_why(typed, says):
    with pytest.raises(ValueError, match=says):
        normalize_email(typed)
    assert says in email_problem(typed)


def test_a_provider_one_letter_off_is_suggested_never_refused():
    assert normalize_email("maria@gmail.con") == "maria@gmail.con"
    assert email_suggestion("maria@gmail.con") == "maria@gmail.com"
    assert email_suggestion("maria@hotmal.com") == "maria@hotmail.com"
    assert email_suggestion("maria@gmial.com") == "maria@gmail.com"  # two letters swapped
    assert email_suggestion("maria@gmail.com") is None
    assert email_suggestion("maria@minhaloja.com.br") is None
    assert email_suggestion("maria") is None


@pytest.mark.parametrize("word, channel", [
    ("WhatsApp", Channel.WHATSAPP), ("zap", Channel.WHATSAPP), ("Whats App", Channel.WHATSAPP),
    ("E-mail", Channel.EMAIL), ("email", Channel.EMAIL), ("SMS", Channel.SMS),
    ("torpedo", Channel.SMS), ("Ligação", Channel.PHONE), ("ligar", Channel.PHONE),
    ("phone", Channel.PHONE), ("", Channel.NONE), ("Automático", Channel.NONE),
])
def test_channel_words_a_person_or_a_spreadsheet_uses(word, channel):
    assert parse_channel(word) is channel


def test_an_unknown_channel_word_is_refused_in_portuguese():
    with pytest.raises(ValueError, match="Instagram.*WhatsApp, e-mail, SMS ou ligação"):
        parse_channel("Instagram")


def test_automatico_prefers_whatsapp_then_email_then_a_call():
    assert effective_channel("", MOBILE, "") is Channel.WHATSAPP
    assert effective_channel("", MOBILE, "ana@x.com") is Channel.WHATSAPP
    assert effective_channel("", LANDLINE, "ana@x.com") is Channel.EMAIL
    assert effective_channel("", LANDLINE, "") is Channel.PHONE
    assert effective_channel("", None, "") is Channel.NONE


def test_her_choice_comes_first_while_her_data_serves_it():
    assert effective_channel("email", MOBILE, "ana@x.com") is Channel.EMAIL
    assert effective_channel("sms", MOBILE, "") is Channel.SMS
    assert effective_channel("phone", MOBILE, "") is Channel.PHONE
    # her mobile became a landline: SMS cannot reach her, the automático one is offered
    assert effective_channel("sms", LANDLINE, "ana@x.com") is Channel.EMAIL
    assert effective_channel("email", MOBILE, "") is Channel.WHATSAPP
    assert effective_channel("in_person", MOBILE, "") is Channel.WHATSAPP  # not a choice


def test_customer_keeps_email_and_choice_and_says_which_channel_is_offered(db, today):
    cid = save_customer(CustomerInput("Cida Souza", phone="(11) 98765-4321",
                                      email=" Cida@Gmail.com ", channel="E-mail"), today)
    cida = get_customer(cid)
    assert (cida.email, cida.channel_choice, cida.channel) == ("cida@gmail.com", "email",
                                                               "email")
    assert cida.channel_text == "E-mail"
    rita = get_customer(save_customer(CustomerInput("Rita", phone="(11) 91234-5678"), today))
    assert (rita.channel_choice, rita.channel, rita.channel_text) == (
        "", "whatsapp", "Automático (WhatsApp)")


def test_a_choice_her_data_cannot_serve_is_refused_with_a_code_and_nothing_saved(db, today):
    cases = (
        (CustomerInput("Ana", phone="(11) 3333-4444", channel="sms"), "needs_mobile", "celular"),
        (CustomerInput("Ana", phone="(11) 98765-4321", channel="email"), "needs_email",
         "e-mail"),
        (CustomerInput("Ana", channel="Ligação"), "needs_phone", "telefone"),
    )
    for data, code, word in cases:
        with pytest.raises(ValidationError) as caught:
            save_customer(data, today)
        assert caught.value.code("channel") == code
        assert word in caught.value.errors["channel"]
    with pytest.raises(ValidationError) as caught:
        save_customer(CustomerInput("Ana", email="ana@", channel="email"), today)
    assert set(caught.value.errors) == {"email"}  # the address first, then the channel
    assert list_customers(today) == []


def test_the_customer_list_carries_the_email_for_the_search(db, today):
    save_customer(CustomerInput("Dona Cida", email="cidinha.modas@gmail.com"), today)
    (row,) = list_customers(today)
    assert row.email == "cidinha.modas@gmail.com"


def test_her_data_export_shows_email_and_channel_and_anonymising_erases_them(db, today,
                                                                            tmp_path):
    from datetime import datetime

    from openpyxl import load_workbook

    from app.services.people.privacy import anonymize_customer, export_customer_data

    cid = save_customer(CustomerInput("Cida Souza", phone="(11) 98765-4321",
                                      email="cida@gmail.com", channel="email"), today)
    export_customer_data(cid, tmp_path / "cida.xlsx", datetime(2026, 11, 23, 15))
    rows = dict(load_workbook(tmp_path / "cida.xlsx")["Dados"].iter_rows(values_only=True))
    assert (rows["E-mail"], rows["Canal preferido"]) == ("cida@gmail.com", "E-mail")
    anonymize_customer(cid, datetime(2026, 11, 23, 15))
    gone = get_customer(cid)
    assert (gone.email, gone.channel_choice, gone.channel) == ("", "", "")
