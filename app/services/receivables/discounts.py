"""Desconto por antecipação: what a payment made before the due date takes off.

Rules (issue 12, made precise here):

- *Percent discount* (off by default): ``early_discount_bp`` of the installment's open amount
  when the payment date is at least ``early_discount_days`` days before its due date
  (due − payment date ≥ n: on the boundary day it applies, the day after it does not).
  Not on an agreement's installments (issue 19: their amounts were already negotiated, often
  with multa and juros waived), unless ``agreement_early_discount`` is set.
- *Interest rebate* (CDC art. 52 §2: paying early reduces interest proportionally): an
  agreement installment that carries financing interest (``interest_cents``, see
  ``agreement_plans``) loses the part of it not yet run: ``interest × open/amount ×
  days_early / days_financed``, where days_financed runs from the agreement's date to the due
  date, rounded half up. It applies on any day before the due date, with no minimum.
- A discount is only granted to an installment the payment settles completely (cash +
  discount = open amount); a partial payment gets none. Installments are taken in the order
  the payment pays them (ticked ones first, then the oldest).
- The reminders: the first stage of the régua (D−5 by default) tells her about the discount
  when paying that day earns it: "pagando até 23/11, fica R$ 71,25", and its Pix asks that
  amount (``asked``, ``worklist``). A discount that needs more notice than the first reminder
  gives (``early_discount_days`` > its lead) can never be announced by it:
  ``reminder_lead_warning`` says so in Configurações.
- Recording: each discount is a ``PaymentDiscount`` row of the payment, apart from the money
  received, so credit, "recebido" figures and receipts never count it as money. ``ledger``
  adds it to the installment's paid part every time it re-applies that payment, before the
  payment's money; a reversed payment is not re-applied, so its discount goes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.db import database
from app.models.negotiation import Agreement
from app.models.receivables import Installment, PaymentDiscount
from app.services.core.changes import Topic, writes
from app.services.core.money import percent_of
from app.services.core.text import plural


@dataclass(frozen=True)
class EarlyDiscount:
    installment_id: int
    due_date: date
    days_early: int
    percent_cents: int  # desconto por antecipação (setting)
    interest_cents: int  # financing interest taken off (CDC art. 52 §2)

    @property
    def total_cents(self) -> int:
        return self.percent_cents + self.interest_cents


def _interest_rebate(inst: Installment, open_cents: int, days_early: int,
                     starts: dict[int, date]) -> int:
    if not inst.interest_cents or days_early <= 0 or inst.agreement_id not in starts:
        return 0
    financed = (inst.due_date - starts[inst.agreement_id]).days
    if financed <= 0:
        return 0
    days = min(days_early, financed)
    numerator = inst.interest_cents * open_cents * days
    denominator = inst.amount_cents * financed
    return (2 * numerator + denominator) // (2 * denominator)


def discount_for(inst: Installment, payment_date: date, settings,
                 starts: dict[int, date] | None = None) -> EarlyDiscount | None:
    """The discount ``inst`` gets if a payment on ``payment_date`` settles it (None: none)."""
    open_cents = inst.amount_cents - inst.paid_cents
    days_early = (inst.due_date - payment_date).days
    if open_cents <= 0 or days_early <= 0:
        return None
    percent = 0
    allowed = not inst.agreement_id or settings.agreement_early_discount
    if allowed and settings.early_discount_bp > 0 and days_early >= settings.early_discount_days:
        percent = percent_of(open_cents, settings.early_discount_bp)
    interest = _interest_rebate(inst, open_cents, days_early, starts or {})
    if percent + interest <= 0:
        return None
    percent = min(percent, open_cents - interest - 1)  # she always pays something
    return EarlyDiscount(inst.id, inst.due_date, days_early, max(percent, 0), interest)


def _starts(targets: list[Installment]) -> dict[int, date]:
    ids = {i.agreement_id for i in targets if i.agreement_id and i.interest_cents}
    if not ids:
        return {}
    return {a.id: a.created_on for a in Agreement.select().where(Agreement.id.in_(ids))}


def plan_discounts(targets: list[Installment], amount_cents: int, payment_date: date,
                   settings) -> tuple[EarlyDiscount, ...]:
    """Discounts a payment of ``amount_cents`` earns over ``targets`` (in paying order)."""
    starts = _starts(targets)
    remaining, found = amount_cents, []
    for inst in targets:
        if remaining <= 0:
            break
        open_cents = inst.amount_cents - inst.paid_cents
        discount = discount_for(inst, payment_date, settings, starts)
        if discount and remaining >= open_cents - discount.total_cents:
            found.append(discount)
            remaining -= open_cents - discount.total_cents
        else:
            remaining -= min(open_cents, remaining)
    return tuple(found)


def discounts_for_payment(customer_id: int, amount_cents: int, payment_date: date, settings,
                          installment_ids: list[int] | None = None) -> tuple[EarlyDiscount, ...]:
    """Discounts a payment would earn, in the payment service's order (ticked first)."""
    from app.services.people.customers import installments_open

    open_ones = installments_open(customer_id)
    chosen = set(installment_ids or [])
    targets = [i for i in open_ones if i.id in chosen] + [
        i for i in open_ones if i.id not in chosen]
    return plan_discounts(targets, amount_cents, payment_date, settings)


