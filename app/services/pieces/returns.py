"""Returns and exchanges (troca e devolução): pieces back to stock, and one rule for the money.

The money rule, the one she explains to her customer:

1. The returned pieces are worth what she paid for them: quantity × unit price, less their
   share of the sale's discount (shares counted on everything returned so far, so that
   returning every piece gives back exactly the sale's total, never a centavo more).
2. That value first reduces the sale's open installments from the LAST one backwards: she
   finishes sooner and the next due dates stay as printed on her carnê. An installment that
   reaches zero with nothing paid on it is cancelled ("cancelada"), never "paga".
3. What exceeds the sale's open amount becomes her credit (used by the usual rule: the
   oldest open installment first) or is paid back to her (``refund="cash"``, recorded with
   the method for the receipt). Multa and juros already received stay received.
4. An exchange (troca) returns pieces and adds new ones to the same sale in one step. When
   the new pieces cost more, the difference is added to the sale's open installments, split
   as a new sale's would be (leftover centavos on the first ones), or paid now
   (``difference="now"``, an entrada of the exchange); when less, rules 2 and 3 apply to
   the difference.

Refused with a sentence: more pieces than were sold and not yet returned; a sale whose debt
an open agreement holds (``open_agreement``: undo it, or wait until it is paid off; once paid
off, the sale's renegotiated installments are not open, so the value becomes credit or cash
by rule 3); a return more than ``return_limit_days``
(Configurações, 90 by default) after the sale unless she confirms. Within 7 days of a sale
made outside a store (door to door, WhatsApp: Configurações says whether she sells so; on
by default) the return is the consumer's right of withdrawal (CDC art. 49): it is marked
so, and the screen offers the full refund.

Every write is one transaction: stock movements, installments, credit, the return's record.
The identity the walks check, per sale: total (with exchanged-in pieces) − Σ(value − credit
− refund) − entrada = Σ installments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peewee import SQL

from app.models.db import database
from app.models.people import Customer
from app.models.pieces import SaleReturn, SaleReturnInstallment, SaleReturnItem
from app.models.receivables import Installment, Payment, Sale, SaleItem
from app.services.core.changes import Changes, Topic, writes
from app.services.core.codes import PaymentKind, PaymentMethod
from app.services.core.errors import LateReturnConfirmation, NotFound, ValidationError
from app.services.core.money import format_brl
from app.services.core.sql import OPEN
from app.services.core.text import clean_text
from app.services.pieces.return_history import (  # noqa: F401 - public names of returns
    WITHDRAWAL_DAYS,
    ReturnableItem,
    effect_sentence,
    entrada_cents,
    is_withdrawal,
    open_agreement,
    returnable_items,
)
from app.services.pieces.stock import MoveKind, get_variant, move
from app.services.receivables.installments import split_amount
from app.services.receivables.ledger import settle

REFUNDS = ("installments", "cash")
CHANGES = Changes.of(Topic.SALES, Topic.PAYMENTS, Topic.PIECES, Topic.CUSTOMERS)


@dataclass(frozen=True)
class ReturnResult:
    """What a return or exchange did, for the confirmation and the receipt."""

    return_id: int
    value_cents: int
    added_cents: int
    installments_cents: int  # change of the sale's open installments (negative: less owed)
    credit_cents: int
    refund_cents: int
    paid_now_cents: int
    cancelled: tuple[int, ...]  # installments cancelled by it
    withdrawal: bool
    changes: Changes = CHANGES
    changed: tuple[tuple[int, int], ...] = ()  # (installment id, cents: − off, + added)

    @property
    def summary(self) -> str:
        """One sentence for the reseller (and for her customer)."""
        return effect_sentence(self.installments_cents, len(self.cancelled), self.credit_cents,
                               self.refund_cents, self.paid_now_cents)

    @property
    def foreseen(self) -> str:
        """The same sentence before she confirms ("O carnê vai diminuir…")."""
        return effect_sentence(self.installments_cents, len(self.cancelled), self.credit_cents,
                               self.refund_cents, self.paid_now_cents, when="before")


@writes(*CHANGES.topics)
def return_items(sale_id: int, quantities: dict[int, int], today: date,
                 refund: str = "installments", *, reason: str = "", defective=(),
                 day: date | None = None, confirm_late: bool = False,
                 refund_method: str = PaymentMethod.CASH) -> ReturnResult:
    """Return ``sale item id → quantity`` of a sale on ``day`` (default ``today``): the
    pieces go back to the shelf (or aside, for the ids in ``defective``) and the money
    follows the rule in the module docstring; what exceeds the sale's open amount becomes
    her credit (``refund="installments"``) or is paid back (``refund="cash"``)."""
    return _exchange(sale_id, quantities, [], today, refund=refund, reason=reason,
                     defective=set(defective), day=day or today, confirm_late=confirm_late,
                     refund_method=refund_method)


@writes(*CHANGES.topics)
def exchange(sale_id: int, quantities: dict[int, int], new_items: list, today: date, *,
             difference: str = "installments", refund: str = "installments",
             reason: str = "", defective=(), day: date | None = None,
             confirm_late: bool = False, method: str = PaymentMethod.CASH) -> ReturnResult:
    """Troca: return ``sale item id → quantity`` and add ``new_items`` (``sales.ItemInput``,
    taken from stock) to the same sale in one step. A positive difference goes to the open
    installments (``difference="installments"``) or is paid now (``"now"``, by ``method``);
    a negative one follows the return rule (``refund``)."""
    if not new_items:
        raise ValidationError({"new_items": "Escolha as peças que ela leva na troca."})
    return _exchange(sale_id, quantities, list(new_items), today, refund=refund,
                     reason=reason, defective=set(defective), day=day or today,
                     confirm_late=confirm_late, refund_method=method, difference=difference)


@writes(*CHANGES.topics)
def cancel_sale(sale_id: int, today: date, reason: str = "") -> ReturnResult:
    """Undo a sale while no payment on it stands (no entrada, no installment payment; a
    reversed one does not count): every piece goes back to the shelf and every installment
    is cancelled, the "Entrada" a reversed entrada left owing among them; the sale stays in
    her history as "cancelada"."""
    sale = _sale(sale_id)
    if _paid_on(sale) or entrada_cents(sale.id):
        raise ValidationError({"sale": "Esta venda já tem pagamento: use Devolução para "
                               "devolver as peças, e o dinheiro segue a regra da devolução."},
                              {"sale": "has_payments"})
    items = {r.sale_item_id: r.returnable for r in returnable_items(sale_id) if r.returnable}
    if not items:
        raise ValidationError({"sale": "Todas as peças desta venda já foram devolvidas."})
    return _exchange(sale_id, items, [], today, refund="installments",
                     reason=clean_text(reason, multiline=True) or "Venda cancelada",
                     defective=set(), day=today,
                     confirm_late=True, refund_method=PaymentMethod.CASH,
                     kind=MoveKind.SALE_CANCELLED)


def agreement_refusal(agreement_id: int) -> str:
    """Why a sale held by an open agreement takes no return (the dialog says it too)."""
    return (f"Esta venda está no acordo nº {agreement_id}, ainda em aberto: desfaça o acordo "
            "ou espere ela terminar de pagá-lo antes de devolver peças dela.")


def _sale(sale_id: int) -> Sale:
    sale = Sale.get_or_none(Sale.id == sale_id)
    if sale is None:
        raise NotFound("Essa venda não existe.")
    return sale


def _paid_on(sale: Sale) -> int:
    return database.execute_sql(
        "SELECT COALESCE(SUM(paid_cents), 0) FROM installment WHERE sale_id = ?",
        (sale.id,)).fetchone()[0]


def preview_return(sale_id: int, quantities: dict[int, int], today: date, *,
                   new_items=(), refund: str = "installments",
                   difference: str = "installments", day: date | None = None,
                   confirm_late: bool = False) -> ReturnResult:
    """What ``return_items`` (or, with ``new_items``, ``exchange``) would do, computed by the
    same rule and refused by the same checks, without writing anything: the screen shows it
    before she confirms. ``return_id`` is 0; the stock is not touched."""
    return _exchange(sale_id, quantities, list(new_items), today, refund=refund, reason="",
                     defective=set(), day=day or today, confirm_late=confirm_late,
                     refund_method=PaymentMethod.CASH, difference=difference, write=False)


def _exchange(sale_id, quantities, new_items, today, *, refund, reason, defective, day,
              confirm_late, refund_method, difference="installments",
              kind=MoveKind.RETURN, write=True) -> ReturnResult:
    from app.services.configuration.settings import load_settings
    from app.services.receivables.sales import validate_items

    sale = _sale(sale_id)
    settings = load_settings()
    items = _checked_items(sale, quantities, new_items, day, today, refund, difference,
                           confirm_late, settings)
    if new_items and (problems := validate_items(new_items)):
        raise ValidationError(problems)
    withdrawal = is_withdrawal(sale.sale_date, day, settings)
    added = sum(i.total_cents for i in new_items)
    if not write:
        value = _returned_value(sale, items)
        plan = _plan_money(_open_installments(sale), value, added, refund, difference)
        return _result(0, value, added, plan, withdrawal)
    with database.atomic():
        value = _returned_value(sale, items)
        plan = _plan_money(_open_installments(sale), value, added, refund, difference)
        record = SaleReturn.create(
            sale=sale.id, customer=sale.customer_id, return_date=day, value_cents=value,
            reason=clean_text(reason, multiline=True), withdrawal=withdrawal)
        _back_to_stock(record, items, defective, day, kind)
        if new_items:
            _add_items(sale, new_items, day)
        _settle_money(sale, record, plan, added, day, refund_method)
    return _result(record.id, value, added, plan, withdrawal)


def _add_items(sale: Sale, new_items: list, day: date) -> None:
    """An exchange's new pieces join the sale (taken from stock) and raise its total."""
    from app.services.receivables.sales import _write_items

    _write_items(sale, Customer.get_by_id(sale.customer_id), new_items, day, added=True)
    Sale.update(total_cents=Sale.total_cents + sum(i.total_cents for i in new_items)).where(
        Sale.id == sale.id).execute()


