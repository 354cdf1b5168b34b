"""Malinhas as she reads them: open (no prazo, vence hoje, atrasada) or settled, each with its
customer, pieces still out and their value; one malinha's lines and acertos; lateness notes.

A malinha is *due today* on its return date and *late* from the day after, while anything
of it is out; the days late are today − return date. A settled malinha was late when it
closed after its return date. Lateness is a note about her ("devolveu a malinha com 3 dias
de atraso"), never a payment delay: her standing is computed from installments alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.models.db import database
from app.services.core.dates import add_months, format_date
from app.services.core.errors import NotFound
from app.services.core.money import format_brl

MAX_SETTLED = 500  # the settled list shows the newest ones


class ConditionalStatus(StrEnum):
    """Where a malinha stands on a day (pt-BR in ``STATUS_LABELS``)."""

    IN_TIME = "in_time"
    DUE_TODAY = "due_today"
    LATE = "late"
    SETTLED = "settled"


STATUS_LABELS = {ConditionalStatus.IN_TIME: "No prazo",
                 ConditionalStatus.DUE_TODAY: "Devolve hoje",
                 ConditionalStatus.LATE: "Atrasada",
                 ConditionalStatus.SETTLED: "Acertada"}


def pieces_text(n: int) -> str:
    """"1 peça", "3 peças"."""
    return f"{n} {'peça' if n == 1 else 'peças'}"


def days_text(n: int) -> str:
    """"1 dia", "3 dias"."""
    return f"{n} {'dia' if n == 1 else 'dias'}"


@dataclass(frozen=True)
class ConditionalView:
    """One malinha on ``today``: ``late`` while something is out after the return date."""

    id: int
    customer_id: int
    customer_name: str
    sent_on: date
    return_by: date
    closed_on: date | None
    note: str
    pieces_out: int
    value_out_cents: int
    pieces_total: int
    value_total_cents: int  # everything that went out, at the price of the day
    pieces_kept: int
    value_kept_cents: int
    pieces_returned: int
    status: ConditionalStatus
    days_late: int  # today − return date while open and late; at closing when settled late
    phone: str | None = None  # hers (E.164), for the termo sent by WhatsApp

    @property
    def late(self) -> bool:
        return self.status is ConditionalStatus.LATE

    @property
    def due_today(self) -> bool:
        return self.status is ConditionalStatus.DUE_TODAY

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def status_text(self) -> str:
        """"No prazo", "Devolve hoje", "3 dias de atraso", "Acertada em 25/11/2026"."""
        if self.status is ConditionalStatus.LATE:
            return f"{days_text(self.days_late)} de atraso"
        if self.status is ConditionalStatus.SETTLED:
            return f"Acertada em {format_date(self.closed_on)}"
        return STATUS_LABELS[self.status]

    @property
    def pieces_label(self) -> str:
        """"2 de 5 peças" while open (out of what went), "5 peças" once settled."""
        if self.is_open and self.pieces_out != self.pieces_total:
            return f"{self.pieces_out} de {pieces_text(self.pieces_total)}"
        return pieces_text(self.pieces_out if self.is_open else self.pieces_total)


_LIST_SQL = """
SELECT k.id, k.customer_id, c.name, k.sent_on, k.return_by, k.closed_on, k.note,
       SUM(i.quantity - i.returned - i.kept),
       SUM((i.quantity - i.returned - i.kept) * i.unit_price_cents),
       SUM(i.quantity), SUM(i.quantity * i.unit_price_cents),
       SUM(i.kept), SUM(i.kept * i.unit_price_cents), SUM(i.returned), c.phone
