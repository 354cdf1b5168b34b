"""Edges the date walks found: each test states the day and what the reseller would see."""

from __future__ import annotations

from datetime import date

from app.services.customers import CustomerInput, save_customer
from app.services.loyalty import Tier, tier_of
from app.services.payments import record_payment
from app.services.sales import ItemInput, PlanInput, create_sale
from app.services.settings import Settings
from app.services.standing import standing_all, standing_for


def _late_first_then_on_time(today: date) -> int:
    """R$ 300,00 in 3x (01/07, 01/08, 01/09/2027); the first paid 10 days late, on 11/07."""
    cid = save_customer(CustomerInput("Bia Souza", phone="(11) 93765-4331"), today)
    create_sale(cid, date(2027, 6, 14), [ItemInput("Vestido", 1, 30_000)], date(2027, 6, 14),
                plan=PlanInput(3, date(2027, 7, 1)))
    for day, cents in ((date(2027, 7, 11), 10_000), (date(2027, 8, 1), 10_000),
                       (date(2027, 9, 1), 10_000)):
        record_payment(cid, cents, day, "pix", day)
    return cid


def test_a_late_payment_on_the_first_day_of_the_12_month_window_still_counts(db):
    """11/07/2028: the window is 11/07/2027 → 11/07/2028. The payment of 11/07/2027 counts as
    one of her 3 paid installments in it, so its 10 days of delay count too: she is not
    "Pontual — nenhum atraso" and has no loyalty tier; the next day that payment, and its
    delay, leave the window together (found by tests/test_walk_caderneta.py)."""
    cid = _late_first_then_on_time(date(2027, 6, 14))
    day = date(2028, 7, 11)
    standing = standing_for(cid, day)
    assert (standing.late_episodes, standing.paid_count) == (1, 3)
    assert standing.code != "pontual" and not standing.facts.startswith("Nenhum atraso")
    assert standing_all(day)[cid] == standing
    assert tier_of(cid, day, Settings()).tier is Tier.NONE
    after = standing_for(cid, date(2028, 7, 12))
    assert (after.late_episodes, after.paid_count, after.code) == (0, 2, "em_dia")
