"""When an installment is late: the weekend and holiday grace, days late, prescription — the
rule in Python (``lateness``) on the days a reseller meets (its SQL twin is checked on every
day of the calendar in test_fee_sql_twin.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.br.holidays import is_business_day, last_business_day_before, next_business_day
from app.services.receivables import lateness

D = date


@pytest.mark.parametrize("due, grace", [
    (D(2026, 11, 23), D(2026, 11, 23)),  # a Monday: itself
    (D(2026, 11, 21), D(2026, 11, 23)),  # Saturday → Monday
    (D(2026, 11, 22), D(2026, 11, 23)),  # Sunday → Monday
    (D(2026, 11, 20), D(2026, 11, 23)),  # Consciência Negra, a Friday → Monday
    (D(2026, 10, 10), D(2026, 10, 13)),  # Saturday before Aparecida (Monday 12/10) → Tuesday
    (D(2026, 12, 25), D(2026, 12, 28)),  # Natal, a Friday → Monday
    (D(2027, 2, 6), D(2027, 2, 10)),  # Saturday before Carnaval → Ash Wednesday
    (D(2026, 4, 3), D(2026, 4, 6)),  # Sexta-feira Santa → Monday after Easter
    (D(2014, 4, 18), D(2014, 4, 22)),  # Good Friday, Easter, Tiradentes on Monday → Tuesday
    (D(2026, 6, 4), D(2026, 6, 5)),  # Corpus Christi, a Thursday → Friday
    (D(2026, 1, 1), D(2026, 1, 2)),  # Confraternização, a Thursday → Friday
    (D(2023, 11, 20), D(2023, 11, 20)),  # Consciência Negra was not national before 2024
])
def test_the_grace_date_is_the_first_business_day_on_or_after_the_due_date(due, grace):
    assert lateness.grace_date(due) == next_business_day(due) == grace
    assert is_business_day(grace)


def test_paid_on_the_next_business_day_is_on_time_and_the_day_after_is_one_day_late():
    saturday = D(2026, 11, 21)
    assert [lateness.days_late(saturday, saturday + timedelta(days=n)) for n in range(5)] == [
        0, 0, 0, 1, 2]
    assert not lateness.is_late(saturday, D(2026, 11, 23))
    assert lateness.is_late(saturday, D(2026, 11, 24))
    wednesday = D(2026, 11, 25)
    assert [lateness.days_late(wednesday, wednesday + timedelta(days=n)) for n in range(3)] == [
        0, 1, 2]


def test_the_regua_days_from_due_stand_still_through_the_grace():
    saturday = D(2026, 11, 21)
    days = [lateness.days_from_due(saturday, saturday + timedelta(days=n)) for n in range(-5, 5)]
    assert days == [-5, -4, -3, -2, -1, 0, 0, 0, 1, 2]  # Sunday and Monday: still "Vence hoje"


@pytest.mark.parametrize("today", [D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 22),
                                   D(2027, 2, 10), D(2026, 12, 28), D(2026, 10, 13)])
def test_late_until_is_exactly_the_due_dates_late_today(today):
    bound = lateness.late_until(today)
    assert bound == last_business_day_before(today) and is_business_day(bound)
    for n in range(0, 15):
        due = today - timedelta(days=n)
        assert (due <= bound) == lateness.is_late(due, today), due


def test_prescrita_five_years_after_the_grace_date():
    due = D(2021, 3, 10)  # a Wednesday
    assert not lateness.is_prescribed(due, D(2026, 3, 10))  # exactly five years: not yet
    assert lateness.is_prescribed(due, D(2026, 3, 11))
    saturday = D(2021, 11, 20)  # grace to Monday 22/11/2021
    assert not lateness.is_prescribed(saturday, D(2026, 11, 22))
    assert lateness.is_prescribed(saturday, D(2026, 11, 23))
    leap = D(2024, 2, 29)  # a Thursday; five years on, 28/02/2029 is the same day
    assert not lateness.is_prescribed(leap, D(2029, 2, 28))
    assert lateness.is_prescribed(leap, D(2029, 3, 1))


@pytest.mark.parametrize("today", [D(2026, 11, 23), D(2026, 11, 24), D(2029, 3, 1),
                                   D(2027, 2, 11)])
def test_prescribed_until_is_exactly_the_due_dates_prescritas_today(today):
    bound = lateness.prescribed_until(today)
    start = lateness.prescription_start(today)
    for n in range(-6, 6):
        due = start + timedelta(days=n)
        assert (due <= bound) == lateness.is_prescribed(due, today), due


def test_sql_dates_bind_the_three_bounds():
    assert lateness.sql_dates(D(2026, 11, 23)) == {
        "today": "2026-11-23", "late_until": "2026-11-19", "prescribed_until": "2021-11-22"}
