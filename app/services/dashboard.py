"""Painel: the day's figures, the monthly delinquency trend and the receipts expected ahead.

Rules (all amounts are principal in centavos; renegotiated installments are left out, the
agreement's own installments stand for them):

- *a receber*: every open installment; *em atraso*: open and due before ``today``.
- *a receber nos próximos 7 / 30 dias*: open and due from ``today`` to ``today + 6`` / ``+ 29``.
- *recebido no mês*: money received (payments and entradas, with multa and juros) from the
  1st to ``today``, not reversed; a use of customer credit is not new money.
- *taxa de inadimplência* at a cut date C: what was due before C and was still unpaid on C,
  divided by everything due before C (since the first sale). For a past month C is the
  month's last day (at the end of that day); for the current month C is ``today`` (due before
  today, payments up to today). A payment reversed later counts as never made.
- *recebimentos previstos por semana*: open installments due in the week starting ``today``
  and the seven that follow (weeks of seven days from ``today``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.models.db import database
from app.services.dates import add_months
from app.services.sql import OPEN

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


def dashboard(today: date) -> DashboardFigures:
    """The figures the Painel shows for ``today``."""
    t = today.isoformat()
    week, d7, d30 = (today + timedelta(days=n) for n in (7, 6, 29))
    q = database.execute_sql(
        f"""SELECT COALESCE(SUM(amount_cents - paid_cents), 0),
               COALESCE(SUM(CASE WHEN due_date < :t THEN amount_cents - paid_cents END), 0),
               COUNT(DISTINCT CASE WHEN due_date < :t THEN customer_id END),
               COALESCE(SUM(CASE WHEN due_date = :t THEN amount_cents - paid_cents END), 0),
               COUNT(DISTINCT CASE WHEN due_date = :t THEN customer_id END),
               COALESCE(SUM(CASE WHEN due_date > :t AND due_date <= :week
                                 THEN amount_cents - paid_cents END), 0),
               COALESCE(SUM(CASE WHEN due_date >= :t AND due_date <= :d7
                                 THEN amount_cents - paid_cents END), 0),
               COALESCE(SUM(CASE WHEN due_date >= :t AND due_date <= :d30
                                 THEN amount_cents - paid_cents END), 0)
            FROM installment WHERE {OPEN}""",
        {"t": t, "week": week.isoformat(), "d7": d7.isoformat(), "d30": d30.isoformat()},
    ).fetchone()
    month_start = today.replace(day=1).isoformat()
    received = database.execute_sql(
        "SELECT COALESCE(SUM(amount_cents + fee_cents), 0) FROM payment WHERE reversed_at IS NULL "
        "AND kind != 'credit_use' AND payment_date >= ? AND payment_date <= ?",
        (month_start, t),
    ).fetchone()[0]
    active = database.execute_sql("SELECT COUNT(*) FROM customer WHERE archived = 0").fetchone()[0]
    due_before = database.execute_sql(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM installment "
        "WHERE renegotiated = 0 AND due_date < ?", (t,)).fetchone()[0]
    return DashboardFigures(q[0], q[1], q[2], q[3], q[4], q[5], received, active, q[6], q[7],
                            rate_bp(q[1], due_before))


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def delinquency_by_month(today: date, months: int = 12) -> tuple[MonthRate, ...]:
    """The delinquency rate at the end of each of the last ``months`` months, oldest first,
    the current month measured on ``today`` (rules in the module docstring).

    What was paid by a month's end = what is paid now on installments due up to then, minus
    the payments made after that month (``paid_cents`` is the sum of the installment's
    allocations that were not reversed). So only the last months' payments are read one by
    one; everything else is one pass over the installments."""
    first = add_months(today.replace(day=1), -(months - 1))
    by_due_month = database.execute_sql(
        "SELECT substr(due_date, 1, 7), SUM(amount_cents), SUM(paid_cents) FROM installment "
        "WHERE renegotiated = 0 AND due_date < ? GROUP BY 1", (today.isoformat(),)).fetchall()
    paid_later = database.execute_sql(
        "SELECT substr(i.due_date, 1, 7), substr(p.payment_date, 1, 7), SUM(a.amount_cents) "
        "FROM payment p JOIN allocation a ON a.payment_id = p.id "
        "JOIN installment i ON i.id = a.installment_id "
        "WHERE p.payment_date >= ? AND p.reversed_at IS NULL AND i.renegotiated = 0 "
        "AND i.due_date < ? AND substr(i.due_date, 1, 7) < substr(p.payment_date, 1, 7) "
        "GROUP BY 1, 2", (first.isoformat(), today.isoformat())).fetchall()
    result = []
    for n in range(months):
        month = add_months(first, n)
        key = _month_key(month)
        due = sum(amount for m, amount, _ in by_due_month if m <= key)
        paid = sum(paid for m, _, paid in by_due_month if m <= key) - sum(
            cents for due_m, paid_m, cents in paid_later if due_m <= key < paid_m)
        cut = today if n == months - 1 else add_months(month, 1) - timedelta(days=1)
        result.append(MonthRate(month, cut, due - paid, due))
    return tuple(result)


def receipts_by_week(today: date, weeks: int = 8) -> tuple[WeekDue, ...]:
    """Open installments due in each of the ``weeks`` weeks of seven days from ``today``."""
    end = today + timedelta(days=7 * weeks)
    rows = dict((int(k), (cents, count)) for k, cents, count in database.execute_sql(
        f"SELECT CAST((julianday(due_date) - julianday(:t)) / 7 AS INTEGER), "
        f"SUM(amount_cents - paid_cents), COUNT(*) FROM installment WHERE {OPEN} "
        "AND due_date >= :t AND due_date < :end GROUP BY 1",
        {"t": today.isoformat(), "end": end.isoformat()}).fetchall())
    return tuple(WeekDue(today + timedelta(days=7 * k), *rows.get(k, (0, 0)))
                 for k in range(weeks))
