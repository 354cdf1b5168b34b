"""Condicional (malinha): pieces lent on approval, brought back or kept, and ONE sale of what
she kept — the named API (``send``, ``open_conditionals``, ``settle``) and every write.

The rules:

- ``send`` lends catalogue pieces to a customer: they leave the shelf into the malinha (one
  ``conditional_out`` movement each; the shelf never goes below zero) at the price they have
  that day, which the termo prints and the sale uses. The same variant listed twice is one
  line. The return date is the one given or, by default, ``conditional_return_days``
  (Configurações) after today, counting only business days when
  ``conditional_business_days`` is on (no Saturdays, Sundays or national holidays); it may be
  today, never before, at most 60 days ahead. With ``conditional_block_late`` on, a customer
  who has a late malinha gets no new one until she settles it.
- An acerto on a day: what came back goes to the shelf (``conditional_back``); what she kept
  becomes ONE sale in the same transaction — à vista, or on the caderneta with the usual
  plan, entrada and loyalty discount — its pieces leaving the malinha, not the shelf
  (``conditional_kept``). A piece neither returned nor kept stays out: the malinha is open
  until nothing is left with her (then ``closed_on`` is that day). ``settle`` without
  ``returned`` is the final acerto: whatever she did not keep comes back and it closes;
  ``return_pieces`` records a partial return alone, on any day.
- Refused with a sentence, nothing written: more pieces than are with her, a piece that is
  not in the malinha, an acerto of a malinha already settled, an empty acerto, a day before
  the malinha went out, sending a piece the shelf does not have.
- ``undo_settle`` undoes the newest acerto of a malinha while the sale it made has no
  payment (no installment paid, not even with her credit; no return; no agreement): the sale
  is removed with its installments and the entrada (or à vista payment) recorded in that
  same step, the kept pieces go back into the malinha (``conditional_undone``), the ones
  that came back leave the shelf again (refused when the shelf no longer has them), and the
  malinha is open again. The acerto stays in the history, marked undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.models.conditional import (
    Conditional,
    ConditionalItem,
    ConditionalSettlement,
    ConditionalSettlementItem,
)
from app.models.db import database
from app.models.people import Customer
from app.services.br.holidays import is_business_day
from app.services.conditional.conditional_list import (  # noqa: F401 - the named API
    ConditionalStatus,
    ConditionalView,
    conditional_lines,
    customer_conditionals,
    get_conditional,
    late_conditional,
    notes_for,
    open_conditionals,
    settled_conditionals,
    settlements_of,
)
from app.services.conditional.conditional_undo import undo_settle  # noqa: F401 - named API
from app.services.core.changes import Changes, Topic, writes
from app.services.core.codes import PaymentMethod
from app.services.core.dates import check_business_date, format_date
from app.services.core.errors import NotFound, ValidationError
from app.services.core.text import clean_text
from app.services.pieces.stock import MAX_QUANTITY, MoveKind, get_variant, move, variant_name
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

MAX_DAYS_AHEAD = 60
CHANGES = Changes.of(Topic.CONDITIONALS, Topic.PIECES)
SALE_CHANGES = CHANGES | Changes.of(Topic.SALES, Topic.PAYMENTS, Topic.CUSTOMERS)


@dataclass(frozen=True)
class KeptSale:
    """The sale made of what she kept (``sale_id``; ``id`` and ``int()`` say the same), with
    what a caller reads of a sale: whose it is, its date and total."""

    sale_id: int
    conditional_id: int
    total_cents: int
    installment_ids: tuple[int, ...]
    credit_used_cents: int
    customer_id: int = 0
    sale_date: date | None = None
    changes: Changes = SALE_CHANGES

    @property
    def id(self) -> int:
        return self.sale_id

    def __int__(self) -> int:
        """The sale's id (``Sale.get_by_id(kept_sale)`` works too)."""
        return self.sale_id

    __index__ = __int__


def default_return_by(today: date, settings=None) -> date:
    """The return date Configurações gives a malinha sent ``today``."""
    from app.services.configuration.settings import load_settings

    settings = settings or load_settings()
    days = settings.conditional_return_days
    if not settings.conditional_business_days:
        return today + timedelta(days=days)
    day = today
    while days > 0:
        day += timedelta(days=1)
        days -= is_business_day(day)
    return day