FROM conditional k {index} JOIN customer c ON c.id = k.customer_id
JOIN conditional_item i ON i.conditional_id = k.id
WHERE {where} GROUP BY k.id ORDER BY {order} LIMIT {limit}
"""


def _status(return_by: date, closed_on: date | None, today: date) -> tuple[ConditionalStatus,
                                                                            int]:
    if closed_on is not None:
        return ConditionalStatus.SETTLED, max((closed_on - return_by).days, 0)
    if today > return_by:
        return ConditionalStatus.LATE, (today - return_by).days
    if today == return_by:
        return ConditionalStatus.DUE_TODAY, 0
    return ConditionalStatus.IN_TIME, 0


def _view(row, today: date) -> ConditionalView:
    sent, back = date.fromisoformat(row[3]), date.fromisoformat(row[4])
    closed = date.fromisoformat(row[5]) if row[5] else None
    status, days = _status(back, closed, today)
    return ConditionalView(row[0], row[1], row[2], sent, back, closed, row[6], *row[7:14],
                           status, days, row[14])


def _select(today: date, where: str, params: tuple, order: str, *, index: str = "",
            limit: int = -1) -> list[ConditionalView]:
    sql = _LIST_SQL.format(where=where, order=order, index=index, limit=limit)
    return [_view(row, today) for row in database.execute_sql(sql, params).fetchall()]


def open_conditionals(today: date, customer_id: int | None = None) -> list[ConditionalView]:
    """Every malinha with pieces still out (of one customer, when given), the most late
    first, then by return date and name; each with ``.id``, ``.customer_id``, ``.return_by``
    and ``.late`` as of ``today``."""
    where, params = "k.closed_on IS NULL", ()
    if customer_id is not None:
        where, params = where + " AND k.customer_id = ?", (customer_id,)
    return _select(today, where, params, "k.return_by, c.name, k.id",
                   index="INDEXED BY conditional_open" if customer_id is None else "")


def settled_conditionals(today: date, customer_id: int | None = None,
                         limit: int = MAX_SETTLED) -> list[ConditionalView]:
    """Settled malinhas, the newest first (at most ``limit``)."""
    where, params = "k.closed_on IS NOT NULL", ()
    if customer_id is not None:
        where, params = where + " AND k.customer_id = ?", (customer_id,)
    return _select(today, where, params, "k.closed_on DESC, k.id DESC", limit=limit)


def customer_conditionals(customer_id: int, today: date) -> list[ConditionalView]:
    """Her malinhas, open ones first (by return date), then the settled, newest first."""
    return open_conditionals(today, customer_id) + settled_conditionals(today, customer_id)


def get_conditional(conditional_id: int, today: date) -> ConditionalView:
    """One malinha as of ``today`` (NotFound when it does not exist)."""
    found = _select(today, "k.id = ?", (conditional_id,), "k.id")
    if not found:
        raise NotFound("Essa condicional não existe.")
    return found[0]


@dataclass(frozen=True)
class ConditionalLine:
    """One line of a malinha: a variant, how many went, came back, were kept, are out."""

    item_id: int
    variant_id: int
    description: str
    variant_label: str
    quantity: int
    returned: int
    kept: int
    unit_price_cents: int

    @property
    def out(self) -> int:
        return self.quantity - self.returned - self.kept

    @property
    def name(self) -> str:
        """"Vestido Lírio M rosa"."""
        return " ".join(p for p in (self.description, self.variant_label) if p)


def conditional_lines(conditional_id: int) -> list[ConditionalLine]:
    """The malinha's lines in the order they went out."""
    return list(_lines_of([conditional_id]).get(conditional_id, ()))


@dataclass(frozen=True)
class SettlementView:
    """One acerto of a malinha, for its history."""

    id: int
    day: date
    returned: int
    kept: int
    sale_id: int | None
    kept_cents: int
    undone_on: date | None

    @property
    def text(self) -> str:
        """"25/11/2026: voltaram 2 peças; ficou com 1 peça (R$ 189,90)"."""
        parts = []
        if self.returned:
            parts.append(f"{'voltou' if self.returned == 1 else 'voltaram'} "
                         f"{pieces_text(self.returned)}")
        if self.kept:
            parts.append(f"ficou com {pieces_text(self.kept)} ({format_brl(self.kept_cents)})")
        undone = f" — desfeito em {format_date(self.undone_on)}" if self.undone_on else ""
        return f"{format_date(self.day)}: {'; '.join(parts)}{undone}"


def settlements_of(conditional_id: int) -> list[SettlementView]:
    """The malinha's acertos, oldest first (undone ones included, marked)."""
    return list(_settlements_of([conditional_id]).get(conditional_id, ()))


def late_conditional(customer_id: int, today: date) -> ConditionalView | None:
    """Her most late open malinha, or None when none is late."""
    late = [k for k in open_conditionals(today, customer_id) if k.late]
    return max(late, key=lambda k: k.days_late) if late else None


