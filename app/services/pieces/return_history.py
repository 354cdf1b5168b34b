"""What returns and exchanges did, as the statement, the customer page, the receipt and the
export read it: the pieces that came back, what they were worth, and where the money went.

- A return reads "Devolução de Vestido Lírio M (R$ 189,90)"; two or more pieces are listed
  ("2× Blusa Ana e Vestido Lírio M (R$ 309,70)"); an exchange reads "Troca de Blusa Ana
  (R$ 59,90) por Vestido Lírio M rosa (R$ 189,90)".
- Its effect is one sentence: how much the carnê went down (or up), how many installments
  were cancelled, what became her credit, what was paid back to her, what she paid at once.
- An exchange's new pieces are the sale's items added on its day (``sale_item.added_on``);
  two exchanges of one sale on one day take them in the order they were written, each up to
  its own ``added_cents``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.models.db import database
from app.models.people import Customer
from app.models.receivables import Installment, Sale, SaleItem
from app.services.core.codes import method_label
from app.services.core.errors import NotFound
from app.services.core.money import format_brl
from app.services.core.sql import open_installment

WITHDRAWAL_DAYS = 7  # CDC art. 49


def is_withdrawal(sale_date: date, day: date, settings) -> bool:
    """Within the CDC art. 49 seven days of a sale made outside a store."""
    return bool(settings.sales_outside_store) and day <= sale_date + timedelta(WITHDRAWAL_DAYS)


def effect_sentence(installments_cents: int, cancelled: int, credit_cents: int,
                    refund_cents: int, paid_now_cents: int, *, when: str = "now") -> str:
    """"O carnê diminuiu R$ 189,90; 1 parcela cancelada." — what a return does to the money,
    in the reseller's words. ``when`` is "now" (just saved: the money to pay back is an
    instruction, "devolver R$ 94,95 a ela"), "before" (the preview: "o carnê vai diminuir…")
    or "history" (the extrato: "R$ 94,95 devolvidos a ela")."""
    future = when == "before"
    parts = []
    if installments_cents < 0:
        parts.append(("o carnê vai diminuir " if future else "o carnê diminuiu ")
                     + format_brl(-installments_cents))
    if installments_cents > 0:
        parts.append(format_brl(installments_cents)
                     + (" vão entrar nas parcelas" if future else " entraram nas parcelas"))
    if cancelled:
        one = cancelled == 1
        parts.append(f"{cancelled} " + (("parcela vai ser cancelada" if one else
                                         "parcelas vão ser canceladas") if future else
                                        ("parcela cancelada" if one else "parcelas canceladas")))
    if credit_cents:
        parts.append(format_brl(credit_cents)
                     + (" vão virar crédito dela" if future else " viraram crédito dela"))
    if refund_cents:
        parts.append(f"{format_brl(refund_cents)} devolvidos a ela" if when == "history"
                     else f"devolver {format_brl(refund_cents)} a ela")
    if paid_now_cents:
        parts.append(f"ela paga {format_brl(paid_now_cents)} de diferença agora" if future
                     else f"ela pagou {format_brl(paid_now_cents)} de diferença")
    text = "; ".join(parts)
    if not parts:
        return "Nada muda no carnê." if future else "Nada mudou no carnê."
    return f"{text[0].upper()}{text[1:]}."


@dataclass(frozen=True)
class ReturnableItem:
    """A line of the sale as the returns dialog shows it."""

    sale_item_id: int
    description: str
    variant: str
    sold: int
    returned: int
    unit_price_cents: int
    from_catalogue: bool

    @property
    def returnable(self) -> int:
        return self.sold - self.returned

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.description, self.variant) if p)


def returned_by_item(sale_id: int) -> dict[int, int]:
    """sale item id → how many of it came back so far."""
    return dict(database.execute_sql(
        "SELECT r.sale_item_id, SUM(r.quantity) FROM sale_return_item r JOIN sale_item i "
        "ON i.id = r.sale_item_id WHERE i.sale_id = ? GROUP BY r.sale_item_id",
        (sale_id,)).fetchall())


def returnable_items(sale_id: int) -> list[ReturnableItem]:
    """Every item of the sale with how many can still come back."""
    back = returned_by_item(sale_id)
    return [ReturnableItem(i.id, i.description, i.variant, i.quantity, back.get(i.id, 0),
                           i.unit_price_cents, i.piece_variant_id is not None and not i.on_order)
            for i in SaleItem.select().where(SaleItem.sale == sale_id).order_by(SaleItem.id)]


@dataclass(frozen=True)
class ReturnLine:
    """Pieces of one sale item in a return (``value_cents``: what they were worth to her),
    or a new piece an exchange added (``value_cents``: quantity × price)."""

    description: str
    variant: str
    quantity: int
    value_cents: int
    defective: bool = False

    @property
    def label(self) -> str:
        what = " ".join(p for p in (self.description, self.variant) if p)
        return f"{self.quantity}× {what}" if self.quantity > 1 else what


@dataclass(frozen=True)
class ReturnView:
    """One return or exchange of a sale, with what it did."""

    id: int
    sale_id: int
    customer_id: int
    day: date
    reason: str
    lines: tuple[ReturnLine, ...]
    added: tuple[ReturnLine, ...]
    value_cents: int
    added_cents: int
    installments_cents: int
    credit_cents: int
    refund_cents: int
    refund_method: str
    paid_now_cents: int
    withdrawal: bool
    cancelled: int  # installments of the sale it took down to nothing

    @property
    def label(self) -> str:
        """"Devolução de Vestido Lírio M (R$ 189,90)" or "Troca de … por …"."""
        back = f"{_listed(self.lines)} ({format_brl(self.value_cents)})"
        if self.added:
            return f"Troca de {back} por {_listed(self.added)} ({format_brl(self.added_cents)})"
        return f"Devolução de {back}"

    @property
    def effect(self) -> str:
        """What it did to the money, in one sentence."""
        sentence = effect_sentence(self.installments_cents, self.cancelled, self.credit_cents,
                                   self.refund_cents, self.paid_now_cents, when="history")
        if self.refund_cents and self.refund_method:
            sentence = sentence[:-1] + f" ({method_label(self.refund_method).lower()})."
        return sentence

    @property
    def defective_count(self) -> int:
        return sum(line.quantity for line in self.lines if line.defective)


def _listed(lines: tuple[ReturnLine, ...]) -> str:
    labels = [line.label for line in lines]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " e " + labels[-1]


_RETURNS_SQL = """
SELECT r.id, r.sale_id, r.customer_id, r.return_date, r.reason, r.value_cents, r.added_cents,
       r.installments_cents, r.credit_cents, r.refund_cents, r.refund_method,
       r.paid_now_cents, r.withdrawal,
       (SELECT COUNT(*) FROM sale_return_installment ri JOIN installment n
        ON n.id = ri.installment_id WHERE ri.sale_return_id = r.id AND ri.cents < 0
        AND n.amount_cents = 0)