@writes(Topic.PAYMENTS)
def record_discounts(payment_id: int, discounts: tuple[EarlyDiscount, ...]) -> None:
    """Keep the discounts granted with ``payment_id`` (inside the payment's transaction)."""
    if discounts:
        PaymentDiscount.insert_many([
            {"payment": payment_id, "installment": d.installment_id,
             "percent_cents": d.percent_cents, "interest_cents": d.interest_cents}
            for d in discounts]).execute()


def granted(customer_id: int) -> dict[int, tuple[tuple[int, int], ...]]:
    """payment id → ((installment id, centavos), …) of the discounts of her payments."""
    found: dict[int, list[tuple[int, int]]] = {}
    for pid, inst_id, cents in database.execute_sql(
            "SELECT d.payment_id, d.installment_id, d.percent_cents + d.interest_cents "
            "FROM payment_discount d JOIN payment p ON p.id = d.payment_id "
            "WHERE p.customer_id = ? ORDER BY d.id", (customer_id,)).fetchall():
        found.setdefault(pid, []).append((inst_id, cents))
    return {pid: tuple(rows) for pid, rows in found.items()}


def of_payment(payment_id: int) -> dict[int, int]:
    """installment id → centavos of discount granted with ``payment_id`` (for receipts)."""
    return {d.installment_id: d.percent_cents + d.interest_cents for d in
            PaymentDiscount.select().where(PaymentDiscount.payment == payment_id)}


def discount_summary(discounts: tuple[EarlyDiscount, ...], settings) -> str:
    """One pt-BR line for the payment dialog ("" when there is no discount)."""
    from app.services.core.money import format_brl, format_percent

    if not discounts:
        return ""
    total = sum(d.total_cents for d in discounts)
    parts = []
    if any(d.percent_cents for d in discounts):
        parts.append(f"{format_percent(settings.early_discount_bp)} pagando "
                     f"{settings.early_discount_days}+ dias antes do vencimento")
    if any(d.interest_cents for d in discounts):
        parts.append("juros do acordo pelos dias antecipados")
    return f"Desconto por antecipação: −{format_brl(total)} ({'; '.join(parts)})"


def reminder_lead_warning(settings, stages) -> str:
    """A pt-BR warning (never a block) when the desconto por antecipação is on but must be
    earned earlier than the first reminder of the régua ``stages`` goes out; "" otherwise."""
    from app.services.collection.cadence import lead_days

    lead, days = lead_days(stages), settings.early_discount_days
    if settings.early_discount_bp <= 0 or lead >= days:
        return ""
    first = (f"o primeiro lembrete da régua sai {plural(lead, 'dia')} antes"
             if lead else "a régua não tem lembrete antes do vencimento")
    return (f"O desconto por antecipação vale pagando {plural(days, 'dia')} antes do "
            "vencimento, mas "
            f"{first}: quem recebe o lembrete já não ganha o desconto. Para o lembrete "
            "oferecer o desconto, aumente a antecedência do lembrete (Régua e mensagens) ou "
            "diminua a do desconto.")
