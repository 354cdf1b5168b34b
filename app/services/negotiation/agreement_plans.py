"""Agreement arithmetic: what is renegotiated (the basis) and the options offered for it.

Rules (issues 12 and 19, made precise here):

- The *basis* is a set of her open, not renegotiated installments (by default the late
  ones, by ``lateness``; a prescrita never goes into an agreement): their open principal,
  plus the multa and juros accrued on ``today`` (as in ``fees``, zero when fees are off).
  ``owed = principal + fees``.
- The *negotiation room* (settings): at most ``agreement_max_fee_discount_bp`` of the fees
  and ``agreement_max_principal_discount_bp`` of the principal can be waived; every
  installment of a plan is at least ``agreement_min_installment_cents`` (a single
  installment may be smaller when everything owed is smaller); at most
  ``agreement_max_installments`` installments.
- An option: ``total = owed − discount + interest = entrada + sum(installments)``. The
  entrada is due on ``today``; the installments follow from the first date at the interval;
  the plan is split by ``installments.split_amount``, the one rule of sales and agreements
  (the centavos left over go to the first installments, one each; they add up exactly).
- Every due date of an agreement is a business day: a date on a Saturday, Sunday or national
  holiday (``br.holidays``) moves to the next business day — the entrada of an agreement
  closed on a Saturday is due on Monday, a monthly plan on the 25th pays Natal's on the 26th
  or later. The plan is computed from the date she asked (``first_due_asked``), then moved,
  so a monthly plan keeps its day of the month.
- Interest: when ``agreement_interest_bp`` > 0 each plan installment carries simple interest
  on its share from ``today`` to its due date (``share × bp/10 000 × days/30``), stored per
  installment so that paying early can take it off proportionally (CDC art. 52 §2, see
  ``discounts``). The entrada carries none.
- The three proposals make paying sooner worth it, even with multa and juros off (as they
  ship): "À vista" waives ``agreement_cash_fee_waiver_bp`` of the fees (default all) plus
  the principal room (``agreement_max_principal_discount_bp``, default 5%: R$ 15,00 off
  R$ 300,00); "2x" waives ``agreement_two_fee_waiver_bp`` (default half) and "3x"
  ``agreement_three_fee_waiver_bp`` (default none), each within the room, with no principal
  discount and the first installment in 7 days (then the next business day). A file saved
  when the principal room's default was 0% keeps its stored 0% (``settings``: every field
  is stored on save, so a stored value may be her choice). A plan whose
  installments would fall under the minimum becomes the longest plan that respects it (and
  is left out when that plan is already offered). A label says "com desconto" exactly when
  the option has a discount (``option_label``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import SQL

from app.models.receivables import Installment, Sale
from app.services.br.holidays import next_business_day
from app.services.core.dates import format_date
from app.services.core.errors import ValidationError
from app.services.core.money import format_brl, percent_of
from app.services.core.sql import OPEN
from app.services.receivables.fees import installment_fees
from app.services.receivables.installments import Interval, due_dates, split_amount
from app.services.receivables.lateness import is_late, is_prescribed

FIRST_DUE_DAYS = 7
DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class BasisItem:
    installment_id: int
    label: str  # "Parcela 2/3 da compra de 05/08/2026"
    due_date: date
    days_late: int
    principal_cents: int
    fees_cents: int  # multa + juros on today


@dataclass(frozen=True)
class AgreementBasis:
    customer_id: int
    today: date
    items: tuple[BasisItem, ...]
    max_fee_discount_bp: int
    max_principal_discount_bp: int

    @property
    def installment_ids(self) -> list[int]:
        return [i.installment_id for i in self.items]

    @property
    def principal_cents(self) -> int:
        return sum(i.principal_cents for i in self.items)

    @property
    def fees_cents(self) -> int:
        return sum(i.fees_cents for i in self.items)

    @property
    def owed_cents(self) -> int:
        return self.principal_cents + self.fees_cents

    @property
    def max_fee_discount_cents(self) -> int:
        return percent_of(self.fees_cents, self.max_fee_discount_bp)

    @property
    def max_discount_cents(self) -> int:
        return self.max_fee_discount_cents + percent_of(self.principal_cents,
                                                         self.max_principal_discount_bp)


@dataclass(frozen=True)
class AgreementOption:
    """One proposal; ``installments`` are (due date, centavos) after the entrada."""

    label: str
    down_payment_cents: int
    installments: list[tuple[date, int]]
    discount_cents: int
    total_cents: int
    interval: str = Interval.MONTHLY.value
    interest_cents: int = 0
    interest_by_installment: tuple[int, ...] = field(default=())
    first_due_asked: date | None = None  # the date typed, before moving to a business day

    @property
    def count(self) -> int:
        return len(self.installments)

    @property
    def first_due(self) -> date | None:
        return self.installments[0][0] if self.installments else None

    def schedule(self, today: date) -> list[tuple[date, int, int, str]]:
        """Every payment of the agreement: (due date, centavos, interest, label); the entrada
        is due on ``today``, or the next business day when today is not one."""
        first = "Entrada" if self.installments else "Pagamento à vista"
        rows = ([(next_business_day(today), self.down_payment_cents, 0, first)]
                if self.down_payment_cents else [])
        interest = self.interest_by_installment or (0,) * self.count
        for n, ((due, cents), extra) in enumerate(zip(self.installments, interest, strict=True), 1):
            rows.append((due, cents, extra, f"Parcela {n}/{self.count}"))
        return rows


def _label(inst: Installment, sale_dates: dict[int, date]) -> str:
    if inst.agreement_id:
        return f"Parcela {inst.number}/{inst.count} do acordo nº {inst.agreement_id}"
    return (f"Parcela {inst.number}/{inst.count} da compra de "
            f"{format_date(sale_dates.get(inst.sale_id))}")


def open_installments(customer_id: int, today: date | None = None) -> list[Installment]:
    """Her open installments that can go into an agreement, oldest due first: with
    ``today``, the prescritas are left out (``lateness``: a prescribed debt is never
    renegotiated)."""
    found = Installment.select().where(
        (Installment.customer == customer_id) & SQL(OPEN)  # core.sql: one condition
    ).order_by(Installment.due_date, Installment.id)
    if today is None:
        return list(found)
    return [i for i in found if not is_prescribed(i.due_date, today)]


def agreement_basis(customer_id: int, today: date, settings,
                    installment_ids: list[int] | None = None) -> AgreementBasis:
    """What an agreement would renegotiate: ``installment_ids`` (default: the late ones, by
    ``lateness``); prescritas never."""
    rows = open_installments(customer_id, today)
    if installment_ids is None:
        chosen = [i for i in rows if is_late(i.due_date, today)]
    else:
        wanted = set(installment_ids)
        chosen = [i for i in rows if i.id in wanted]
        _refuse_prescribed(wanted - {i.id for i in chosen}, today)
        if len(chosen) != len(wanted):
            raise ValidationError({"installments": (
                "Alguma parcela escolhida já foi paga ou renegociada. Abra o acordo de novo.")},
                {"installments": "changed"})
    if not chosen:
        raise ValidationError({"installments": (
            "Escolha pelo menos uma parcela em aberto para o acordo.")},
            {"installments": "required"})
    sale_dates = {s.id: s.sale_date for s in
                  Sale.select().where(Sale.id.in_({i.sale_id for i in chosen}))}
    items = []
    for inst in chosen:
        fees = installment_fees(inst.id, inst.due_date, inst.amount_cents - inst.paid_cents,
                                today, settings)
        items.append(BasisItem(inst.id, _label(inst, sale_dates), inst.due_date,
                               fees.days_late, fees.principal_cents,
                               fees.fee_cents + fees.interest_cents))
    return AgreementBasis(customer_id, today, tuple(items),
                          settings.agreement_max_fee_discount_bp,
                          settings.agreement_max_principal_discount_bp)


def _refuse_prescribed(missing: set[int], today: date) -> None:
    """Chosen installments that are prescritas on ``today`` are refused by name."""
    prescribed = [i for i in Installment.select().where(Installment.id.in_(list(missing)))
                  if i.paid_cents < i.amount_cents and not i.renegotiated
                  and is_prescribed(i.due_date, today)] if missing else []
    if prescribed:
        raise ValidationError({"installments": (
            f"A parcela de {format_date(prescribed[0].due_date)} está prescrita (venceu há mais "
            "de 5 anos) e não pode entrar num acordo: uma dívida prescrita não se cobra.")},
            {"installments": "prescribed"})


def _interest(shares: list[int], dates: list[date], today: date, bp: int) -> list[int]:
    divisor = 10_000 * DAYS_PER_MONTH
    return [(cents * bp * max((due - today).days, 0) + divisor // 2) // divisor
            for cents, due in zip(shares, dates, strict=True)]


def build_option(
    basis: AgreementBasis,
    settings,
    *,
    down_payment_cents: int,
    count: int,
    first_due: date | None,
    interval: str,
    discount_cents: int,
    label: str = "",
) -> AgreementOption:
    """An option from what the reseller chose; ValidationError (field → pt-BR) if it breaks
    the negotiation room. Fields: ``discount``, ``down_payment``, ``count``, ``first_due``."""
    _check_room(basis, settings, down_payment_cents, count, discount_cents)
    financed = basis.owed_cents - discount_cents - down_payment_cents
    if count == 0:
        return AgreementOption(label or option_label(0, discount_cents), down_payment_cents,
                               [], discount_cents, down_payment_cents, Interval.MONTHLY.value)
    if first_due is None or first_due < basis.today:
        raise ValidationError({"first_due": "A primeira parcela deve vencer hoje ou depois."},
                              {"first_due": "past_date"})
    dates = [next_business_day(d) for d in due_dates(count, first_due, Interval(interval))]
    entrada_due = next_business_day(basis.today)
    if down_payment_cents and dates[0] <= entrada_due:
        raise ValidationError({"first_due": (
            "Com entrada, a primeira parcela deve vencer depois da entrada "
            f"({format_date(entrada_due)}).")}, {"first_due": "same_day_as_entrada"})
    minimum = settings.agreement_min_installment_cents
    if count > 1 and financed // count < minimum:
        raise ValidationError({"count": (
            f"Em {count}x cada parcela ficaria abaixo da parcela mínima de "
            f"{format_brl(minimum)}. Diminua o número de parcelas ou a entrada.")},
            {"count": "below_minimum_installment"})
    shares = split_amount(financed, count)
    interest = _interest(shares, dates, basis.today, settings.agreement_interest_bp)
    amounts = [s + i for s, i in zip(shares, interest, strict=True)]
    return AgreementOption(
        label or option_label(count, discount_cents), down_payment_cents,
        list(zip(dates, amounts, strict=True)), discount_cents,
        down_payment_cents + sum(amounts), Interval(interval).value, sum(interest),
        tuple(interest), first_due)


def option_label(count: int, discount_cents: int) -> str:
    """"À vista", "À vista com desconto", "2x", "3x com desconto": "com desconto" exactly
    when something is waived."""
    name = "À vista" if count == 0 else f"{count}x"
    return f"{name} com desconto" if discount_cents > 0 else name


def _check_room(basis, settings, down, count, discount) -> None:
    errors: dict[str, str] = {}
    codes: dict[str, str] = {}
    if discount < 0:
        errors["discount"], codes["discount"] = "O desconto não pode ser negativo.", "negative"
    elif discount > basis.max_discount_cents:
        codes["discount"] = "over_negotiation_room"
        errors["discount"] = (
            f"O desconto passa do limite combinado nas Configurações "
            f"({format_brl(basis.max_discount_cents)}).")
    if basis.owed_cents - max(discount, 0) <= 0:
        errors["discount"] = "O acordo precisa ter algum valor a pagar. Diminua o desconto."
        codes["discount"] = "nothing_to_pay"
    if down < 0:
        errors["down_payment"] = "A entrada não pode ser negativa."
    elif down > basis.owed_cents - max(discount, 0):
        errors["down_payment"] = "A entrada passa do valor do acordo."
        codes["down_payment"] = "over_total"
    if not 0 <= count <= settings.agreement_max_installments:
        codes["count"] = "too_many"
        errors["count"] = (f"Escolha de 0 (só entrada) a {settings.agreement_max_installments} "
                           "parcelas.")
    elif count == 0 and not errors and down != basis.owed_cents - discount:
        errors["down_payment"] = "Sem parcelas, a entrada deve ser o valor todo do acordo."
        codes["down_payment"] = "must_cover_total"
    elif count > 0 and not errors and down == basis.owed_cents - discount:
        errors["count"] = "A entrada já cobre o acordo: escolha 0 parcelas."
        codes["count"] = "entrada_covers_total"
    if errors:
        raise ValidationError(errors, codes)


def max_count(basis: AgreementBasis, settings, discount_cents: int, down: int = 0) -> int:
    """The most installments the minimum installment and the maximum allow (at least 1)."""
    financed = basis.owed_cents - discount_cents - down
    by_minimum = financed // settings.agreement_min_installment_cents
    return max(1, min(settings.agreement_max_installments, by_minimum))


def waived_fees(basis: AgreementBasis, waiver_bp: int) -> int:
    """The part of the basis' fees a proposal waives: ``waiver_bp`` of them, within the
    room (``agreement_max_fee_discount_bp``)."""
    return percent_of(basis.fees_cents, min(waiver_bp, basis.max_fee_discount_bp))


def proposals(basis: AgreementBasis, settings) -> list[AgreementOption]:
    """The options shown side by side: à vista, 2x, 3x (see module rules)."""
    cash_discount = (waived_fees(basis, settings.agreement_cash_fee_waiver_bp)
                     + basis.max_discount_cents - basis.max_fee_discount_cents)
    cash = build_option(basis, settings, down_payment_cents=basis.owed_cents - cash_discount,
                        count=0, first_due=None, interval=Interval.MONTHLY.value,
                        discount_cents=cash_discount)
    first = basis.today + timedelta(days=FIRST_DUE_DAYS)
    plans: list[AgreementOption] = []
    for wanted, waiver_bp in ((2, settings.agreement_two_fee_waiver_bp),
                              (3, settings.agreement_three_fee_waiver_bp)):
        discount = waived_fees(basis, waiver_bp)
        count = min(wanted, max_count(basis, settings, discount))
        if all(p.count != count for p in plans):
            plans.append(build_option(basis, settings, down_payment_cents=0, count=count,
                                      first_due=first, interval=settings.agreement_interval,
                                      discount_cents=discount))
    return [cash, *plans]
