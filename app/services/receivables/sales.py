"""Credit sales: items, down payment (entrada), installment plan; saved in one transaction.

Item descriptions, variants and notes are stored cleaned (``text.clean_text``): a description
made only of invisible characters is no description.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from datetime import date

from app.models.db import database
from app.models.people import Customer
from app.models.receivables import Installment, Payment, Sale, SaleItem
from app.services.core.changes import Topic, writes
from app.services.core.codes import PaymentMethod, SaleKind
from app.services.core.dates import check_business_date
from app.services.core.errors import (
    BlockedCustomerConfirmation,
    CreditLimitConfirmation,
    NotFound,
    ValidationError,
)
from app.services.core.money import MAX_CENTS, format_brl
from app.services.core.text import clean_text
from app.services.people.customers import credit_cents, open_balance_cents
from app.services.receivables.installments import Interval, split_installments
from app.services.receivables.ledger import settle
from app.services.receivables.payments import METHODS, normalize_method


@dataclass(frozen=True)
class ItemInput:
    """One line of a sale. ``piece_variant_id`` links it to the catalogue (the sale takes
    the pieces from stock); ``on_order`` sells it "sob encomenda" (no stock taken); a free
    text piece (an order, a one-off) has neither. Both are keyword-only, and ``variant``
    must be text: ``ItemInput("Blusa", 1, 5_990, 7)`` raises TypeError instead of silently
    printing "7" as the size and taking nothing from stock."""

    description: str
    quantity: int
    unit_price_cents: int
    variant: str = ""  # size / colour as printed ("M rosa")
    _: KW_ONLY
    piece_variant_id: int | None = None
    on_order: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.variant, str):
            raise TypeError(
                f"ItemInput.variant must be a str (size/colour text), got "
                f"{type(self.variant).__name__} {self.variant!r}; pass a catalogue variant "
                "as piece_variant_id=<id>")
        if self.piece_variant_id is not None and (
                isinstance(self.piece_variant_id, bool)
                or not isinstance(self.piece_variant_id, int)):
            raise TypeError(f"ItemInput.piece_variant_id must be an int id or None, got "
                            f"{self.piece_variant_id!r}")

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_price_cents


@dataclass(frozen=True)
class PlanInput:
    count: int
    first_due: date
    interval: Interval | str = Interval.MONTHLY
    day_of_month: int | None = None
    custom_dates: tuple[date, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SaleResult:
    sale_id: int
    installment_ids: tuple[int, ...]
    credit_used_cents: int


def validate_items(items: list[ItemInput], from_shelf: bool = True) -> dict[str, str]:
    """Field errors for the item list (key ``items`` or ``item<N>``); ``from_shelf=False``
    leaves the shelf unchecked (the pieces come from elsewhere: a condicional)."""
    if not items:
        return {"items": "Adicione pelo menos um item à venda."}
    errors = {}
    for n, item in enumerate(items, 1):
        if not clean_text(item.description):
            errors[f"item{n}"] = f"Item {n}: descreva a peça."
        elif item.quantity < 1 or item.quantity > 999:
            errors[f"item{n}"] = f"Item {n}: quantidade entre 1 e 999."
        elif item.unit_price_cents <= 0:
            errors[f"item{n}"] = f"Item {n}: o preço deve ser maior que zero."
    if not errors and sum(i.total_cents for i in items) > MAX_CENTS:
        errors["items"] = "Total grande demais."
    if not errors and from_shelf:
        errors.update(_stock_errors(items))
    return errors


def _stock_errors(items: list[ItemInput]) -> dict[str, str]:
    """Catalogue pieces must exist and be on the shelf (the whole sale's quantity of each
    variant counted together), unless sold "sob encomenda"."""
    from app.services.core.errors import NotFound as Missing
    from app.services.pieces.stock import check_available, wanted_from_shelf

    try:
        short = check_available(dict(wanted_from_shelf(items)))
    except Missing as exc:
        return {"items": str(exc)}
    errors = {}
    for n, item in enumerate(items, 1):
        if item.piece_variant_id in short and not item.on_order and f"item{n}" not in errors:
            errors[f"item{n}"] = f"Item {n}: {short.pop(item.piece_variant_id)}"
    return errors


def preview_plan(total_cents: int, down_cents: int, plan: PlanInput) -> list[tuple[date, int]]:
    """The installments a plan produces (ValueError with a Portuguese message if impossible)."""
    if down_cents < 0:
        raise ValueError("A entrada não pode ser negativa.")
    if down_cents >= total_cents:
        raise ValueError("A entrada cobre o total: escolha “À vista”.")
    return split_installments(
        total_cents - down_cents, plan.count, plan.first_due, plan.interval,
        plan.day_of_month, list(plan.custom_dates),
    )


def credit_check(customer_id: int, financed_cents: int) -> str | None:
    """A Portuguese warning when the sale goes over her credit limit or she is blocked."""
    customer = Customer.get_by_id(customer_id)
    if customer.blocked:
        return f"{customer.name} está bloqueada para vendas a prazo."
    if customer.credit_limit_cents is not None:
        after = open_balance_cents(customer_id) + financed_cents - max(credit_cents(customer_id), 0)
        if after > customer.credit_limit_cents:
            return (
                f"Com esta venda ela passa a dever {format_brl(after)}, acima do limite de "
                f"{format_brl(customer.credit_limit_cents)}."
            )
    return None


@writes(Topic.SALES, Topic.CUSTOMERS, Topic.PAYMENTS)
def create_sale(
    customer_id: int,
    sale_date: date,
    items: list[ItemInput],
    today: date,
    plan: PlanInput | None = None,
    down_payment_cents: int = 0,
    payment_method: str = PaymentMethod.CASH,
    notes: str = "",
    override_credit: bool = False,
    discount_cents: int = 0,
    *,
    from_shelf: bool = True,
) -> SaleResult:
    """Save a sale with its items, entrada and installments, all or nothing.

    ``plan=None`` is a cash sale (à vista): the whole total is recorded as paid now.
    A sale over the credit limit, or to a blocked customer, needs ``override_credit``.
    Her existing credit is used on the new installments. ``discount_cents`` (the loyalty
    discount, issue 12) comes off the items' total before the entrada and installments and
    is stored on the sale. ``from_shelf=False``: the caller moves the catalogue pieces
    itself (what she kept of a condicional leaves the malinha, not the shelf, issue 23).
    """
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound("Escolha a cliente da venda.")
    errors = validate_items(items, from_shelf)
    if sale_date > today:
        errors["date"] = "A data da venda não pode ser no futuro."
    else:
        try:
            check_business_date(sale_date, "A data da venda")
        except ValueError as exc:
            errors["date"] = str(exc)
    if normalize_method(payment_method) not in METHODS:
        errors["method"] = "Escolha a forma de pagamento da entrada."
    if errors:
        raise ValidationError(errors)
    total = sum(i.total_cents for i in items)
    if not 0 <= discount_cents < total:
        raise ValidationError({"discount": "O desconto deve ser menor que o total da venda."},
                              {"discount": "over_total"})
    total -= discount_cents
    down = total if plan is None else down_payment_cents
    schedule: list[tuple[date, int]] = []
    if plan is not None:
        try:
            schedule = preview_plan(total, down, plan)
        except ValueError as exc:
            raise ValidationError({"plan": str(exc)}) from None
        if schedule[0][0] < sale_date:
            raise ValidationError({"plan": "O primeiro vencimento é antes da data da venda."})
        warning = credit_check(customer_id, total - down)
        if warning and not override_credit:
            kind = (BlockedCustomerConfirmation if customer.blocked
                    else CreditLimitConfirmation)
            raise kind({"credit": warning},
                       {"credit": "blocked" if customer.blocked else "over_limit"})
    return _save(customer, sale_date, items, (total, discount_cents), down, plan, schedule,
                 payment_method, notes, today, from_shelf)


def _write_items(sale: Sale, customer, items: list[ItemInput], day: date,
                 added: bool = False, from_shelf: bool = True) -> list[int]:
    """The sale's items, each catalogue piece taken from the shelf with its history row
    (which names ``customer`` through the sale, never by a copy of her name) unless
    ``from_shelf`` is False (pieces she kept from a malinha left the shelf already); returns
    the new items' ids (call inside the sale's transaction)."""
    from app.services.pieces.stock import MoveKind, get_variant, move

    ids = []
    for item in items:
        piece = get_variant(item.piece_variant_id) if item.piece_variant_id is not None else None
        variant = clean_text(item.variant)
        if piece is not None and not variant:  # a catalogue piece keeps its size and colour
            variant = " ".join(p for p in (piece.size, piece.colour) if p)
        row = SaleItem.create(sale=sale.id, description=clean_text(item.description),
                              variant=variant, quantity=item.quantity,
                              unit_price_cents=item.unit_price_cents,
                              piece_variant_id=item.piece_variant_id, on_order=item.on_order,
                              added_on=day if added else None)
        ids.append(row.id)
        if piece is not None and not item.on_order and from_shelf:
            move(piece, MoveKind.EXCHANGE if added else MoveKind.SALE, -item.quantity, day,
                 sale_item_id=row.id)
    return ids


def _save(customer, sale_date, items, totals, down, plan, schedule, method, notes, today,
          from_shelf=True):
    total, discount = totals
    with database.atomic():
        credit_before = credit_cents(customer.id)
        sale = Sale.create(
            customer=customer, sale_date=sale_date, total_cents=total, down_payment_cents=down,
            interval=str(plan.interval) if plan else SaleKind.UPFRONT,
            notes=clean_text(notes, multiline=True),
            discount_cents=discount,
        )
        _write_items(sale, customer, items, sale_date, from_shelf=from_shelf)
        if down:
            Payment.create(customer=customer, sale=sale, payment_date=sale_date, amount_cents=down,
                           method=normalize_method(method), kind="down_payment",
                           note="Entrada")
        ids = [
            Installment.create(
                sale=sale, customer=customer, number=n, count=len(schedule), due_date=due,
                amount_cents=cents,
            ).id
            for n, (due, cents) in enumerate(schedule, 1)
        ]
        settle(customer.id)
        credit_used = max(credit_before - credit_cents(customer.id), 0)
    return SaleResult(sale.id, tuple(ids), credit_used)
