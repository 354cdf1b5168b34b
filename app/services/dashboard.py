"""Painel: the day's figures — to receive, overdue, due today, received this month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.models.db import database
from app.services.sql import OPEN


@dataclass(frozen=True)
class DashboardFigures:
    receivable_cents: int
    overdue_cents: int
    overdue_customers: int
    due_today_cents: int
    due_today_customers: int
    due_week_cents: int
    received_month_cents: int
    active_customers: int


_OPEN = OPEN


def dashboard(today: date) -> DashboardFigures:
    """The figures the Painel shows for ``today``."""
    t, week = today.isoformat(), (today + timedelta(days=7)).isoformat()
    q = database.execute_sql(
        f"""SELECT COALESCE(SUM(amount_cents - paid_cents), 0),
               COALESCE(SUM(CASE WHEN due_date < ? THEN amount_cents - paid_cents END), 0),
               COUNT(DISTINCT CASE WHEN due_date < ? THEN customer_id END),
               COALESCE(SUM(CASE WHEN due_date = ? THEN amount_cents - paid_cents END), 0),
               COUNT(DISTINCT CASE WHEN due_date = ? THEN customer_id END),
               COALESCE(SUM(CASE WHEN due_date > ? AND due_date <= ?
                                 THEN amount_cents - paid_cents END), 0)
            FROM installment WHERE {_OPEN}""",
        (t, t, t, t, t, week),
    ).fetchone()
    month_start = today.replace(day=1).isoformat()
    received = database.execute_sql(
        "SELECT COALESCE(SUM(amount_cents + fee_cents), 0) FROM payment WHERE reversed_at IS NULL "
        "AND kind != 'credit_use' AND payment_date >= ? AND payment_date <= ?",
        (month_start, t),
    ).fetchone()[0]
    active = database.execute_sql("SELECT COUNT(*) FROM customer WHERE archived = 0").fetchone()[0]
    return DashboardFigures(q[0], q[1], q[2], q[3], q[4], q[5], received, active)