@writes(*CHANGES.topics)
def send(customer_id: int, items, today: date, return_by: date | None = None,
         note: str = "") -> int:
    """Lend ``items`` — ``(variant id, quantity)`` pairs — to the customer until
    ``return_by`` (default: ``default_return_by``); one transaction; returns the malinha's
    id. ValidationError with a sentence per field otherwise (rules in the module
    docstring)."""
    from app.services.configuration.settings import load_settings

    settings = load_settings()
    if Customer.get_or_none(Customer.id == customer_id) is None:
        raise NotFound("Escolha a cliente da condicional.")
    return_by = return_by or default_return_by(today, settings)
    wanted = _merged(items)
    errors = _send_errors(customer_id, wanted, today, return_by, settings)
    if errors:
        raise ValidationError(*errors)
    with database.atomic():
        k = Conditional.create(customer=customer_id, sent_on=today, return_by=return_by,
                               note=clean_text(note, multiline=True))
        for variant_id, quantity in wanted.items():
            variant = get_variant(variant_id)
            ConditionalItem.create(conditional=k.id, variant=variant_id,
                                   description=variant.piece.name,
                                   variant_label=_grid_label(variant), quantity=quantity,
                                   unit_price_cents=variant.piece.price_cents)
            move(variant, MoveKind.CONDITIONAL_OUT, -quantity, today, conditional_id=k.id,
                 note=f"malinha nº {k.id}")
    return k.id


def _grid_label(variant) -> str:
    return " ".join(p for p in (variant.size, variant.colour) if p)


def _merged(items) -> dict[int, int]:
    """``(variant id, quantity)`` pairs → variant id → quantity (a variant listed twice is
    one line)."""
    wanted: dict[int, int] = {}
    for variant_id, quantity in items:
        wanted[int(variant_id)] = wanted.get(int(variant_id), 0) + int(quantity)
    return wanted


def _send_errors(customer_id, wanted, today, return_by, settings):
    """(errors, codes) for a malinha that cannot go out; None when it can."""
    if not wanted:
        return {"items": "Escolha as peças que vão na malinha."}, {"items": "empty"}
    if any(not 0 < q <= MAX_QUANTITY for q in wanted.values()):
        return ({"items": f"Quantidade de cada peça entre 1 e {MAX_QUANTITY}."},
                {"items": "quantity"})
    when = _return_date_error(today, return_by)
    if when:
        return {"return_by": when}, {"return_by": "date"}
    short = _stock_problems(wanted)
    if short:
        return {"items": " ".join(short)}, {"items": "not_enough"}
    late = late_conditional(customer_id, today) if settings.conditional_block_late else None
    if late is not None:
        return ({"customer": f"{late.customer_name} está com a malinha nº {late.id} atrasada "
                             f"desde {format_date(late.return_by)}. Acerte essa malinha antes "
                             "de mandar outra (ou desligue o bloqueio em Configurações → "
                             "Condicional)."}, {"customer": "late_conditional"})
    return None


def _return_date_error(today: date, return_by: date) -> str | None:
    try:
        check_business_date(return_by, "A data de devolução")
    except ValueError as exc:
        return str(exc)
    if return_by < today:
        return "A data de devolução não pode ser antes de hoje."
    if return_by > today + timedelta(days=MAX_DAYS_AHEAD):
        return f"A devolução fica no máximo {MAX_DAYS_AHEAD} dias depois de hoje."
    return None


def _stock_problems(wanted: dict[int, int]) -> list[str]:
    problems = []
    for variant_id, quantity in wanted.items():
        variant = get_variant(variant_id)  # NotFound for a variant that does not exist
        if variant.archived or variant.piece.archived:
            problems.append(f"{variant_name(variant)} saiu do catálogo.")
        elif variant.stock < quantity:
            problems.append(
                f"{variant_name(variant)} está sem estoque." if not variant.stock else
                f"Só há {variant.stock} {variant_name(variant)} em estoque (pediu {quantity}).")
    return problems


@writes(*CHANGES.topics)
def return_pieces(conditional_id: int, returned: dict[int, int], today: date) -> bool:
    """Some pieces came back on ``today`` (``variant id → quantity``), nothing kept: they go
    to the shelf. Returns True when nothing is left with her (the malinha is settled)."""
    with database.atomic():
        k, lines = _open_malinha(conditional_id, today)
        _check_quantities(lines, {}, returned)
        record = ConditionalSettlement.create(conditional=k.id, settle_date=today)
        _apply(k, record, lines, {}, returned, today)
        return _close_if_done(k, today)


@writes(*SALE_CHANGES.topics)
def settle(conditional_id: int, kept: dict[int, int], today: date,
           plan: PlanInput | None = None, down_payment_cents: int = 0, *,
           returned: dict[int, int] | None = None,
           payment_method: str = PaymentMethod.CASH, discount_cents: int = 0,
           override_credit: bool = False) -> KeptSale | None:
    """Acertar condicional on ``today``: ``kept`` (``variant id → quantity``) becomes one sale
    (``plan=None``: à vista by ``payment_method``; else on the caderneta with
    ``down_payment_cents`` and the loyalty ``discount_cents``); ``returned`` goes back to
    the shelf — by default everything she did not keep, which closes the malinha. Returns
    the sale made (None when she kept nothing). One transaction; ValidationError (and
    CreditLimitConfirmation / BlockedCustomerConfirmation, repeated with
    ``override_credit``) otherwise."""
    kept = {int(v): int(q) for v, q in (kept or {}).items() if q}
    with database.atomic():
        k, lines = _open_malinha(conditional_id, today)
        if returned is None:
            returned = {line.variant_id: max(line.out - kept.get(line.variant_id, 0), 0)
                        for line in lines}
        returned = {int(v): int(q) for v, q in returned.items() if q}
        _check_quantities(lines, kept, returned)
        record = ConditionalSettlement.create(conditional=k.id, settle_date=today)
        sale = _kept_sale(k, lines, kept, today, plan, down_payment_cents,
                          (payment_method, discount_cents, override_credit))
        _apply(k, record, lines, kept, returned, today)
        if sale is not None:
            ConditionalSettlement.update(sale=sale.sale_id, kept_cents=sale.total_cents).where(
                ConditionalSettlement.id == record.id).execute()
        _close_if_done(k, today)
    return sale


