"""Painel: the day's figures, the monthly delinquency trend and the receipts expected ahead.

Rules (all amounts are principal in centavos; renegotiated installments are left out, the
agreement's own installments stand for them):

- *a receber*: every open installment; *em atraso*: open, late on ``today`` (past its grace
  date: ``lateness``) and not prescrita; *vence hoje*: open, due on or before ``today`` and
  not late yet (due today, or on a weekend or holiday whose grace runs to today or later).
- *a receber nos próximos 7 / 30 dias*: open and due from ``today`` to ``today + 6`` / ``+ 29``.
- *recebido no mês*: money received (payments and entradas, with multa and juros) from the
  1st to ``today``, not reversed; a use of customer credit is not new money.
- *taxa de inadimplência* at a cut date C: what was late on C and was still unpaid on C,
  divided by everything that fell due by then (since the first sale). For a past month C is
  the month's last day (at the end of that day): an installment counts when it is late on
  the next month's 1st (``lateness``), so one due on a weekend or holiday at the month's end,
  which may be paid on the next business day, counts from the next month on (paid that day,
  never); for the current month C is ``today``: what is late today (past its grace date) and
  unpaid over what fell due by then (the Painel's card and the trend's last point are this
  same figure). A payment reversed later counts as never made.
- *recebimentos previstos por semana*: open installments due in the week starting ``today``
  and the seven that follow (weeks of seven days from ``today``).
- *em condicional* (issue 23): the pieces still out in open malinhas, at the price they went
  out at; how many malinhas are open and how many are late. Not money owed: apart from the
  figures above.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from app.models.db import database
from app.services.conditional.conditional_list import out_totals
from app.services.core.dates import add_months
from app.services.core.sql import LATE, NOT_PRESCRIBED, OPEN, days_between, flag, flag_is
from app.services.receivables.lateness import grace_date, late_until, sql_dates

MONTHS_PT = ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez")


@dataclass(frozen=True)
class DashboardFigures:
    receivable_cents: int
    overdue_cents: int
    overdue_customers: int
    due_today_cents: int
    due_today_customers: int
    due_week_cents: int  # due after today, up to today + 7
    received_month_cents: int
    active_customers: int
    next_7_cents: int = 0  # due today … today + 6
    next_30_cents: int = 0  # due today … today + 29
    month_rate_bp: int = 0  # delinquency rate today, basis points (1234 = 12,34%)
    conditional_out_cents: int = 0  # issue 23: pieces out in malinhas, at their price
    conditional_open: int = 0
    conditional_late: int = 0


@dataclass(frozen=True)
class MonthRate:
    """The delinquency rate at one month's end (the current month: as of today)."""

    month: date  # first day of the month
    cut: date  # the day the rate is measured on
    overdue_cents: int
    due_cents: int

    @property
    def rate_bp(self) -> int:
        return rate_bp(self.overdue_cents, self.due_cents)

    @property
    def label(self) -> str:
        return f"{MONTHS_PT[self.month.month - 1]}/{self.month.year % 100:02d}"


@dataclass(frozen=True)
class WeekDue:
    """Open installments due in the seven days from ``start``."""

    start: date
    cents: int
    installments: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


def rate_bp(overdue_cents: int, due_cents: int) -> int:
    """overdue ÷ due in basis points, rounded half up; 0 when nothing was due."""
    return (overdue_cents * 10_000 * 2 + due_cents) // (2 * due_cents) if due_cents else 0


def format_rate(bp: int) -> str:
    """1234 → "12,3%"."""
    tenths = (bp + 5) // 10
    return f"{tenths // 10},{tenths % 10}%"


# One pass over the open installments in the covering partial index, grouped by customer (the
# index's order, so no temporary B-tree): a customer counts as late / due today when her group
# has such an amount. The planner left alone picks installment_open_due and then reads every
# open row from the table (~5× slower at 20,000 customers), hence INDEXED BY (index of v4).
_OPEN_FIGURES = f"""
SELECT COALESCE(SUM(open_), 0), COALESCE(SUM(late), 0), COUNT(late),
       COALESCE(SUM(due_today), 0), COUNT(due_today),
       COALESCE(SUM(week_), 0), COALESCE(SUM(d7_), 0), COALESCE(SUM(d30_), 0)
FROM (SELECT SUM(amount_cents - paid_cents) AS open_,
             SUM(CASE WHEN {LATE} AND {NOT_PRESCRIBED}
                      THEN amount_cents - paid_cents END) AS late,
             SUM(CASE WHEN due_date > :late_until AND due_date <= :t
                      THEN amount_cents - paid_cents END) AS due_today,
             SUM(CASE WHEN due_date > :t AND due_date <= :week
                      THEN amount_cents - paid_cents END) AS week_,
             SUM(CASE WHEN due_date >= :t AND due_date <= :d7
                      THEN amount_cents - paid_cents END) AS d7_,
             SUM(CASE WHEN due_date >= :t AND due_date <= :d30
                      THEN amount_cents - paid_cents END) AS d30_
      FROM installment INDEXED BY installment_open_customer
      WHERE {OPEN} GROUP BY customer_id)"""


