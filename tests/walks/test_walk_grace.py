"""A walk across weekends and national holidays (issue 19): 300 days from 01/09/2026, through
Independência, Aparecida, Finados, Proclamação, Consciência Negra, Natal, Ano-Novo, Carnaval,
Sexta-feira Santa, Tiradentes, Dia do Trabalho and Corpus Christi, with multa and juros on.

- Clara and Marta pay every installment on its grace date — the due date, or the next
  business day when it falls on a Saturday, Sunday or holiday: never charged a centavo of
  fees, never in Em atraso, never "Atrasada", never told "Esqueceu?", and Marta, monthly on
  the 5th (which keeps falling on weekends), reaches Ouro.
- Júlia pays one day after the grace date: one day late each time (multa and one day of
  juros), Em atraso shows her 1 day late that day.
- Every day the invariants of ``walk_checks`` run (their own reading of the grace rule).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.db import database
from app.services.collection.overdue import overdue_report
from app.services.collection.worklist import log_entry_action, todays_worklist
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.people.loyalty import Tier, tier_of
from app.services.people.standing import ATRASADA, RECORRENTE, standing_all
from app.services.receivables.fees import installment_fees
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from tests.walks import walk_checks as checks

START = date(2026, 9, 1)
DAYS = 300


def _due_today(cid: int, grace_day: date) -> list[tuple[int, date, int]]:
    """Her open installments whose grace date is ``grace_day`` (the oracle's grace)."""
    rows = database.execute_sql(
        "SELECT id, due_date, amount_cents - paid_cents FROM installment WHERE customer_id = ? "
        "AND renegotiated = 0 AND paid_cents < amount_cents", (cid,)).fetchall()
    return [(i, date.fromisoformat(d), c) for i, d, c in rows
            if checks.grace(date.fromisoformat(d)) == grace_day]


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """The walked file and what was seen each day (the walk runs once for every test)."""
    from app.models.db import close_database, open_database

    open_database(tmp_path_factory.mktemp("grace") / "caderneta.sqlite3", today=START)
    settings = save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100,
                             pix_key="loja@modasdaana.com.br", pix_name="Ana Modas",
                             pix_city="Campinas")
    ids = {name: save_customer(CustomerInput(f"{name} Souza", phone=f"(11) 9{k}765-43{k}1"),
                               START) for k, name in enumerate(("Clara", "Marta", "Júlia"))}
    create_sale(ids["Marta"], START, [ItemInput("Vestido", 12, 5_000)], START,
                plan=PlanInput(12, date(2026, 9, 5), "monthly"))  # the 5th: many weekends
    for name in ("Clara", "Júlia"):  # due on holidays and the weekends around them
        dues = (date(2026, 9, 7), date(2026, 10, 10), date(2026, 11, 15), date(2026, 11, 20),
                date(2026, 12, 25), date(2027, 1, 1), date(2027, 2, 6), date(2027, 3, 26),
                date(2027, 4, 21), date(2027, 5, 1), date(2027, 5, 27))
        create_sale(ids[name], START, [ItemInput("Saia", len(dues), 3_333)], START,
                    plan=PlanInput(len(dues), dues[0], "custom", custom_dates=dues))
    seen = {"fees": {}, "late_rows": [], "stages": set(), "standings": set()}
    floors: dict[int, int] = {}
    for n in range(DAYS):
        day = START + timedelta(days=n)
        seen["late_rows"] += [(day, r.name.split()[0], r.days_late)  # before anyone pays
                              for r in overdue_report(day, settings).rows]
        seen["stages"] |= {(e.name.split()[0], e.stage.offset)
                           for e in todays_worklist(day, settings).entries}
        for name, delay in (("Clara", 0), ("Marta", 0), ("Júlia", 1)):
            for iid, due, cents in _due_today(ids[name], day - timedelta(days=delay)):
                asked = installment_fees(iid, due, cents, day, settings).total_cents
                paid = record_payment(ids[name], asked, day, "pix", day, charge_fees=True,
                                      settings=settings)
                assert paid.credit_cents == 0
                seen["fees"].setdefault(name, []).append(paid.fee_cents)
        snap = checks.snapshot()
        for cid in ids.values():
            checks.check_money(snap, cid, day)
        checks.check_stored()
        checks.check_fees(snap, settings)
        asked = checks.check_overdue(snap, day, settings)
        checks.check_standings(snap, day)
        checks.check_painel(snap, day, asked)
        for cid in ids.values():
            checks.check_customer_page(snap, cid, day, asked)
        worklist = todays_worklist(day, settings)
        checks.check_worklist(snap, worklist, day, asked, floors)
        for entry in worklist.entries:
            log_entry_action(entry, "copy", day)
            for iid in entry.installment_ids:
                floors[iid] = max(floors.get(iid, -99), entry.stage.offset)
        codes = standing_all(day)
        seen["standings"] |= {(name, codes[cid].code) for name, cid in ids.items() if cid in codes}
    seen["marta_tier"] = tier_of(ids["Marta"], START + timedelta(days=DAYS - 1), settings)
    yield seen
    close_database()


def test_paying_on_the_grace_date_is_never_late(walk):
    assert all(fee == 0 for name in ("Clara", "Marta") for fee in walk["fees"][name])
    assert len(walk["fees"]["Clara"]) == 11 and len(walk["fees"]["Marta"]) == 10
    assert not [r for r in walk["late_rows"] if r[1] in ("Clara", "Marta")]
    assert not {(n, c) for n, c in walk["standings"]
                if n in ("Clara", "Marta") and c in (ATRASADA, RECORRENTE)}
    assert not {(n, s) for n, s in walk["stages"] if n in ("Clara", "Marta") and s > 0}


def test_paying_the_day_after_the_grace_date_is_one_day_late(walk):
    assert walk["fees"]["Júlia"] and all(fee > 0 for fee in walk["fees"]["Júlia"])
    days = {d for _, name, d in walk["late_rows"] if name == "Júlia"}
    assert days == {1}
    assert ("Júlia", 1) in walk["stages"]  # "Esqueceu?" the day after the grace date


def test_monthly_on_the_fifth_through_weekends_is_loyal(walk):
    tier = walk["marta_tier"]  # ten months paid on time, September to June
    assert (tier.tier, tier.on_time) == (Tier.SILVER, 10)
