"""Programa de fidelidade: Bronze, Prata and Ouro for sustained punctuality.

Rules (issue 12, made precise by issue 19; DESIGN.md "Loyalty"):

- The window is the standing's: the days after ``add_months(today, -12)`` up to ``today``.
- Loyalty counts **months paid on time**, never installments: an *on-time month* is a
  calendar month in which she paid off, inside the window, at least one installment on or
  before its grace date (``lateness``: due on a Saturday and paid on Monday is on time).
  Paying many installments at once counts once: a R$ 60,00 purchase in 12 × R$ 5,00 paid
  all on the day of the purchase is one on-time month, not Ouro; the customer who pays
  every month for a year is Ouro. (The window spans at most 13 calendar months.)
- A customer with any late installment in the window (the standing's late episodes: paid
  after its grace date, open and late now, or renegotiated) has no tier: she loses it the
  day she slips and gets it back when the window no longer holds a late one — 12 months
  after that payment, with the on-time months the window then holds.
- Tier by on-time months: Ouro ≥ ``loyalty_gold_min`` (default 12), Prata ≥
  ``loyalty_silver_min`` (6), Bronze ≥ ``loyalty_bronze_min`` (3); each with its discount on
  the next purchase (``loyalty_*_bp``: Bronze 0%, Prata 3%, Ouro 5% by default).
- A *carnê finished on time*: a sale whose installments are all paid, each by its grace
  date, none renegotiated, the last one paid in the last 30 days: the reseller can thank her.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.models.db import database
from app.services.collection.messages import MessageContext, message_signature, render_message
from app.services.core.dates import add_months, format_date
from app.services.core.money import format_percent, percent_of
from app.services.core.sql import days_late, flag
from app.services.core.text import plural
from app.services.people.standing import standing_for

THANKS_DAYS = 30


def sale_discount_cents(tier: LoyaltyTier, items_total_cents: int) -> int:
    """The tier's discount on a sale of ``items_total_cents`` (rounded half up)."""
    return percent_of(items_total_cents, tier.discount_bp)


class Tier(StrEnum):
    NONE = "none"
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"


TIER_LABELS = {Tier.NONE: "Sem nível", Tier.BRONZE: "Bronze", Tier.SILVER: "Prata",
               Tier.GOLD: "Ouro"}
TIER_COLOURS = {Tier.NONE: "#757575", Tier.BRONZE: "#8d6e63", Tier.SILVER: "#607d8b",
                Tier.GOLD: "#b8860b"}


@dataclass(frozen=True)
class LoyaltyTier:
    tier: Tier
    discount_bp: int
    on_time: int  # months of the window with an installment paid on time
    reason: str  # tooltip in pt-BR

    @property
    def label(self) -> str:
        return TIER_LABELS[self.tier]

    @property
    def colour(self) -> str:
        return TIER_COLOURS[self.tier]

    @property
    def sentence(self) -> str:
        """The {fidelidade} text: "Você é cliente Ouro: 5% de desconto na próxima compra."""
        if self.tier is Tier.NONE:
            return ""
        if not self.discount_bp:
            return f"Você é cliente {self.label} do nosso programa de fidelidade."
        return (f"Você é cliente {self.label}: {format_percent(self.discount_bp)} de desconto "
                "na próxima compra.")


def _paid_on_time(alias: str = "") -> str:
    """Paid on or before the due date, or after it but by the grace date (``lateness``)."""
    paid, due = f"{alias}paid_date", f"{alias}due_date"
    return f"({paid} <= {due} OR {days_late(due, paid)} = 0)"


_ON_TIME_SQL = f"""
SELECT customer_id, COUNT(DISTINCT substr(paid_date, 1, 7)) FROM installment
WHERE paid_date > :start AND paid_date <= :today AND {flag("renegotiated", False)}
      AND {_paid_on_time()} {{where}}
GROUP BY customer_id
"""


def _on_time(today: date, customer_id: int | None = None) -> dict[int, int]:
    where = "AND customer_id = :cid" if customer_id is not None else ""
    params = {"start": add_months(today, -12).isoformat(), "today": today.isoformat(),
              "cid": customer_id}
    return dict(database.execute_sql(_ON_TIME_SQL.format(where=where), params).fetchall())


