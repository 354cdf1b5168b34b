"""Seeded walks with pieces (issue 22): four customers and a small catalogue over 210 days —
catalogue sales (some lines typed by hand, some sob encomenda, some à vista), entries from the
supplier, recounts, partial returns to the shelf and com defeito (credit or cash), exchanges
that cost more or less, cancelled sales, payments and reversals — and after every day the
money and stock invariants of ``walk_checks``. Deterministic (fixed seeds)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from app.models.db import database
from app.services import catalog, returns
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.people.customers import CustomerInput, save_customer
from app.services.pieces.catalog import PieceInput, VariantInput
from app.services.pieces.stock import adjust_stock, record_entry
from app.services.receivables.payments import record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from tests.walks import piece_checks
from tests.walks import walk_checks as checks

START = date(2027, 2, 1)
DAYS = 210
CATALOGUE = (
    ("Vestido Lírio", 18_990, ("P", "M", "G"), ("rosa", "preto")),
    ("Biquíni Copacabana", 8_990, ("P", "M", "G"), ("estampado",)),
    ("Calça Jeans Skinny", 15_990, ("36", "38", "40", "42"), ("azul",)),
    ("Kimono de Seda", 12_990, ("",), ("",)),
)


def _catalogue(today: date) -> list[tuple[int, int, str]]:
    """(variant id, price, description) of every variant, with a little stock each."""
    found = []
    for name, price, sizes, colours in CATALOGUE:
        grid = tuple(VariantInput(s, c, 2) for s in sizes for c in colours)
        piece = catalog.save_piece(PieceInput(name, price, variants=grid), today)
        found += [(v.id, price, name) for v in catalog.variants_of(piece)]
    return found


class Walk:
    """The reseller's random day: what she may do for one customer, and for the shop."""

    def __init__(self, rng: random.Random, variants, settings):
        self.rng, self.variants, self.settings = rng, variants, settings
        self.did: dict[str, int] = {}

    def _count(self, what: str) -> None:
        self.did[what] = self.did.get(what, 0) + 1

    def _items(self, k: int) -> list[ItemInput]:
        items = []
        for _ in range(k):
            vid, price, name = self.rng.choice(self.variants)
            if self.rng.random() < 0.1:
                items.append(ItemInput("Peça de encomenda", 1, self.rng.randint(2_000, 9_000)))
                continue
            quantity = self.rng.choice((1, 1, 2))
            short = catalog.stock_of(vid) < quantity  # she mostly sells it sob encomenda
            items.append(ItemInput(name, quantity, price, piece_variant_id=vid,
                                   on_order=short and self.rng.random() < 0.7))
        return items

    def sale(self, cid: int, day: date) -> None:
        items = self._items(self.rng.randint(1, 3))
        upfront = self.rng.random() < 0.15
        plan = None if upfront else PlanInput(
            self.rng.randint(1, 4), day + timedelta(days=self.rng.randint(0, 40)),
            self.rng.choice(["monthly", "weekly", "biweekly"]))
        create_sale(cid, day, items, day, plan=plan,
                    down_payment_cents=0 if upfront else self.rng.choice([0, 0, 1_000]),
                    override_credit=True)
        self._count("sale")

    def _a_sale(self, cid: int):
        ids = database.execute_sql("SELECT id FROM sale WHERE customer_id = ? ORDER BY id",
                                   (cid,)).fetchall()
        return self.rng.choice(ids)[0] if ids else None

    @staticmethod
    def _newest_sale(cid: int):
        row = database.execute_sql("SELECT MAX(id) FROM sale WHERE customer_id = ?",
                                   (cid,)).fetchone()
        return row[0]

    def give_back(self, cid: int, day: date) -> None:
        sale = self._a_sale(cid)
        lines = [r for r in returns.returnable_items(sale)] if sale else []
        lines = [r for r in lines if r.returnable]
        if not lines:
            return
        chosen = self.rng.sample(lines, self.rng.randint(1, len(lines)))
        quantities = {r.sale_item_id: self.rng.randint(1, r.returnable) for r in chosen}
        defective = [i for i in quantities if self.rng.random() < 0.3]
        late = self.rng.random() < 0.8  # she mostly confirms a late return
        sold_on = database.execute_sql("SELECT sale_date FROM sale WHERE id = ?",
                                       (sale,)).fetchone()[0]
        back_on = max(day - timedelta(days=self.rng.choice([0, 0, 0, self.rng.randint(1, 6)])),
                      date.fromisoformat(sold_on))  # sometimes written down days later
        on_shelf = [v for v in self.variants if catalog.stock_of(v[0])]
        if on_shelf and self.rng.random() < 0.35:
            vid, price, name = self.rng.choice(on_shelf)
            returns.exchange(sale, quantities, [ItemInput(name, 1, price, piece_variant_id=vid)],
                             day, difference=self.rng.choice(["installments", "now"]),
                             refund=self.rng.choice(["installments", "cash"]),
                             defective=defective, confirm_late=late, reason="troca",
                             day=back_on)
            self._count("exchange")
        else:
            returns.return_items(sale, quantities, day, self.rng.choice(["installments", "cash"]),
                                 defective=defective, confirm_late=late, reason="devolução",
                                 day=back_on)
            self._count("return")

    def act(self, cid: int, day: date) -> None:
        """One random thing for this customer today (or nothing)."""
        r = self.rng.random()
        if r < 0.05:
            self.sale(cid, day)
        elif r < 0.12:
            paid_on = max(day - timedelta(days=self.rng.choice([0, 0, self.rng.randint(1, 9)])),
                          START)
            record_payment(cid, self.rng.randint(100, 30_000), paid_on, "pix", day,
                           accept_credit=True, charge_fees=self.rng.random() < 0.5,
                           settings=self.settings)
            self._count("payment")
        elif r < 0.13:
            self._reverse(cid, day)
        elif r < 0.16:
            self.give_back(cid, day)
        elif r < 0.168:
            sale = self._newest_sale(cid)
            if sale:
                returns.cancel_sale(sale, day, "desistiu")
                self._count("cancel")

    def _reverse(self, cid: int, day: date) -> None:
        ids = database.execute_sql(
            "SELECT id FROM payment WHERE customer_id = ? AND reversed_at IS NULL AND kind IN "
            "('payment', 'down_payment') AND method <> 'return_credit' ORDER BY id",
            (cid,)).fetchall()
        if ids:
            reverse_payment(self.rng.choice(ids)[0], "digitado errado",
                            datetime.combine(day, time(9)))
            self._count("reversal")

    def shop(self, day: date) -> None:
        """The shop's own day: pieces arrive, or she recounts a shelf."""
        r = self.rng.random()
        vid = self.rng.choice(self.variants)[0]
        if r < 0.12:
            record_entry({vid: self.rng.randint(1, 4)}, day, day,
                         unit_cost_cents=self.rng.choice([None, 4_500]), note="fornecedor")
            self._count("entry")
        elif r < 0.16:
            adjust_stock(vid, max(catalog.stock_of(vid) + self.rng.randint(-2, 2), 0),
                         "contagem", day)
            self._count("adjustment")


