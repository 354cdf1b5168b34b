"""Payments: record (oldest installment first), overpayment as credit, reversal, receipts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.models.db import database
from app.models.entities import Allocation, Customer, Installment, Payment
from app.services.codes import RECEIVABLE_METHODS, PaymentMethod, label
from app.services.customers import credit_cents, installments_open, open_balance_cents
from app.services.dates import check_business_date, format_date
from app.services.discounts import attach_discounts, discounts_for_payment, settle_discounts
from app.services.errors import CreditConfirmation, NotFound, ValidationError
from app.services.money import MAX_CENTS, format_brl

METHODS = {method: label(method) for method in RECEIVABLE_METHODS}  # what she can pick
CREDIT_METHOD = PaymentMethod.CUSTOMER_CREDIT
METHOD_LABELS = {method: label(method) for method in PaymentMethod}


def normalize_method(method: str) -> PaymentMethod | None:
    """The stored code of a payment method (old Portuguese codes accepted); None if unknown."""
    try:
        return PaymentMethod(method)
    except ValueError:
        return None


@dataclass(frozen=True)
class PaymentResult:
    payment_id: int
    allocations: tuple[tuple[int, int], ...]  # (installment id, centavos)
    credit_cents: int  # part that became customer credit


def _validate(amount_cents: int, payment_date: date, method: str, today: date) -> None:
    errors: dict[str, str] = {}
    if amount_cents <= 0:
        errors["amount"] = "O valor recebido deve ser maior que zero."
    elif amount_cents > MAX_CENTS:
        errors["amount"] = "Valor grande demais."
    if payment_date > today:
        errors["date"] = "A data do pagamento não pode ser no futuro."
    else:
        try:
            check_business_date(payment_date, "A data")
        except ValueError as exc:
            errors["date"] = str(exc)
    if normalize_method(method) not in METHODS:
        errors["method"] = "Escolha a forma de pagamento."
    if errors:
        raise ValidationError(errors)


def _allocate(payment: Payment, targets: list[Installment], amount: int, when: date) -> list:
    """Pay ``targets`` in order with ``amount``; return [(installment id, cents)]."""
    done = []
    for inst in targets:
        if amount <= 0:
            break
        share = min(inst.amount_cents - inst.paid_cents, amount)
        if share <= 0:
            continue
        Allocation.create(payment=payment, installment=inst, amount_cents=share)
        inst.paid_cents += share
        if inst.paid_cents >= inst.amount_cents:
            inst.paid_date = when
        inst.save()
        done.append((inst.id, share))
        amount -= share
    return done


def record_payment(
    customer_id: int,
    amount_cents: int,
    payment_date: date,
    method: str,
    today: date,
    note: str = "",
    installment_ids: list[int] | None = None,
    accept_credit: bool = False,
    fee_cents: int = 0,
    early_discount: bool = True,
) -> PaymentResult:
    """Record money received and allocate it, in one transaction.

    ``amount_cents`` pays installments; ``fee_cents`` (multa + juros charged on top) is kept
    apart on the payment so the principal is never mixed with fees.

    Ticked ``installment_ids`` are paid first, then the oldest open installments; what is
    left becomes customer credit, which must be accepted (``accept_credit``) so that an
    overpayment is never silent. The desconto por antecipação the payment earns
    (``app.services.discounts``) is granted unless ``early_discount`` is False.
    """
    _validate(amount_cents, payment_date, method, today)
    if fee_cents < 0:
        raise ValidationError({"amount": "Multa e juros não podem ser negativos."})
    if not Customer.select().where(Customer.id == customer_id).exists():
        raise NotFound("Cliente não encontrada.")
    discounts = _early_discounts(customer_id, amount_cents, payment_date, installment_ids,
                                 early_discount)
    owed = open_balance_cents(customer_id) - sum(d.total_cents for d in discounts)
    if amount_cents > owed and not accept_credit:
        extra = amount_cents - owed
        raise CreditConfirmation({"amount": (
            f"O valor passa do que ela deve ({format_brl(owed)}). "
            f"A diferença de {format_brl(extra)} vai virar crédito da cliente: "
            "confirme para salvar."
        )}, {"amount": "becomes_credit"})
    with database.atomic():
        payment = Payment.create(
            customer=customer_id, payment_date=payment_date, amount_cents=amount_cents,
            method=normalize_method(method), note=note.strip(), kind="payment",
            fee_cents=fee_cents,
        )
        settle_discounts(discounts)
        allocations = _allocate(payment, _targets(customer_id, installment_ids), amount_cents,
                                payment_date)
        attach_discounts(payment, discounts)
    credit = amount_cents - sum(cents for _, cents in allocations)
    return PaymentResult(payment.id, tuple(allocations), credit)


def _early_discounts(customer_id, amount_cents, payment_date, installment_ids, wanted):
    """Issue 12 hook: the early-payment discounts this payment earns (none unless wanted)."""
    if not wanted:
        return ()
    from app.services.settings import load_settings

    return discounts_for_payment(customer_id, amount_cents, payment_date, load_settings(),
                                 installment_ids)


def _targets(customer_id: int, installment_ids: list[int] | None) -> list[Installment]:
    open_ones = installments_open(customer_id)
    chosen = set(installment_ids or [])
    return [i for i in open_ones if i.id in chosen] + [i for i in open_ones if i.id not in chosen]


def preview_payment(
    customer_id: int, amount_cents: int, installment_ids: list[int] | None = None
) -> tuple[tuple[tuple[int, int], ...], int]:
    """What a payment would pay, without saving: ((installment id, cents), …), credit left."""
    remaining, done = max(amount_cents, 0), []
    for inst in _targets(customer_id, installment_ids):
        share = min(inst.amount_cents - inst.paid_cents, remaining)
        if share <= 0:
            break
        done.append((inst.id, share))
        remaining -= share
    return tuple(done), remaining


def apply_credit(customer_id: int, today: date) -> PaymentResult | None:
    """Use her credit on her oldest open installments; None when there is nothing to do."""
    with database.atomic():
        available = credit_cents(customer_id)
        open_ones = installments_open(customer_id)
        if available <= 0 or not open_ones:
            return None
        use = min(available, sum(i.amount_cents - i.paid_cents for i in open_ones))
        payment = Payment.create(
            customer=customer_id, payment_date=today, amount_cents=use, method=CREDIT_METHOD,
            kind="credit_use", note="Crédito de pagamento anterior",
        )
        allocations = _allocate(payment, open_ones, use, today)
    return PaymentResult(payment.id, tuple(allocations), 0)


def reverse_payment(payment_id: int, reason: str, now: datetime) -> None:
    """Undo a payment recorded by mistake (estorno); it stays in the history with the reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Diga o motivo do estorno (fica no histórico)."})
    payment = Payment.get_or_none(Payment.id == payment_id)
    if payment is None:
        raise NotFound("Pagamento não encontrado.")
    if payment.reversed_at is not None:
        raise ValidationError({"reason": "Este pagamento já foi estornado."})
    if payment.kind == "down_payment":
        raise ValidationError({"reason": (
            "A entrada faz parte da venda e não pode ser estornada sozinha: o saldo da cliente "
            "ficaria errado. Se ela não pagou a entrada, registre a diferença como nova venda."
        )})
    with database.atomic():
        for alloc in Allocation.select().where(Allocation.payment == payment_id):
            inst = Installment.get_by_id(alloc.installment_id)
            inst.paid_cents -= alloc.amount_cents + alloc.discount_cents  # issue 12
            inst.paid_date = None
            inst.save()
        Payment.update(reversed_at=now, reversal_reason=reason.strip()).where(
            Payment.id == payment_id
        ).execute()
        if credit_cents(payment.customer_id) < 0:
            raise ValidationError({"reason": (
                "Parte deste pagamento virou crédito e esse crédito já foi usado. "
                "Estorne primeiro o uso do crédito."
            )})


