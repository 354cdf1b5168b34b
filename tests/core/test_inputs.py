"""Dates and inputs that cannot be right are refused in Portuguese; odd but right input is read."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.br.phones import normalize_phone
from app.services.br.pix import build_payload, parse_payload, pix_city, pix_name
from app.services.collection.cadence import DEFAULT_STAGES, save_stages
from app.services.collection.messages import tone_warnings, validate_template
from app.services.core.dates import parse_date
from app.services.core.errors import ValidationError
from app.services.core.text import fold
from app.services.people.customers import CustomerInput, list_customers, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)


def test_two_digit_years_birthday_in_the_past_due_date_in_the_future(db):
    cid = save_customer(CustomerInput("Ana", birthday="10/05/69"), TODAY)
    found = [c for c in list_customers(TODAY) if c.id == cid]
    assert found
    from app.models.people import Customer

    assert Customer.get_by_id(cid).birthday == date(1969, 5, 10)
    young = save_customer(CustomerInput("Bia", birthday="10/05/05"), TODAY)
    assert Customer.get_by_id(young).birthday == date(2005, 5, 10)
    # "45" used to be read as 2045 and refused as impossible
    older = save_customer(CustomerInput("Cida", birthday="01/02/45"), TODAY)
    assert Customer.get_by_id(older).birthday == date(1945, 2, 1)
    assert parse_date("10/05/27") == date(2027, 5, 10)
    assert parse_date("10/05/75") == date(2075, 5, 10)  # a due date is never 1975


def _sale(cid, plan):
    return create_sale(cid, date(2026, 11, 1), [ItemInput("Saia", 1, 9000)], TODAY, plan=plan)


def test_the_same_date_twice_in_datas_escolhidas_is_refused(db):
    cid = save_customer(CustomerInput("Dora"), TODAY)
    same = (date(2026, 12, 5), date(2026, 12, 5), date(2027, 1, 5))
    with pytest.raises(ValidationError) as info:
        _sale(cid, PlanInput(3, same[0], "custom", custom_dates=same))
    assert info.value.errors["plan"] == (
        "A data 05/12/2026 aparece duas vezes nas datas escolhidas. Cada parcela precisa de "
        "uma data diferente.")


@pytest.mark.parametrize("day", [0, 32, -1, 99])
def test_day_of_month_outside_1_to_31_is_refused_in_portuguese(db, day):
    cid = save_customer(CustomerInput("Eva"), TODAY)
    with pytest.raises(ValidationError) as info:
        _sale(cid, PlanInput(3, date(2026, 12, 5), "monthly", day_of_month=day))
    assert info.value.errors["plan"].startswith("O dia do vencimento deve ser de 1 a 31")


@pytest.mark.parametrize(("template", "words"), [
    ("Oi {", "há uma chave { ou } sem par"),
    ("Oi {nome!r}", "escreva só {nome}"),
    ("Oi {nome!}", "há uma chave { ou } sem par"),
    ("Oi {nome:>10}", "escreva só {nome}"),
])
def test_template_errors_are_portuguese_sentences(template, words):
    with pytest.raises(ValidationError) as info:
        validate_template(template)
    message = info.value.errors["template"]
    assert words in message
    for english in ("Single", "encountered", "format", "unmatched", "expected"):
        assert english not in message


def test_a_broken_regua_message_is_refused_in_portuguese(db):
    from dataclasses import replace

    with pytest.raises(ValidationError) as info:
        save_stages([replace(DEFAULT_STAGES[0], gentle="Oi {nome, tudo bem?")])
    assert "chave { ou } sem par" in info.value.errors["stage1_gentle"]


@pytest.mark.parametrize("typed", ["0800 123 4567", "0300 789 1234", "0500 555 0000",
                                   "(0800) 123-4567"])
def test_company_numbers_are_refused_as_her_phone(typed):
    with pytest.raises(ValueError, match="número de empresa"):
        normalize_phone(typed)


def test_ddd_00_is_refused_not_replaced_by_the_default():
    with pytest.raises(ValueError, match="DDD 00 não existe"):
        normalize_phone("(00) 98765-4321")


@pytest.mark.parametrize("typed", ["(11) ９８７６５-４３２１", "１１９８７６５４３２１",
                                   "+５５ 11 98765 4321"])
def test_unicode_digits_are_normalised(typed):
    assert normalize_phone(typed) == "+5511987654321"


def test_pix_name_and_city_are_transliterated_never_dropped():
    assert pix_name("Øyvind Łucja Straße") == "Oyvind Lucja Strasse"
    assert pix_city("Søborg Ærø") == "Soborg AEro"
    code = build_payload("+5511987654321", "Łucja Ø Modas", "São Paulo", amount_cents=100)
    payload = parse_payload(code)
    assert (payload.name, payload.city) == ("Lucja O Modas", "Sao Paulo")


@pytest.mark.parametrize(("typed", "stored"), [("d’arc", "D'Arc"), ("D‘ARC", "D'Arc"),
                                               ("dʼarc", "D'Arc"), ("bjorn", "Bjørn"),
                                               ("lukasz", "Łukasz")])
def test_search_folds_apostrophes_and_letters(db, typed, stored):
    save_customer(CustomerInput(f"Joana {stored}"), TODAY)
    matches = [c.name for c in list_customers(TODAY) if fold(typed) in c.search_key]
    assert matches == [f"Joana {stored}"]


@pytest.mark.parametrize("text", [
    "Se não pagar vou expor você.",
    "Todo mundo vai saber que você deve.",
    "Vou mandar no grupo da família.",
    "Vou denunciar você.",
    "Vou procurar a justiça.",
    "Vai virar cobrança judicial.",
])
def test_tone_check_warns_on_exposure_and_intimidation(text):
    assert tone_warnings(text), text
