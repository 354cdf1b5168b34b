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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from app.models.db import database
from app.services.core.dates import add_months
from app.services.core.sql import LATE, NOT_PRESCRIBED, OPEN, days_late, flag
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
    paid_count: int = 0
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


# Two queries, each served by an index (migration 2 adds the paid-late, renegotiated and
# customer/paid-date ones): the late installments, and the count of paid ones.
_LATE_SQL = f"""
SELECT customer_id, COUNT(DISTINCT due_date), COALESCE(MAX(days), 0), MIN(open_due) FROM (
    SELECT customer_id, due_date, days, NULL AS open_due FROM (
        SELECT customer_id, due_date, {days_late("due_date", "paid_date")} AS days
        FROM installment WHERE paid_date > due_date AND paid_date > :start {{where}})
    WHERE days > 0
    UNION ALL
    SELECT customer_id, due_date, {days_late()}, due_date
    FROM installment
    WHERE {{open}} AND {LATE} AND {NOT_PRESCRIBED} {{where}}
    UNION ALL
    SELECT customer_id, due_date, NULL, NULL FROM installment
    WHERE {flag("renegotiated")} AND +due_date > :start AND +{LATE} {{where}}
) GROUP BY customer_id
"""
# paid_date is set only when an installment becomes fully paid (and cleared on reversal).
_PAID_SQL = """
SELECT customer_id, COUNT(*) FROM installment
WHERE paid_date > :start AND paid_date <= :today {where}
GROUP BY customer_id
"""


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


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
    return Standing(code, code == RECORRENTE, episodes, max_days, paid, days_now)


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


def _figures(today: date, where: str = "", cid: int | None = None) -> tuple[dict, dict]:
    """(customer id → paid count, customer id → (episodes, max days late, oldest open due))."""
    params = {**sql_dates(today), "start": add_months(today, -12).isoformat(), "cid": cid}
    paid = dict(database.execute_sql(_PAID_SQL.format(where=where), params).fetchall())
    late = {row[0]: row[1:] for row in
            database.execute_sql(_LATE_SQL.format(where=where, open=OPEN), params).fetchall()}
    return paid, late


def _classify_figures(today: date, paid: dict, late: dict, customer_id: int) -> Standing:
    episodes, max_days, oldest_open = late.get(customer_id, (0, 0, None))
    days_now = days_late_on(date.fromisoformat(oldest_open), today) if oldest_open else 0
    return classify(episodes, max_days, paid.get(customer_id, 0), days_now)


def _query(today: date, where: str = "", cid: int | None = None) -> dict[int, Standing]:
    paid, late = _figures(today, where, cid)
    return {customer_id: _classify_figures(today, paid, late, customer_id)
            for customer_id in paid.keys() | late.keys()}


def standing_all(today: date, customer_ids: Iterable[int] | None = None) -> dict[int, Standing]:
    """Standing on ``today`` of every customer with history (two SQL queries, ~30 ms for
    5,000 customers); ``customer_ids`` keeps only those.

    Customers without installments are absent from the dict: use ``.get(id, NO_HISTORY)``.
    """
    found = _query(today)
    if customer_ids is None:
        return found
    return {cid: found[cid] for cid in customer_ids if cid in found}


def standing_lookup(today: date) -> Callable[[int], Standing]:
    """The same two queries as ``standing_all``, classified only for the customers asked
    about: a list shows thousands of rows and needs a badge for those, not for everyone."""
    paid, late = _figures(today)

    def standing(customer_id: int) -> Standing:
        if customer_id in late or customer_id in paid:
            return _classify_figures(today, paid, late, customer_id)
        return NO_HISTORY

    return standing


def standing_for(customer_id: int, today: date) -> Standing:
    """Her standing on ``today`` (Em dia when she has no installments)."""
    found = _query(today, "AND customer_id = :cid", customer_id)
    return found.get(customer_id, NO_HISTORY)