def dashboard(today: date) -> DashboardFigures:
    """The figures the Painel shows for ``today``."""
    t = today.isoformat()
    week, d7, d30 = (today + timedelta(days=n) for n in (7, 6, 29))
    q = database.execute_sql(_OPEN_FIGURES, {**sql_dates(today), "t": t, "week": week.isoformat(),
                                             "d7": d7.isoformat(), "d30": d30.isoformat()}
                             ).fetchone()
    month_start = today.replace(day=1).isoformat()
    received = database.execute_sql(
        "SELECT COALESCE(SUM(amount_cents + fee_cents), 0) FROM payment WHERE reversed_at IS NULL "
        "AND kind != 'credit_use' AND method != 'return_credit' "  # not money received
        "AND payment_date >= ? AND payment_date <= ?",
        (month_start, t),
    ).fetchone()[0]
    active = database.execute_sql(
        f"SELECT COUNT(*) FROM customer WHERE {flag('archived', False)}").fetchone()[0]
    out = out_totals(today)
    return DashboardFigures(q[0], q[1], q[2], q[3], q[4], q[5], received, active, q[6], q[7],
                            rate_bp(*_rate_today(today)), out.value_out_cents, out.open_count,
                            out.late_count)


def _late_bound(today: date) -> date:
    """The day after the last due date that is late on ``today`` (``lateness.late_until``)."""
    return late_until(today) + timedelta(days=1)


def _unpaid_today(today: date) -> int:
    """Everything late today (past its grace date; a debt prescrita went unpaid too, so the
    statistic keeps it), read from the covering open index alone."""
    return database.execute_sql(
        "SELECT COALESCE(SUM(amount_cents - paid_cents), 0) FROM installment "
        f"INDEXED BY installment_open_customer WHERE {OPEN} AND due_date < ?",
        (_late_bound(today).isoformat(),)).fetchone()[0]


def _rate_today(today: date) -> tuple[int, int]:
    """(unpaid, due) of the delinquency rate on ``today``: everything late today over
    everything that fell due by then."""
    due = database.execute_sql(_DUE_IN, ("", _late_bound(today).isoformat())).fetchone()[0]
    return _unpaid_today(today), due


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _grace_month(column: str, starts: list[date]) -> str:
    """SQL: the month ("2026-01") of the grace date of the due date in ``column`` — the month
    at whose end an unpaid installment is late. Only the last days of the trend's months
    need it (a weekend or holiday at a month's end): they are written in as ISO dates."""
    moved = []
    for start in starts[1:]:
        day = start - timedelta(days=1)
        while grace_date(day) >= start:
            moved.append(f"'{day.isoformat()}'")
            day -= timedelta(days=1)
    if not moved:
        return f"substr({column}, 1, 7)"
    return (f"CASE WHEN {column} IN ({', '.join(moved)}) THEN "
            f"strftime('%Y-%m', {column}, 'start of month', '+1 month') "
            f"ELSE substr({column}, 1, 7) END")


# Principal still open now, by the month of its grace date (the ``installment_open_due``
# partial index).
_OPEN_BY_MONTH = (f"SELECT {{month}}, SUM(amount_cents - paid_cents) "
                  f"FROM installment WHERE {OPEN} AND due_date < :t GROUP BY 1")
