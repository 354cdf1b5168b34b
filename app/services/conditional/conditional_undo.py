"""Undoing the newest acerto of a malinha, while the sale it made has no payment.

What "no payment" means: no installment of that sale was ever paid — by money, by her credit
or by a payment reversed later (its allocation is history) —, no piece of it was returned or
exchanged, and it is in no agreement. The entrada (or the à vista payment) recorded in the
acerto itself is part of the step and goes with it. Then, in one transaction: the sale is
removed with its installments and that entrada, her money is re-applied as before, the kept
pieces go back into the malinha, the pieces that came back leave the shelf again (refused
with a sentence when the shelf no longer has them: they were sold or lent since), the
malinha opens again, and the acerto stays in the history, marked undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.conditional import (
    Conditional,
    ConditionalItem,
    ConditionalSettlement,
    ConditionalSettlementItem,
)
from app.models.db import database
from app.models.receivables import Allocation, Installment, Payment, Sale, SaleItem
from app.services.core.changes import Changes, Topic, writes
from app.services.core.errors import NotFound, ValidationError
from app.services.core.sql import flag
from app.services.pieces.stock import MoveKind, get_variant, move, variant_name
from app.services.receivables.ledger import settle as reapply

UNDO_CHANGES = Changes.of(Topic.CONDITIONALS, Topic.PIECES, Topic.SALES, Topic.PAYMENTS,
                          Topic.CUSTOMERS)


@dataclass(frozen=True)
class UndoneSettlement:
    """What undoing an acerto did: the malinha is open again; ``removed_sale_id`` is the
    sale that no longer exists (None when she had kept nothing)."""

    conditional_id: int
    settlement_id: int
    removed_sale_id: int | None
    changes: Changes = UNDO_CHANGES


@writes(*UNDO_CHANGES.topics)
def undo_settle(conditional_id: int, today: date) -> UndoneSettlement:
    """Undo the newest acerto of the malinha on ``today`` (rules in the module docstring)."""
    with database.atomic():
        k = Conditional.get_or_none(Conditional.id == conditional_id)
        if k is None:
            raise NotFound("Essa condicional não existe.")
        record = (ConditionalSettlement.select()
                  .where((ConditionalSettlement.conditional == k.id)
                         & ConditionalSettlement.undone_on.is_null())
                  .order_by(ConditionalSettlement.id.desc()).first())
        if record is None:
            raise ValidationError({"conditional": f"A malinha nº {k.id} não tem acerto para "
                                                  "desfazer."}, {"conditional": "nothing"})
        sale_id = record.sale_id
        if sale_id is not None:
            _check_unpaid(sale_id)
        _pieces_back_in(k, record, today)
        ConditionalSettlement.update(undone_on=today, sale=None).where(
            ConditionalSettlement.id == record.id).execute()
        if sale_id is not None:
            _remove_sale(sale_id, k.customer_id)
        Conditional.update(closed_on=None).where(Conditional.id == k.id).execute()
    return UndoneSettlement(k.id, record.id, sale_id)


def _check_unpaid(sale_id: int) -> None:
    paid = database.execute_sql(
        "SELECT EXISTS (SELECT 1 FROM installment WHERE sale_id = :s AND (paid_cents > 0 "
        f"OR {flag('renegotiated')} OR agreement_id IS NOT NULL)) OR EXISTS (SELECT 1 FROM "
        "allocation a JOIN installment i ON i.id = a.installment_id WHERE i.sale_id = :s)",
        {"s": sale_id}).fetchone()[0]
    if paid:
        raise ValidationError(
            {"sale": "A venda deste acerto já tem pagamento: o acerto não pode mais ser "
                     "desfeito. Para devolver peças dela, use Devolução na venda."},
            {"sale": "has_payments"})
    returned = database.execute_sql("SELECT 1 FROM sale_return WHERE sale_id = ? LIMIT 1",
                                    (sale_id,)).fetchone()
    if returned:
        raise ValidationError(
            {"sale": "Já houve devolução ou troca na venda deste acerto: ele não pode mais "
                     "ser desfeito."}, {"sale": "has_returns"})


def _pieces_back_in(k: Conditional, record: ConditionalSettlement, today: date) -> None:
    """The acerto's pieces are out with her again; each line's counts follow."""
    note = f"malinha nº {k.id} · acerto desfeito"
    rows = (ConditionalSettlementItem.select(ConditionalSettlementItem, ConditionalItem)
            .join(ConditionalItem)
            .where(ConditionalSettlementItem.settlement == record.id))
    for row in rows:
        variant = get_variant(row.item.variant_id)
        if row.returned:
            if variant.stock < row.returned:
                raise ValidationError(
                    {"stock": f"{variant_name(variant)} que voltou neste acerto já saiu do "
                              "estoque (vendida ou em outra malinha): o acerto não pode ser "
                              "desfeito."}, {"stock": "not_enough"})
            move(variant, MoveKind.CONDITIONAL_OUT, -row.returned, today, conditional_id=k.id,
                 note=note)
        if row.kept:
            move(variant, MoveKind.CONDITIONAL_UNDONE, row.kept, today, conditional_id=k.id,
                 note=note)
        ConditionalItem.update(returned=ConditionalItem.returned - row.returned,
                               kept=ConditionalItem.kept - row.kept).where(
            ConditionalItem.id == row.item_id).execute()


def _remove_sale(sale_id: int, customer_id: int) -> None:
    """The sale of the acerto, as if it had never been made (its own entrada included)."""
    own = [p.id for p in Payment.select(Payment.id).where(Payment.sale == sale_id)]
    if own:
        Allocation.delete().where(Allocation.payment.in_(own)).execute()
        Payment.delete().where(Payment.id.in_(own)).execute()
    Installment.delete().where(Installment.sale == sale_id).execute()
    SaleItem.delete().where(SaleItem.sale == sale_id).execute()
    Sale.delete().where(Sale.id == sale_id).execute()
    reapply(customer_id)
