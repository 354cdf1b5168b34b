"""Estorno: her remaining money is re-applied oldest first, as if the payment never existed;
credit never sits beside an open installment. Real dates on a real SQLite file."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.models.receivables import Installment, Payment
from app.services.collection.overdue import overdue_report
from app.services.configuration.settings import Settings
from app.services.core.errors import ValidationError
from app.services.people.customers import (
    credit_cents,
    open_balance_cents,
)
from app.services.receivables.payments import (
    list_payments,
    receipt_text,
    record_payment,
    reverse_payment,
)
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

NOW = datetime(2026, 11, 23, 10, 0)


def state(sale) -> list[tuple[int, date | None]]:
    return [(i.paid_cents, i.paid_date) for i in
            (Installment.get_by_id(n) for n in sale.installment_ids)]


def test_reversing_the_first_of_three_payments_reapplies_the_rest(ana, sale, today):
    first = record_payment(ana, 10000, date(2026, 10, 1), "pix", today).payment_id
    second = record_payment(ana, 10000, date(2026, 10, 15), "pix", today).payment_id
    third = record_payment(ana, 15000, date(2026, 11, 5), "pix", today, accept_credit=True)
    assert third.credit_cents == 5000 and credit_cents(ana) == 5000
    reverse_payment(first, "Pix devolvido pelo banco", NOW)
    # as if the first had never been recorded: 15/10 pays the 1st, 05/11 the 2nd and half the 3rd
    assert state(sale) == [(10000, date(2026, 10, 15)), (10000, date(2026, 11, 5)), (5000, None)]
    assert open_balance_cents(ana) == 5000
    assert credit_cents(ana) == 0
    assert overdue_report(today, Settings()).rows == ()  # the 3rd is due 01/12
    late = overdue_report(date(2026, 12, 5), Settings()).rows
    assert [(r.name, r.principal_cents, r.days_late) for r in late] == [("Ana Souza", 5000, 4)]
    views = {v.id: v for v in list_payments(ana)}
    assert views[first].reversed and views[first].reversal_reason == "Pix devolvido pelo banco"
    assert [(n, c) for _, n, _, c in views[second].allocations] == [(1, 10000)]
    assert [(n, c) for _, n, _, c in views[third.payment_id].allocations] == [(2, 10000),
                                                                             (3, 5000)]
    assert "ESTORNADO: Pix devolvido pelo banco" in receipt_text(first, "Loja")


def test_a_later_payment_ticked_for_an_installment_stays_on_it(ana, sale, today):
    first = record_payment(ana, 10000, date(2026, 10, 1), "pix", today).payment_id
    third_inst = sale.installment_ids[2]
    record_payment(ana, 10000, date(2026, 10, 20), "pix", today, installment_ids=[third_inst])
    record_payment(ana, 4000, date(2026, 11, 2), "pix", today)
    reverse_payment(first, "lancei errado", NOW)
    assert [p for p, _ in state(sale)] == [4000, 0, 10000]
    assert (open_balance_cents(ana), credit_cents(ana)) == (16000, 0)


def test_credit_from_an_old_payment_is_used_by_a_backdated_sale_at_once(ana, today):
    record_payment(ana, 5000, date(2026, 9, 1), "dinheiro", today, accept_credit=True)
    assert credit_cents(ana) == 5000
    result = create_sale(ana, date(2026, 9, 10), [ItemInput("Saia", 1, 8000)], today,
                         plan=PlanInput(2, date(2026, 10, 10)))
    assert result.credit_used_cents == 5000
    assert [Installment.get_by_id(i).paid_cents for i in result.installment_ids] == [4000, 1000]
    assert credit_cents(ana) == 0


def test_reversing_an_entrada_makes_it_owed_and_uses_her_credit(ana, today):
    sale = create_sale(ana, date(2026, 11, 2), [ItemInput("Bolsa", 1, 25000)], today,
                       plan=PlanInput(2, date(2026, 12, 2)), down_payment_cents=5000)
    record_payment(ana, 23000, date(2026, 11, 20), "pix", today, accept_credit=True)
    assert credit_cents(ana) == 3000
    entrada = Payment.get(Payment.kind == "down_payment")
    reverse_payment(entrada.id, "a entrada não foi paga", NOW)
    owed = Installment.get((Installment.sale == sale.sale_id) & (Installment.number == 0))
    assert (owed.due_date, owed.amount_cents) == (date(2026, 11, 2), 5000)
    # her R$ 230,00 now pays the entrada first (oldest), then the two installments
    assert (open_balance_cents(ana), credit_cents(ana)) == (2000, 0)
    assert Installment.get_by_id(owed.id).paid_cents == 5000
    assert "• Entrada da compra de 02/11/2026" in receipt_text(
        Payment.get(Payment.kind == "payment").id, "Loja")


def test_reversal_is_one_transaction(ana, sale, today):
    pid = record_payment(ana, 10000, date(2026, 10, 1), "pix", today).payment_id
    with pytest.raises(ValidationError):
        reverse_payment(pid, "  ", NOW)
    assert state(sale)[0] == (10000, date(2026, 10, 1))
    assert Payment.get_by_id(pid).reversed_at is None


def test_sixty_random_operations_keep_the_books_straight(ana, today):
    """Payments (some backdated, some ticked), sales and reversals in a seeded random order:
    after each one, paid amounts equal the valid allocations, and she never holds credit
    while an installment of a sale already made is open."""
    import random

    from app.models.db import database

    rng = random.Random(7)
    start = date(2026, 6, 1)
    create_sale(ana, start, [ItemInput("Vestido", 1, 30000)], today,
                plan=PlanInput(3, date(2026, 7, 1)))
    for _ in range(60):
        day = start + timedelta(days=rng.randint(0, 170))
        roll = rng.random()
        valid = list(Payment.select().where(Payment.reversed_at.is_null()
                                             & (Payment.kind != "credit_use")))
        if roll < 0.2:
            create_sale(ana, day, [ItemInput("Saia", 1, rng.randint(3, 20) * 1000)], today,
                        plan=PlanInput(2, day + timedelta(days=30)))
        elif roll < 0.35 and valid:
            reverse_payment(rng.choice(valid).id, "teste", NOW)
        else:
            opens = [i.id for i in Installment.select().where(
                Installment.paid_cents < Installment.amount_cents)]
            ticked = [rng.choice(opens)] if opens and rng.random() < 0.3 else None
            try:
                record_payment(ana, rng.randint(1, 150) * 100, day, "pix", today,
                               installment_ids=ticked, accept_credit=True)
            except ValidationError:
                pass  # dated before the sale it was ticked for
        mismatched = database.execute_sql(
            "SELECT COUNT(*) FROM installment i WHERE i.paid_cents != (SELECT COALESCE("
            "SUM(a.amount_cents), 0) FROM allocation a JOIN payment p ON p.id = a.payment_id "
            "WHERE a.installment_id = i.id AND p.reversed_at IS NULL)").fetchone()[0]
        assert mismatched == 0
        assert credit_cents(ana) >= 0
        if credit_cents(ana) > 0:
            assert open_balance_cents(ana) == 0


def test_demo_data_is_already_what_re_applying_the_money_gives(db, today):
    """The demo's payments were each for one installment (stored as ticked), so re-applying
    a customer's money changes nothing: the payment dialog previews what it will record."""
    from app.models.db import database
    from app.services.demo import generate_demo
    from app.services.receivables.ledger import settle

    generate_demo(60, today, seed=3)

    def books():
        return (database.execute_sql("SELECT id, paid_cents, paid_date FROM installment "
                                     "ORDER BY id").fetchall(),
                database.execute_sql("SELECT payment_id, installment_id, amount_cents "
                                     "FROM allocation ORDER BY 1, 2").fetchall())

    before = books()
    for (cid,) in database.execute_sql("SELECT id FROM customer").fetchall():
        settle(cid)
    assert books() == before
