"""Brazilian everyday data checked against other projects' test vectors: CPF, phones, amounts
in words (receipts), R$ formatting and dd/mm/aaaa dates. Each vector names its source."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.br.documents import format_cpf, is_valid_cnpj, is_valid_cpf, normalize_cpf
from app.services.br.holidays import holiday_name
from app.services.br.phones import format_phone, is_mobile, normalize_phone
from app.services.br.pix import PixError, normalize_pix_key
from app.services.core.dates import add_months, format_date, parse_date
from app.services.core.money import format_brl, parse_brl
from app.services.reports.words import amount_in_words

# --- CPF ---------------------------------------------------------------------------------------

# brazilian-utils/brutils-python tests/test_cpf.py (test_validate, test_is_valid)
VALID_CPF = ["52513127765", "52599927765", "11144477735", "11111111200", "111.444.777-35"]
INVALID_CPF = ["00000000000", "11111111111", "11111111215", "11144477705", "11111111204",
               "11144477732", "1", "1112223334-"]
# alvarofpp/validate-docbr tests/test_cpf.py (test_special_case): all-equal digits, masked,
# letters, and a CNPJ are not CPFs
INVALID_CPF += [f"{d * 3}.{d * 3}.{d * 3}-{d * 2}" for d in "0123456789"]
INVALID_CPF += ["AAA.AAA.AAA+AA", "04255791000144"]


@pytest.mark.parametrize("cpf", VALID_CPF)
def test_valid_cpfs(cpf):
    assert is_valid_cpf(cpf)
    assert normalize_cpf(cpf) == "".join(c for c in cpf if c.isdigit())


@pytest.mark.parametrize("cpf", INVALID_CPF)
def test_invalid_cpfs(cpf):
    assert not is_valid_cpf(cpf)
    with pytest.raises(ValueError):
        normalize_cpf(cpf)


def test_cpf_mask():
    # alvarofpp/validate-docbr tests/test_cpf.py test_mask; brutils test_display
    assert format_cpf("11122233344") == "111.222.333-44"
    assert format_cpf("00000000011") == "000.000.000-11"


# brazilian-utils/brutils-python tests/test_cnpj.py (test_validate, test_is_valid): a CNPJ is
# also a Pix key, stored as its 14 digits
VALID_CNPJ = ["34665388000161", "01838723000127", "34.665.388/0001-61"]
INVALID_CNPJ = ["52599927000100", "00000000000", "11111111111111", "1111111111315",
                "1111111111115", "11111111121205", "11111111113105", "1112223334445-"]


# Receita Federal, CNPJ alfanumérico (IN RFB 2.229/2024, issued from July 2026): its
# published example 12.ABC.345/01DE-35 (letters count as ASCII − 48); brutils-python
# tests/test_cnpj.py test_is_valid_cnpj_new_format: letters in the check digits, wrong
# lengths and symbols are refused
VALID_CNPJ += ["12.ABC.345/01DE-35", "12ABC34501DE35"]
INVALID_CNPJ += ["12.ABC.345/01DE-36", "A1B2C3D4E5F6GZ", "A1B2C3D4E5F6G", "A1B2C3D4E5F6G789",
                 "A1B2C3D4E5F6G!", "A1B2C3D4E5F6G7A"]


@pytest.mark.parametrize("cnpj", VALID_CNPJ)
def test_valid_cnpjs_are_pix_keys(cnpj):
    assert is_valid_cnpj(cnpj)
    assert normalize_pix_key(cnpj) == "".join(c for c in cnpj if c.isalnum()).upper()


def test_an_alphanumeric_cnpj_is_a_pix_key_and_the_stores_document():
    from app.services.configuration.settings import Settings
    from app.services.configuration.validation import validate_settings

    assert normalize_pix_key("12.abc.345/01de-35") == "12ABC34501DE35"
    with pytest.raises(PixError, match="CNPJ inválido"):
        normalize_pix_key("12.ABC.345/01DE-36")
    validate_settings(Settings(store_document="12.ABC.345/01DE-35"))  # accepted


@pytest.mark.parametrize("cnpj", INVALID_CNPJ)
def test_invalid_cnpjs(cnpj):
    assert not is_valid_cnpj(cnpj)


# --- phones ------------------------------------------------------------------------------------

# brazilian-utils/brutils-python tests/test_phone.py: landlines (third digit 2–5) and mobiles
# (third digit 9), with and without symbols (test_remove_symbols_phone)
LANDLINES = [("1928814933", "+551928814933"), ("1938814933", "+551938814933"),
             ("1948814933", "+551948814933"), ("1958814933", "+551958814933"),
             ("3333333333", "+553333333333"), ("(21)2569-6969", "+552125696969")]
MOBILES = [("11994029275", "+5511994029275"), ("99999999999", "+5599999999999"),
           ("(21)99402-9275", "+5521994029275"), ("+55 21 99402-9275", "+5521994029275"),
           ("55 21  99402 9275", "+5521994029275"), ("+55 (21) 99402-9275", "+5521994029275")]
# same file, numbers brutils refuses: DDD 10 and 90 do not exist, an 11-digit number must be a
# mobile (third digit 9), too short; and "0938814933": a trunk 0 is followed by a DDD, and
# 09 + 3881-4933 is no number (we used to take it as (11) 93881-4933: someone else's phone)
NOT_PHONES = ["1038814933", "90994029275", "11594029275", "193881", "0938814933"]


@pytest.mark.parametrize(("typed", "e164"), LANDLINES)
def test_landlines_are_kept_without_whatsapp(typed, e164):
    assert normalize_phone(typed) == e164
    assert not is_mobile(e164)


@pytest.mark.parametrize(("typed", "e164"), MOBILES)
def test_mobiles_have_whatsapp(typed, e164):
    assert normalize_phone(typed) == e164
    assert is_mobile(e164)
    assert format_phone(e164) == f"({e164[3:5]}) {e164[5:10]}-{e164[10:]}"


@pytest.mark.parametrize("typed", NOT_PHONES)
def test_not_phones_are_refused(typed):
    with pytest.raises(ValueError):
        normalize_phone(typed)


def test_ninth_digit_and_default_ddd():
    # Anatel: mobiles gained a leading 9 (2012–2016); brutils calls "1998814933" an invalid
    # landline, we read it as an old 8-digit mobile of DDD 19 (DESIGN: typed as people do)
    assert normalize_phone("1998814933") == "+5519998814933"
    assert normalize_phone("3881-4933", default_ddd="19") == "+551938814933"
    assert normalize_phone("98765-4321", default_ddd="21") == "+5521987654321"


# --- amount in words (receipts) ---------------------------------------------------------------

WORDS = [
    # savoirfairelinux/num2words tests/test_pt_BR.py test_currency_integer (reais)
    (100, "um real"), (200, "dois reais"), (2_100, "vinte e um reais"),
    (10_000, "cem reais"), (10_100, "cento e um reais"), (71_300, "setecentos e treze reais"),
    (100_000, "mil reais"), (100_100, "mil e um reais"), (111_100, "mil, cento e onze reais"),
    (211_400, "dois mil, cento e catorze reais"),
    (7_342_100, "setenta e três mil, quatrocentos e vinte e um reais"),
    (10_000_000, "cem mil reais"), (25_005_000, "duzentos e cinquenta mil e cinquenta reais"),
    (600_000_000, "seis milhões de reais"),
    # same file, test_currency_float (reais and centavos)
    (101, "um real e um centavo"), (103, "um real e três centavos"),
    (135, "um real e trinta e cinco centavos"), (314, "três reais e catorze centavos"),
    (10_122, "cento e um reais e vinte e dois centavos"),
    (234_575, "dois mil, trezentos e quarenta e cinco reais e setenta e cinco centavos"),
    # brazilian-utils/brutils-python tests/test_currency.py test_convert_real_to_text
    (0, "zero reais"), (1, "um centavo"), (50, "cinquenta centavos"),
    (152_345, "mil, quinhentos e vinte e três reais e quarenta e cinco centavos"),
    (100_000_000, "um milhão de reais"), (200_000_000, "dois milhões de reais"),
    (100_000_000_000, "um bilhão de reais"), (200_000_000_000, "dois bilhões de reais"),
    (100_000_045, "um milhão de reais e quarenta e cinco centavos"),
    (200_000_000_099, "dois bilhões de reais e noventa e nove centavos"),
    (100_000_000_001, "um bilhão de reais e um centavo"),
    (123_456_789_050, "um bilhão, duzentos e trinta e quatro milhões, quinhentos e sessenta "
                      "e sete mil, oitocentos e noventa reais e cinquenta centavos"),
    # the brief's receipt: R$ 1.001,01
    (100_101, "mil e um reais e um centavo"),
]


@pytest.mark.parametrize(("cents", "words"), WORDS)
def test_amount_in_words(cents, words):
    assert amount_in_words(cents) == words


# --- R$ and dates ------------------------------------------------------------------------------

BRL = [
    # brazilian-utils/brutils-python tests/test_currency.py test_format_currency
    (12_323_670, "R$\xa0123.236,70"), (0, "R$\xa00,00"),
    # Unicode CLDR pt-BR currency pattern "¤ #,##0.00", minus sign before the symbol (Babel
    # format_currency(-5, "BRL", locale="pt_BR") → "-R$ 5,00"); brutils writes "R$ -123.236,70"
    (-12_323_670, "-R$\xa0123.236,70"), (-500, "-R$\xa05,00"),
    # DESIGN.md
    (123_456, "R$\xa01.234,56"), (100_101, "R$\xa01.001,01"), (1, "R$\xa00,01"),
    (99_999_999_999, "R$\xa0999.999.999,99"),
]


@pytest.mark.parametrize(("cents", "text"), BRL)
def test_brl_format_and_back(cents, text):
    assert format_brl(cents) == text
    assert parse_brl(text) == cents


@pytest.mark.parametrize(("typed", "cents"), [
    # DESIGN.md: what people type
    ("1.234,56", 123_456), ("1234,56", 123_456), ("R$ 10", 1_000), ("10,5", 1_050),
    ("1234.56", 123_456), ("R$\u00a01.234,56", 123_456)])
def test_brl_typed_as_people_do(typed, cents):
    assert parse_brl(typed) == cents


def test_dates_dd_mm_aaaa_and_month_ends():
    # DESIGN.md "05/03/2026"; Gregorian calendar: 2028 is a leap year, 2027 and 2100 are not
    assert format_date(date(2026, 3, 5)) == "05/03/2026"
    assert parse_date("05/03/2026") == date(2026, 3, 5)
    assert parse_date("29/02/2028") == date(2028, 2, 29)
    for impossible in ("29/02/2027", "31/04/2027", "29/02/2100", "32/01/2027"):
        with pytest.raises(ValueError, match="não existe no calendário"):
            parse_date(impossible)
    # DESIGN.md: day 31 in a short month → the month's last day
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2028, 1, 31), 3) == date(2028, 4, 30)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2027, 12, 31), 2, day=31) == date(2028, 2, 29)


# --- national holidays (no reminder is suggested on them) ---------------------------------------

# vacanza/holidays tests/countries/test_brazil.py: test_good_friday (public), test_carnaval
# and test_corpus_christi (optional: "ponto facultativo", which we also treat as a holiday),
# test_black_awareness_day (national from 2024)
HOLIDAYS = [
    *("2018-03-30", "2019-04-19", "2020-04-10", "2021-04-02", "2022-04-15", "2023-04-07",
      "2024-03-29"),
    *("2018-02-12", "2018-02-13", "2019-03-04", "2019-03-05", "2020-02-24", "2020-02-25",
      "2021-02-15", "2021-02-16", "2022-02-28", "2022-03-01", "2023-02-20", "2023-02-21",
      "2024-02-12", "2024-02-13"),
    *("2018-05-31", "2019-06-20", "2020-06-11", "2021-06-03", "2022-06-16", "2023-06-08",
      "2024-05-30"),
    "2024-11-20", "2027-11-20", "2028-02-29",  # 29/02/2028 is Carnaval's Tuesday
]


@pytest.mark.parametrize("day", HOLIDAYS)
def test_holidays_published_by_python_holidays(day):
    assert holiday_name(date.fromisoformat(day)) is not None


def test_consciencia_negra_is_national_only_from_2024():
    assert holiday_name(date(2023, 11, 20)) is None