FROM sale_return r WHERE {where} ORDER BY r.return_date, r.id
"""
_LINES_SQL = """
SELECT ri.sale_return_id, i.description, i.variant, ri.quantity, ri.value_cents, ri.defective
FROM sale_return_item ri JOIN sale_item i ON i.id = ri.sale_item_id
JOIN sale_return r ON r.id = ri.sale_return_id WHERE {where} ORDER BY ri.id
"""
_ADDED_SQL = """
SELECT i.sale_id, i.added_on, i.description, i.variant, i.quantity, i.unit_price_cents
FROM sale_item i JOIN sale s ON s.id = i.sale_id
WHERE i.added_on IS NOT NULL AND {where} ORDER BY i.id
"""


def returns_of_customer(customer_id: int) -> list[ReturnView]:
    """Her returns and exchanges, oldest first."""
    return _views("r.customer_id = ?", "s.customer_id = ?", (customer_id,))


def returns_of_sale(sale_id: int) -> list[ReturnView]:
    """The sale's returns and exchanges, oldest first."""
    return _views("r.sale_id = ?", "i.sale_id = ?", (sale_id,))


def all_returns() -> list[ReturnView]:
    """Every return and exchange of the file, oldest first (the export)."""
    return _views("1 = 1", "1 = 1", ())


def return_view(return_id: int) -> ReturnView | None:
    """One return (None when there is no such return)."""
    row = database.execute_sql("SELECT sale_id FROM sale_return WHERE id = ?",
                               (return_id,)).fetchone()
    if row is None:
        return None
    return next(v for v in returns_of_sale(row[0]) if v.id == return_id)


def _views(where: str, added_where: str, params: tuple) -> list[ReturnView]:
    lines: dict[int, list[ReturnLine]] = {}
    for rid, description, variant, quantity, value, defective in database.execute_sql(
            _LINES_SQL.format(where=where), params):
        lines.setdefault(rid, []).append(ReturnLine(description, variant, quantity, value,
                                                    bool(defective)))
    added: dict[tuple[int, str], list[ReturnLine]] = {}
    for sale_id, day, description, variant, quantity, price in database.execute_sql(
            _ADDED_SQL.format(where=added_where), params):
        added.setdefault((sale_id, day[:10]), []).append(
            ReturnLine(description, variant, quantity, quantity * price))
    views = []
    for row in database.execute_sql(_RETURNS_SQL.format(where=where), params):
        (rid, sale_id, customer_id, day, reason, value, added_cents, inst, credit, refund,
         method, paid_now, withdrawal, cancelled) = row
        views.append(ReturnView(
            rid, sale_id, customer_id, date.fromisoformat(day[:10]), reason,
            tuple(lines.get(rid, ())), _take(added.get((sale_id, day[:10]), []), added_cents),
            value, added_cents, inst, credit, refund, method, paid_now, bool(withdrawal),
            cancelled))
    return views


