"""Money typed and shown by the reseller: parse_brl, format_brl, percent_of (integer centavos)."""

from __future__ import annotations

import pytest

from app.services.core.money import MAX_CENTS, format_brl, parse_brl, percent_of


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1.234,56", 123456),
        ("1234,56", 123456),
        ("R$ 10", 1000),
        ("10,5", 1050),
        ("1234.56", 123456),
        ("89.90", 8990),
        ("89.9", 8990),
        ("R$ 1.050,00", 105000),
        ("1.000", 100000),
        (" R$ 0,05 ", 5),
        ("r$10", 1000),
        ("R$\u00a010,00", 1000),
        ("0,01", 1),
        ("0", 0),
        ("1.234.567,89", 123456789),
        ("9.999.999.999,99", MAX_CENTS),
        ("-5,00", -500),
    ],
)
def test_parse_brl_accepts_what_people_type(typed, cents):
    assert parse_brl(typed) == cents
    assert isinstance(parse_brl(typed), int)


@pytest.mark.parametrize(
    "typed", ["abc", "", "   ", "R$", "1,2,3", "12.34.5", "1.2345", "12,345", "1.23.456,00", "5-"]
)
def test_parse_brl_refuses_nonsense_with_portuguese_message(typed):
    with pytest.raises(ValueError) as info:
        parse_brl(typed)
    message = str(info.value)
    assert "valor" in message.lower()
    assert "Traceback" not in message


def test_parse_brl_none_asks_for_a_value():
    with pytest.raises(ValueError, match="Informe um valor"):
        parse_brl(None)


@pytest.mark.parametrize("typed", ["10.000.000.000,00", "99999999999999", "9.999.999.999,991"])
def test_parse_brl_refuses_amounts_over_the_maximum(typed):
    with pytest.raises(ValueError) as info:
        parse_brl(typed)
    assert "grande demais" in str(info.value) or "não é um valor" in str(info.value)


def test_parse_brl_over_maximum_message_names_the_maximum():
    with pytest.raises(ValueError, match=r"máximo é R\$ 9\.999\.999\.999,99"):
        parse_brl("10.000.000.000,00")


@pytest.mark.parametrize(
    ("cents", "shown"),
    [
        (123456, "R$\xa01.234,56"),
        (5, "R$\xa00,05"),
        (0, "R$\xa00,00"),
        (100, "R$\xa01,00"),
        (99, "R$\xa00,99"),
        (100000, "R$\xa01.000,00"),
        (-500, "-R$\xa05,00"),
        (-123456, "-R$\xa01.234,56"),
        (123456789012, "R$\xa01.234.567.890,12"),
        (MAX_CENTS, "R$\xa09.999.999.999,99"),
    ],
)
def test_format_brl(cents, shown):
    assert format_brl(cents) == shown


def test_format_brl_without_symbol():
    assert format_brl(123456, symbol=False) == "1.234,56"
    assert format_brl(-5, symbol=False) == "-0,05"


def test_round_trip_parse_of_format_for_many_values():
    values = list(range(-1_000, 250_001, 7)) + [
        10**k - 1 for k in range(1, 13)
    ] + [10**k for k in range(0, 12)] + [MAX_CENTS]
    for cents in values:
        assert parse_brl(format_brl(cents)) == cents, cents
        assert parse_brl(format_brl(cents, symbol=False)) == cents, cents


@pytest.mark.parametrize(
    ("cents", "bp", "expected"),
    [
        (10000, 200, 200),  # 2% of R$ 100,00 = R$ 2,00
        (3333, 200, 67),  # 66,66 → 67
        (25, 200, 1),  # 0,5 centavo rounds half up
        (24, 200, 0),  # 0,48 centavo rounds down
        (75, 200, 2),  # 1,5 → 2
        (12345, 100, 123),  # 123,45 → 123
        (12350, 100, 124),  # 123,5 → 124
        (0, 200, 0),
        (10000, 0, 0),
        (10000, 10000, 10000),
    ],
)
def test_percent_of_rounds_half_up_to_whole_centavos(cents, bp, expected):
    result = percent_of(cents, bp)
    assert result == expected
    assert isinstance(result, int)
