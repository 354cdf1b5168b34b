"""Installment plans (split, due dates) and installment status on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.services.core.dates import add_months, check_business_date, format_short
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.receivables.lateness import days_late, grace_date, is_prescribed

MAX_INSTALLMENTS = 48


class Interval(StrEnum):
    MONTHLY = "monthly"
    BIWEEKLY = "biweekly"
    WEEKLY = "weekly"
    CUSTOM = "custom"


INTERVAL_LABELS = {
    Interval.MONTHLY: "Mensal",
    Interval.BIWEEKLY: "A cada 15 dias",
    Interval.WEEKLY: "Semanal",
    Interval.CUSTOM: "Datas escolhidas",
}


def due_dates(
    count: int,
    first_due: date,
    interval: Interval | str,
    day_of_month: int | None = None,
    custom: list[date] | None = None,
) -> list[date]:
    """The ``count`` due dates of a plan.

    Monthly dates fall on ``day_of_month`` (default: the first due date's day), clamped to
    the month's last day; custom plans use ``custom`` as typed (must be ``count`` dates).
    """
    interval = Interval(interval)
    if interval is Interval.CUSTOM:
        dates = list(custom or [])
        if len(dates) != count:
            raise ValueError(f"Informe {plural(count, 'data')} de vencimento "
                             f"({'foi' if len(dates) == 1 else 'foram'} {len(dates)}).")
        twice = next((d for n, d in enumerate(dates) if d in dates[:n]), None)
        if twice is not None:
            raise ValueError(f"A data {twice.strftime('%d/%m/%Y')} aparece duas vezes nas datas "
                             "escolhidas. Cada parcela precisa de uma data diferente.")
        return dates
    if day_of_month is not None and not 1 <= day_of_month <= 31:
        raise ValueError(f"O dia do vencimento deve ser de 1 a 31 (foi {day_of_month}). "
                         "Num mês mais curto, o dia 31 vira o último dia do mês.")
    if interval is Interval.MONTHLY:
        day = day_of_month or first_due.day
        return [first_due] + [add_months(first_due, i, day) for i in range(1, count)]
    step = timedelta(days=15 if interval is Interval.BIWEEKLY else 7)
    return [first_due + step * i for i in range(count)]


def split_amount(total_cents: int, count: int) -> list[int]:
    """Split ``total_cents`` in ``count`` parts; leftover centavos go to the first ones."""
    if count < 1:
        raise ValueError("O número de parcelas deve ser pelo menos 1.")
    base, rest = divmod(total_cents, count)
    return [base + (1 if i < rest else 0) for i in range(count)]


def split_installments(
    total_cents: int,
    count: int,
    first_due: date,
    interval: Interval | str = Interval.MONTHLY,
    day_of_month: int | None = None,
    custom: list[date] | None = None,
) -> list[tuple[date, int]]:
    """Return ``[(due_date, amount_cents), …]`` whose amounts add up exactly to the total."""
    validate_plan(total_cents, count, first_due)
    dates = due_dates(count, first_due, interval, day_of_month, custom)
    for when in dates:
        check_business_date(when, "O vencimento")
    if interval == Interval.CUSTOM and dates != sorted(dates):
        raise ValueError("As datas de vencimento devem estar em ordem.")
    return list(zip(dates, split_amount(total_cents, count), strict=True))


def validate_plan(total_cents: int, count: int, first_due: date) -> None:
    """Refuse impossible plans with a Portuguese message."""
    if count < 1:
        raise ValueError("O número de parcelas deve ser pelo menos 1.")
    if count > MAX_INSTALLMENTS:
        raise ValueError(f"No máximo {MAX_INSTALLMENTS} parcelas.")
    if total_cents <= 0:
        raise ValueError("Não há valor a parcelar.")
    if total_cents < count:
        raise ValueError(f"{format_brl(total_cents)} não dá para dividir em {count} parcelas.")
    check_business_date(first_due, "O primeiro vencimento")


def installment_label(number: int, count: int) -> str:
    """``2/3``; a reversed entrada owed again (number 0) reads ``entrada``."""
    return "entrada" if number == 0 else f"{number}/{count}"


class Status(StrEnum):
    """An installment's status on a day (computed, never stored); pt-BR in STATUS_LABELS."""

    PAID = "paid"
    PARTIAL = "partial"
    UPCOMING = "upcoming"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    RENEGOTIATED = "renegotiated"
    CANCELLED = "cancelled"  # reduced to zero by a return (devolução) before anything was paid
    PRESCRIBED = "prescribed"  # open five years past its grace date: never collected


STATUS_LABELS = {
    Status.PAID: "paga",
    Status.PARTIAL: "parcial",
    Status.UPCOMING: "a vencer",
    Status.DUE_TODAY: "vence hoje",
    Status.OVERDUE: "em atraso",
    Status.RENEGOTIATED: "renegociada",
    Status.CANCELLED: "cancelada (devolução)",
    Status.PRESCRIBED: "prescrita",
}


@dataclass(frozen=True)
class InstallmentState:
    status: Status
    open_cents: int
    days_late: int  # > 0 only when overdue (counted from the grace date, see ``lateness``)
    grace_until: date | None = None  # due on a weekend/holiday passed: no atraso until then

    @property
    def label(self) -> str:
        """Text for the reseller: "em atraso (12 dias)", "parcial · vence hoje"…"""
        late = f"em atraso ({plural(self.days_late, 'dia')})"
        if self.status is Status.OVERDUE:
            return late
        if self.status is Status.PARTIAL:
            if self.days_late > 0:
                return f"parcial · {late}"
            if self.days_late == 0:
                return f"parcial · {self._today_text}"
            return "parcialmente paga"
        if self.status is Status.DUE_TODAY:
            return self._today_text
        return STATUS_LABELS[self.status]

    @property
    def _today_text(self) -> str:
        if self.grace_until is not None:
            return f"no prazo até {format_short(self.grace_until)}"
        return "vence hoje"


def installment_state(
    amount_cents: int, paid_cents: int, due: date, today: date, renegotiated: bool = False
) -> InstallmentState:
    """Status of one installment on ``today``: days late and prescription by ``lateness``
    (a due date on a weekend or holiday is not late until its grace date passes)."""
    open_cents = max(amount_cents - paid_cents, 0)
    if renegotiated:
        return InstallmentState(Status.RENEGOTIATED, 0, 0)
    if amount_cents == 0:  # only a return takes an installment down to nothing
        return InstallmentState(Status.CANCELLED, 0, 0)
    if open_cents == 0:
        return InstallmentState(Status.PAID, 0, 0)
    if is_prescribed(due, today):
        return InstallmentState(Status.PRESCRIBED, open_cents, 0)
    late = days_late(due, today)
    grace = grace_date(due) if due < today and late == 0 else None
    days = late if late > 0 else (0 if due <= today else -1)
    if paid_cents > 0:
        return InstallmentState(Status.PARTIAL, open_cents, days, grace)
    if late > 0:
        return InstallmentState(Status.OVERDUE, open_cents, late)
    if days == 0:
        return InstallmentState(Status.DUE_TODAY, open_cents, 0, grace)
    return InstallmentState(Status.UPCOMING, open_cents, -1)
