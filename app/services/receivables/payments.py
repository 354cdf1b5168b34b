"""Payments: record (oldest installment first, fees as of the payment date), credit, reversal,
receipts. Where the money goes is decided in ``ledger``; the fee rules are in ``fees``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import fn

from app.models.db import database
from app.models.people import Customer
from app.models.receivables import Allocation, Installment, Payment, PaymentTarget, Sale
from app.services.configuration.settings import load_settings
from app.services.core.changes import Topic, writes
from app.services.core.codes import RECEIVABLE_METHODS, PaymentKind, PaymentMethod, label
from app.services.core.dates import MIN_DATE, check_business_date, format_date
from app.services.core.errors import CreditConfirmation, NotFound, ValidationError
from app.services.core.money import MAX_CENTS, format_brl
from app.services.core.text import clean_text
from app.services.people.customers import credit_cents, open_balance_cents
from app.services.receivables import ledger
from app.services.receivables.asked import pix_lines
from app.services.receivables.discounts import discounts_for_payment, record_discounts
from app.services.receivables.discounts import of_payment as discounts_of_payment
from app.services.receivables.fees import fee_rule, fees_enabled, fees_on_paid
from app.services.receivables.installments import installment_label
from app.services.receivables.naming import installment_name, purchase_names
from app.services.receivables.payment_guards import (
    fee_room,
    refuse_if_in_agreement,
    refuse_moving_paid_fees,
    refuse_negative_credit,
    release_unjustified_fees,
)

METHODS = {method: label(method) for method in RECEIVABLE_METHODS}  # what she can pick
CREDIT_METHOD = PaymentMethod.CUSTOMER_CREDIT
METHOD_LABELS = {method: label(method) for method in PaymentMethod}


def normalize_method(method: str) -> PaymentMethod | None:
    """The stored code of a payment method (old Portuguese codes accepted); None if unknown."""
    try:
        return PaymentMethod(method)
    except ValueError:
        return None


def method_label(method: str) -> str:
    """The pt-BR name of a stored method code, old Portuguese codes too ("dinheiro" of an
    entrada written by an older version reads "Dinheiro", like "cash")."""
    known = normalize_method(method)
    return METHOD_LABELS[known] if known is not None else method


@dataclass(frozen=True)
class PaymentResult:
    payment_id: int
    allocations: tuple[tuple[int, int], ...]  # (installment id, centavos of principal)
    credit_cents: int  # part that became customer credit
    fee_cents: int = 0  # multa + juros charged with this payment
    late_fee_cents: int = 0  # the multa part
    interest_cents: int = 0  # the juros part
    waived_fee_cents: int = 0  # multa + juros it would have carried, waived by her


@dataclass(frozen=True)
class PaymentPreview:
    """What a payment would do, without saving (the dialog shows it)."""

    allocations: tuple[tuple[int, int], ...]
    credit_cents: int
    late_fee_cents: int = 0
    interest_cents: int = 0

    @property
    def fee_cents(self) -> int:
        return self.late_fee_cents + self.interest_cents

    @property
    def principal_cents(self) -> int:
        return sum(c for _, c in self.allocations)


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


def _check_dates(customer_id: int, payment_date: date, installment_ids) -> None:
    """Refuse a payment dated before her first sale or before a sale it was ticked for."""
    first = (Sale.select(fn.MIN(Sale.sale_date)).where(Sale.customer == customer_id).scalar())
    if first is not None and payment_date < first:
        raise ValidationError({"date": (
            f"A data do pagamento ({format_date(payment_date)}) é antes da primeira compra "
            f"dela ({format_date(first)}). Confira a data."
        )}, codes={"date": "before_first_sale"})
    if installment_ids:
        hers = (Installment.select().where(Installment.id.in_(list(installment_ids))
                                           & (Installment.customer == customer_id)).count())
        if hers != len(set(installment_ids)):
            raise ValidationError({"installments": "Marque só parcelas desta cliente."},
                                  codes={"installments": "not_hers"})
        later = (Installment.select(Installment, Sale).join(Sale)
                 .where(Installment.id.in_(list(installment_ids))
                        & (Sale.sale_date > payment_date)).first())
        if later is not None:
            raise ValidationError({"date": (
                f"A data do pagamento ({format_date(payment_date)}) é antes da venda de "
                f"{format_date(later.sale.sale_date)}, que ele paga. Confira a data."
            )}, codes={"date": "before_sale"})


_NEW = 2**62  # id of a payment not yet saved: placed after every recorded one of its day


def _simulate(customer_id: int, amount_cents: int, payment_date: date, installment_ids,
              charge_fees: bool, settings, discounts=()) -> PaymentPreview:
    state = ledger.load(customer_id)
    granted = tuple((d.installment_id, d.total_cents) for d in discounts)  # issue 12
    money = state.money + [ledger.Money(_NEW, payment_date, amount_cents,
                                        tuple(installment_ids or ()), granted)]
    rule = fee_rule(settings) if charge_fees and fees_enabled(settings) else None
    placed = ledger.place(state.installments, money, rule, _NEW, credit=-state.frozen_credit)
    multa, juros = placed.fees.get(_NEW, (0, 0))
    return PaymentPreview(placed.payments[_NEW], placed.leftovers[_NEW], multa, juros)


def preview_payment(
    customer_id: int,
    amount_cents: int,
    payment_date: date,
    installment_ids: list[int] | None = None,
    *,
    charge_fees: bool = False,
    settings=None,
    discounts=(),
) -> PaymentPreview:
    """What ``record_payment`` with the same arguments would pay, charge and leave as credit
    (``discounts``: the early-payment discounts it would grant, from ``discounts``)."""
    if amount_cents <= 0:
        return PaymentPreview((), 0)
    settings = settings if settings is not None else load_settings()
    return _simulate(customer_id, amount_cents, payment_date, installment_ids, charge_fees,
                     settings, discounts)


@writes(Topic.PAYMENTS, Topic.CUSTOMERS)
def record_payment(
    customer_id: int,
    amount_cents: int,
    payment_date: date,
    method: str,
    today: date,
    note: str = "",
    installment_ids: list[int] | None = None,
    accept_credit: bool = False,
    *,
    charge_fees: bool = False,
    settings=None,
    early_discount: bool = True,
) -> PaymentResult:
    """Record money received and re-apply her money (``ledger``), in one transaction.

    Ticked ``installment_ids`` are paid first (and remembered), then the oldest open
    installments of sales dated on or before ``payment_date``. With ``charge_fees`` (and
    multa/juros on in ``settings``, default the stored ones) ``amount_cents`` is what she
    handed over: it pays the principal *and* the multa and juros of its late part as of
    ``payment_date`` (rules in ``fees``); they are stored apart (``payment.fee_cents``).
    Without it, with multa/juros on, fees are waived: what its late principal would have
    carried is kept (``payment.waived_fee_cents``) and the note says so ("multa e juros
    dispensados: R$ 2,50"), whoever calls. What is left becomes credit, which must be accepted
    (``accept_credit``) so that an overpayment is never silent; credit never sits beside an
    open installment. The desconto por antecipação the payment earns (``discounts``) is
    granted unless ``early_discount`` is False (the reseller removed it).
    """
    _validate(amount_cents, payment_date, method, today)
    if not Customer.select().where(Customer.id == customer_id).exists():
        raise NotFound("Cliente não encontrada.")
    _check_dates(customer_id, payment_date, installment_ids)
    settings = settings if settings is not None else load_settings()
    with database.atomic():
        fees_before = fee_room(customer_id, payment_date, settings)
        discounts = (discounts_for_payment(customer_id, amount_cents, payment_date, settings,
                                           installment_ids) if early_discount else ())
        plan = _simulate(customer_id, amount_cents, payment_date, installment_ids, charge_fees,
                         settings, discounts)
        if plan.credit_cents > 0 and not accept_credit:
            owed = amount_cents - plan.credit_cents
            raise CreditConfirmation({"amount": (
                f"O valor passa do que ela deve ({format_brl(owed)}). "
                f"A diferença de {format_brl(plan.credit_cents)} vai virar crédito da cliente: "
                "confirme para salvar."
            )}, codes={"amount": "becomes_credit"})
        waived = (fees_on_paid(plan.allocations, payment_date, settings)
                  if fees_enabled(settings) and not charge_fees else 0)
        payment = Payment.create(
            customer=customer_id, payment_date=payment_date,
            amount_cents=amount_cents - plan.fee_cents, method=normalize_method(method),
            note=_with_waiver(clean_text(note, multiline=True), waived),
            kind=PaymentKind.PAYMENT, fee_cents=plan.fee_cents, waived_fee_cents=waived,
        )
        for position, inst_id in enumerate(dict.fromkeys(installment_ids or ())):
            PaymentTarget.create(payment=payment, installment=inst_id, position=position)
        record_discounts(payment.id, discounts)  # issue 12
        placed = ledger.settle(customer_id)
        refuse_moving_paid_fees(fees_before, customer_id, payment_date, settings)
    return PaymentResult(payment.id, placed.payments.get(payment.id, ()),
                         placed.leftovers.get(payment.id, 0), plan.fee_cents,
                         plan.late_fee_cents, plan.interest_cents, waived)


def _with_waiver(note: str, waived: int) -> str:
    """Her note, with the waiver at the end when multa and juros were dispensed."""
    note = note.strip()
    if not waived:
        return note
    trace = f"multa e juros dispensados: {format_brl(waived)}"
    return f"{note} ({trace})" if note else trace


def apply_credit(customer_id: int, today: date | None = None) -> int:
    """Use her credit on her open installments now (re-applying her money); return the
    centavos of credit used. Kept for callers that add installments outside ``sales``."""
    before = credit_cents(customer_id)
    with database.atomic():
        ledger.settle(customer_id)
    return max(before - credit_cents(customer_id), 0)


@writes(Topic.PAYMENTS, Topic.CUSTOMERS)
def reverse_payment(payment_id: int, reason: str, now: datetime) -> None:
    """Undo a payment recorded by mistake (estorno), then re-apply her remaining money.

    The payment stays in the history with the reason (and what it had paid). Her valid
    payments are applied again oldest first, as if this one had never been recorded
    (``ledger``): later payments move to the installments it freed, credit is used at once.
    Reversing a credit use frees nothing for long: the credit is used again at once.
    Reversing an entrada makes its amount owed again, as an installment of that sale due
    on the sale date. When the re-applied money of another payment now pays less late
    principal than its multa and juros were charged on (it had ticked installments that
    this payment used to pay), the excess becomes principal of that payment: never kept as
    fees for no lateness.
    """
    reason = clean_text(reason, multiline=True)
    if not reason:
        raise ValidationError({"reason": "Diga o motivo do estorno (fica no histórico)."})
    payment = Payment.get_or_none(Payment.id == payment_id)
    if payment is None:
        raise NotFound("Pagamento não encontrado.")
    if payment.reversed_at is not None:
        raise ValidationError({"reason": "Este pagamento já foi estornado."})
    refuse_if_in_agreement(payment_id)
    if payment.method == PaymentMethod.RETURN_CREDIT:
        raise ValidationError({"reason": "Este crédito veio de uma devolução de peças, não de "
                               "dinheiro recebido: não há o que estornar."},
                              {"reason": "return_credit"})
    settings = load_settings()
    with database.atomic():
        fees_before = fee_room(payment.customer_id, MIN_DATE, settings)
        Payment.update(reversed_at=now, reversal_reason=reason).where(
            Payment.id == payment_id
        ).execute()
        if payment.kind == PaymentKind.DOWN_PAYMENT:
            _entrada_owed(payment)
        ledger.settle(payment.customer_id)
        if release_unjustified_fees(fees_before, payment.customer_id, settings):
            ledger.settle(payment.customer_id)
        refuse_negative_credit(payment.customer_id)


def _entrada_owed(payment: Payment) -> None:
    """A reversed entrada is owed again: an installment "Entrada" of its sale, due that day."""
    count = (Installment.select(fn.MAX(Installment.count))
             .where(Installment.sale == payment.sale_id).scalar()) or 0
    Installment.create(sale=payment.sale_id, customer=payment.customer_id, number=0,
                       count=count, due_date=payment.sale.sale_date,
                       amount_cents=payment.amount_cents)


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
    paid_names: tuple[str, ...] = ()  # "Biquíni 1/4", one per allocation (issue 13)


_PAYMENTS_SQL = """
    SELECT id, payment_date, amount_cents, method, kind, note, reversed_at, reversal_reason,
           fee_cents
    FROM payment WHERE customer_id = ? ORDER BY payment_date DESC, id DESC"""
_ALLOCATIONS_SQL = """
    SELECT a.payment_id, i.id, i.number, i.count, a.amount_cents, i.sale_id, i.agreement_id
    FROM allocation a JOIN payment p ON p.id = a.payment_id
    JOIN installment i ON i.id = a.installment_id
    WHERE p.customer_id = ? ORDER BY a.id"""


def list_payments(customer_id: int) -> list[PaymentView]:
    """Her payments, newest first, with what each paid (three plain reads, however long
    her history)."""
    allocs: dict[int, list] = {}
    sale_of: dict[int, int] = {}
    agreement_of: dict[int, int | None] = {}  # an agreement's installment is named by it
    for pid, inst_id, number, count, cents, sale_id, agreement_id in database.execute_sql(
            _ALLOCATIONS_SQL, (customer_id,)):
        allocs.setdefault(pid, []).append((inst_id, number, count, cents))
        sale_of[inst_id], agreement_of[inst_id] = sale_id, agreement_id
    purchases = purchase_names(sale_of.values())

    def names(pid: int) -> tuple[str, ...]:
        return tuple(installment_name(f"Acordo nº {agreement_of[i]}" if agreement_of[i]
                                      else purchases.get(sale_of[i], ""), n, c)
                     for i, n, c, _ in allocs.get(pid, ()))

    return [
        PaymentView(
            pid, date.fromisoformat(day[:10]), cents, method, method_label(method),
            kind, note, tuple(allocs.get(pid, ())), reversed_at is not None, reason, fee,
            names(pid),
        )
        for pid, day, cents, method, kind, note, reversed_at, reason, fee
        in database.execute_sql(_PAYMENTS_SQL, (customer_id,))
    ]


def _what(inst) -> str:
    """``Parcela 2/3``, or ``Entrada`` for a reversed entrada owed again."""
    if inst.number == 0:
        return "Entrada"
    return f"Parcela {installment_label(inst.number, inst.count)}"


def receipt_text(payment_id: int, store_name: str, settings=None) -> str:
    """A receipt ready to paste into WhatsApp (with a Pix code for the next installment
    when ``settings`` has a Pix key)."""
    p = Payment.get_or_none(Payment.id == payment_id)
    if p is None:
        raise NotFound("Pagamento não encontrado.")
    lines = [
        f"*Recibo — {store_name}*",
        f"Recebi de {p.customer.name} o valor de {format_brl(p.amount_cents)} "
        f"em {format_date(p.payment_date)} ({method_label(p.method)}).",
    ]
    discounts = discounts_of_payment(p.id)  # issue 12: desconto por antecipação
    for a in Allocation.select().where(Allocation.payment == p.id).join(Installment):
        inst = a.installment
        origin = (f"do acordo nº {inst.agreement_id}" if inst.agreement_id  # issue 12
                  else f"da compra de {format_date(inst.sale.sale_date)}")
        off = discounts.get(inst.id, 0)
        what = _what(inst)
        if inst.number and not inst.agreement_id:  # issue 13: "Biquíni 1/4"
            what = installment_name(purchase_names([inst.sale_id]).get(inst.sale_id, ""),
                                    inst.number, inst.count)
        lines.append(
            f"• {what} {origin} "
            f"(venc. {format_date(inst.due_date)}): {format_brl(a.amount_cents)}"
            + (f" + desconto por antecipação {format_brl(off)}" if off else "")
        )
    if p.fee_cents:
        lines.append(f"• Multa e juros por atraso: {format_brl(p.fee_cents)} "
                     f"(total recebido {format_brl(p.amount_cents + p.fee_cents)})")
    if p.waived_fee_cents:
        lines.append(f"• Multa e juros dispensados: {format_brl(p.waived_fee_cents)}")
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
        lines.extend(pix_lines(p.customer_id, p.payment_date, settings))
    lines.append("Obrigada! 💛")
    from app.services.collection.messages import message_signature, sign_message

    return sign_message("\n".join(lines), message_signature(settings) if settings else "")
