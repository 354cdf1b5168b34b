"""Messages: placeholders, rendering in pt-BR, tone check (CDC art. 42), wa.me links, Pix."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.br.phones import normalize_phone
from app.services.collection.messages import (
    PLACEHOLDERS,
    WHATSAPP_MAX_LINK,
    MessageContext,
    format_parcelas,
    openable_whatsapp_link,
    pix_code,
    render_message,
    template_fields,
    tone_warnings,
    validate_template,
    whatsapp_link,
)
from app.services.configuration.settings import Settings
from app.services.core.errors import ValidationError

TODAY = date(2026, 11, 23)
TWO = ((date(2026, 10, 5), 7_500), (date(2026, 11, 5), 7_500))


def context(items=TWO, pix="") -> MessageContext:
    return MessageContext("Ana Paula Souza", items, TODAY, "Modas da Ana", pix)


def test_whatsapp_link_is_exactly_percent_encoded_utf8():
    e164 = normalize_phone("(11) 98765-4321")
    text = "Olá, Ana!\nSão R$\xa075,00 & até 05/10 🙂"
    assert whatsapp_link(e164, text) == (
        "https://wa.me/5511987654321?text="
        "Ol%C3%A1%2C%20Ana%21%0AS%C3%A3o%20R%24%C2%A075%2C00%20%26%20at%C3%A9%2005%2F10%20"
        "%F0%9F%99%82"
    )


def test_a_link_over_two_thousand_characters_is_not_opened():
    short = openable_whatsapp_link("+5511987654321", "Oi")
    assert short == "https://wa.me/5511987654321?text=Oi"
    prefix = len("https://wa.me/5511987654321?text=")
    fits = "a" * (WHATSAPP_MAX_LINK - prefix)
    assert len(openable_whatsapp_link("+5511987654321", fits)) == WHATSAPP_MAX_LINK
    assert openable_whatsapp_link("+5511987654321", fits + "a") is None
    assert openable_whatsapp_link("+5511987654321", "ç" * 400) is None  # 6 characters each
    assert openable_whatsapp_link(None, "Oi") is None


def test_every_placeholder_renders():
    text = render_message(
        "{nome}|{valor}|{vencimento}|{dias_atraso}|{parcelas}|{total}|{loja}|{pix_copia_e_cola}",
        context(pix="000201PIX"))
    assert text == ("Ana|R$\xa075,00|05/10|49 dias|R$\xa075,00 com vencimento em 05/10 e "
                    "R$\xa075,00 "
                    "com vencimento em 05/11|R$\xa0150,00|Modas da Ana|000201PIX")
    assert set(context().values()) == set(PLACEHOLDERS)


def test_parcelas_tie_each_amount_to_its_own_date():
    assert format_parcelas(TWO[:1], TODAY) == "R$\xa075,00 com vencimento em 05/10"
    three = (*TWO, (date(2027, 1, 5), 1_234_56))
    assert format_parcelas(three, TODAY) == (
        "R$\xa075,00 com vencimento em 05/10, R$\xa075,00 com vencimento em 05/11 e "
        "R$\xa01.234,56 com "
        "vencimento em 05/01/2027")
    assert format_parcelas(((TODAY, 5_000),), TODAY) == "R$\xa050,00 com vencimento hoje"
    assert format_parcelas((), TODAY) == ""


def test_total_says_when_fees_are_included():
    with_fees = MessageContext("Ana", ((date(2026, 10, 5), 10_250),), TODAY, "Loja",
                               fee_cents=250)
    assert with_fees.value("total") == "R$\xa0102,50 com multa e juros"
    assert context().value("total") == "R$\xa0150,00"


def test_days_late_singular_and_before_the_due_date():
    one_day = context(((date(2026, 11, 19), 100),))  # Thursday; Friday 20/11 a holiday
    assert render_message("{dias_atraso}", one_day) == "4 dias"
    one_day = MessageContext("Ana", ((date(2026, 11, 23), 100),), date(2026, 11, 24), "Loja")
    assert render_message("{dias_atraso}", one_day) == "1 dia"
    sunday = context(((date(2026, 11, 22), 100),))  # due Sunday: she has until today, Monday
    assert render_message("{dias_atraso}", sunday) == "0 dias"
    upcoming = context(((date(2026, 11, 28), 100),))
    assert render_message("{dias_atraso} / {vencimento}", upcoming) == "0 dias / 28/11"


def test_line_with_only_an_empty_pix_code_is_dropped():
    template = "Oi, {nome}!\n\nValor: {total}\n{pix_copia_e_cola}\nObrigada, {loja}"
    assert render_message(template, context()) == (
        "Oi, Ana!\n\nValor: R$\xa0150,00\nObrigada, Modas da Ana")
    assert render_message(template, context(pix="000201X")) == (
        "Oi, Ana!\n\nValor: R$\xa0150,00\n000201X\nObrigada, Modas da Ana")


def test_literal_braces_survive():
    assert render_message("{{chave}} {nome}\n{{só texto}}", context()) == "{chave} Ana\n{só texto}"


def test_unknown_placeholder_is_refused_in_portuguese_naming_it():
    with pytest.raises(ValidationError) as err:
        validate_template("Oi {nome}, faltam {saldo}.", "gentle", "A mensagem")
    message = err.value.errors["gentle"]
    assert message.startswith("A mensagem usa o campo {saldo}, que não existe.")
    assert "{nome}" in message and "{pix_copia_e_cola}" in message


@pytest.mark.parametrize("bad, words", [
    ("Oi {nome", "chave"), ("Oi nome}", "chave"), ("{valor:>10}", "{valor}"),
    ("{nome!r}", "{nome}"), ("", "vazia"), ("   ", "vazia"), ("x" * 1_001, "longa"),
])
def test_broken_templates_are_refused(bad, words):
    with pytest.raises(ValidationError) as err:
        validate_template(bad)
    assert words in err.value.errors["template"]


def test_template_fields_in_order():
    assert template_fields("{nome} {total} {nome} {{x}}") == ["nome", "total", "nome"]


@pytest.mark.parametrize("word", ["SPC", "Serasa", "processo", "justiça", "Justica", "polícia",
                                  "vergonha", "última chance", "protesto", "caloteira",
                                  "nome sujo", "cartório"])
def test_threatening_words_warn(word):
    warnings = tone_warnings(f"Oi {{nome}}, se não pagar: {word}.")
    assert len(warnings) == 1
    assert "CDC art. 42" in warnings[0]
    assert warnings[0].startswith("Evite “")


def test_warning_shows_the_word_with_its_accents():
    (warning,) = tone_warnings("Ultima chance, {nome}.")
    assert warning.startswith("Evite “última chance”")


def test_shouting_warns_but_pix_does_not():
    (warning,) = tone_warnings("Oi {nome}, PAGUE HOJE")
    assert "MAIÚSCULAS (“PAGUE”)" in warning
    assert tone_warnings("Pague pelo PIX ou QR, OK? CPF não precisa.") == []
    assert tone_warnings("Oi!!! Cadê?") == [
        "Evite vários pontos de exclamação seguidos: soa como bronca."]


def test_kind_text_and_placeholder_names_do_not_warn():
    assert tone_warnings("Oi, {nome}! Tudo bem? Pode pagar por Pix ou dinheiro. 💛") == []
    assert tone_warnings("{dias_atraso} {pix_copia_e_cola}") == []
    assert tone_warnings("Reprocessar") == []  # whole words only


def test_several_problems_give_several_warnings():
    assert len(tone_warnings("VERGONHA! Vou mandar para o Serasa e a polícia")) == 4


SETTINGS = Settings(pix_key="ana@exemplo.com", pix_name="Ana", pix_city="Sao Paulo")


def test_pix_code_is_empty_when_not_configured():
    assert pix_code(Settings(), 7_500, "CAD1P1") == ""
    assert pix_code(SETTINGS, 0, "CAD1P1") == ""


def test_pix_code_carries_the_amount_and_a_bad_stored_key_only_drops_the_code():
    from app.services.br.pix import parse_payload
    from app.services.configuration.settings import Settings

    good = Settings(pix_key="ana@exemplo.com", pix_name="Ana Modas", pix_city="Santos")
    parsed = parse_payload(pix_code(good, 7_500, "CAD1X2"))
    assert (parsed.amount_cents, parsed.txid) == (7_500, "CAD1X2")
    broken = Settings(pix_key="123", pix_name="Ana Modas", pix_city="Santos")
    assert pix_code(broken, 7_500, "CAD1X2") == ""


def test_a_bug_in_the_pix_builder_is_not_hidden(monkeypatch):
    from app.services.br import pix

    monkeypatch.setattr(pix, "pix_copia_e_cola", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        pix_code(SETTINGS, 7_500, "CAD1X2")