def notes_for(customer_id: int, today: date) -> tuple[str, ...]:
    """Sentences about her malinhas returned late in the last 12 months, or late now — a
    note beside her standing, which they never change."""
    since = add_months(today, -12)
    notes = []
    for k in customer_conditionals(customer_id, today):
        if k.late:
            notes.append(f"Está com a malinha nº {k.id} há {days_text(k.days_late)} além do "
                         f"combinado (devolução em {format_date(k.return_by)}).")
        elif k.closed_on and k.days_late and k.closed_on > since:
            notes.append(f"Devolveu a malinha nº {k.id} com {days_text(k.days_late)} de atraso "
                         f"(combinado: {format_date(k.return_by)}).")
    return tuple(notes)


@dataclass(frozen=True)
class OutTotals:
    """The Painel's line: malinhas open, how many late, and the value of the pieces out."""

    open_count: int
    late_count: int
    pieces_out: int
    value_out_cents: int


def out_totals(today: date) -> OutTotals:
    """What is out on condicional on ``today`` (at the prices the malinhas went out at)."""
    row = database.execute_sql(
        "SELECT COUNT(DISTINCT k.id), COUNT(DISTINCT CASE WHEN k.return_by < ? THEN k.id END), "
        "COALESCE(SUM(i.quantity - i.returned - i.kept), 0), "
        "COALESCE(SUM((i.quantity - i.returned - i.kept) * i.unit_price_cents), 0) "
        "FROM conditional k INDEXED BY conditional_open "
        "JOIN conditional_item i ON i.conditional_id = k.id WHERE k.closed_on IS NULL",
        (today.isoformat(),)).fetchone()
    return OutTotals(*row)


@dataclass(frozen=True)
class ConditionalsPage:
    """What the Condicionais page shows, read at once: the malinhas, each one's lines and
    acertos, and the totals out."""

    rows: tuple[ConditionalView, ...]
    lines: dict[int, tuple[ConditionalLine, ...]]
    settlements: dict[int, tuple[SettlementView, ...]]
    totals: OutTotals


PAGE_LISTS = ("open", "settled", "all")


def conditionals_page(today: date, which: str = "open") -> ConditionalsPage:
    """The page's data for ``which`` list: ``open`` malinhas, ``settled`` ones (the newest
    ``MAX_SETTLED``) or ``all``."""
    rows = open_conditionals(today) if which in ("open", "all") else []
    totals = (OutTotals(len(rows), sum(k.late for k in rows), sum(k.pieces_out for k in rows),
                        sum(k.value_out_cents for k in rows))
              if which != "settled" else out_totals(today))  # the open rows say it already
    if which in ("settled", "all"):
        rows += settled_conditionals(today)
    ids = [k.id for k in rows]
    return ConditionalsPage(tuple(rows), _lines_of(ids), _settlements_of(ids), totals)


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


def _lines_of(ids: list[int]) -> dict[int, tuple[ConditionalLine, ...]]:
    found: dict[int, list[ConditionalLine]] = {}
    for row in database.execute_sql(
            "SELECT conditional_id, id, variant_id, description, variant_label, quantity, "
            f"returned, kept, unit_price_cents FROM conditional_item WHERE conditional_id IN "
            f"({_in(ids)}) ORDER BY conditional_id, id").fetchall():
        found.setdefault(row[0], []).append(ConditionalLine(*row[1:]))
    return {k: tuple(v) for k, v in found.items()}


def _settlements_of(ids: list[int]) -> dict[int, tuple[SettlementView, ...]]:
    found: dict[int, list[SettlementView]] = {}
    for r in database.execute_sql(
            "SELECT s.conditional_id, s.id, s.settle_date, COALESCE(SUM(x.returned), 0), "
            "COALESCE(SUM(x.kept), 0), s.sale_id, s.kept_cents, s.undone_on "
            "FROM conditional_settlement s LEFT JOIN conditional_settlement_item x "
            f"ON x.settlement_id = s.id WHERE s.conditional_id IN ({_in(ids)}) "
            "GROUP BY s.id ORDER BY s.id").fetchall():
        found.setdefault(r[0], []).append(SettlementView(
            r[1], date.fromisoformat(r[2]), r[3], r[4], r[5], r[6],
            date.fromisoformat(r[7]) if r[7] else None))
    return {k: tuple(v) for k, v in found.items()}