def _checked_items(sale, quantities, new_items, day, today, refund, difference, confirm_late,
                   settings) -> list[tuple[SaleItem, int]]:
    if refund not in REFUNDS or difference not in ("installments", "now"):
        raise ValueError("refund/difference: unknown choice")
    if day > today:
        raise ValidationError({"date": "A data da devolução não pode ser no futuro."})
    if day < sale.sale_date:
        raise ValidationError({"date": "A data da devolução é antes da venda."})
    if (agreement := open_agreement(sale.id)) is not None:
        raise ValidationError({"sale": agreement_refusal(agreement)}, {"sale": "in_agreement"})
    returnable = {r.sale_item_id: r for r in returnable_items(sale.id)}
    chosen = {i: q for i, q in quantities.items() if q}
    if not chosen:
        raise ValidationError({"items": "Marque as peças que voltaram."}, {"items": "empty"})
    for item_id, quantity in chosen.items():
        line = returnable.get(item_id)
        if line is None:
            raise ValidationError({"items": "Essa peça não é desta venda."})
        if not 0 < quantity <= line.returnable:
            what = f"{line.description} {line.variant}".strip()
            raise ValidationError(
                {"items": f"{what}: só {line.returnable} de {line.sold} ainda podem voltar "
                          "(o resto já foi devolvido)." if line.returned else
                          f"{what}: ela levou {line.sold}."}, {"items": "too_many"})
    limit = settings.return_limit_days
    if (day - sale.sale_date).days > limit and not confirm_late:
        raise LateReturnConfirmation(
            {"date": f"Esta venda foi há {(day - sale.sale_date).days} dias, mais de {limit}. "
                     "Confirme se quer mesmo aceitar a devolução."}, {"date": "late"})
    rows = {i.id: i for i in SaleItem.select().where(SaleItem.id.in_(list(chosen)))}
    return [(rows[i], q) for i, q in chosen.items()]


