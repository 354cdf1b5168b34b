"""Where a customer's money goes: every valid payment re-applied, oldest first, in one pass.

The rule (DESIGN.md, "Payment allocation"), made precise:

- Her money is her valid payments (kind ``payment``, not reversed), in date order (same day:
  in the order they were recorded). A reversed payment pays nothing; its old allocations stay
  as history. An entrada (down payment) belongs to its sale and is not re-applied.
- A sale's installments can be paid from the sale date on; on the same day the sale comes
  first, so any payment dated the day of a sale can pay it. Payments of one day keep the
  order in which they were recorded.
- A payment pays first the installments ticked for it (while open and already sold), then
  the oldest open installments (both in due-date order). What is left becomes her credit.
  An installment *prescrita* on the payment's date (``lateness``: five years past its grace
  date) is paid only when ticked: her money never goes to a debt that can no longer be
  collected unless she chooses to pay it. Credit is never used on it either.
- Multa and juros (when a payment charges them) count the days late from the grace date
  (``lateness``): due on a Saturday and paid on Monday is on time.
- Credit never sits beside an open installment: when a sale's installments become payable
  and she holds credit, the credit is used at once, oldest first, as a *credit use* dated
  that day ("Crédito de pagamento anterior").
- Renegotiated installments (replaced by an agreement) keep what was paid on them and take
  no part: what a payment had paid on them is not re-applied.
- Fees received with a payment (``fee_cents``) are money already received: they stay as
  recorded; only the principal (``amount_cents``) is re-applied.
- Early-payment discounts granted with a payment (``discounts``, issue 12) are settled on
  their installments when that payment is placed, before its money; they are not money. A
  discount stays only while that payment's money, as placed, settles its installment: when a
  reversal sends that money to an older installment, or a back-dated payment paid the
  installment first, the discount is taken back and its record removed.

Credit uses are bookkeeping, not money received: when a pass finds different ones, the old
ones are replaced (a credit use the reseller reversed stays in the history as reversed).
Code that adds installments or payments outside ``payments`` and ``sales`` must call
``settle`` in its own transaction.

``settle(customer_id)`` computes all this from scratch and writes the result (allocations,
credit uses, paid amounts and dates, and each installment's ``last_paid_on``: the date of the
latest payment that paid part of it, which Cobranças de hoje reads) inside the caller's
transaction. It runs after every
payment, sale and reversal, so the stored allocations always equal "as if the reversed
payments had never been recorded".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.models.db import database
from app.models.receivables import Allocation, Installment, Payment, PaymentDiscount
from app.services.core.codes import PaymentKind, PaymentMethod
from app.services.core.sql import flag
from app.services.receivables.discounts import granted
from app.services.receivables.lateness import days_late, prescribed_until

CREDIT_NOTE = "Crédito de pagamento anterior"
Allocations = tuple[tuple[int, int], ...]  # (installment id, centavos)
# (open centavos, days late, money available) → (principal paid, multa, juros)
FeeRule = Callable[[int, int, int], tuple[int, int, int]]


@dataclass
class Open:
    """One installment during the pass."""

    id: int
    sale_date: date
    due_date: date
    amount: int
    paid: int = 0
    paid_date: date | None = None
    last_paid_on: date | None = None  # the latest payment (not a credit use) that paid it

    @property
    def stored(self) -> tuple[int, date | None, date | None]:
        """What the installment row keeps of the pass: paid, paid date, last paid on."""
        return self.paid, self.paid_date, self.last_paid_on

    @property
    def open(self) -> int:
        return self.amount - self.paid


@dataclass(frozen=True)
class Money:
    """A valid payment to place: ``cents`` of principal, ticked ``targets`` first."""

    id: int
    when: date
    cents: int
    targets: tuple[int, ...] = ()
    discounts: tuple[tuple[int, int], ...] = ()  # issue 12: (installment id, centavos) granted


@dataclass
class Placement:
    """The result of one pass."""

    payments: dict[int, Allocations] = field(default_factory=dict)
    leftovers: dict[int, int] = field(default_factory=dict)  # payment id → became credit
    credit_uses: list[tuple[date, Allocations]] = field(default_factory=list)
    installments: dict[int, Open] = field(default_factory=dict)
    credit: int = 0
    fees: dict[int, tuple[int, int]] = field(default_factory=dict)  # payment → (multa, juros)
    revoked: dict[int, tuple[int, ...]] = field(default_factory=dict)  # payment → installments


def place(insts: list[Open], money: list[Money], fee_rule: FeeRule | None = None,
          fee_payment: int | None = None, credit: int = 0) -> Placement:
    """Apply ``money`` over ``insts`` (rules in the module docstring), in memory.

    ``fee_rule`` prices the late installments paid by payment ``fee_payment`` only: its
    ``cents`` are then what she handed over, principal and fees together. A negative
    ``credit`` is credit already spent on renegotiated installments: new credit repays it first.
    """
    insts = sorted(insts, key=lambda i: (i.due_date, i.id))
    result = Placement(installments={i.id: i for i in insts}, credit=credit)
    events = [(day, 0, 0, None) for day in sorted({i.sale_date for i in insts})]
    events += [(m.when, 1, m.id, m) for m in money]
    for day, _, _, item in sorted(events, key=lambda e: e[:3]):
        insts = [i for i in insts if i.open > 0]  # paid ones never reopen within a pass
        payable = [i for i in insts if i.sale_date <= day]
        chosen = set(item.targets) if item is not None else set()
        prescribed = prescribed_until(day)
        payable = [i for i in payable if i.id in chosen or i.due_date > prescribed]
        if item is None:
            if result.credit > 0 and payable:
                used, _, _ = _pay(payable, result.credit, day)
                result.credit -= sum(c for _, c in used)
                result.credit_uses.append((day, used))
            continue
        granted = _grant(payable, item.discounts, day)  # issue 12: discounts come first
        order = ([i for i in payable if i.id in item.targets]
                 + [i for i in payable if i.id not in item.targets])
        rule = fee_rule if item.id == fee_payment else None
        done, multa, juros = _pay(order, item.cents, day, rule)
        result.revoked[item.id] = _revoke_unsettled(granted, item.discounts)
        result.payments[item.id] = done
        for inst_id, _ in done:  # events come in date order: the last one is the latest
            result.installments[inst_id].last_paid_on = day
        result.fees[item.id] = (multa, juros)
        left = item.cents - sum(c for _, c in done) - multa - juros
        result.leftovers[item.id] = left
        result.credit += left
    return result


def _grant(payable: list[Open], discounts: tuple[tuple[int, int], ...],
           day: date) -> list[tuple[Open, int]]:
    """Settle the discounted part of each installment that still needs this payment's money
    after it (open above the discount); return what was granted, per installment."""
    by_id = {i.id: i for i in payable}
    granted = []
    for inst_id, cents in discounts:
        inst = by_id.get(inst_id)
        if inst is not None and inst.open > cents:
            inst.paid += cents
            granted.append((inst, cents))
    return granted


def _revoke_unsettled(granted: list[tuple[Open, int]],
                      discounts: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    """A discount is earned only by settling its installment with the payment's money: when
    the payment, as placed now (say, after an earlier payment was reversed or a back-dated
    one paid that installment), does not settle it, the discount is taken back. Its money
    was spent before reaching that installment, so no allocation changes. Returns the ids
    of the installments whose discount does not stand."""
    kept = set()
    for inst, share in granted:
        if inst.open > 0:
            inst.paid -= share
        else:
            kept.add(inst.id)
    return tuple(inst_id for inst_id, _ in discounts if inst_id not in kept)


def _pay(order: list[Open], cents: int, day: date,
         rule: FeeRule | None = None) -> tuple[Allocations, int, int]:
    """Pay ``order`` in turn with ``cents``; with ``rule``, late ones cost principal + fees.
    Returns the allocations, the multa and the juros charged."""
    done, multa, juros = [], 0, 0
    for inst in order:
        if cents <= 0:
            break
        if inst.open <= 0:
            continue
        days = days_late(inst.due_date, day)
        if rule is not None and days > 0:
            share, fee, interest = rule(inst.open, days, cents)
        else:
            share, fee, interest = min(inst.open, cents), 0, 0
        if share <= 0:
            break
        inst.paid += share
        if inst.paid >= inst.amount:
            inst.paid_date = day
        done.append((inst.id, share))
        cents -= share + fee + interest
        multa, juros = multa + fee, juros + interest
    return tuple(done), multa, juros


@dataclass(frozen=True)
class Ledger:
    """A customer's stored state, ready for ``place``."""

    installments: list[Open]
    money: list[Money]
    frozen_credit: int  # credit already used on renegotiated installments
    stored: dict[int, tuple]  # installment id → (paid, paid date, last paid on) now


