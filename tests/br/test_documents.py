"""CPF and CNPJ: check digits, normalisation, display."""

from __future__ import annotations

import pytest

from app.services.br.documents import (
    format_cpf,
    is_valid_cnpj,
    is_valid_cpf,
    normalize_cpf,
    only_digits,
)


@pytest.mark.parametrize(
    "cpf", ["529.982.247-25", "52998224725", "111.444.777-35", "123.456.789-09", " 529 982 247 25 "]
)
def test_valid_cpf(cpf):
    assert is_valid_cpf(cpf)


@pytest.mark.parametrize("digit", "0123456789")
def test_all_equal_digits_refused(digit):
    assert not is_valid_cpf(digit * 11)


@pytest.mark.parametrize(
    "cpf",
    [
        "529.982.247-24",  # second check digit wrong
        "529.982.247-35",  # first check digit wrong
        "529.982.247-2",  # too short
        "529.982.247-250",  # too long
        "",
        None,
        "abc",
    ],
)
def test_invalid_cpf(cpf):
    assert not is_valid_cpf(cpf)


def test_every_wrong_last_digit_is_refused():
    for wrong in "012346789":
        assert not is_valid_cpf("5299822472" + wrong)


def test_normalize_cpf_keeps_eleven_digits():
    assert normalize_cpf("529.982.247-25") == "52998224725"
    assert normalize_cpf(" 529 982 247 25 ") == "52998224725"


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_cpf_is_none(typed):
    assert normalize_cpf(typed) is None


@pytest.mark.parametrize(("typed", "says"), [
    ("111.111.111-11", "CPF inválido"),
    ("529.982.247-24", "CPF inválido"),
    # letters and short CPFs now say what is wrong (they used to say only "CPF inválido")
    ("abc", "tem letras"),
    ("123.456.789-0a", "tem letras"),
    ("123", "precisa de 11 números, e você digitou 3"),
    ("123.456.789-0", "precisa de 11 números, e você digitou 10"),
])
def test_normalize_cpf_refuses_with_portuguese_message(typed, says):
    with pytest.raises(ValueError, match=says):
        normalize_cpf(typed)


def test_full_width_cpf_digits_are_read():
    assert normalize_cpf("１２３.４５６.７８９-０９") == "12345678909"


def test_format_cpf():
    assert format_cpf("52998224725") == "529.982.247-25"
    assert format_cpf("529.982.247-25") == "529.982.247-25"
    assert format_cpf("123") == "123"
    assert format_cpf(None) == ""


def test_format_and_normalize_round_trip():
    assert normalize_cpf(format_cpf("12345678909")) == "12345678909"


@pytest.mark.parametrize("cnpj", ["11.222.333/0001-81", "11222333000181", "00.000.000/0001-91"])
def test_valid_cnpj(cnpj):
    assert is_valid_cnpj(cnpj)


@pytest.mark.parametrize(
    "cnpj",
    ["11.222.333/0001-82", "11.222.333/0001-91", "11111111111111", "1122233300018", "", None],
)
def test_invalid_cnpj(cnpj):
    assert not is_valid_cnpj(cnpj)


def test_cpf_is_not_a_cnpj():
    assert not is_valid_cnpj("529.982.247-25")
    assert not is_valid_cpf("11.222.333/0001-81")


def test_only_digits():
    assert only_digits("529.982.247-25") == "52998224725"
    assert only_digits(None) == ""
