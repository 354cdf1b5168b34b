"""Customer standing from her history: Pontual, Em dia, Atrasada, Inadimplente recorrente.

Definitions (DESIGN.md, made precise here):

- The *window* is the last 12 months: the days after ``add_months(today, -12)`` up to
  ``today`` (what happened exactly 12 months ago has just left it, for every count below).
- A *late installment* is one that was owed past its grace date (``lateness``: a due date on
  a weekend or holiday runs to the next business day) at some day of the window: paid after
  its grace date with the payment date inside the window, or still open and late today
  (however old, unless prescrita: a debt that can no longer be collected does not make her
  late), or renegotiated and late with its due date inside the window (it was replaced by
  an agreement because it was late).
- A *late episode* is one due date on which she was late: late installments sharing a due date
  (several sales due the same day) are one episode; two months missed are two episodes.
- *Days late* is (payment date or today) − grace date; the largest is ``max_days_late``.
- *Paid* counts installments fully paid inside the window.

Rules, first match wins:

1. Inadimplente recorrente — 3+ late episodes, or any installment 60+ days late
   (open now, or paid that late inside the window). Suggests blocking new credit sales.
2. Atrasada — overdue now with at most 2 episodes. DESIGN.md says "at most 1"; exactly 2
   (the current one and one before) is treated as Atrasada too: gentle treatment, the tooltip
   says "2 atrasos", and a third episode makes her recorrente.
3. Pontual — nothing overdue, no late installment in the window and ≥ 3 paid in it.
4. Em dia — nothing overdue now (everything else, including customers without history).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.models.db import database
from app.services.core.dates import add_months
from app.services.core.sql import LATE, NOT_PRESCRIBED, OPEN, days_late, flag
from app.services.core.text import plural
from app.services.receivables.lateness import days_late as days_late_on
from app.services.receivables.lateness import sql_dates

PONTUAL, EM_DIA, ATRASADA, RECORRENTE = "pontual", "em_dia", "atrasada", "recorrente"
LABELS = {
    PONTUAL: "Pontual",
    EM_DIA: "Em dia",
    ATRASADA: "Atrasada",
    RECORRENTE: "Inadimplente recorrente",
}
COLOURS = {PONTUAL: "#2e7d32", EM_DIA: "#1565c0", ATRASADA: "#ef6c00", RECORRENTE: "#c62828"}
RECURRENT_EPISODES = 3
RECURRENT_DAYS = 60
LOYALTY_MIN_PAID = 3


@dataclass(frozen=True)
class Standing:
    """A customer's standing; ``label``, ``colour`` and ``reason`` are derived on access."""

    code: str  # pontual | em_dia | atrasada | recorrente
    suggest_block: bool
    late_episodes: int = 0
    max_days_late: int = 0
    paid_count: int | None = 0  # None: not read (late now: ``standing_lookup``)
    days_late_now: int = 0

    @property
    def label(self) -> str:
        """Badge text in pt-BR."""
        return LABELS[self.code]

    @property
    def colour(self) -> str:
        """Hex colour hint for the badge."""
        return COLOURS[self.code]

    @property
    def facts(self) -> str:
        """The history behind the standing in pt-BR: "3 atrasos nos últimos 12 meses; maior
        atraso 64 dias"… (no suggestion)."""
        return _facts(self)

    @property
    def suggestion(self) -> str:
        """What the app suggests doing, in pt-BR ("" when nothing)."""
        return SUGGEST_BLOCK if self.suggest_block else ""

    @property
    def reason(self) -> str:
        """Tooltip in pt-BR: the facts, then the suggestion when there is one."""
        return f"{self.facts}. {self.suggestion}" if self.suggestion else self.facts

    @property
    def loyalty_eligible(self) -> bool:
        return self.code == PONTUAL

    @property
    def firm(self) -> bool:
        """Firm treatment (recurrent delinquent) instead of the gentle one."""
        return self.code == RECORRENTE


