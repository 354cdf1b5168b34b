"""Em atraso: overdue installments grouped by customer, with fees, aging bands and filters.

One SQL aggregation over the ``installment_open_customer`` partial index (open = not fully
paid and not renegotiated; it holds every column the sums need, in customer order), keeping
the installments late on ``today`` and not prescritas (``lateness``: days late count from the
grace date, so a Saturday due date paid on Monday never shows here): per customer, the count
of late installments, the oldest due date, its days late, the principal, multa and juros
(rounded per installment as in ``fees``).

**Aging bands, one rule** for the money, the customers and the filter (screen, PDF and
``report --faixa``): a customer is in the band of her most late installment (1–30, 31–60,
61–90, 90+ days), and all her overdue money is counted there. So a band's card says how many
customers are that late and how much they owe, and choosing the band lists exactly them
with exactly that money.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from app.models.db import database
from app.services.br.phones import format_phone, is_mobile
from app.services.core.row_order import sort_rows
from app.services.core.sql import LATE, NOT_PRESCRIBED, OPEN, days_late, sql_column
from app.services.core.text import fold
from app.services.negotiation.agreements import broken_agreements
from app.services.people.standing import Standing, standing_lookup
from app.services.receivables.fees import fee_sql
from app.services.receivables.lateness import sql_dates

# Aging bands, stated once: the upper day of each band but the last (1–30, 31–60, 61–90,
# 90+). The labels and bucket_of() are built from these limits.
BUCKET_LIMITS = (30, 60, 90)
BUCKETS = tuple(
    [f"{lo + 1}–{hi}" for lo, hi in zip((0, *BUCKET_LIMITS), BUCKET_LIMITS, strict=False)]
    + [f"{BUCKET_LIMITS[-1]}+"])


@dataclass(frozen=True)
class OverdueRow:
    """One customer of Em atraso. ``sql`` is her row of ``overdue_sql`` as fetched; the
    figures are read from it on access (thousands of rows are built, few are looked at)."""

    sql: tuple = field(repr=False)
    standing_of: Callable[[int], Standing] = field(repr=False, compare=False)
    broken_agreement: int | None = None  # issue 12: her agreement with a late installment

    @cached_property
    def standing(self) -> Standing:
        """Her standing, classified when a row shows it or a filter asks (its figures were
        read with the report, by ``standing.standing_lookup``)."""
        return self.standing_of(self.customer_id)

    @cached_property
    def oldest_due(self) -> date:
        """Due date of her oldest overdue installment."""
        return date.fromisoformat(self.sql[6])

    customer_id = sql_column(0)  # int
    name = sql_column(1)  # str
    phone = sql_column(2)  # str | None
    neighbourhood = sql_column(3)  # str
    city = sql_column(4)  # str
    late_count = sql_column(5, "Overdue installments.")  # int
    days_late = sql_column(7, "Days late of the oldest one (from its grace date).")  # int
    principal_cents = sql_column(8)  # int
    fee_cents = sql_column(9, "Multa (0 when off).")  # int
    interest_cents = sql_column(10, "Juros de mora (0 when off).")  # int
    total_cents = sql_column(11)  # int

    @property
    def bucket(self) -> str:
        """Her aging band: the one of her most late installment (the module's one rule)."""
        return bucket_of(self.days_late)

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone) or "sem telefone"

    @property
    def has_whatsapp(self) -> bool:
        return is_mobile(self.phone)


@dataclass(frozen=True)
class BucketTotal:
    """One aging band: the customers whose most late installment is in it, and everything
    they owe late (all their overdue installments)."""

    label: str
    customers: int
    installments: int
    principal_cents: int
    fee_cents: int
    interest_cents: int

    @property
    def total_cents(self) -> int:
        return self.principal_cents + self.fee_cents + self.interest_cents


@dataclass(frozen=True)
class OverdueReport:
    today: date
    rows: tuple[OverdueRow, ...]  # most late first
    buckets: tuple[BucketTotal, ...]  # 1–30, 31–60, 61–90, 90+
    fees_enabled: bool

    @property
    def principal_cents(self) -> int:
        return sum(r.principal_cents for r in self.rows)

    @property
    def fee_cents(self) -> int:
        return sum(r.fee_cents for r in self.rows)

    @property
    def interest_cents(self) -> int:
        return sum(r.interest_cents for r in self.rows)

    @property
    def total_cents(self) -> int:
        return sum(r.total_cents for r in self.rows)


def bucket_of(days_late: int) -> str:
    """The aging bucket label of ``days_late`` (≥ 1)."""
    return BUCKETS[bisect_left(BUCKET_LIMITS, days_late)]


