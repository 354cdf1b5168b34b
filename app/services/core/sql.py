"""SQL fragments that state a domain rule once, for every query that needs it.

- ``open_installment``: not fully paid and not replaced by an agreement.
- ``flag``: a boolean column (stored 0/1) compared the one way every query writes it.
- ``day_number``, ``days_between``: whole days between two ISO dates.
- ``grace_days``, ``days_late``, ``days_from_due``: the weekend/holiday grace and the days
  late it leaves, twins of ``receivables.lateness`` (whose docstring states the rule). The
  business days come from ``br.holidays``, written into the SQL as constants: no table to
  keep in step, and a test compares SQL and Python on every day from 2000 to 2100.
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


def _weekend_days(number: int) -> int:
    """Days from a day to the next Monday when it is a Saturday or Sunday, else 0 (day
    numbers: ``number % 7`` is 4 on Saturdays and 5 on Sundays)."""
    return {4: 2, 5: 1}.get(number % 7, 0)


@lru_cache(maxsize=1)
def _holiday_shifts() -> dict[int, int]:
    """Day number → days to the next business day, for every day of ``CALENDAR`` where a
    holiday makes that differ from the plain weekend rule (a holiday on a weekday, or a
    weekend before a holiday Monday). About 1,500 days."""
    from app.services.br.holidays import next_business_day

    day, last, found = CALENDAR[0], CALENDAR[1], {}
    while day <= last:
        number = day.toordinal() + DAY_NUMBER_OFFSET
        shift = (next_business_day(day) - day).days
        if shift != _weekend_days(number):
            found[number] = shift
        day += timedelta(days=1)
    return found


@lru_cache(maxsize=8)
def grace_days(number: str) -> str:
    """Days from the day numbered ``number`` (an SQL expression of ``day_number``) to the
    first business day on or after it: 0 on a business day, 2 on a plain Saturday, 1 on a
    plain Sunday, and the holiday's own figure on the ~1,500 days a holiday changes that
    (``IN`` over constants: SQLite probes one in-memory index per row)."""
    shifts = _holiday_shifts()
    listed = ",".join(map(str, shifts))
    by_shift = {}
    for day, shift in shifts.items():
        by_shift.setdefault(shift, []).append(str(day))
    *rest, last = sorted(by_shift)
    holiday = " ".join(f"WHEN {number} IN ({','.join(by_shift[s])}) THEN {s}" for s in rest)
    return (f"CASE WHEN {number} IN ({listed}) THEN (CASE {holiday} ELSE {last} END) "
            f"ELSE (CASE {number} % 7 WHEN 4 THEN 2 WHEN 5 THEN 1 ELSE 0 END) END")


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