# The four facts behind a standing, each a condition on one customer's installments, stated
# once (the grace and prescription come from ``core.sql`` / ``lateness``):
_PAID_LATE = "paid_date > due_date AND paid_date > :start"  # + days late > 0 (computed)
_OPEN_LATE = f"{OPEN} AND {LATE} AND {NOT_PRESCRIBED}"
_RENEGOTIATED_LATE = f"{flag('renegotiated')} AND +due_date > :start AND +{LATE}"
_PAID = "paid_date > :start AND paid_date <= :today"
_PAID_DAYS = days_late("due_date", "paid_date")

# Read two ways, tested equal (tests/people/test_standing.py): for everyone (the list of
# customers), one statement of four grouped passes, each in customer order over its own index
# (no temporary B-tree: at 20,000 customers the old union of the three late sets grouped at
# the end cost ~80 ms of the ~105, issue 18); for a page's own customers (Em atraso, Cobranças
# de hoje), index seeks per customer, so a page pays for its rows. ``LIMIT -1`` keeps SQLite
# from copying the days-late expression (three ``julianday``) into both ``WHERE days > 0``
# and ``MAX(days)``: each installment's days are computed once (~13% of the paid-late read).
_PAID_LATE_ROWS = f"""SELECT customer_id, due_date, {_PAID_DAYS} AS days
    FROM installment INDEXED BY installment_paid_late WHERE {_PAID_LATE} LIMIT -1"""
_EVERYONE_SQL = f"""
SELECT 0, customer_id, COUNT(*) FROM installment INDEXED BY installment_customer_paid
WHERE {_PAID} GROUP BY customer_id
UNION ALL
SELECT 1, customer_id, MAX(days) || ' ' || group_concat(due_date) FROM (
    {_PAID_LATE_ROWS}) WHERE days > 0 GROUP BY customer_id
UNION ALL
SELECT 2, customer_id, group_concat(due_date) FROM installment
INDEXED BY installment_open_customer WHERE {_OPEN_LATE} GROUP BY customer_id
UNION ALL
SELECT 3, customer_id, group_concat(due_date) FROM installment
INDEXED BY installment_renegotiated WHERE {_RENEGOTIATED_LATE} GROUP BY customer_id
"""
# paid_date is set only when an installment becomes fully paid (and cleared on reversal).
_OPEN_LATE_DUES = f"""(SELECT group_concat(due_date) FROM installment
   INDEXED BY installment_open_customer WHERE customer_id = j.value AND {_OPEN_LATE})"""
_FOR_THESE_SQL = """
SELECT j.value,
  (SELECT MAX(days) || ' ' || group_concat(due_date) FROM (
      SELECT due_date, {paid_days} AS days FROM installment INDEXED BY installment_paid_late
      WHERE customer_id = j.value AND {paid_late} LIMIT -1) WHERE days > 0),
  {open_late},
  (SELECT group_concat(due_date) FROM installment INDEXED BY installment_renegotiated
   WHERE customer_id = j.value AND {renegotiated_late}),
  {paid_count}
FROM json_each({ids}) j
"""
_PAID_COUNT = f"""(SELECT COUNT(*) FROM installment INDEXED BY installment_customer_paid
   WHERE customer_id = j.value AND {_PAID})"""
_PARTS = {"paid_days": _PAID_DAYS, "paid_late": _PAID_LATE,
          "renegotiated_late": _RENEGOTIATED_LATE}
_FOR_THESE = _FOR_THESE_SQL.format(open_late=_OPEN_LATE_DUES, paid_count=_PAID_COUNT,
                                   ids=":ids", **_PARTS)
# The same when the page's own query already read her open late installments (Em atraso,
# Cobranças de hoje: ``open_late``): those due dates are not read a second time; and for
# those the page knows are late now (``:late_ids``) the paid count is not read either: an
# Atrasada or a Recorrente is one whatever she paid, and her tooltip does not say it (at
# 20,000 customers, 94% of Cobranças de hoje's rows: ~25 ms of index reads).
_FOR_THESE_KNOWN_OPEN = (
    _FOR_THESE_SQL.format(open_late="NULL", paid_count=_PAID_COUNT, ids=":ids", **_PARTS)
    + "UNION ALL"
    + _FOR_THESE_SQL.format(open_late="NULL", paid_count="NULL", ids=":late_ids", **_PARTS))


