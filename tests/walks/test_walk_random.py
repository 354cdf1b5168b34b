"""Seeded random walks: four customers, 120 days, random sales (monthly, weekly, every 15
days, with and without entrada), payments of any size (some back-dated, some with fees,
some overpaying), reversals, agreements closed and undone, reminders logged — and after
every day the invariants of ``walk_checks``. Deterministic (fixed seeds); the two bugs of
tests/walks/test_walk_edges.py about back-dated payments were found this way."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from app.models.db import database
from app.services.collection.worklist import log_entry_action, todays_worklist
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.negotiation.agreements import close_agreement, propose_options, undo_agreement
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from tests.walks import walk_checks as checks

START = date(2027, 1, 1)


def _act(rng: random.Random, cid: int, day: date, settings) -> None:
    """One random thing the reseller may do today for this customer (or nothing)."""
    r = rng.random()
    if r < 0.03:
        create_sale(cid, day, [ItemInput("Peça", 1, rng.randint(1_000, 50_000))], day,
                    plan=PlanInput(rng.randint(1, 4), day + timedelta(days=rng.randint(0, 40)),
                                   rng.choice(["monthly", "weekly", "biweekly"])),
                    down_payment_cents=rng.choice([0, 0, 500]))
    elif r < 0.10:
        paid_on = max(day - timedelta(days=rng.choice([0, 0, 0, rng.randint(1, 20)])), START)
        record_payment(cid, rng.randint(100, 30_000), paid_on, rng.choice(["pix", "dinheiro"]),
                       day, accept_credit=True, charge_fees=rng.random() < 0.7,
                       settings=settings)
    elif r < 0.115:
        ids = database.execute_sql(
            "SELECT id FROM payment WHERE customer_id = ? AND reversed_at IS NULL AND kind IN "
            "('payment', 'down_payment') ORDER BY id", (cid,)).fetchall()
        if ids:
            reverse_payment(rng.choice(ids)[0], "digitado errado", datetime.combine(day, time(9)))
    elif r < 0.12:
        close_agreement(cid, rng.choice(propose_options(cid, day)), day)
    elif r < 0.123:
        ids = database.execute_sql("SELECT id FROM agreement WHERE customer_id = ? AND "
                                   "undone_on IS NULL ORDER BY id", (cid,)).fetchall()
        if ids:
            undo_agreement(rng.choice(ids)[0], day)


@pytest.mark.parametrize("seed", [1, 4, 11])  # 1 and 11 caught the discount bug
def test_random_walk_keeps_the_invariants(db, seed):
    rng = random.Random(seed)
    settings = save_settings(
        load_settings(), late_fee_bp=rng.choice([0, 200]), late_interest_bp=rng.choice([0, 100]),
        early_discount_bp=rng.choice([0, 500]), early_discount_days=5,
        pix_key="loja@modasdaana.com.br", pix_name="Ana Modas", pix_city="Campinas")
    cids = [save_customer(CustomerInput(f"Cliente {k}", phone=f"(11) 9{k}765-432{k}"), START)
            for k in range(4)]
    floors: dict[int, int] = {}
    refused = 0
    for n in range(120):
        day = START + timedelta(days=n)
        for cid in cids:
            try:
                _act(rng, cid, day, settings)
            except ValidationError:
                refused += 1  # refused with a reason (e.g. a payment inside an agreement)
        snap = checks.snapshot()
        for cid in cids:
            checks.check_money(snap, cid, day)
        checks.check_stored()
        checks.check_one_set_owed()
        checks.check_fees(snap, settings)
        asked = checks.check_overdue(snap, day, settings)
        checks.check_standings(snap, day)
        checks.check_agreements(day)
        checks.check_painel(snap, day, asked)
        worklist = todays_worklist(day, settings)
        checks.check_worklist(snap, worklist, day, asked, floors)
        for entry in worklist.entries:
            if rng.random() < 0.6:
                log_entry_action(entry, "copy", day)
                for iid in entry.installment_ids:
                    floors[iid] = max(floors.get(iid, -99), entry.stage.offset)
    assert database.execute_sql("SELECT COUNT(*) FROM payment").fetchone()[0] > 20
    assert refused < 20
