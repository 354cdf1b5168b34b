"""Late fees: multa (one-off, ≤ 2%) and juros de mora (simple, per month, pro rata per day).

Both are computed on the installment's *open* principal (what is still unpaid), per
installment, in integer centavos, rounded half up (``x,005`` → ``x,01``):

- multa  = open × late_fee_bp / 10 000 (the rate never above 2%: CDC art. 52 § 1º)
- juros  = open × late_interest_bp / 10 000 × days_late / 30 (the rate never above 1% a
  month: a reseller is not a bank, Lei de Usura; see ``validation.MAX_LATE_INTEREST_BP``)

``fee_sql`` states the same two rules as SQL expressions, so lists of thousands (Em atraso,
Cobranças de hoje) price every installment inside their query; a test checks both agree to
the centavo on every open installment of a varied notebook.

Example: R$ 100,00 overdue 15 days, multa 2% (200 bp), juros 1% a.m. (100 bp) →
multa R$ 2,00 + juros R$ 0,50. Installments due today or later carry no fees.

Fees belong to the payment and its date (``payments.record_payment(charge_fees=True)``):

- A payment is charged the multa and juros of the principal it pays on late installments,
  as of the *payment's* date (a payment typed today but dated three weeks ago pays three
  weeks less juros). They are stored apart (``payment.fee_cents``); waiving is one switch,
  and a payment that waives them keeps what it waived (``payment.waived_fee_cents``).
- Days late count from the grace date (``lateness``): an installment due on a Saturday and
  paid on Monday carries no multa and no juros; paid on Tuesday, one day of juros.
- With fees on, what she hands over pays principal *and* its fees: R$ 102,50 received for a
  R$ 100,00 installment 15 days late (2% + 1% a.m.) settles it, multa R$ 2,00 + juros
  R$ 0,50; it never becomes R$ 2,50 of extra principal on the next installment.
- Partial payments do not escape fees: the late part paid now is charged its own multa and
  juros now; the part still open keeps accruing and is charged when it is paid. So paying
  R$ 40,00 + R$ 60,00 costs the same multa as paying R$ 100,00 at once (up to a centavo of
  rounding per payment). When the money covers only part of an installment, the principal
  is the largest amount whose fees fit in it; a centavo left over by rounding goes to the
  principal (rounding favours the customer). See ``split_received``.
- The amount asked of her on a day (reminder, its Pix, Em atraso, customer page, payment
  dialog) is one figure: open principal plus the fees of its late part on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.db import database
from app.services.configuration.validation import MAX_LATE_FEE_BP, MAX_LATE_INTEREST_BP
from app.services.core.money import format_brl, percent_of
from app.services.core.sql import LATE, NOT_PRESCRIBED, OPEN
from app.services.receivables.lateness import days_late, sql_dates

DAYS_PER_MONTH = 30


def late_fee_cents(open_cents: int, late_fee_bp: int, days_late: int) -> int:
    """The multa on ``open_cents`` once overdue (0 when not late or the multa is off; the
    rate capped at 2%)."""
    if days_late <= 0 or late_fee_bp <= 0 or open_cents <= 0:
        return 0
    return percent_of(open_cents, _multa_bp(late_fee_bp))


def _multa_bp(late_fee_bp: int) -> int:
    """The multa rate actually charged: never above 2% (CDC art. 52 § 1º), even if a setting
    slipped past validation."""
    return min(max(int(late_fee_bp), 0), MAX_LATE_FEE_BP)


def _juros_bp(interest_bp: int) -> int:
    """The juros rate actually charged: never above 1% a month, even if a setting saved by an
    older version (which allowed 10%) says more."""
    return min(max(int(interest_bp), 0), MAX_LATE_INTEREST_BP)


def late_interest_cents(open_cents: int, interest_bp: int, days_late: int) -> int:
    """Juros de mora: ``open × bp/10 000 × days/30``, rounded half up to the centavo (the rate
    capped at 1% a month)."""
    interest_bp = _juros_bp(interest_bp)
    if days_late <= 0 or interest_bp <= 0 or open_cents <= 0:
        return 0
    divisor = 10_000 * DAYS_PER_MONTH
    return (open_cents * interest_bp * days_late + divisor // 2) // divisor


def split_received(
    received: int, open_cents: int, days_late: int, late_fee_bp: int, interest_bp: int
) -> tuple[int, int, int]:
    """(principal, multa, juros) that ``received`` centavos pay on one late installment.

    Pays the whole open principal and its fees when the money is enough; otherwise the
    largest principal ``x`` with ``x + fees(x) <= received``, and a centavo left over by
    rounding is added to the principal (never to the fees).
    """
    late_fee_bp = _multa_bp(late_fee_bp)

    def fees(cents: int) -> tuple[int, int]:
        return (late_fee_cents(cents, late_fee_bp, days_late),
                late_interest_cents(cents, interest_bp, days_late))

    if received >= open_cents + sum(fees(open_cents)):
        return open_cents, *fees(open_cents)
    divisor = 10_000 * DAYS_PER_MONTH
    x = min(received * divisor // (divisor + late_fee_bp * DAYS_PER_MONTH
                                   + interest_bp * days_late), open_cents)
    while x < open_cents and x + 1 + sum(fees(x + 1)) <= received:
        x += 1
    while x > 0 and x + sum(fees(x)) > received:
        x -= 1
    multa, juros = fees(x)
    return min(received - multa - juros, open_cents), multa, juros


def fee_rule(settings):
    """The pricing ``ledger.place`` uses for a payment that charges fees (``settings``)."""
    def rule(open_cents: int, days_late: int, received: int) -> tuple[int, int, int]:
        return split_received(received, open_cents, days_late, settings.late_fee_bp,
                              settings.late_interest_bp)
    return rule


@dataclass(frozen=True)
class InstallmentFees:
    installment_id: int
    due_date: date
    days_late: int
    principal_cents: int  # open amount of the installment
    fee_cents: int  # multa
    interest_cents: int  # juros de mora

    @property
    def total_cents(self) -> int:
        return self.principal_cents + self.fee_cents + self.interest_cents


@dataclass(frozen=True)
class CustomerFees:
    customer_id: int
    installments: tuple[InstallmentFees, ...]  # overdue ones, oldest first

    @property
    def principal_cents(self) -> int:
        return sum(i.principal_cents for i in self.installments)

    @property
    def fee_cents(self) -> int:
        return sum(i.fee_cents for i in self.installments)

    @property
    def interest_cents(self) -> int:
        return sum(i.interest_cents for i in self.installments)

    @property
    def total_cents(self) -> int:
        return self.principal_cents + self.fee_cents + self.interest_cents


def installment_fees(
    installment_id: int, due_date: date, open_cents: int, today: date, settings
) -> InstallmentFees:
    """Principal, multa and juros of one installment on ``today`` (``settings``: Settings);
    days late counted from its grace date (``lateness``)."""
    days = days_late(due_date, today)
    return InstallmentFees(
        installment_id, due_date, days, open_cents,
        late_fee_cents(open_cents, settings.late_fee_bp, days),
        late_interest_cents(open_cents, settings.late_interest_bp, days),
    )


def customer_fees(customer_id: int, today: date, settings) -> CustomerFees:
    """Her overdue installments on ``today`` (open, late by ``lateness``, not prescritas)
    with fees."""
    rows = database.execute_sql(
        "SELECT id, due_date, amount_cents - paid_cents FROM installment "
        f"WHERE customer_id = :cid AND {OPEN} AND {LATE} AND {NOT_PRESCRIBED} "
        "ORDER BY due_date, id", {"cid": customer_id, **sql_dates(today)},
    ).fetchall()
    return CustomerFees(customer_id, tuple(
        installment_fees(r[0], date.fromisoformat(r[1]), r[2], today, settings) for r in rows
    ))


def fees_on_paid(allocations, payment_date: date, settings) -> int:
    """Multa + juros that the principal of ``allocations`` ((installment id, centavos), as a
    payment dated ``payment_date`` pays it) would carry: what a waiver dispenses."""
    from app.models.receivables import Installment

    due = dict(Installment.select(Installment.id, Installment.due_date).where(
        Installment.id.in_([i for i, _ in allocations])).tuples())
    priced = (installment_fees(iid, due[iid], cents, payment_date, settings)
              for iid, cents in allocations)
    return sum(f.fee_cents + f.interest_cents for f in priced)


def fees_enabled(settings) -> bool:
    """True when the reseller charges multa or juros."""
    return settings.late_fee_bp > 0 or settings.late_interest_bp > 0


def with_fees_text(total_cents: int, fee_cents: int) -> str:
    """``R$ 102,50 com multa e juros`` when fees are included, else ``R$ 100,00``."""
    text = format_brl(total_cents)
    return f"{text} com multa e juros" if fee_cents > 0 else text


def fee_sql(
    open_expr: str, days_expr: str, late_fee_bp: int, interest_bp: int
) -> tuple[str, str]:
    """SQL expressions (multa, juros) equal to ``late_fee_cents`` and ``late_interest_cents``
    for every input, to the centavo: 0 when not late (``days <= 0``), nothing open or the rate
    off; the multa capped at 2% and the juros at 1% a month; the same half-up rounding
    (SQLite's integer ``/`` truncates, which is floor for the non-negative numerators these
    guards leave).

    Integer-only arithmetic: the bp values are ints we format in ourselves, never user text.
    """
    fee_bp, interest_bp = _multa_bp(late_fee_bp), _juros_bp(interest_bp)
    late = f"({days_expr}) > 0 AND ({open_expr}) > 0"
    divisor = 10_000 * DAYS_PER_MONTH
    fee = (f"CASE WHEN {late} THEN (({open_expr}) * {fee_bp} + 5000) / 10000 ELSE 0 END"
           if fee_bp else "0")
    interest = (f"CASE WHEN {late} THEN (({open_expr}) * {interest_bp} * ({days_expr})"
                f" + {divisor // 2}) / {divisor} ELSE 0 END" if interest_bp else "0")
    return fee, interest
