"""Late fees: multa (one-off, ≤ 2%) and juros de mora (simple, per month, pro rata per day).

Both are computed on the installment's *open* principal (what is still unpaid), per
installment, in integer centavos, rounded half up (``x,005`` → ``x,01``):

- multa  = open × late_fee_bp / 10 000
- juros  = open × late_interest_bp / 10 000 × days_late / 30

Example: R$ 100,00 overdue 15 days, multa 2% (200 bp), juros 1% a.m. (100 bp) →
multa R$ 2,00 + juros R$ 0,50. Installments due today or later carry no fees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.db import database
from app.services.money import format_brl, format_percent, percent_of
from app.services.sql import OPEN

DAYS_PER_MONTH = 30


def late_fee_cents(open_cents: int, late_fee_bp: int, days_late: int) -> int:
    """The multa on ``open_cents`` once overdue (0 when not late or the multa is off)."""
    if days_late <= 0 or late_fee_bp <= 0 or open_cents <= 0:
        return 0
    return percent_of(open_cents, late_fee_bp)


def late_interest_cents(open_cents: int, interest_bp: int, days_late: int) -> int:
    """Juros de mora: ``open × bp/10 000 × days/30``, rounded half up to the centavo."""
    if days_late <= 0 or interest_bp <= 0 or open_cents <= 0:
        return 0
    divisor = 10_000 * DAYS_PER_MONTH
    return (open_cents * interest_bp * days_late + divisor // 2) // divisor


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


@dataclass(frozen=True)
class PaymentFees:
    """What the payment dialog shows: fees due today, which the reseller may waive."""

    enabled: bool
    late_fee_bp: int
    late_interest_bp: int
    fees: CustomerFees
    summary: str  # one pt-BR line, empty when nothing is overdue


def installment_fees(
    installment_id: int, due_date: date, open_cents: int, today: date, settings
) -> InstallmentFees:
    """Principal, multa and juros of one installment on ``today`` (``settings``: Settings)."""
    days = max((today - due_date).days, 0)
    return InstallmentFees(
        installment_id, due_date, days, open_cents,
        late_fee_cents(open_cents, settings.late_fee_bp, days),
        late_interest_cents(open_cents, settings.late_interest_bp, days),
    )


def customer_fees(customer_id: int, today: date, settings) -> CustomerFees:
    """Her overdue installments (due before ``today``, open, not renegotiated) with fees."""
    rows = database.execute_sql(
        "SELECT id, due_date, amount_cents - paid_cents FROM installment "
        f"WHERE customer_id = ? AND {OPEN} AND due_date < ? ORDER BY due_date, id",
        (customer_id, today.isoformat()),
    ).fetchall()
    return CustomerFees(customer_id, tuple(
        installment_fees(r[0], date.fromisoformat(r[1]), r[2], today, settings) for r in rows
    ))


def fees_enabled(settings) -> bool:
    """True when the reseller charges multa or juros."""
    return settings.late_fee_bp > 0 or settings.late_interest_bp > 0


def fees_for_payment(customer_id: int, today: date, settings) -> PaymentFees:
    """Fees the payment dialog can offer to charge (or waive) for her overdue installments."""
    fees = customer_fees(customer_id, today, settings)
    enabled = fees_enabled(settings)
    summary = ""
    if fees.installments:
        summary = f"Em atraso: {format_brl(fees.principal_cents)}"
        if enabled:
            summary += (
                f" + multa {format_brl(fees.fee_cents)} ({format_percent(settings.late_fee_bp)})"
                f" + juros {format_brl(fees.interest_cents)} "
                f"({format_percent(settings.late_interest_bp)} ao mês)"
                f" = {format_brl(fees.total_cents)}. Você pode dispensar multa e juros."
            )
        else:
            summary += " (multa e juros desligados nas Configurações)."
    return PaymentFees(enabled, settings.late_fee_bp, settings.late_interest_bp, fees, summary)


def fee_sql(
    open_expr: str, days_expr: str, late_fee_bp: int, interest_bp: int
) -> tuple[str, str]:
    """SQL expressions (multa, juros) equal to the functions above, for aggregations.

    Integer-only arithmetic: the bp values are ints we format in ourselves, never user text.
    """
    divisor = 10_000 * DAYS_PER_MONTH
    fee = f"(({open_expr}) * {int(late_fee_bp)} + 5000) / 10000"
    interest = (f"(({open_expr}) * {int(interest_bp)} * ({days_expr}) + {divisor // 2})"
                f" / {divisor}")
    return fee, interest