def _net(gross: int, original_gross: int, discount: int) -> int:
    """What ``gross`` of the original items cost her after the sale's discount (half up)."""
    if gross >= original_gross:
        return original_gross - discount
    return gross - (discount * gross * 2 + original_gross) // (original_gross * 2)


def _returned_value(sale: Sale, items: list[tuple[SaleItem, int]]) -> int:
    originals = list(SaleItem.select().where((SaleItem.sale == sale.id)
                                             & SaleItem.added_on.is_null()))
    original_gross = sum(i.quantity * i.unit_price_cents for i in originals)
    before = database.execute_sql(
        "SELECT COALESCE(SUM(r.quantity * i.unit_price_cents), 0) FROM sale_return_item r "
        "JOIN sale_item i ON i.id = r.sale_item_id WHERE i.sale_id = ? AND i.added_on IS NULL",
        (sale.id,)).fetchone()[0]
    now = sum(q * i.unit_price_cents for i, q in items if i.added_on is None)
    value = (_net(before + now, original_gross, sale.discount_cents)
             - _net(before, original_gross, sale.discount_cents))
    return value + sum(q * i.unit_price_cents for i, q in items if i.added_on is not None)


def _shares(items: list[tuple[SaleItem, int]], value: int) -> list[int]:
    """The return's value split over its lines by their price (the last line takes the
    rounding), so the lines always add up to the value."""
    gross = [q * i.unit_price_cents for i, q in items]
    total = sum(gross) or 1
    shares = [value * g // total for g in gross[:-1]]
    return shares + [value - sum(shares)]


def _back_to_stock(record, items, defective, day, kind) -> None:
    for (item, quantity), share in zip(items, _shares(items, record.value_cents), strict=True):
        SaleReturnItem.create(sale_return=record.id, sale_item=item.id, quantity=quantity,
                              defective=item.id in defective, value_cents=share)
        if item.piece_variant_id is None or item.on_order:
            continue
        move_kind = MoveKind.RETURN_DEFECTIVE if item.id in defective else kind
        move(get_variant(item.piece_variant_id), move_kind, quantity, day,
             sale_item_id=item.id, sale_return_id=record.id, note=record.reason)


@dataclass(frozen=True)
class _MoneyPlan:
    """What the rule does to the money, decided before anything is written."""

    changed: dict[int, int]  # installment id → cents (− taken off, + added)
    credit: int
    cash: int
    paid_now: int
    cancelled: tuple[int, ...]


def _plan_money(opens: list[tuple[int, int, int]], value: int, added: int, refund: str,
                difference: str) -> _MoneyPlan:
    """The money rule as a pure function of the sale's open installments ``(id, amount,
    paid)`` in number order, the returned ``value`` and the ``added`` pieces."""
    delta = added - value  # > 0: she owes more; < 0: she owes less
    changed: dict[int, int] = {}
    paid_now = credit = cash = 0
    if delta > 0 and difference == "installments":
        changed = _spread(opens, delta)
    elif delta > 0:
        paid_now = delta
    elif delta < 0:
        changed = _reduce(opens, -delta)
        excess = -delta + sum(changed.values())
        if excess and refund == "cash":
            cash = excess
        elif excess:
            credit = excess
    cancelled = tuple(i for i, amount, _ in opens if changed.get(i, 0) < 0
                      and amount + changed[i] == 0)
    return _MoneyPlan(changed, credit, cash, paid_now, cancelled)


def _result(return_id: int, value: int, added: int, plan: _MoneyPlan,
            withdrawal: bool) -> ReturnResult:
    return ReturnResult(return_id, value, added, sum(plan.changed.values()), plan.credit,
                        plan.cash, plan.paid_now, plan.cancelled, withdrawal,
                        changed=tuple(plan.changed.items()))


def _settle_money(sale, record, plan: _MoneyPlan, added: int, day,
                  refund_method) -> None:
    """Write ``plan``: installments changed, the difference paid now, the credit, the
    return's figures; then her money is placed again (``ledger.settle``)."""
    for installment_id, cents in plan.changed.items():
        Installment.update(amount_cents=Installment.amount_cents + cents).where(
            Installment.id == installment_id).execute()
        SaleReturnInstallment.create(sale_return=record.id, installment=installment_id,
                                     cents=cents)
    if plan.paid_now:
        Payment.create(customer=sale.customer_id, sale=sale.id, payment_date=day,
                       amount_cents=plan.paid_now, method=refund_method,
                       kind=PaymentKind.DOWN_PAYMENT, note="Diferença da troca")
        Sale.update(down_payment_cents=Sale.down_payment_cents + plan.paid_now).where(
            Sale.id == sale.id).execute()
    payment = None
    if plan.credit:
        payment = Payment.create(customer=sale.customer_id, payment_date=day,
                                 amount_cents=plan.credit, method=PaymentMethod.RETURN_CREDIT,
                                 kind=PaymentKind.PAYMENT,
                                 note=f"Crédito da devolução (venda de {day:%d/%m/%Y})")
    SaleReturn.update(
        added_cents=added, installments_cents=sum(plan.changed.values()),
        paid_now_cents=plan.paid_now, credit_cents=plan.credit, refund_cents=plan.cash,
        refund_method=refund_method if plan.cash else "", payment=payment).where(
        SaleReturn.id == record.id).execute()
    settle(sale.customer_id)


def _open_installments(sale: Sale) -> list[tuple[int, int, int]]:
    """The sale's open installments as ``(id, amount, paid)``, by number."""
    return list(Installment.select(Installment.id, Installment.amount_cents,
                                   Installment.paid_cents).where(
        (Installment.sale == sale.id) & SQL(OPEN)).order_by(  # core.sql: one condition
        Installment.number).tuples())


def _reduce(opens: list[tuple[int, int, int]], cents: int) -> dict[int, int]:
    """Take up to ``cents`` off the open installments, last one first; id → −cents taken."""
    taken = {}
    for installment_id, amount, paid in reversed(opens):
        if cents <= 0:
            break
        cut = min(amount - paid, cents)
        taken[installment_id] = -cut
        cents -= cut
    return taken


def _spread(opens: list[tuple[int, int, int]], cents: int) -> dict[int, int]:
    """Add ``cents`` to the open installments as a new sale's split would (leftover centavos
    on the first ones); id → +cents added."""
    if not opens:
        raise ValidationError({"difference": "Esta venda não tem parcelas em aberto: receba a "
                               f"diferença de {format_brl(cents)} agora."},
                              {"difference": "no_open_installments"})
    return {installment_id: part for (installment_id, _, _), part
            in zip(opens, split_amount(cents, len(opens)), strict=True) if part}
