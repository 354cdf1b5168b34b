"""When an installment is late: the weekend and holiday grace, days late, prescription.

The one rule (DESIGN.md "Weekends and holidays" and "Prescription"; issue 19), used by fees,
standing, loyalty, the régua, Em atraso, agreements ("quebrado") and every screen. The SQL
twins live in ``core.sql`` (``days_late``, ``days_from_due``, ``LATE``, ``NOT_PRESCRIBED``)
and a test checks both agree on every day from 2000 to 2100.

- **Grace.** An installment due on a day that is not a business day (Saturday, Sunday or a
  national holiday, see ``holidays.is_business_day``) may be paid on the next business day
  without being late (Código Civil art. 132 § 1º: a term ending on a holiday runs to the next
  business day). Its *grace date* is the first business day on or after the due date; for a
  due date on a business day it is the due date itself.
- **Late.** An installment is late on a day after its grace date. *Days late* count from the
  grace date: due Saturday 21/11/2026 (grace Monday 23/11), paid Monday → on time, no multa
  and no juros; paid Tuesday 24/11 → 1 day late (multa, and 1 day of juros). On
  ``today`` the installments due on or before ``late_until(today)`` (the last business day
  before today) are late: one bound that an index can use.
- **For the régua**, the days from the due date are negative before it, 0 from the due date
  up to the grace date ("Vence hoje" still holds on Sunday for a Saturday due date), then
  the days late: "Esqueceu?" (D+1) comes the day after the grace date.
- **Prescription.** An installment still open five years after its grace date (Código Civil
  art. 206 § 5º I: five years to collect a debt written in a private document) is
  *prescrita* from the next day: it is never in a reminder, Cobranças de hoje, Em atraso,
  the amount asked of her or an agreement (the STJ holds a prescribed debt cannot be
  collected even out of court), never makes her late (standing, loyalty), and a payment
  goes to it only when she chooses it; it stays in her history and statement, marked
  "prescrita". ``prescribed_until(today)`` is the last due date that is prescrita on
  ``today``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from app.services.br.holidays import last_business_day_before, next_business_day
from app.services.core.dates import add_months

PRESCRIPTION_YEARS = 5


@lru_cache(maxsize=8192)
def grace_date(due: date) -> date:
    """The last day she can pay without being late: the first business day on or after
    ``due``."""
    return next_business_day(due)


def days_late(due: date, day: date) -> int:
    """Days late on ``day`` of an installment due on ``due`` (0 when on time)."""
    return max((day - grace_date(due)).days, 0)


def is_late(due: date, day: date) -> bool:
    """True when an installment due on ``due`` and unpaid is late on ``day``."""
    return day > grace_date(due)


def days_from_due(due: date, day: date) -> int:
    """Where ``day`` stands for the régua: negative before the due date, 0 from the due date
    to the grace date, then the days late."""
    if day <= due:
        return (day - due).days
    return days_late(due, day)


@lru_cache(maxsize=1024)
def late_until(today: date) -> date:
    """The last due date that is late on ``today``: the last business day before it."""
    return last_business_day_before(today)


@lru_cache(maxsize=1024)
def prescription_start(today: date) -> date:
    """Five years before ``today`` (29/02 → 28/02): a grace date before it is prescrita."""
    return add_months(today, -12 * PRESCRIPTION_YEARS)


def is_prescribed(due: date, today: date) -> bool:
    """True when an installment due on ``due`` is prescrita on ``today`` (if still open)."""
    return grace_date(due) < prescription_start(today)


@lru_cache(maxsize=1024)
def prescribed_until(today: date) -> date:
    """The last due date that is prescrita on ``today`` (its grace date is the last business
    day before ``prescription_start``)."""
    return last_business_day_before(prescription_start(today))


def sql_dates(today: date) -> dict[str, str]:
    """The named parameters of the ``core.sql`` lateness fragments for ``today``:
    ``:today``, ``:late_until`` and ``:prescribed_until`` as ISO dates."""
    return {"today": today.isoformat(), "late_until": late_until(today).isoformat(),
            "prescribed_until": prescribed_until(today).isoformat()}