def _plural(n: int, one: str, many: str) -> str:
    return plural(n, one, many)


def classify(episodes: int, max_days: int, paid: int, days_now: int) -> Standing:
    """The standing for these history figures (the rules in the module docstring)."""
    if episodes >= RECURRENT_EPISODES or max_days >= RECURRENT_DAYS:
        code = RECORRENTE
    elif days_now > 0:
        code = ATRASADA
    elif episodes == 0 and paid >= LOYALTY_MIN_PAID:
        code = PONTUAL
    else:
        code = EM_DIA
    standing = _new(Standing)  # equal to Standing(...): set at once, not through the frozen
    standing.__dict__.update(  # ``__init__`` (a list of 20,000 classifies each; issue 18)
        code=code, suggest_block=code == RECORRENTE, late_episodes=episodes,
        max_days_late=max_days, paid_count=paid, days_late_now=days_now)
    return standing


_new = object.__new__


@lru_cache(maxsize=4096)
def _days_late_since(due: str, today: date) -> int:
    """``lateness.days_late`` of an ISO due date (a list's customers share few due dates)."""
    return days_late_on(date.fromisoformat(due), today)


SUGGEST_BLOCK = "Sugestão: não vender mais a prazo até ela acertar."


def _facts(s: Standing) -> str:
    atrasos = _plural(s.late_episodes, "atraso", "atrasos") + " nos últimos 12 meses"
    now = _plural(s.days_late_now, "dia", "dias")
    longest = f"maior atraso {_plural(s.max_days_late, 'dia', 'dias')}"
    if s.code == RECORRENTE:
        reason = f"{atrasos}; {longest}" if s.max_days_late else atrasos
        if s.days_late_now:
            reason += f"; em atraso agora há {now}"
        return reason
    if s.code == ATRASADA:
        tail = " (provavelmente esqueceu)." if s.late_episodes <= 1 else "."
        return f"Em atraso há {now}; {atrasos}{tail}"
    paid = _plural(s.paid_count, "parcela paga", "parcelas pagas")
    if s.code == PONTUAL:
        return (f"Nenhum atraso nos últimos 12 meses; {paid} em dia. "
                "Pode entrar no programa de fidelidade.")
    if s.late_episodes:
        detail = f"{atrasos} ({longest})" if s.max_days_late else atrasos
    elif s.paid_count:
        detail = (f"sem atrasos; {paid} nos últimos 12 meses "
                  f"(pontual a partir de {LOYALTY_MIN_PAID})")
    else:
        detail = "sem parcelas pagas nos últimos 12 meses"
    return f"Nada vencido agora; {detail}."


NO_HISTORY = classify(0, 0, 0, 0)


def _everyone(today: date) -> dict[int, tuple]:
    """customer id → her row in the shape of ``_these`` (id, paid late, open late,
    renegotiated, paid count) for every customer with any figure, read in one statement
    (``_EVERYONE_SQL``) and left as text until a row is classified."""
    params = {**sql_dates(today), "start": add_months(today, -12).isoformat()}
    parts: dict[int, list] = {}
    for part, cid, value in database.execute_sql(_EVERYONE_SQL, params):
        row = parts.get(cid)
        if row is None:
            row = parts[cid] = [cid, None, None, None, 0]
        row[4 if part == 0 else part] = value
    return parts


def _these(today: date, customer_ids: Iterable[int], known_open: bool,
           late_now: frozenset[int] = frozenset()) -> dict[int, tuple]:
    """customer id → her row of ``_FOR_THESE`` (``_FOR_THESE_KNOWN_OPEN`` when the caller
    has her open late due dates, with ``late_now`` the ids among them late today): (id, paid
    late, open late, renegotiated, paid count — None for one late now), read at once for a
    list and left as text until a row is classified."""
    ids = list(customer_ids)
    params = {**sql_dates(today), "start": add_months(today, -12).isoformat(),
              "ids": json.dumps([i for i in ids if i not in late_now] if late_now else ids)}
    if known_open:
        params["late_ids"] = json.dumps([i for i in ids if i in late_now])
    sql = _FOR_THESE_KNOWN_OPEN if known_open else _FOR_THESE
    return {row[0]: row for row in database.execute_sql(sql, params).fetchall()}


