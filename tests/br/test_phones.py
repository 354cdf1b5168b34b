"""Phones typed in any Brazilian way are stored in E.164 and shown as (11) 98765-4321."""

from __future__ import annotations

import pytest

from app.services.br.phones import format_phone, is_mobile, normalize_phone, whatsapp_digits

ANA = "+5511987654321"


@pytest.mark.parametrize(
    "typed",
    [
        "(11) 98765-4321",
        "11987654321",
        "11 98765 4321",
        "+55 11 98765-4321",
        "+55 (11) 98765-4321",
        "5511987654321",
        "55 11 98765-4321",
        "011 98765-4321",  # trunk prefix
        "0 21 11 98765-4321",  # carrier code (Embratel) + DDD
        "021 11 98765 4321",
        "  (11) 98765-4321  ",
    ],
)
def test_normalize_phone_to_e164(typed):
    assert normalize_phone(typed) == ANA


def test_number_without_ddd_takes_the_default_ddd():
    assert normalize_phone("98765-4321") == "+5511987654321"
    assert normalize_phone("98765-4321", default_ddd="21") == "+5521987654321"
    assert normalize_phone("3333-4444", default_ddd="31") == "+553133334444"


def test_ddd_typed_wins_over_default_ddd():
    assert normalize_phone("(21) 98765-4321", default_ddd="11") == "+5521987654321"


def test_old_eight_digit_mobile_gains_the_nine():
    phone = normalize_phone("(21) 8765-4321")
    assert phone == "+5521987654321"
    assert is_mobile(phone)


def test_landline_is_valid_but_has_no_whatsapp():
    phone = normalize_phone("(11) 3333-4444")
    assert phone == "+551133334444"
    assert format_phone(phone) == "(11) 3333-4444"
    assert is_mobile(phone) is False


def test_mobile_has_whatsapp():
    assert is_mobile(normalize_phone("(11) 98765-4321")) is True
    assert is_mobile(None) is False
    assert is_mobile("") is False


@pytest.mark.parametrize("typed", ["(11) 9876A-4321", "onze nove oito", "tel 11987654321"])
def test_letters_refused_with_portuguese_message(typed):
    with pytest.raises(ValueError, match="letras") as info:
        normalize_phone(typed)
    assert "(11) 98765-4321" in str(info.value)


@pytest.mark.parametrize("typed", ["12345", "9876", "1", "(11) 1234-567", "+1 202 555 0100"])
def test_too_short_or_foreign_refused(typed):
    with pytest.raises(ValueError, match="Telefone inválido") as info:
        normalize_phone(typed)
    assert "DDD" in str(info.value)


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_phone_is_none(typed):
    assert normalize_phone(typed) is None


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+5511987654321", "(11) 98765-4321"),
        ("+552133334444", "(21) 3333-4444"),
        ("+5585912345678", "(85) 91234-5678"),
        (None, ""),
        ("", ""),
    ],
)
def test_format_phone(e164, shown):
    assert format_phone(e164) == shown


def test_format_then_normalize_round_trips():
    for e164 in ("+5511987654321", "+552133334444", "+5585912345678", "+5555987654321"):
        assert normalize_phone(format_phone(e164)) == e164


def test_whatsapp_digits_for_wa_me_link():
    assert whatsapp_digits("+5511987654321") == "5511987654321"
    assert whatsapp_digits(normalize_phone("(21) 8765-4321")) == "5521987654321"
