"""Demo data: believable Brazilian customers and 18 months of sales, payments and delays."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from app.cli import main
from app.models.db import close_database, database, open_database
from app.models.people import Customer
from app.models.pieces import Piece, SaleReturn
from app.models.receivables import Installment, Payment, Sale
from app.services.br.phones import format_phone, normalize_phone
from app.services.core.text import fold
from app.services.demo import FIRST, LAST, generate_demo
from app.services.people.customers import credit_cents, list_customers


@pytest.fixture
def demo(db, today):
    return generate_demo(50, today)


def test_summary_matches_the_rows(demo):
    assert demo.customers == Customer.select().count() == 50
    assert demo.sales == Sale.select().count() > 50
    assert demo.installments == Installment.select().count() >= demo.sales
    assert demo.payments == Payment.select().count() > 0


def test_brazilian_names(demo):
    for c in Customer.select():
        words = c.name.split()
        assert 2 <= len(words) <= 3, c.name
        assert words[0] in FIRST
        assert all(w in LAST for w in words[1:])
        assert c.search_key == fold(c.name)
    assert any(fold(c.name) != c.name.lower() for c in Customer.select())  # accents present


def test_phones_are_valid_e164_mobiles(demo):
    phones = [c.phone for c in Customer.select() if c.phone]
    assert len(phones) >= 40
    for phone in phones:
        assert phone.startswith("+55") and len(phone) == 14
        assert normalize_phone(phone) == phone
        assert normalize_phone(format_phone(phone)) == phone


def test_sales_within_the_last_18_months(demo, today):
    oldest = today - timedelta(days=549)
    for sale in Sale.select():
        assert oldest <= sale.sale_date <= today
    for payment in Payment.select():
        assert payment.payment_date <= today
        assert payment.amount_cents > 0


def test_installments_add_up_to_total_minus_entrada(demo):
    """… minus what returns took off the carnê (issue 22: the sale's identity)."""
    for sale in Sale.select():
        insts = list(sale.installments.order_by(Installment.number))
        back = sum(r.value_cents - r.credit_cents - r.refund_cents
                   for r in SaleReturn.select().where(SaleReturn.sale == sale.id))
        assert sum(i.amount_cents for i in insts) == (sale.total_cents - back
                                                      - sale.down_payment_cents)
        assert [i.number for i in insts] == list(range(1, len(insts) + 1))
        assert all(i.count == len(insts) for i in insts)
        assert all(i.due_date > sale.sale_date for i in insts)
        assert sum(i.quantity * i.unit_price_cents for i in sale.items) == sale.total_cents
        if sale.down_payment_cents:
            down = Payment.get(Payment.sale == sale.id, Payment.kind == "down_payment")
            assert down.amount_cents == sale.down_payment_cents


def test_mix_of_on_time_late_paid_and_overdue(demo, today):
    on_time = late_paid = overdue = partial = 0
    for i in Installment.select():
        assert 0 <= i.paid_cents <= i.amount_cents
        if i.amount_cents == 0:  # cancelled by a return: nothing paid, never "paid"
            assert i.paid_date is None
        elif i.paid_cents == i.amount_cents:
            assert i.paid_date is not None
            if i.paid_date <= i.due_date:
                on_time += 1
            else:
                late_paid += 1
        else:
            assert i.paid_date is None
            partial += i.paid_cents > 0
            overdue += i.due_date < today
    assert on_time > late_paid > 0
    assert overdue > 0
    assert partial > 0
    rows = list_customers(today)
    assert any(r.overdue_cents > 0 for r in rows)
    assert any(r.balance_cents > 0 and r.overdue_cents == 0 for r in rows)


def test_payments_are_allocated_and_leave_no_phantom_credit(demo):
    paid = database.execute_sql(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM payment WHERE kind = 'payment'").fetchone()[0]
    allocated = database.execute_sql(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM allocation").fetchone()[0]
    in_installments = database.execute_sql(
        "SELECT COALESCE(SUM(paid_cents), 0) FROM installment").fetchone()[0]
    assert paid == allocated == in_installments
    assert all(credit_cents(c.id) == 0 for c in Customer.select())


def _snapshot(path):
    conn = sqlite3.connect(str(path))
    try:
        return {
            "customer": conn.execute(
                "SELECT name, phone, birthday, city, credit_limit_cents FROM customer").fetchall(),
            "sale": conn.execute(
                "SELECT sale_date, total_cents, down_payment_cents FROM sale").fetchall(),
            "installment": conn.execute(
                "SELECT due_date, amount_cents, paid_cents, paid_date FROM installment").fetchall(),
            "payment": conn.execute(
                "SELECT payment_date, amount_cents, method, kind FROM payment").fetchall(),
        }
    finally:
        conn.close()


def _generate(path, today, seed):
    open_database(path, today=today)
    try:
        generate_demo(20, today, seed=seed)
    finally:
        close_database()
    return _snapshot(path)


def test_a_fashion_catalogue_that_the_sales_use(demo, today):
    """Issue 22: vestidos, blusas, saias, biquínis… with sizes P–GG or 36–44 and colours;
    most lines from the catalogue, some typed by hand, a few sob encomenda; returns and an
    exchange made by the real service; stock that is its history, never below zero."""
    from app.services import catalog
    from tests.walks.piece_checks import check_stock

    names = [p.name for p in Piece.select()]
    assert demo.pieces == len(names) >= 40
    for kind in ("Vestido", "Blusa", "Saia", "Biquíni", "Calça", "Kimono"):
        assert any(n.startswith(kind) for n in names), kind
    sizes = {v.size for p in Piece.select() for v in catalog.variants_of(p.id)}
    assert {"P", "M", "G", "GG", "36", "44", ""} <= sizes
    assert len(set(database.execute_sql("SELECT reference FROM piece").fetchall())) == len(names)
    lines = database.execute_sql(
        "SELECT SUM(piece_variant_id IS NOT NULL AND on_order = 0), SUM(on_order), "
        "SUM(piece_variant_id IS NULL), COUNT(*) FROM sale_item").fetchone()
    shelf, ordered, free, total = lines
    assert shelf > 0.8 * total and ordered >= 1 and free >= 0.03 * total
    kinds = dict(database.execute_sql("SELECT kind, COUNT(*) FROM stock_move GROUP BY kind"))
    assert kinds["opening"] and kinds["sale"] + kinds["exchange"] == shelf and kinds["entry"]
    check_stock()
    records = list(SaleReturn.select())
    assert demo.returns == len(records) >= 3 and sum(r.added_cents > 0 for r in records) == 1
    assert all(r.credit_cents == r.refund_cents == 0 and r.return_date <= today
               for r in records)
    from app.services.reports.stock_report import stock_list

    _, totals = stock_list()
    assert totals.empty >= 1 and totals.low >= 1 and totals.units > 0  # zero and low marked


def test_same_seed_same_data(tmp_path, today):
    first = _generate(tmp_path / "a.sqlite3", today, seed=3)
    assert first == _generate(tmp_path / "b.sqlite3", today, seed=3)
    assert first != _generate(tmp_path / "c.sqlite3", today, seed=4)


def test_demo_added_to_an_existing_notebook(db, today):
    generate_demo(5, today, seed=1)
    before = Installment.select().count()
    summary = generate_demo(5, today, seed=2)
    assert Customer.select().count() == 10
    assert Installment.select().count() == before + summary.installments


def test_progress_is_reported(db, today):
    calls = []
    generate_demo(3, today, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)


def test_cli_demo(tmp_path, capsys):
    path = tmp_path / "demo.sqlite3"
    code = main(["demo", "--db", str(path), "--customers", "30", "--today", "2026-11-23"])
    assert code == 0
    out = capsys.readouterr().out
    conn = sqlite3.connect(str(path))
    try:
        customers, sales, installments, payments, pieces = (
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("customer", "sale", "installment", "payment", "piece"))
        latest = conn.execute("SELECT MAX(sale_date) FROM sale").fetchone()[0]
    finally:
        conn.close()
    assert customers == 30
    assert out.strip() == (f"30 clientes, {sales} vendas, {installments} parcelas, "
                           f"{payments} pagamentos, {pieces} peças no catálogo em {path}")
    assert latest <= date(2026, 11, 23).isoformat()


@pytest.mark.parametrize("count", ["0", "100001"])
def test_cli_demo_refuses_silly_counts(tmp_path, capsys, count):
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--customers", count, "--today", "2026-11-23"]) == 2
    assert "clientes" in capsys.readouterr().err
    assert not path.exists()


def test_normal_mix_looks_like_a_real_caderneta(db, today):
    """Most customers pontual or em dia, some atrasadas, a few recorrentes; 5–20 reminders."""
    from collections import Counter

    from app.services.collection.worklist import todays_worklist
    from app.services.configuration.settings import load_settings
    from app.services.people.standing import standing_all

    generate_demo(200, today, seed=3)
    mix = Counter(s.code for s in standing_all(today).values())
    assert mix["pontual"] + mix["em_dia"] >= 150
    assert 1 <= mix["atrasada"] <= 30
    assert 1 <= mix["recorrente"] <= 30
    reminders = todays_worklist(today, load_settings(), now_hour=10).entries
    assert 5 <= len(reminders) <= 20


def test_harsh_mix_is_the_benchmarks_worst_case(db, today):
    from app.services.people.standing import standing_all

    generate_demo(100, today, seed=3, harsh=True)
    recurrent = sum(s.code == "recorrente" for s in standing_all(today).values())
    assert recurrent >= 50
    assert database.execute_sql("SELECT COUNT(*) FROM contact_log").fetchone()[0] == 0
    from app.services.demo_pieces import HARSH_PIECES

    pieces, variants = database.execute_sql(
        "SELECT (SELECT COUNT(*) FROM piece), (SELECT COUNT(*) FROM piece_variant)").fetchone()
    assert (pieces, variants) == (HARSH_PIECES, HARSH_PIECES * 10)  # issue 22: 5,000 × 10
