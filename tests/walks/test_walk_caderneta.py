"""A caderneta lived day by day for 430 days (14/06/2027 → 16/08/2028: month ends, 29/02/2028,
a year end), with multa 2% + juros 1% a.m., desconto por antecipação 5% and Pix on.

Nine customers behave by simple rules (punctual, late once, always late, partial payments,
an overpayment that becomes credit, an agreement kept, an agreement broken, early payer,
one who never pays and breaks a promise). The reseller logs most reminders of Cobranças de
hoje. After every day the invariants of ``walk_checks`` must hold: money conserved to the
centavo, fees within the law and only on principal paid late, Em atraso buckets partitioning
the total, one figure for what is asked (Em atraso, payment dialog, message, Pix), each
customer at most once a day and never at a gentler stage for an installment already
reminded, standings equal to the rules applied to the rows, agreements broken exactly when
one of their installments is open past its due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from app.models.db import database
from app.models.receivables import Installment
from app.services.collection.worklist import log_entry_action, promise_entry, todays_worklist
from app.services.configuration.settings import load_settings, save_settings
from app.services.negotiation.agreements import AgreementStatus, close_agreement, propose_options
from app.services.people.customers import CustomerInput, credit_cents, save_customer
from app.services.people.loyalty import Tier, sale_discount_cents, tier_of
from app.services.receivables.asked import asked_today
from app.services.receivables.discounts import discounts_for_payment
from app.services.receivables.payments import record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from tests.walks import walk_checks as checks

START = date(2027, 6, 14)
DAYS = 430
END = START + timedelta(days=DAYS - 1)


@dataclass(frozen=True)
class Owed:
    id: int
    due_date: date
    open_cents: int


def _open(cid: int, due: date | None = None) -> list[Owed]:
    """Her open installments (oldest first), or those due on ``due``; plain SQL (fast)."""
    rows = database.execute_sql(
        "SELECT id, due_date, amount_cents - paid_cents FROM installment WHERE customer_id = ? "
        "AND renegotiated = 0 AND paid_cents < amount_cents ORDER BY due_date, id",
        (cid,)).fetchall()
    found = [Owed(i, date.fromisoformat(d), c) for i, d, c in rows]
    return [o for o in found if due is None or o.due_date == due]


class Walk:
    """The caderneta, the customers' habits and what was seen along the way."""

    def __init__(self) -> None:
        self.settings = save_settings(
            load_settings(), store_name="Modas da Ana", pix_key="loja@modasdaana.com.br",
            pix_name="Ana Modas", pix_city="São Paulo", late_fee_bp=200, late_interest_bp=100,
            early_discount_bp=500, early_discount_days=5)
        names = ["Paula", "Lia", "Rita", "Bia", "Carla", "Dora", "Edna", "Fabi", "Gina"]
        self.ids = {n: save_customer(CustomerInput(f"{n} Souza", phone=f"(11) 9{k}765-43{k}1"),
                                     START) for k, n in enumerate(names)}
        self.floors: dict[int, int] = {}  # installment id → most advanced stage reminded
        self.agreements: dict[str, int] = {}
        self.broken_days: dict[str, list[date]] = {"Dora": [], "Edna": []}
        self.standings: dict[str, set[str]] = {n: set() for n in names}
        self.credit_used = self.credit_before = 0
        self.promised: date | None = None
        self.back_flagged: list[date] = []  # days Gina came back for her broken promise
        self.loyalty_discount = 0

    # --- helpers ------------------------------------------------------------------------

    def sell(self, name: str, day: date, total: int, count: int, first: date,
             interval: str = "monthly", day_of_month: int | None = None, discount: int = 0):
        plan = PlanInput(count, first, interval, day_of_month)
        return create_sale(self.ids[name], day, [ItemInput("Vestido", 1, total)], day,
                           plan=plan, discount_cents=discount)

    def pay(self, name: str, cents: int, day: date, credit: bool = False):
        return record_payment(self.ids[name], cents, day, "pix", day, settings=self.settings,
                              charge_fees=True, accept_credit=credit)

    def asked(self, name: str, day: date) -> int:
        return asked_today(self.ids[name], day, self.settings).total_cents

    def pay_what_is_due(self, name: str, day: date) -> None:
        for inst in _open(self.ids[name], day):
            self.pay(name, inst.open_cents, day)

    def pay_asked(self, name: str, day: date) -> None:
        """She pays exactly the figure asked today: everything late is settled, no credit."""
        self.pay(name, self.asked(name, day), day)
        assert not [i for i in _open(self.ids[name]) if checks.late_days(i.due_date, day)]
        assert credit_cents(self.ids[name]) == 0

    def agree(self, name: str, day: date, label: str) -> None:
        options = propose_options(self.ids[name], day)
        option = next(o for o in options if o.label.split()[0] == label)  # "2x com desconto"
        self.agreements[name] = close_agreement(self.ids[name], option, day)

    # --- the customers' habits -------------------------------------------------------------

    def sales(self, day: date) -> None:
        if day == START:
            self.sell("Paula", day, 60_000, 6, date(2027, 7, 31), day_of_month=31)
            self.sell("Lia", day, 100_000, 10, date(2027, 7, 10))
            self.sell("Rita", day, 120_000, 8, date(2027, 7, 14))
            self.sell("Bia", day, 40_000, 4, date(2027, 7, 1), "biweekly")
            self.sell("Carla", day, 20_000, 4, date(2027, 6, 21), "weekly")
            self.sell("Dora", day, 120_000, 4, date(2027, 7, 5))
            self.sell("Edna", day, 90_000, 3, date(2027, 7, 20))
            self.sell("Fabi", day, 100_000, 5, date(2027, 8, 15))
            self.sell("Gina", day, 30_000, 3, date(2027, 7, 25))
        if day == date(2027, 8, 2):
            self.credit_before = credit_cents(self.ids["Carla"])
            self.credit_used = self.sell("Carla", day, 12_000, 3, date(2027, 8, 9),
                                         "weekly").credit_used_cents
        if day == date(2028, 1, 10):
            tier = tier_of(self.ids["Paula"], day, self.settings)
            assert tier.tier is Tier.SILVER  # six installments paid on time, none late
            self.loyalty_discount = sale_discount_cents(tier, 60_000)
            result = self.sell("Paula", day, 60_000, 6, date(2028, 1, 31), day_of_month=31,
                               discount=self.loyalty_discount)
            dues = [i.due_date for i in Installment.select().where(
                Installment.id.in_(result.installment_ids))]
            assert date(2028, 2, 29) in dues and date(2028, 4, 30) in dues

    def habits(self, day: date) -> None:
        self.pay_what_is_due("Paula", day)
        if "Dora" in self.agreements:  # she pays nothing until the agreement
            self.pay_what_is_due("Dora", day)
        lia_late = date(2027, 9, 10)
        if day != lia_late:
            self.pay_what_is_due("Lia", day)
        if day == lia_late + timedelta(days=12):
            self.pay_asked("Lia", day)
        if any(i.due_date == day - timedelta(days=20) for i in _open(self.ids["Rita"])):
            self.pay_asked("Rita", day)
        for inst in _open(self.ids["Bia"], day):
            self.pay("Bia", (inst.open_cents) // 2, day)
        if any(i.due_date == day - timedelta(days=10) for i in _open(self.ids["Bia"])):
            self.pay_asked("Bia", day)
        self.carla(day)
        self.edna(day)
        for inst in _open(self.ids["Fabi"], day + timedelta(days=7)):
            cents = inst.open_cents
            off = sum(d.total_cents for d in discounts_for_payment(
                self.ids["Fabi"], cents, day, self.settings))
            assert off == cents * 5 // 100
            self.pay("Fabi", cents - off, day)
        if day == date(2027, 8, 14):
            self.agree("Dora", day, "3x")
        self.mistakes(day)

    def mistakes(self, day: date) -> None:
        """03/10/2027: Paula's payment of 30/09 is reversed and typed again with its own date.
        20/01/2028: Fabi's first payment (08/08/2027) is reversed: each later payment moves
        to the older installment, now paid late, and loses its early discount; on 25/01 she
        pays what is asked, multa and juros included."""
        if day == date(2027, 10, 3):
            self.reverse("Paula", date(2027, 9, 30), day)
            self.pay_back_dated("Paula", 10_000, date(2027, 9, 30), day)
        if day == date(2028, 1, 20):
            self.reverse("Fabi", date(2027, 8, 8), day)
        if day == date(2028, 1, 25):
            self.pay_asked("Fabi", day)
        if day == date(2027, 11, 10):  # à vista, and a sale with an entrada
            create_sale(self.ids["Carla"], day, [ItemInput("Bolsa", 1, 9_990)], day)
            create_sale(self.ids["Gina"], day, [ItemInput("Blusa", 2, 4_000)], day,
                        plan=PlanInput(2, date(2027, 12, 10)), down_payment_cents=5_000)
        if day == date(2027, 11, 12):  # the entrada was typed by mistake: owed again
            pid = database.execute_sql(
                "SELECT id FROM payment WHERE customer_id = ? AND kind = 'down_payment'",
                (self.ids["Gina"],)).fetchone()[0]
            reverse_payment(pid, "entrada não foi paga", datetime.combine(day, time(9)))

    def reverse(self, name: str, paid_on: date, day: date) -> None:
        pid = database.execute_sql(
            "SELECT id FROM payment WHERE customer_id = ? AND payment_date = ? AND kind = "
            "'payment'", (self.ids[name], paid_on.isoformat())).fetchone()[0]
        reverse_payment(pid, "digitado errado", datetime.combine(day, time(10)))

    def pay_back_dated(self, name: str, cents: int, paid_on: date, day: date) -> None:
        record_payment(self.ids[name], cents, paid_on, "pix", day, settings=self.settings,
                       charge_fees=True)

    def carla(self, day: date) -> None:
        cid = self.ids["Carla"]
        if not _open(cid, day):
            return
        off = sum(d.total_cents for d in discounts_for_payment(cid, 8_000, day, self.settings))
        owed = sum(i.open_cents for i in _open(cid)) - off  # paid early: 5% off
        result = self.pay("Carla", 8_000, day, credit=owed < 8_000)
        assert result.credit_cents == max(8_000 - owed, 0)

    def edna(self, day: date) -> None:
        if day == date(2027, 8, 25):
            self.agree("Edna", day, "2x")
        if "Edna" not in self.agreements:
            return  # she pays nothing until the agreement
        last = database.execute_sql("SELECT MAX(due_date) FROM installment WHERE agreement_id = ?",
                                    (self.agreements["Edna"],)).fetchone()[0]
        if day == date.fromisoformat(last) + timedelta(days=6):
            self.pay_asked("Edna", day)
        elif day != date.fromisoformat(last):  # she skips the last one of the agreement
            self.pay_what_is_due("Edna", day)

    # --- the reseller at Cobranças de hoje -----------------------------------------------

    def collect(self, snap, day: date, asked: dict[int, int]) -> None:
        worklist = todays_worklist(day, self.settings)
        checks.check_worklist(snap, worklist, day, asked, self.floors)
        logged = set()
        for entry in worklist.entries:
            if entry.broken_promise is not None:
                self.back_flagged.append(day)
            if (entry.customer_id == self.ids["Gina"] and entry.stage.offset == 7
                    and self.promised is None):
                promise_entry(entry, day + timedelta(days=5), day)
                self.promised = day + timedelta(days=5)
            elif (day.toordinal() + entry.customer_id) % 3:
                log_entry_action(entry, "copy", day)
            else:
                continue
            logged.add(entry.customer_id)
            for iid in entry.installment_ids:
                self.floors[iid] = max(self.floors.get(iid, -99), entry.stage.offset)
        again = todays_worklist(day, self.settings)
        assert not logged & {e.customer_id for e in again.entries}, "reminded twice a day"

    def check(self, day: date) -> None:
        snap = checks.snapshot()
        for cid in self.ids.values():
            checks.check_money(snap, cid, day)
        checks.check_stored()
        checks.check_fees(snap, self.settings)
        asked = checks.check_overdue(snap, day, self.settings)
        checks.check_painel(snap, day, asked)
        if day.day == 1 or day == date(2028, 2, 29):  # her page (it reads a lot)
            for cid in self.ids.values():
                checks.check_customer_page(snap, cid, day, asked)
        codes = checks.check_standings(snap, day)
        for name, cid in self.ids.items():
            self.standings[name].add(codes[cid])
        statuses = checks.check_agreements(day)
        for name, aid in self.agreements.items():
            if statuses[aid] is AgreementStatus.BROKEN:
                self.broken_days[name].append(day)
        self.collect(snap, day, asked)


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """The whole walk, run once for the tests of this module."""
    from app.models.db import close_database, open_database

    database = open_database(tmp_path_factory.mktemp("walk") / "caderneta.sqlite3", today=START)
    database.execute_sql("PRAGMA synchronous = OFF")  # a throwaway file: no fsync per write
    walk = Walk()
    for n in range(DAYS):
        day = START + timedelta(days=n)
        walk.sales(day)
        walk.habits(day)
        walk.check(day)
    yield walk
    close_database()


def test_every_day_of_the_walk_keeps_the_invariants(walk):
    assert END == date(2028, 8, 16)
    assert sum(1 for _ in Installment.select()) > 50


def test_the_punctual_customer_is_pontual_and_her_loyalty_discount_came_off(walk):
    assert "pontual" in walk.standings["Paula"] and not walk.standings["Paula"] & {
        "atrasada", "recorrente"}
    assert walk.loyalty_discount == 1_800  # Prata: 3% of R$ 600,00
    assert not _open(walk.ids["Paula"])


def test_late_once_is_gentle_and_always_late_becomes_recurrent(walk):
    assert walk.standings["Lia"] == {"em_dia", "atrasada"}  # the slip stays 12 months
    assert "recorrente" not in walk.standings["Lia"]
    assert "recorrente" in walk.standings["Rita"]
    assert "recorrente" in walk.standings["Gina"]


def test_overpayment_became_credit_and_the_next_sale_used_it(walk):
    assert walk.credit_used == walk.credit_before > 0
    assert not _open(walk.ids["Carla"])  # what she overpaid last stays as credit, visible


def test_agreement_kept_never_breaks_and_the_broken_one_breaks_exactly_on_its_days(walk):
    assert walk.broken_days["Dora"] == []
    own = list(Installment.select().where(Installment.agreement_id == walk.agreements["Edna"])
               .order_by(Installment.due_date))
    last = own[-1].due_date
    assert walk.broken_days["Edna"] == [last + timedelta(days=n) for n in range(1, 6)]


def test_the_broken_promise_pauses_her_then_brings_her_back_flagged(walk):
    assert walk.promised is not None
    assert walk.back_flagged and walk.back_flagged[0] == walk.promised + timedelta(days=1)


def test_a_reversal_moves_later_payments_back_and_takes_their_discounts(walk):
    fabi = walk.ids["Fabi"]
    kept = database.execute_sql(
        "SELECT COUNT(*) FROM payment_discount d JOIN payment p ON p.id = d.payment_id "
        "WHERE p.customer_id = ? AND p.reversed_at IS NULL", (fabi,)).fetchone()[0]
    assert kept == 0  # each payment now pays an older installment, late: nothing earned
    assert not _open(fabi)
    # pontual while she paid early; once the money moved, her history holds payments 54 to
    # 71 days late: recorrente (the reversal rewrote her history, as DESIGN asks)
    assert {"pontual", "recorrente"} <= walk.standings["Fabi"]