def _take(pool: list[ReturnLine], cents: int) -> tuple[ReturnLine, ...]:
    """The first new pieces of ``pool`` worth ``cents`` in all (removed from the pool)."""
    taken = []
    while pool and cents > 0:
        line = pool.pop(0)
        taken.append(line)
        cents -= line.value_cents
    return tuple(taken)


@dataclass(frozen=True)
class InstallmentLine:
    """One installment of the sale, as the returns dialog shows what will change."""

    id: int
    number: int
    count: int
    due_date: date
    amount_cents: int
    paid_cents: int


@dataclass(frozen=True)
class ReturnContext:
    """What the returns dialog needs to know about a sale before anything is typed."""

    sale_id: int
    customer_id: int
    customer_name: str
    sale_date: date
    total_cents: int
    down_payment_cents: int
    items: tuple[ReturnableItem, ...]
    installments: tuple[InstallmentLine, ...]  # its own, not renegotiated, by number
    open_agreement: int | None  # the agreement still holding its debt (``open_agreement``)
    paid_cents: int  # paid on its installments (entrada apart)
    returns: tuple[ReturnView, ...]
    withdrawal: bool  # a return today falls within the CDC art. 49 seven days
    late: bool  # a return today needs her confirmation (past the days in Configurações)
    entrada_cents: int = 0  # the entrada that stands (received, not reversed)
    renegotiated: bool = False  # some of its installments went into an agreement

    @property
    def in_agreement(self) -> bool:
        """Refused while an agreement still holds its debt (a paid-off one no longer does)."""
        return self.open_agreement is not None

    @property
    def returnable(self) -> int:
        return sum(i.returnable for i in self.items)

    @property
    def can_cancel(self) -> bool:
        """"Cancelar venda": no payment on it stands (a reversed entrada does not), pieces
        still out, no open agreement."""
        return (not self.paid_cents and not self.entrada_cents and self.returnable > 0
                and not self.in_agreement)


_OPEN_AGREEMENT_SQL = f"""
WITH RECURSIVE reached(id) AS (
    SELECT renegotiated_in_id FROM installment
    WHERE sale_id = :sale AND renegotiated_in_id IS NOT NULL
    UNION SELECT agreement_id FROM installment
    WHERE sale_id = :sale AND agreement_id IS NOT NULL
    UNION SELECT i.renegotiated_in_id FROM installment i JOIN reached r ON i.agreement_id = r.id
    WHERE i.renegotiated_in_id IS NOT NULL)
SELECT MIN(a.id) FROM agreement a JOIN reached r ON r.id = a.id
WHERE a.undone_on IS NULL AND EXISTS (
    SELECT 1 FROM installment i WHERE i.agreement_id = a.id AND {open_installment("i")})"""
_ENTRADA_SQL = """
SELECT COALESCE(SUM(amount_cents), 0) FROM payment
WHERE sale_id = ? AND kind = 'down_payment' AND reversed_at IS NULL"""


def open_agreement(sale_id: int) -> int | None:
    """The number of an agreement that still holds this sale's debt, or None.

    An agreement holds it while it stands (not undone) and one of its own installments
    still owes. The chain is followed: what an agreement left open may have gone into a
    newer one (``renegotiated_in_id``), which then holds it. Once every agreement reached
    is paid off, the sale is free again: a return's value goes by the normal rule (its
    renegotiated installments are not open, so it becomes credit or cash)."""
    row = database.execute_sql(_OPEN_AGREEMENT_SQL, {"sale": sale_id}).fetchone()
    return row[0] if row else None


def entrada_cents(sale_id: int) -> int:
    """The entrada of the sale that stands: down payments received and not reversed (an
    exchange's difference paid now is one too). A reversed entrada is owed again as an
    "Entrada" installment of the sale (``payments.reverse_payment``), not counted here."""
    return database.execute_sql(_ENTRADA_SQL, (sale_id,)).fetchone()[0]


def return_context(sale_id: int, today: date) -> ReturnContext:
    """The sale as the returns dialog opens it on ``today`` (NotFound when there is none)."""
    from app.services.configuration.settings import load_settings

    sale = Sale.get_or_none(Sale.id == sale_id)
    if sale is None:
        raise NotFound("Essa venda não existe.")
    rows = list(Installment.select().where(Installment.sale == sale_id).order_by(
        Installment.number))
    own = tuple(InstallmentLine(i.id, i.number, i.count, i.due_date, i.amount_cents,
                                i.paid_cents)
                for i in rows if not i.renegotiated and i.agreement_id is None)
    settings = load_settings()
    return ReturnContext(
        sale.id, sale.customer_id, Customer.get_by_id(sale.customer_id).name, sale.sale_date,
        sale.total_cents, sale.down_payment_cents, tuple(returnable_items(sale_id)), own,
        open_agreement(sale_id), sum(i.paid_cents for i in rows),
        tuple(returns_of_sale(sale_id)), is_withdrawal(sale.sale_date, today, settings),
        (today - sale.sale_date).days > settings.return_limit_days,
        entrada_cents=entrada_cents(sale_id),
        renegotiated=any(i.renegotiated for i in rows))