# Allocations of payments made in a month after the installment's due month, by (month of
# its grace date, payment month). Only installments that can have one are read: the open
# ones partly paid and the ones fully paid in a later month (``paid_date`` is the day the
# ledger completed them, so no later payment exists; the ``installment_paid_late`` partial
# index).
_PAID_LATER = f"""
SELECT {{month}}, substr(p.payment_date, 1, 7), SUM(a.amount_cents)
FROM (SELECT id, due_date FROM installment WHERE {OPEN} AND paid_cents > 0 AND due_date < :t
      UNION
      SELECT id, due_date FROM installment WHERE paid_date > due_date AND paid_date >= :first
        AND substr(paid_date, 1, 7) > substr(due_date, 1, 7) AND due_date < :t
        AND {flag("renegotiated", False)}) i
JOIN allocation a ON a.installment_id = i.id JOIN payment p ON p.id = a.payment_id
WHERE p.payment_date >= :first AND p.reversed_at IS NULL
  AND substr(i.due_date, 1, 7) < substr(p.payment_date, 1, 7)
GROUP BY 1, 2"""
# Everything due in [lo, hi), read from the ``installment_due_amount`` index alone (its
# condition is written ``renegotiated IS 0`` so that only the queries written so use it).
_DUE_IN = ("SELECT COALESCE(SUM(amount_cents), 0) FROM installment "
           f"WHERE {flag_is('renegotiated', False)} AND due_date >= ? AND due_date < ?")


def _due_by_month(bounds_: list[date]) -> list[int]:
    """What fell due before each bound but the first, cumulative: ``bounds_`` holds the bound
    before the trend's first month, then each month's (the first due date not yet late on
    the next month's 1st; for the current month, on today — which may fall before that
    month's first day: its piece then counts back)."""
    bounds = ["", *(b.isoformat() for b in bounds_)]
    pairs = [tuple(sorted(pair)) for pair in pairwise(bounds)]
    sql = " UNION ALL ".join(f"SELECT {n}, * FROM ({_DUE_IN})" for n in range(len(pairs)))
    rows = dict(database.execute_sql(sql, [v for pair in pairs for v in pair]).fetchall())
    running, result = rows[0], []
    for n in range(1, len(pairs)):
        running += rows[n] if bounds[n] <= bounds[n + 1] else -rows[n]
        result.append(running)
    return result


def delinquency_by_month(today: date, months: int = 12) -> tuple[MonthRate, ...]:
    """The delinquency rate at the end of each of the last ``months`` months, oldest first,
    the current month measured on ``today`` (rules in the module docstring).

    Unpaid at a month's end = what is unpaid now on installments due up to then, plus what
    payments made after that month paid on them (``paid_cents`` is the sum of the
    installment's allocations that were not reversed). Each part reads only the rows it
    needs through a partial index: the amounts due, the open installments, and the
    installments paid after their due month."""
    first = add_months(today.replace(day=1), -(months - 1))
    starts = [add_months(first, n) for n in range(months)]
    params = {"t": today.isoformat(), "first": first.isoformat()}
    due_by_month = _due_by_month([_late_bound(m) for m in starts] + [_late_bound(today)])
    open_by_month = database.execute_sql(
        _OPEN_BY_MONTH.format(month=_grace_month("due_date", starts)), params).fetchall()
    paid_later = database.execute_sql(
        _PAID_LATER.format(month=_grace_month("i.due_date", starts)), params).fetchall()
    result = []
    for n, month in enumerate(starts[:-1]):
        key = _month_key(month)
        overdue = sum(cents for m, cents in open_by_month if m <= key) + sum(
            cents for due_m, paid_m, cents in paid_later if due_m <= key < paid_m)
        cut = add_months(month, 1) - timedelta(days=1)
        result.append(MonthRate(month, cut, overdue, due_by_month[n]))
    result.append(MonthRate(starts[-1], today, _unpaid_today(today), due_by_month[-1]))
    return tuple(result)


def receipts_by_week(today: date, weeks: int = 8) -> tuple[WeekDue, ...]:
    """Open installments due in each of the ``weeks`` weeks of seven days from ``today``."""
    end = today + timedelta(days=7 * weeks)
    rows = dict((int(k), (cents, count)) for k, cents, count in database.execute_sql(
        f"SELECT {days_between(':t', 'due_date')} / 7, "
        f"SUM(amount_cents - paid_cents), COUNT(*) FROM installment WHERE {OPEN} "
        "AND due_date >= :t AND due_date < :end GROUP BY 1",
        {"t": today.isoformat(), "end": end.isoformat()}).fetchall())
    return tuple(WeekDue(today + timedelta(days=7 * k), *rows.get(k, (0, 0)))
                 for k in range(weeks))
