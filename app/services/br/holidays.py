"""Brazilian national holidays (fixed and Easter-based), business days, and gentle "not a
good time" warnings."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

FIXED_HOLIDAYS: dict[tuple[int, int], str] = {
    (1, 1): "Confraternização Universal",
    (4, 21): "Tiradentes",
    (5, 1): "Dia do Trabalho",
    (9, 7): "Independência do Brasil",
    (10, 12): "Nossa Senhora Aparecida",
    (11, 2): "Finados",
    (11, 15): "Proclamação da República",
    (12, 25): "Natal",
}
CONSCIENCIA_NEGRA = "Dia Nacional de Zumbi e da Consciência Negra"
CONSCIENCIA_NEGRA_SINCE = 2024  # national holiday by Lei 14.759/2023

# Polite hours for messages: from 8h up to (not including) 20h.
FIRST_HOUR = 8
LAST_HOUR = 20


def easter(year: int) -> date:
    """Easter Sunday of ``year`` (Gregorian calendar; Meeus/Jones/Butcher algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday_shift) // 433
    month = (h + weekday_shift - 7 * m + 90) // 25
    day = (h + weekday_shift - 7 * m + 33 * month + 19) % 32
    return date(year, month, day)


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """Every national holiday of ``year`` → its name (Carnaval and Corpus Christi included,
    though legally "ponto facultativo": almost nobody wants a collection message on them)."""
    days = {date(year, m, d): name for (m, d), name in FIXED_HOLIDAYS.items()}
    if year >= CONSCIENCIA_NEGRA_SINCE:
        days[date(year, 11, 20)] = CONSCIENCIA_NEGRA
    sunday = easter(year)
    for delta, name in ((-48, "Carnaval"), (-47, "Carnaval"), (-2, "Sexta-feira Santa"),
                        (0, "Páscoa"), (60, "Corpus Christi")):
        days[sunday + timedelta(days=delta)] = name
    return dict(sorted(days.items()))


def holiday_name(day: date) -> str | None:
    """The holiday's name when ``day`` is a national holiday, else None."""
    return national_holidays(day.year).get(day)


def is_business_day(day: date) -> bool:
    """Monday to Friday and not a national holiday of ``national_holidays`` (Carnaval and
    Corpus Christi included: banks do not open, so a boleto or a transfer due then is paid on
    the next business day too). State and city holidays are not known to the app."""
    return day.weekday() < 5 and day not in national_holidays(day.year)


def next_business_day(day: date) -> date:
    """``day`` itself when it is a business day, else the first business day after it
    (Saturday 21/11/2026 → Monday 23/11/2026; Carnaval Saturday → Ash Wednesday)."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def last_business_day_before(day: date) -> date:
    """The last business day strictly before ``day`` (Monday → the Friday before, or the
    Thursday when that Friday was a holiday)."""
    day -= timedelta(days=1)
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def contact_warnings(today: date, now_hour: int | None = None) -> tuple[str, ...]:
    """Gentle warnings (never a block) when today or this hour is a bad time for reminders."""
    warnings = []
    name = holiday_name(today)
    if name:
        warnings.append(
            f"Hoje é feriado ({name}). Se puder, deixe as cobranças para o próximo dia útil."
        )
    elif today.weekday() == 6:
        warnings.append(
            "Hoje é domingo. Se puder, deixe as cobranças para amanhã: muita gente não gosta "
            "de receber cobrança no dia de descanso."
        )
    if now_hour is not None and not FIRST_HOUR <= now_hour < LAST_HOUR:
        warnings.append(
            f"Agora são {now_hour}h. O ideal é mandar mensagens entre {FIRST_HOUR}h e "
            f"{LAST_HOUR}h; você pode copiar agora e enviar mais tarde."
        )
    return tuple(warnings)