@pytest.mark.parametrize("seed", [2, 7, 19])
def test_walk_with_pieces_keeps_money_and_stock_whole(db, seed):
    rng = random.Random(seed)
    settings = save_settings(load_settings(), late_fee_bp=rng.choice([0, 200]),
                             late_interest_bp=rng.choice([0, 100]), return_limit_days=90)
    cids = [save_customer(CustomerInput(f"Cliente {k}", phone=f"(11) 9{k}765-432{k}"), START)
            for k in range(4)]
    walk = Walk(rng, _catalogue(START), settings)
    refused = 0
    for n in range(DAYS):
        day = START + timedelta(days=n)
        walk.shop(day)
        for cid in cids:
            try:
                walk.act(cid, day)
            except ValidationError:
                refused += 1  # refused with a sentence (no stock, a sale with payments…)
        snap = checks.snapshot()
        for cid in cids:
            checks.check_money(snap, cid, day)
        checks.check_stored()
        piece_checks.check_sales_after_returns()
        piece_checks.check_stock()
        checks.check_one_set_owed()
        checks.check_fees(snap, settings)
        asked = checks.check_overdue(snap, day, settings)
        checks.check_standings(snap, day)
        for cid in cids:
            checks.check_customer_page(snap, cid, day, asked)
    assert all(walk.did.get(k, 0) >= 3 for k in ("sale", "payment", "return", "exchange",
                                                  "entry", "adjustment")), walk.did
    moves = dict(database.execute_sql("SELECT kind, COUNT(*) FROM stock_move GROUP BY kind"))
    assert {"opening", "sale", "return", "return_defective", "entry", "adjustment",
            "exchange"} <= set(moves), moves
    assert refused < DAYS, refused


def test_the_checks_catch_a_stock_or_a_carne_that_went_wrong(db, today):
    """The walk's checks are not blind: a count changed without its movement, or a return
    whose value never left the carnê, is caught."""
    from tests.pieces.conftest import sell

    variants = _catalogue(today)
    cid = save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)
    sale = sell(cid, today, today, [(variants[0][0], 1, variants[0][1])])
    item = returns.returnable_items(sale.sale_id)[0].sale_item_id
    returns.return_items(sale.sale_id, {item: 1}, today)
    piece_checks.check_stock()
    piece_checks.check_sales_after_returns()
    database.execute_sql("UPDATE piece_variant SET stock = stock + 1 WHERE id = ?",
                         (variants[1][0],))
    with pytest.raises(AssertionError, match="moves say"):
        piece_checks.check_stock()
    database.execute_sql("UPDATE piece_variant SET stock = stock - 1 WHERE id = ?",
                         (variants[1][0],))
    database.execute_sql("UPDATE installment SET amount_cents = amount_cents + 100 "
                         "WHERE sale_id = ? AND number = 1", (sale.sale_id,))
    with pytest.raises(AssertionError, match="returns"):
        piece_checks.check_sales_after_returns()


def test_the_drill_knows_returns_and_stock(tmp_path, today):
    """tools/drill_checks.py (the kill drill's invariants, read with raw sqlite3) hold on the
    demo, whose sales have returns and an exchange, and catch a count without its history."""
    import sqlite3
    import sys

    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo
    from tests.places import ROOT

    sys.path.insert(0, str(ROOT / "tools"))
    from drill_checks import file_problems

    path = tmp_path / "demo.sqlite3"
    open_database(path, today=today)
    try:
        assert generate_demo(40, today, seed=5).returns >= 3
    finally:
        close_database()
    conn = sqlite3.connect(str(path))
    try:
        assert file_problems(conn) == []
        conn.execute("UPDATE piece_variant SET stock = stock + 1 WHERE id = 1")
        assert [p.split(":")[0] for p in file_problems(conn)] == ["stock = its history"]
    finally:
        conn.close()
