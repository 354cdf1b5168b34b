"""SQL fragments that state a domain rule once, for every query that needs it.

- ``open_installment``: not fully paid and not replaced by an agreement.
- ``flag``: a boolean column (stored 0/1) compared the one way every query writes it.
- ``day_number``, ``days_between``: whole days between two ISO dates.
- ``grace_days``, ``days_late``, ``days_from_due``: the weekend/holiday grace and the days
  late it leaves, twins of ``receivables.lateness`` (whose docstring states the rule). The
  business days come from ``br.holidays``, written into the SQL as a constant (one digit per
  day from 2000 to 2100): no table to keep in step, and a test compares SQL and Python on
  every one of those days.
- ``LATE`` and ``NOT_PRESCRIBED``: the due-date bounds that make an installment late or
  prescrita on a day, bound as ``:late_until`` and ``:prescribed_until`` by
  ``lateness.sql_dates(today)`` (an index can use a plain bound, not an expression).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def open_installment(alias: str = "") -> str:
    """An installment is *open* when it is not fully paid and was not replaced by an agreement
    (renegotiated). ``alias`` prefixes the columns (``"i"`` → ``i.paid_cents``). The
    ``installment_open_due`` partial index is declared with this same condition."""
    p = f"{alias}." if alias else ""
    return f"{p}paid_cents < {p}amount_cents AND {p}{flag('renegotiated', False)}"


def flag(column: str, value: bool = True) -> str:
    """``archived = 0`` / ``renegotiated = 1``: a boolean column (stored as 0 or 1, never
    null) tested with ``=``, as the partial indexes are declared (``installment_due_amount``
    alone says ``renegotiated IS 0`` on purpose: see migration 8)."""
    return f"{column} = {1 if value else 0}"


OPEN = open_installment()


def day_number(expr: str) -> str:
    """The whole day number of an ISO date expression (``CAST(julianday(x) AS INTEGER)``;
    ``date.toordinal() + DAY_NUMBER_OFFSET`` in Python)."""
    return f"CAST(julianday({expr}) AS INTEGER)"


DAY_NUMBER_OFFSET = 1_721_424  # julianday('0001-01-01') is 1 721 424.5
CALENDAR = (date(2000, 1, 1), date(2100, 12, 31))  # every date the app accepts (dates.py)


def days_between(start: str, end: str) -> str:
    """``end − start`` in whole days (negative when ``end`` comes first)."""
    return f"({day_number(end)} - {day_number(start)})"


@lru_cache(maxsize=1)
def _grace_blob() -> str:
    """A blob literal with one ASCII digit per day of ``CALENDAR``, from its first day: the
    days from that day to the first business day on or after it (``holidays``). 36,890 bytes;
    SQLite reads one byte of it per row (``substr`` of a blob is direct, not a scan)."""
    from app.services.br.holidays import next_business_day

    day, digits = CALENDAR[0], bytearray()
    while day <= CALENDAR[1]:
        digits.append(ord("0") + (next_business_day(day) - day).days)
        day += timedelta(days=1)
    return f"X'{digits.hex()}'"


def grace_days(number: str) -> str:
    """Days from the day numbered ``number`` (an SQL expression of ``day_number``) to the
    first business day on or after it: 0 on a business day, 2 on a plain Saturday, 3 on the
    Saturday before a holiday Monday… read from ``_grace_blob`` (about as cheap as one more
    ``julianday`` per row; a list of holidays probed per row cost four times more)."""
    first = CALENDAR[0].toordinal() + DAY_NUMBER_OFFSET
    return f"CAST(substr({_grace_blob()}, {number} - {first - 1}, 1) AS INTEGER)"


def days_late(due: str = "due_date", day: str = ":today") -> str:
    """Days late on ``day`` of an installment due on ``due`` (0 when not late): days after
    its grace date, the first business day on or after ``due``."""
    number = day_number(due)
    return f"MAX({day_number(day)} - {number} - {grace_days(number)}, 0)"


def days_from_due(due: str = "due_date", day: str = ":today") -> str:
    """Where ``day`` stands for the régua: days before the due date as a negative number,
    0 from the due date to its grace date, then the days late."""
    return (f"(CASE WHEN {day} <= {due} THEN {days_between(due, day)} "
            f"ELSE {days_late(due, day)} END)")


LATE = "due_date <= :late_until"  # late on :today (see lateness.late_until)
NOT_PRESCRIBED = "due_date > :prescribed_until"  # still collectable on :today


def late(alias: str = "") -> str:
    """``LATE`` with the column prefixed by ``alias``."""
    return f"{alias}.{LATE}" if alias else LATE


def not_prescribed(alias: str = "") -> str:
    """``NOT_PRESCRIBED`` with the column prefixed by ``alias``."""
    return f"{alias}.{NOT_PRESCRIBED}" if alias else NOT_PRESCRIBED


def sql_column(index: int, doc: str = "") -> property:
    """A read-only attribute that is column ``index`` of the row's ``sql`` tuple: rows of the
    long lists keep what their query returned and read their figures from it (no copy into
    a dataclass per row). Not annotated where used, so dataclasses do not take it for a
    field."""
    return property(lambda self: self.sql[index], doc=doc or None)


def flag_is(column: str, value: bool = True) -> str:
    """``renegotiated IS 0``: a boolean column compared with ``IS``, the way the one partial
    index ``installment_due_amount`` is declared (migration 8). Same meaning as ``flag`` (the
    column is never null), but SQLite offers that index only to a query written so: use it
    only where that index is the point (the Painel's monthly series)."""
    return f"{column} IS {1 if value else 0}"
