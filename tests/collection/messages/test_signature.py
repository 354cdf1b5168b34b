"""CDC art. 42-A: with the option on, every message ends with the store's name and CPF/CNPJ
(and address when filled), as printed documents do."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.br.pix import parse_payload
from app.services.collection.messages import (
    MessageContext,
    message_signature,
    render_message,
    sign_message,
)
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.negotiation.agreements import list_agreements, propose_options
from app.services.people.birthdays import upcoming_birthdays
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import receipt_text, record_payment
from app.services.receivables.sale_summary import sale_summary_text
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

CNPJ = "12.345.678/0001-95"
SIGNED = "Modas da Ana · CNPJ 12.345.678/0001-95 · Rua das Flores, 120, Centro"


@pytest.fixture
def signed(db):
    return save_settings(load_settings(), store_name="Modas da Ana", store_document=CNPJ,
                         store_address="Rua das Flores, 120, Centro", sign_messages=1,
                         pix_key="ana@exemplo.com", pix_city="Campinas")


def _late_customer(today: date) -> int:
    cid = save_customer(CustomerInput("Rita Lima", phone="11987654321", birthday="25/11/1990"),
                        today)
    create_sale(cid, today - timedelta(days=40), [ItemInput("Vestido", 1, 15_000)], today,
                PlanInput(1, today - timedelta(days=8)))
    return cid


def test_the_option_needs_the_store_document(db):
    with pytest.raises(ValidationError) as refused:
        save_settings(load_settings(), sign_messages=1)
    assert "informe o CPF ou CNPJ" in refused.value.errors["store_document"]
    assert load_settings().sign_messages == 0
    assert message_signature(load_settings()) == ""


def test_a_reminder_ends_with_the_store_identity_and_keeps_the_pix_last(signed, today):
    _late_customer(today)
    (entry,) = todays_worklist(today, load_settings()).entries
    text, pix = entry.message.split("\n\nPix copia e cola:\n")
    assert text.endswith("\n" + SIGNED)
    assert text.count("Modas da Ana") == 1  # the {loja} line became the signature
    assert parse_payload(pix).name == "Modas da Ana"


def test_birthday_receipt_and_agreement_are_signed_too(signed, today):
    cid = _late_customer(today)
    (birthday,) = upcoming_birthdays(today, load_settings())
    assert birthday.message.endswith(SIGNED)
    paid = record_payment(cid, 5_000, today, "pix", today)
    assert receipt_text(paid.payment_id, "Modas da Ana", load_settings()).endswith(SIGNED)
    from app.services.negotiation.agreements import close_agreement

    close_agreement(cid, propose_options(cid, today)[0], today)
    assert list_agreements(today)[0].text.endswith(SIGNED)


def test_the_sale_summary_after_nova_venda_is_signed_too(signed, today):
    """"Copiar resumo para a cliente" after Nova venda: the store's name in its closing line
    gives way to the signature, named once."""
    cid = save_customer(CustomerInput("Rita Lima"), today)
    sale = create_sale(cid, today, [ItemInput("Vestido", 1, 15_000)], today,
                       PlanInput(2, today + timedelta(days=30))).sale_id
    text = sale_summary_text(sale, "Modas da Ana", load_settings())
    assert text.splitlines()[-2:] == ["Obrigada pela compra!", SIGNED]
    assert text.count("Modas da Ana") == 1
    unsigned = save_settings(load_settings(), sign_messages=0)
    assert sale_summary_text(sale, "Modas da Ana", unsigned).endswith(
        "\nObrigada pela compra! Modas da Ana")


def test_without_the_option_messages_are_as_she_wrote_them(db, today):
    save_settings(load_settings(), store_name="Modas da Ana", store_document=CNPJ)
    _late_customer(today)
    (entry,) = todays_worklist(today, load_settings()).entries
    assert "CNPJ" not in entry.message and entry.message.rstrip().endswith("Modas da Ana")


def test_a_template_without_the_store_name_gets_the_signature_as_its_own_line():
    context = MessageContext("Ana", (), date(2026, 11, 23), "Modas da Ana",
                             signature="Modas da Ana · CPF 529.982.247-25")
    assert render_message("Oi, {nome}! Obrigada.", context) == (
        "Oi, Ana! Obrigada.\nModas da Ana · CPF 529.982.247-25")
    assert render_message("Oi, {nome}!\nBeijos, {loja}", context) == (
        "Oi, Ana!\nBeijos, Modas da Ana\nModas da Ana · CPF 529.982.247-25")
    once = sign_message("Oi\nModas da Ana · CPF 529.982.247-25", context.signature)
    assert once.count("CPF") == 1


def _broken_agreement(cid: int, today: date) -> date:
    """Her debt renegotiated in 2x today; returns a day its first installment is late."""
    from app.services.negotiation.agreements import close_agreement

    close_agreement(cid, propose_options(cid, today)[1], today)
    return date(2026, 12, 30)


def test_a_broken_agreement_message_is_signed_before_its_pix(signed, today):
    later = _broken_agreement(_late_customer(today), today)
    (entry,) = todays_worklist(later, load_settings()).entries
    assert entry.broken_agreement and "Do nosso acordo" in entry.message
    text, pix = entry.message.split("\n\nPix copia e cola:\n")
    assert text.endswith("\n" + SIGNED)
    assert text.count("Modas da Ana") == 1  # the {loja} line became the signature
    assert parse_payload(pix).amount_cents == entry.total_cents


def test_sms_go_unsigned_and_fit_one_sms_with_the_option_on(signed, today):
    """The signature (70 characters here) does not fit 160: every SMS leaves it out, the
    WhatsApp and e-mail text carry it."""
    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = save_customer(CustomerInput("Conceição Aparecida Brandão", phone="11912345678",
                                      birthday="24/11/1980"), today)
    for due in (today - timedelta(days=9), today - timedelta(days=8)):
        create_sale(cid, today - timedelta(days=40), [ItemInput("Vestido", 1, 61_728)], today,
                    PlanInput(1, due))
    other = _late_customer(today)
    later = _broken_agreement(other, today)
    reminder = todays_worklist(today, load_settings()).entries
    broken = [e for e in todays_worklist(later, load_settings()).entries
              if e.customer_id == other]
    (birthday,) = [b for b in upcoming_birthdays(today, load_settings()) if b.customer_id == cid]
    for sms, message in [(e.sms_text, e.message) for e in (*reminder, *broken)] + [
            (birthday.sms_text, birthday.message)]:
        assert len(sms) <= 160, sms
        assert "CNPJ" not in sms and sms.rstrip().endswith("Modas da Ana")
        assert SIGNED in message
    assert len(broken) == 1 and broken[0].sms_text.startswith("Oi, Rita. Do nosso acordo")
