"""Brazilian national holidays, Easter without network, and the "not a good time" warnings."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.br.holidays import contact_warnings, easter, holiday_name, national_holidays


@pytest.mark.parametrize("year, sunday", [
    (2000, date(2000, 4, 23)),
    (2019, date(2019, 4, 21)),
    (2024, date(2024, 3, 31)),
    (2025, date(2025, 4, 20)),
    (2026, date(2026, 4, 5)),
    (2027, date(2027, 3, 28)),
    (2038, date(2038, 4, 25)),
])
def test_easter(year, sunday):
    assert easter(year) == sunday
    assert sunday.weekday() == 6


@pytest.mark.parametrize("day, name", [
    (date(2026, 4, 3), "Sexta-feira Santa"),
    (date(2026, 2, 16), "Carnaval"),
    (date(2026, 2, 17), "Carnaval"),
    (date(2026, 6, 4), "Corpus Christi"),
    (date(2026, 11, 20), "Dia Nacional de Zumbi e da Consciência Negra"),
    (date(2026, 11, 15), "Proclamação da República"),
    (date(2026, 1, 1), "Confraternização Universal"),
    (date(2026, 4, 21), "Tiradentes"),
    (date(2026, 5, 1), "Dia do Trabalho"),
    (date(2026, 9, 7), "Independência do Brasil"),
    (date(2026, 10, 12), "Nossa Senhora Aparecida"),
    (date(2026, 11, 2), "Finados"),
    (date(2026, 12, 25), "Natal"),
    (date(2025, 3, 4), "Carnaval"),  # Easter 2025 on 20/04
    (date(2025, 4, 18), "Sexta-feira Santa"),
])
def test_holidays(day, name):
    assert holiday_name(day) == name


@pytest.mark.parametrize("day", [
    date(2026, 2, 18),  # Quarta-feira de Cinzas: works from midday
    date(2026, 4, 2),
    date(2026, 6, 5),
    date(2026, 11, 23),
    date(2023, 11, 20),  # Consciência Negra became national in 2024
])
def test_ordinary_days(day):
    assert holiday_name(day) is None


def test_the_2026_calendar_has_every_national_holiday():
    days = national_holidays(2026)
    assert len(days) == 14  # 8 fixed + Consciência Negra + Carnaval ×2, Sexta Santa, Páscoa, Corpus
    assert list(days) == sorted(days)


def test_a_plain_monday_morning_has_no_warning():
    assert contact_warnings(date(2026, 11, 23), now_hour=10) == ()
    assert contact_warnings(date(2026, 11, 23)) == ()


def test_sunday_warns_gently():
    (warning,) = contact_warnings(date(2026, 11, 22), now_hour=10)
    assert "domingo" in warning


def test_holiday_warns_with_its_name_once_even_on_a_sunday():
    (warning,) = contact_warnings(date(2026, 11, 15), now_hour=10)
    assert "feriado (Proclamação da República)" in warning
    (friday,) = contact_warnings(date(2026, 4, 3))
    assert "Sexta-feira Santa" in friday


@pytest.mark.parametrize("hour, warns", [(7, True), (8, False), (12, False), (19, False),
                                         (20, True), (23, True), (0, True)])
def test_polite_hours_are_8h_to_20h(hour, warns):
    warnings = contact_warnings(date(2026, 11, 23), now_hour=hour)
    assert bool(warnings) is warns
    if warns:
        assert warnings[0].startswith(f"Agora são {hour}h.")


def test_holiday_at_night_gives_both_warnings():
    warnings = contact_warnings(date(2026, 12, 25), now_hour=22)
    assert len(warnings) == 2
    assert "Natal" in warnings[0] and "22h" in warnings[1]