@dataclass(frozen=True)
class PaymentView:
    id: int
    payment_date: date
    amount_cents: int
    method: str
    method_label: str
    kind: str
    note: str
    allocations: tuple[tuple[int, int, int, int], ...]  # (inst id, number, count, cents)
    reversed: bool
    reversal_reason: str
    fee_cents: int = 0


def list_payments(customer_id: int) -> list[PaymentView]:
    """Her payments, newest first, with what each paid."""
    payments = list(
        Payment.select().where(Payment.customer == customer_id)
        .order_by(Payment.payment_date.desc(), Payment.id.desc())
    )
    allocs: dict[int, list] = {}
    query = (
        Allocation.select(Allocation, Installment)
        .join(Installment)
        .where(Allocation.payment.in_([p.id for p in payments]))
    )
    for a in query:
        allocs.setdefault(a.payment_id, []).append(
            (a.installment.id, a.installment.number, a.installment.count, a.amount_cents)
        )
    return [
        PaymentView(
            p.id, p.payment_date, p.amount_cents, p.method, METHOD_LABELS.get(p.method, p.method),
            p.kind, p.note, tuple(allocs.get(p.id, ())), p.reversed_at is not None,
            p.reversal_reason, p.fee_cents,
        )
        for p in payments
    ]


def _pix_lines(customer_id: int, settings) -> list[str]:
    """A Pix code for her next open installment, when Pix is configured."""
    from app.services.pix import PixError, make_txid, pix_configured, pix_copia_e_cola

    nxt = installments_open(customer_id)[:1]
    if not nxt or not pix_configured(settings):
        return []
    inst = nxt[0]
    cents = inst.amount_cents - inst.paid_cents
    try:
        code = pix_copia_e_cola(settings, cents, make_txid([inst.id]))
    except PixError:
        return []
    return [f"Próxima parcela: {format_brl(cents)} em {format_date(inst.due_date)}. "
            "Pix copia e cola:", code]