def classify_tier(on_time: int, late_episodes: int, days_late_now: int, settings) -> LoyaltyTier:
    """The tier for these figures (rules in the module docstring)."""
    if late_episodes or days_late_now:
        atrasos = plural(late_episodes, "atraso")
        return LoyaltyTier(Tier.NONE, 0, on_time, (
            f"Sem nível de fidelidade: {atrasos} nos últimos 12 meses. Volta a contar quando "
            "ficar 12 meses sem atraso."))
    levels = ((Tier.GOLD, settings.loyalty_gold_min, settings.loyalty_gold_bp),
              (Tier.SILVER, settings.loyalty_silver_min, settings.loyalty_silver_bp),
              (Tier.BRONZE, settings.loyalty_bronze_min, settings.loyalty_bronze_bp))
    paid = f"{plural(on_time, 'mês', 'meses')} com pagamento em dia"
    for tier, minimum, bp in levels:
        if on_time >= minimum:
            discount = f"; desconto de {format_percent(bp)} na próxima compra" if bp else ""
            return LoyaltyTier(tier, bp, on_time, (
                f"{TIER_LABELS[tier]}: {paid} nos últimos 12 meses, nenhum atraso{discount}."))
    missing = settings.loyalty_bronze_min - on_time
    return LoyaltyTier(Tier.NONE, 0, on_time, (
        f"Sem nível ainda: {paid} nos últimos 12 meses; "
        f"{'falta' if missing == 1 else 'faltam'} {plural(missing, 'mês', 'meses')} para Bronze."))


def tier_of(customer_id: int, today: date, settings=None) -> LoyaltyTier:
    """Her loyalty tier on ``today`` and why (``settings`` default: the stored ones)."""
    from app.services.configuration.settings import load_settings

    settings = settings or load_settings()
    standing = standing_for(customer_id, today)
    return classify_tier(_on_time(today, customer_id).get(customer_id, 0),
                         standing.late_episodes, standing.days_late_now, settings)


def tiers_for(customer_ids: list[int], today: date, settings) -> dict[int, LoyaltyTier]:
    """Tier of each of a few customers (one tier_of each; for short lists such as birthdays)."""
    return {cid: tier for cid in customer_ids
            if (tier := tier_of(cid, today, settings)).tier is not Tier.NONE}


@dataclass(frozen=True)
class FinishedCarne:
    sale_id: int
    sale_date: date
    count: int
    last_paid: date


def finished_on_time(customer_id: int, today: date) -> list[FinishedCarne]:
    """Her carnês finished on time in the last 30 days (see the module rules), newest first."""
    rows = database.execute_sql(
        "SELECT s.id, s.sale_date, COUNT(i.id), MAX(i.paid_date) FROM sale s "
        "JOIN installment i ON i.sale_id = s.id WHERE s.customer_id = ? "
        f"GROUP BY s.id HAVING SUM(i.paid_date IS NULL OR NOT {_paid_on_time('i.')} "
        f"OR {flag('i.renegotiated')} OR i.agreement_id IS NOT NULL) = 0 "
        "AND MAX(i.paid_date) > ? AND MAX(i.paid_date) <= ? ORDER BY MAX(i.paid_date) DESC",
        (customer_id, (today - timedelta(days=THANKS_DAYS)).isoformat(), today.isoformat()),
    ).fetchall()
    return [FinishedCarne(r[0], date.fromisoformat(r[1]), r[2], date.fromisoformat(r[3]))
            for r in rows]


def thanks_message(customer_id: int, today: date, settings) -> str:
    """The thank-you message for a carnê paid on time (settings.loyalty_thanks_template)."""
    from app.models.people import Customer

    name = Customer.get_by_id(customer_id).name
    context = MessageContext(name, (), today, settings.store_name,
                             loyalty=tier_of(customer_id, today, settings).sentence,
                             signature=message_signature(settings))
    return render_message(settings.loyalty_thanks_template, context)


def describe_carne(carne: FinishedCarne) -> str:
    """"Compra de 10/03/2026, 3 parcelas, quitada em 10/06/2026"."""
    return (f"Compra de {format_date(carne.sale_date)}, {plural(carne.count, 'parcela')}, "
            "quitada em "
            f"{format_date(carne.last_paid)}")
