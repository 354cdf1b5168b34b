"""What she is asked on a day: one figure for the reminder, its Pix, Em atraso, the payment
dialog, the customer page and the statement's Pix.

The rule (DESIGN.md "Fees": "the amount asked of a customer on a given day is one figure
everywhere"; issue 18), made precise:

- She is asked every open installment due on or before ``today`` (late ones, one due today,
  one due on a weekend or holiday still inside its grace), oldest first. Each late one
  carries its multa and juros of ``today`` (``fees``; 0 when off): the same figure Em
  atraso shows for her late ones and the reminder lists.
- When nothing is due yet, she is asked what the first reminder would list: the
  installments due up to ``today`` + the régua's lead (5 days by default), or those of her
  next due date when it is further away. One she pays early enough takes the desconto por
  antecipação (``discounts``): the amount asked is the discounted one, with the last day
  that still earns it (``discount_until``: "pagando até 23/11, fica R$ 71,25").
- Installments *prescritas* (``lateness``) and renegotiated ones are never asked.

``waived_cents`` is the same figure with multa and juros dispensed. Lists of thousands
(Cobranças de hoje, Em atraso) price the same rule in SQL; a test checks both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.models.db import database
from app.services.core.dates import format_short
from app.services.core.money import format_brl
from app.services.core.sql import NOT_PRESCRIBED, OPEN
from app.services.receivables.fees import InstallmentFees, installment_fees


@dataclass(frozen=True)
class AskedItem:
    """One installment asked, priced for the day."""

    fees: InstallmentFees
    discount_cents: int = 0  # desconto por antecipação earned paying on the day
    discount_until: date | None = None  # last day that still earns it

    @property
    def installment_id(self) -> int:
        return self.fees.installment_id

    @property
    def due_date(self) -> date:
        return self.fees.due_date

    @property
    def fee_cents(self) -> int:
        """Multa + juros of the day."""
        return self.fees.fee_cents + self.fees.interest_cents

    @property
    def total_cents(self) -> int:
        return self.fees.total_cents - self.discount_cents


@dataclass(frozen=True)
class Asked:
    """What she is asked on ``today`` (rules in the module docstring)."""

    customer_id: int
    today: date
    items: tuple[AskedItem, ...]  # oldest first

    @property
    def installment_ids(self) -> list[int]:
        return [i.installment_id for i in self.items]

    @property
    def late(self) -> tuple[AskedItem, ...]:
        """The items already late (Em atraso's part of the figure)."""
        return tuple(i for i in self.items if i.fees.days_late > 0)

    @property
    def principal_cents(self) -> int:
        return sum(i.fees.principal_cents for i in self.items)

    @property
    def fee_cents(self) -> int:
        """Multa + juros inside ``total_cents``."""
        return sum(i.fee_cents for i in self.items)

    @property
    def discount_cents(self) -> int:
        return sum(i.discount_cents for i in self.items)

    @property
    def discount_until(self) -> date | None:
        """The last day paying earns every discount asked (None without discount)."""
        return min((i.discount_until for i in self.items if i.discount_until), default=None)

    @property
    def total_cents(self) -> int:
        return sum(i.total_cents for i in self.items)

    @property
    def waived_cents(self) -> int:
        """The figure with multa and juros dispensed."""
        return self.total_cents - self.fee_cents


_OPEN_SQL = f"""
SELECT id, due_date, amount_cents - paid_cents FROM installment
WHERE customer_id = :cid AND {OPEN} AND {NOT_PRESCRIBED} ORDER BY due_date, id
"""


def asked_today(customer_id: int, today: date, settings, lead_days: int | None = None
                ) -> Asked:
    """What ``customer_id`` is asked on ``today`` (``settings``: fees and the early discount;
    ``lead_days``: the régua's lead, default the stored régua's). Empty when she owes nothing
    that can be asked."""
    from app.services.receivables.lateness import prescribed_until

    rows = [(iid, date.fromisoformat(due), cents) for iid, due, cents in database.execute_sql(
        _OPEN_SQL, {"cid": customer_id,
                    "prescribed_until": prescribed_until(today).isoformat()}).fetchall()]
    due_now = [r for r in rows if r[1] <= today]
    if due_now or not rows:
        items = tuple(AskedItem(installment_fees(iid, due, cents, today, settings))
                      for iid, due, cents in due_now)
        return Asked(customer_id, today, items)
    if lead_days is None:
        from app.services.collection.cadence import lead_days as lead_of
        from app.services.collection.cadence import load_stages

        lead_days = lead_of(load_stages())
    horizon = max(rows[0][1], today + timedelta(days=lead_days))
    coming = [r for r in rows if r[1] <= horizon]
    return Asked(customer_id, today, early_priced(coming, today, settings))


def early_priced(rows: list[tuple[int, date, int]], today: date, settings
                 ) -> tuple[AskedItem, ...]:
    """``(id, due date, open centavos)`` of installments not yet due, each with the early
    discount a payment of all of them on ``today`` would earn (``discounts``)."""
    from app.models.receivables import Installment
    from app.services.receivables.discounts import plan_discounts

    targets = sorted(Installment.select().where(Installment.id.in_([r[0] for r in rows])),
                     key=lambda i: (i.due_date, i.id))
    earned = {d.installment_id: d for d in plan_discounts(
        targets, sum(r[2] for r in rows), today, settings)}
    items = []
    for iid, due, cents in rows:
        found = earned.get(iid)
        until = None
        if found is not None:  # the percent needs N days of notice; a rebate runs daily
            until = (due - timedelta(days=settings.early_discount_days)
                     if found.percent_cents else today)
        items.append(AskedItem(installment_fees(iid, due, cents, today, settings),
                               found.total_cents if found else 0, until))
    return tuple(items)


def offer_text(asked: Asked) -> str:
    """"pagando até 23/11, fica R$ 71,25" for what ``asked`` asks ("" without a discount)."""
    if asked.discount_until is None:
        return ""
    return offer_phrase(asked.discount_until, asked.today, asked.total_cents)


def offer_phrase(until: date, today: date, cents: int) -> str:
    """"pagando até 23/11, fica R$ 71,25": the last day written out, even when it is
    ``today`` (a message may be read the next day)."""
    return f"pagando até {format_short(max(until, today))}, fica {format_brl(cents)}"


def describe(asked: Asked) -> str:
    """What the figure pays, in pt-BR, for a Pix or a document: "as 2 parcelas com vencimento
    até hoje, com multa e juros até hoje", "a parcela que vence em 28/11/2026"."""
    from app.services.core.dates import format_date

    count = len(asked.items)
    last = asked.items[-1].due_date if asked.items else asked.today
    if last <= asked.today:
        what = ("a parcela com vencimento até hoje" if count == 1
                else f"as {count} parcelas com vencimento até hoje")
        return what + (", com multa e juros até hoje" if asked.fee_cents else "")
    what = (f"a parcela que vence em {format_date(last)}" if count == 1
            else f"as {count} parcelas que vencem até {format_date(last)}")
    offer = offer_text(asked)
    return what + (f", com o desconto por antecipação ({offer})" if offer else "")


def pix_lines(customer_id: int, day: date, settings) -> list[str]:
    """The receipt's last lines: a Pix code for what she is asked on ``day`` (the receipt's
    payment date) and what it pays, when Pix is configured ([] otherwise)."""
    from app.services.br.pix import PixError, make_txid, pix_configured, pix_copia_e_cola
    from app.services.core.dates import format_date
    from app.services.receivables.fees import with_fees_text

    if not pix_configured(settings):
        return []
    asked = asked_today(customer_id, day, settings)
    if not asked.items:
        return []
    try:
        code = pix_copia_e_cola(settings, asked.total_cents, make_txid(asked.installment_ids))
    except PixError:
        return []
    first, count = asked.items[0], len(asked.items)
    amount = with_fees_text(asked.total_cents + asked.discount_cents, asked.fee_cents)
    head = (f"Próxima parcela: {amount} (venc. {format_date(first.due_date)})" if count == 1
            else f"Em aberto: {amount} ({count} parcelas, a primeira com venc. "
                 f"{format_date(first.due_date)})")
    offer = offer_text(asked)
    return [f"{head}{'; ' + offer if offer else ''}. Pix copia e cola:", code]