def receipt_text(payment_id: int, store_name: str, settings=None) -> str:
    """A receipt ready to paste into WhatsApp (with a Pix code for the next installment
    when ``settings`` has a Pix key)."""
    p = Payment.get_or_none(Payment.id == payment_id)
    if p is None:
        raise NotFound("Pagamento não encontrado.")
    lines = [
        f"*Recibo — {store_name}*",
        f"Recebi de {p.customer.name} o valor de {format_brl(p.amount_cents)} "
        f"em {format_date(p.payment_date)} ({METHOD_LABELS.get(p.method, p.method)}).",
    ]
    for a in Allocation.select().where(Allocation.payment == p.id).join(Installment):
        inst = a.installment
        sale_day = format_date(inst.sale.sale_date)
        origin = (f"do acordo nº {inst.agreement_id}" if inst.agreement_id  # issue 12
                  else f"da compra de {sale_day}")
        lines.append(
            f"• Parcela {inst.number}/{inst.count} {origin} "
            f"(venc. {format_date(inst.due_date)}): {format_brl(a.amount_cents)}"
            + (f" + desconto por antecipação {format_brl(a.discount_cents)}"
               if a.discount_cents else "")
        )
    if p.fee_cents:
        lines.append(f"• Multa e juros por atraso: {format_brl(p.fee_cents)} "
                     f"(total recebido {format_brl(p.amount_cents + p.fee_cents)})")
    if p.kind == "down_payment":
        lines.append(f"• Entrada da compra de {format_date(p.sale.sale_date)}")
    if p.reversed_at:
        lines.append(f"ESTORNADO: {p.reversal_reason}")
    remaining = open_balance_cents(p.customer_id)
    lines.append(f"Saldo em aberto: {format_brl(remaining)}" if remaining else "Tudo quitado!")
    if p.kind == "payment":
        credit = credit_cents(p.customer_id)
        if credit > 0:
            lines.append(f"Crédito para a próxima compra: {format_brl(credit)}")
    if remaining and settings is not None:
        lines.extend(_pix_lines(p.customer_id, settings))
    lines.append("Obrigada! 💛")
    return "\n".join(lines)