_INSTALLMENTS_SQL = f"""
SELECT i.id, s.sale_date, i.due_date, i.amount_cents, i.paid_cents, i.paid_date,
       i.last_paid_on
FROM installment i
JOIN sale s ON s.id = i.sale_id WHERE i.customer_id = ? AND {flag("i.renegotiated", False)}
"""
_FROZEN_SQL = f"""
SELECT a.payment_id, p.kind, SUM(a.amount_cents) FROM allocation a
JOIN payment p ON p.id = a.payment_id JOIN installment i ON i.id = a.installment_id
WHERE p.customer_id = ? AND p.reversed_at IS NULL AND {flag("i.renegotiated")}
GROUP BY a.payment_id
"""


_TARGETS_SQL = """
SELECT t.payment_id, t.installment_id FROM payment_target t
JOIN payment p ON p.id = t.payment_id WHERE p.customer_id = ? ORDER BY t.payment_id, t.position
"""
_MONEY_SQL = """
SELECT id, payment_date, amount_cents FROM payment
WHERE customer_id = ? AND kind = 'payment' AND reversed_at IS NULL ORDER BY payment_date, id
"""
_STORED_SQL = f"""
SELECT a.id, a.payment_id, a.installment_id, a.amount_cents FROM allocation a
JOIN payment p ON p.id = a.payment_id JOIN installment i ON i.id = a.installment_id
WHERE p.customer_id = ? AND p.kind = ? AND p.reversed_at IS NULL
      AND {flag("i.renegotiated", False)}
ORDER BY a.id
"""