def _classify_row(row: tuple, open_late: str | None, today: date) -> Standing | None:
    """The standing of one row of ``_these`` with her open late due dates (``open_late``);
    None when she has no figure at all (no late, no paid installment in the window)."""
    _, paid_late, _, renegotiated, paid = row
    if paid_late or open_late or renegotiated:
        episodes, max_days, days_now = _late_figures(paid_late, open_late, renegotiated, today)
        return classify(episodes, max_days, paid, days_now)
    return classify(0, 0, paid, 0) if paid else None


def _late_figures(paid_late: str | None, open_late: str | None, renegotiated: str | None,
                  today: date) -> tuple[int, int, int]:
    """(episodes, max days late, days late now) from the three lists of ``_FOR_THESE``
    (the first led by its largest days late): an episode is a due date, however many
    installments share it; she is late now by the days of her oldest open late one."""
    days_now = 0
    open_dues = open_late.split(",") if open_late else []
    if open_dues:
        days_now = _days_late_since(min(open_dues), today)
    if not paid_late and not renegotiated:  # the usual case: late now, nothing else
        return len(set(open_dues)), days_now, days_now
    dues = set(open_dues)
    max_days = days_now
    if paid_late:
        days, _, paid_dues = paid_late.partition(" ")
        dues.update(paid_dues.split(","))
        max_days = max(max_days, int(days))
    if renegotiated:
        dues.update(renegotiated.split(","))
    return len(dues), max_days, days_now


def _query(today: date, customer_ids: Iterable[int] | None = None) -> dict[int, Standing]:
    rows = (_everyone(today) if customer_ids is None
            else _these(today, customer_ids, known_open=False))
    result = {}
    for cid, row in rows.items():
        standing = _classify_row(row, row[2], today)
        if standing is not None:
            result[cid] = standing
    return result


def standing_all(today: date, customer_ids: Iterable[int] | None = None) -> dict[int, Standing]:
    """Standing on ``today`` of every customer with history (``customer_ids``: only those).

    Customers without installments are absent from the dict: use ``.get(id, NO_HISTORY)``.
    """
    return _query(today, customer_ids)


def standing_lookup(today: date, customer_ids: Iterable[int] | None = None,
                    open_late: dict[int, str | None] | None = None,
                    late_now: Iterable[int] = ()) -> Callable[[int], Standing]:
    """The figures of ``standing_all`` read at once for a list's customers (``customer_ids``;
    everyone when None), each parsed and classified only when a row shows it, a filter asks
    or a message needs it (issue 18: most of thousands of rows are never looked at). A page
    whose own query already read the due dates of each customer's open late installments
    (open, late and not prescritas on ``today``: ``group_concat(due_date)``) passes them as
    ``open_late`` (customer id → that text, None for none; one entry per customer of
    ``customer_ids``; any object with that ``get``) and they are not read again; with it,
    ``late_now`` names those of them it knows are late today (an open late installment):
    their paid count, which changes neither an Atrasada nor a Recorrente nor what her
    tooltip says, is not read (``Standing.paid_count`` is None for them). Each standing is
    classified once and kept (a sort asks every row, a repaint asks again)."""
    if customer_ids is None:
        rows, open_late = _everyone(today), None
    else:
        rows = _these(today, customer_ids, known_open=open_late is not None,
                      late_now=frozenset(late_now) if open_late is not None else frozenset())

    known: dict[int, Standing] = {}

    def standing(customer_id: int) -> Standing:
        found = known.get(customer_id)
        if found is None:
            row = rows.get(customer_id)
            if row is None:
                return NO_HISTORY
            dues = open_late.get(customer_id) if open_late is not None else row[2]
            found = known[customer_id] = _classify_row(row, dues, today) or NO_HISTORY
        return found

    return standing


def standing_for(customer_id: int, today: date) -> Standing:
    """Her standing on ``today`` (Em dia when she has no installments)."""
    return _query(today, [customer_id]).get(customer_id, NO_HISTORY)