def _open_malinha(conditional_id: int, today: date):
    k = Conditional.get_or_none(Conditional.id == conditional_id)
    if k is None:
        raise NotFound("Essa condicional não existe.")
    if k.closed_on is not None:
        raise ValidationError({"conditional": f"A malinha nº {k.id} já foi acertada em "
                                              f"{format_date(k.closed_on)}."},
                              {"conditional": "settled"})
    if today < k.sent_on:
        raise ValidationError({"date": "O acerto não pode ser antes do dia em que a malinha "
                                       f"saiu ({format_date(k.sent_on)})."}, {"date": "early"})
    lines = list(ConditionalItem.select().where(ConditionalItem.conditional == k.id)
                 .order_by(ConditionalItem.id))
    return k, lines


def _check_quantities(lines, kept: dict[int, int], returned: dict[int, int]) -> None:
    by_variant = {line.variant_id: line for line in lines}
    if not any(kept.values()) and not any(returned.values()):
        raise ValidationError({"items": "Marque o que voltou ou o que ela ficou."},
                              {"items": "empty"})
    for variant_id in kept.keys() | returned.keys():
        line = by_variant.get(variant_id)
        if line is None:
            raise ValidationError({"items": "Essa peça não está nesta malinha."},
                                  {"items": "not_in_malinha"})
        wanted = kept.get(variant_id, 0) + returned.get(variant_id, 0)
        if kept.get(variant_id, 0) < 0 or returned.get(variant_id, 0) < 0 or wanted > line.out:
            raise ValidationError({"items": _too_many(line, wanted)}, {"items": "too_many"})


def _too_many(line, wanted: int) -> str:
    name = " ".join(p for p in (line.description, line.variant_label) if p)
    settled = line.returned + line.kept
    if wanted > line.out and settled:
        return (f"{name}: só {line.out} de {line.quantity} ainda estão com ela (o resto já "
                "foi acertado).")
    if wanted > line.out:
        return f"{name}: ela levou {line.quantity}."
    return f"{name}: a quantidade não pode ser negativa."


def _kept_sale(k, lines, kept, today, plan, down, options) -> KeptSale | None:
    method, discount, override = options
    items = [ItemInput(line.description, kept[line.variant_id], line.unit_price_cents,
                       line.variant_label, piece_variant_id=line.variant_id)
             for line in lines if kept.get(line.variant_id)]
    if not items:
        return None
    result = create_sale(k.customer_id, today, items, today, plan, down, method,
                         notes=f"Condicional nº {k.id}", override_credit=override,
                         discount_cents=discount, from_shelf=False)
    total = database.execute_sql("SELECT total_cents FROM sale WHERE id = ?",
                                 (result.sale_id,)).fetchone()[0]
    return KeptSale(result.sale_id, k.id, total, result.installment_ids,
                    result.credit_used_cents, k.customer_id, today)


def _apply(k, record, lines, kept, returned, today) -> None:
    """Write the acerto's lines and movements, and keep each line's counts in step."""
    for line in lines:
        back, mine = returned.get(line.variant_id, 0), kept.get(line.variant_id, 0)
        if not back and not mine:
            continue
        ConditionalSettlementItem.create(settlement=record.id, item=line.id, returned=back,
                                         kept=mine)
        ConditionalItem.update(returned=ConditionalItem.returned + back,
                               kept=ConditionalItem.kept + mine).where(
            ConditionalItem.id == line.id).execute()
        variant = get_variant(line.variant_id)
        note = f"malinha nº {k.id}"
        if back:
            move(variant, MoveKind.CONDITIONAL_BACK, back, today, conditional_id=k.id,
                 note=note)
        if mine:
            move(variant, MoveKind.CONDITIONAL_KEPT, -mine, today, conditional_id=k.id,
                 note=note)


def _close_if_done(k, today: date) -> bool:
    out = database.execute_sql(
        "SELECT COALESCE(SUM(quantity - returned - kept), 0) FROM conditional_item "
        "WHERE conditional_id = ?", (k.id,)).fetchone()[0]
    if out == 0:
        Conditional.update(closed_on=today).where(Conditional.id == k.id).execute()
    return out == 0