def load(customer_id: int) -> Ledger:
    """Her installments (not renegotiated) and valid payments with their ticks."""
    rows = database.execute_sql(_INSTALLMENTS_SQL, (customer_id,)).fetchall()
    insts = [Open(r[0], date.fromisoformat(r[1]), date.fromisoformat(r[2]), r[3]) for r in rows]
    stored = {r[0]: (r[4], *(date.fromisoformat(d) if d else None for d in r[5:7]))
              for r in rows}
    frozen, frozen_credit = {}, 0
    for pid, kind, cents in database.execute_sql(_FROZEN_SQL, (customer_id,)).fetchall():
        if kind == PaymentKind.CREDIT_USE:
            frozen_credit += cents
        else:
            frozen[pid] = cents
    targets: dict[int, list[int]] = {}
    for pid, inst_id in database.execute_sql(_TARGETS_SQL, (customer_id,)).fetchall():
        targets.setdefault(pid, []).append(inst_id)
    discounts = granted(customer_id)  # issue 12
    money = [Money(pid, date.fromisoformat(day), cents - frozen.get(pid, 0),
                   tuple(targets.get(pid, ())), discounts.get(pid, ()))
             for pid, day, cents in database.execute_sql(_MONEY_SQL, (customer_id,)).fetchall()]
    return Ledger(insts, money, frozen_credit, stored)


def settle(customer_id: int) -> Placement:
    """Re-apply all her valid money from scratch and store the result (see module docstring).

    Call inside the write's ``database.atomic()``; only rows that change are rewritten.
    """
    ledger = load(customer_id)
    result = place(ledger.installments, ledger.money, credit=-ledger.frozen_credit)
    with database.atomic():
        for pid, inst_ids in result.revoked.items():  # discounts no longer earned
            if inst_ids:
                PaymentDiscount.delete().where((PaymentDiscount.payment == pid)
                                               & PaymentDiscount.installment.in_(inst_ids)
                                               ).execute()
        _write_allocations(customer_id, result)
        _write_credit_uses(customer_id, result)
        for inst in result.installments.values():
            if ledger.stored[inst.id] != inst.stored:
                Installment.update(paid_cents=inst.paid, paid_date=inst.paid_date,
                                   last_paid_on=inst.last_paid_on).where(
                    Installment.id == inst.id).execute()
    return result


def _stored(customer_id: int, kind: str) -> dict[int, list[tuple[int, int, int]]]:
    """payment id → [(allocation id, installment id, cents)] on installments not renegotiated."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    for aid, pid, inst_id, cents in database.execute_sql(_STORED_SQL, (customer_id, kind)):
        found.setdefault(pid, []).append((aid, inst_id, cents))
    return found


def _write_allocations(customer_id: int, result: Placement) -> None:
    stored = _stored(customer_id, PaymentKind.PAYMENT)
    for pid, allocations in result.payments.items():
        old = stored.get(pid, [])
        if sorted((i, c) for _, i, c in old) == sorted(allocations):
            continue
        Allocation.delete().where(Allocation.id.in_([a for a, _, _ in old])).execute()
        if allocations:
            Allocation.insert_many([{"payment": pid, "installment": inst_id,
                                     "amount_cents": cents}
                                    for inst_id, cents in allocations]).execute()


def _write_credit_uses(customer_id: int, result: Placement) -> None:
    stored = _stored(customer_id, PaymentKind.CREDIT_USE)
    uses = list(Payment.select().where(
        (Payment.customer == customer_id) & (Payment.kind == PaymentKind.CREDIT_USE)
        & Payment.reversed_at.is_null()).order_by(Payment.payment_date, Payment.id))
    for p in uses:  # a use that also paid an installment now renegotiated keeps that part
        mine = stored.get(p.id, [])  # only: the rest is placed again like any credit use
        part = sum(c for _, _, c in mine)
        if mine and part != p.amount_cents:
            Allocation.delete().where(Allocation.id.in_([a for a, _, _ in mine])).execute()
            Payment.update(amount_cents=p.amount_cents - part).where(
                Payment.id == p.id).execute()
            del stored[p.id]
    replaceable = [p for p in uses
                   if p.id in stored and sum(c for _, _, c in stored[p.id]) == p.amount_cents]
    old = [(p.payment_date, tuple(sorted((i, c) for _, i, c in stored.get(p.id, ()))))
           for p in replaceable]
    new = [(day, tuple(sorted(allocs))) for day, allocs in result.credit_uses]
    if old == new:
        return
    Payment.delete().where(Payment.id.in_([p.id for p in replaceable])).execute()
    for day, allocs in result.credit_uses:
        payment = Payment.create(customer=customer_id, payment_date=day,
                                 amount_cents=sum(c for _, c in allocs),
                                 method=PaymentMethod.CUSTOMER_CREDIT,
                                 kind=PaymentKind.CREDIT_USE, note=CREDIT_NOTE)
        for inst_id, cents in allocs:
            Allocation.create(payment=payment, installment=inst_id, amount_cents=cents)