def overdue_sql(late_fee_bp: int = 0, interest_bp: int = 0) -> str:
    """The aggregation (parameters of ``lateness.sql_dates``): one row per customer with
    (customer id, name, phone, neighbourhood, city, installments, oldest due, its days late,
    principal, multa, juros, total, their due dates for ``standing_lookup``). SQLite does the
    sums; Python sorts."""
    fee, interest = fee_sql("open", "days", late_fee_bp, interest_bp)
    return f"""
WITH late AS MATERIALIZED (
    SELECT customer_id, due_date, amount_cents - paid_cents AS open, {days_late()} AS days
    FROM installment INDEXED BY installment_open_customer
    WHERE {OPEN} AND {LATE} AND {NOT_PRESCRIBED}
), priced AS (
    SELECT customer_id, due_date, days, open, {fee} AS fee, {interest} AS interest FROM late
)
SELECT c.id, c.name, c.phone, c.neighbourhood, c.city, g.n, g.oldest, g.days, g.principal,
       g.fee, g.interest, g.principal + g.fee + g.interest, g.dues
FROM (SELECT customer_id, COUNT(*) AS n, MIN(due_date) AS oldest, MAX(days) AS days,
             SUM(open) AS principal, SUM(fee) AS fee, SUM(interest) AS interest,
             group_concat(due_date) AS dues
      FROM priced GROUP BY customer_id) g
JOIN customer c ON c.id = g.customer_id
"""


def _rows(raw: list[tuple], standing, broken: dict[int, int]) -> list[OverdueRow]:
    """One OverdueRow per customer row of ``overdue_sql``: most days late first, then the
    oldest due date, the largest total, then by name as people read it."""
    sort_rows(raw, ((7, True), (6, False), (11, True)), name=1)
    return [OverdueRow(r, standing, broken.get(r[0])) for r in raw]


def _matches(row: OverdueRow, bucket, codes, neighbourhood, city) -> bool:
    return ((bucket is None or row.bucket == bucket)
            and (codes is None or row.standing.code in codes)
            and (neighbourhood is None or fold(row.neighbourhood) == neighbourhood)
            and (city is None or fold(row.city) == city))


def overdue_report(
    today: date,
    settings,
    *,
    bucket: str | None = None,
    standing: str | Iterable[str] | None = None,
    neighbourhood: str | None = None,
    city: str | None = None,
) -> OverdueReport:
    """Everyone with an installment overdue on ``today``, most late first, with totals.

    Fees follow ``settings`` (late_fee_bp, late_interest_bp; 0 = off). Filters: ``bucket``
    (one of BUCKETS: the customers of that band, the module's one rule), ``standing`` (a
    code or codes from app.services.people.standing), ``neighbourhood`` and ``city``
    (accents and case ignored).
    """
    if bucket is not None and bucket not in BUCKETS:
        raise ValueError(f"Faixa de atraso desconhecida: {bucket}")
    cursor = database.execute_sql(
        overdue_sql(settings.late_fee_bp, settings.late_interest_bp), sql_dates(today))
    codes = {standing} if isinstance(standing, str) else set(standing) if standing else None
    places = (fold(neighbourhood) if neighbourhood else None, fold(city) if city else None)
    raw = cursor.fetchall()
    standing_of = standing_lookup(today, [r[0] for r in raw], {r[0]: r[12] for r in raw},
                                  late_now=[r[0] for r in raw if r[12]])
    rows = _rows(raw, standing_of, broken_agreements(today))
    if bucket or codes or any(places):
        rows = [row for row in rows if _matches(row, bucket, codes, *places)]
    fees_on = settings.late_fee_bp > 0 or settings.late_interest_bp > 0
    return OverdueReport(today, tuple(rows), _bucket_totals(rows), fees_on)


def _bucket_totals(rows: list[OverdueRow]) -> tuple[BucketTotal, ...]:
    """Per band: its customers (by their most late installment) and all they owe late."""
    sums = [[0] * 5 for _ in BUCKETS]
    for row in rows:  # the SQL tuple itself: thousands of rows, read once each
        count, _, days, principal, fee, interest = row.sql[5:11]
        figures = sums[bisect_left(BUCKET_LIMITS, days)]
        figures[0] += 1
        figures[1] += count
        figures[2] += principal
        figures[3] += fee
        figures[4] += interest
    return tuple(BucketTotal(label, *figures) for label, figures in zip(BUCKETS, sums,
                                                                         strict=True))


def overdue_places(today: date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Neighbourhoods and cities of customers with something overdue (for the filters)."""
    rows = database.execute_sql(
        "SELECT DISTINCT c.neighbourhood, c.city FROM customer c WHERE c.id IN ("
        f"SELECT customer_id FROM installment WHERE {OPEN} AND {LATE} AND {NOT_PRESCRIBED})",
        sql_dates(today)).fetchall()
    hoods = sorted({r[0] for r in rows if r[0]}, key=fold)
    cities = sorted({r[1] for r in rows if r[1]}, key=fold)
    return tuple(hoods), tuple(cities)
