"""Credit sales: items, entrada, installments, credit limit, all-or-nothing saving."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.entities import ALL_MODELS
from app.models.people import Customer
from app.models.receivables import Installment, Payment, Sale, SaleItem
from app.services.core.errors import NotFound, ValidationError
from app.services.people.customers import CustomerInput, credit_cents, save_customer, set_blocked
from app.services.receivables.installments import Interval
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

DUE = date(2026, 12, 23)


def counts() -> dict[str, int]:
    return {m.__name__: m.select().count() for m in ALL_MODELS}


@pytest.fixture
def ana(db, today) -> int:
    return save_customer(CustomerInput("Ana Souza", phone="(11) 98765-4321"), today)


def items(*prices: int) -> list[ItemInput]:
    return [ItemInput(f"Peça {n}", 1, p, variant="M preto") for n, p in enumerate(prices, 1)]


def schedule(sale_id: int) -> list[tuple[int, date, int]]:
    rows = Installment.select().where(Installment.sale == sale_id).order_by(Installment.number)
    return [(i.number, i.due_date, i.amount_cents) for i in rows]


def test_hundred_reais_in_three_monthly(ana, today):
    result = create_sale(ana, today, items(10000), today, plan=PlanInput(3, DUE))
    assert schedule(result.sale_id) == [
        (1, date(2026, 12, 23), 3334),
        (2, date(2027, 1, 23), 3333),
        (3, date(2027, 2, 23), 3333),
    ]
    assert len(result.installment_ids) == 3
    assert result.credit_used_cents == 0
    sale = Sale.get_by_id(result.sale_id)
    assert sale.total_cents == 10000
    assert sale.down_payment_cents == 0
    assert sale.interval == "monthly"
    assert all(i.count == 3 and i.paid_cents == 0 and i.customer_id == ana
               for i in Installment.select())
    assert Payment.select().count() == 0


def test_items_saved_with_quantity_variant_and_total(ana, today):
    lines = [ItemInput(" Vestido midi floral ", 2, 18990, " M azul "), ItemInput("Body", 1, 5990)]
    result = create_sale(ana, today, lines, today, plan=PlanInput(2, DUE), notes=" presente ")
    sale = Sale.get_by_id(result.sale_id)
    assert sale.total_cents == 2 * 18990 + 5990
    assert sale.notes == "presente"
    saved = [(i.description, i.variant, i.quantity, i.unit_price_cents)
             for i in SaleItem.select().order_by(SaleItem.id)]
    assert saved == [("Vestido midi floral", "M azul", 2, 18990), ("Body", "", 1, 5990)]
    assert sum(c for _, _, c in schedule(result.sale_id)) == sale.total_cents


def test_entrada_is_a_down_payment_and_the_rest_is_split(ana, today):
    result = create_sale(ana, today, items(10000), today, plan=PlanInput(3, DUE),
                         down_payment_cents=2500, payment_method="pix")
    down = Payment.get()
    assert (down.kind, down.amount_cents, down.method, down.payment_date) == (
        "down_payment", 2500, "pix", today)
    assert down.sale_id == result.sale_id
    assert [c for _, _, c in schedule(result.sale_id)] == [2500, 2500, 2500]
    assert Sale.get_by_id(result.sale_id).down_payment_cents == 2500


def test_entrada_leftover_centavos_on_first_installment(ana, today):
    result = create_sale(ana, today, items(10000), today, plan=PlanInput(3, DUE),
                         down_payment_cents=1000)
    assert [c for _, _, c in schedule(result.sale_id)] == [3000, 3000, 3000]
    result = create_sale(ana, today, items(10001), today, plan=PlanInput(3, DUE),
                         down_payment_cents=1000)
    assert [c for _, _, c in schedule(result.sale_id)] == [3001, 3000, 3000]


def test_cash_sale_has_no_installments_and_is_paid(ana, today):
    result = create_sale(ana, today, items(8990, 3990), today, plan=None, payment_method="debito")
    assert result.installment_ids == ()
    assert Installment.select().count() == 0
    payment = Payment.get()
    assert (payment.kind, payment.amount_cents, payment.method) == ("down_payment", 12980,
                                                                     "debit_card")
    sale = Sale.get_by_id(result.sale_id)
    assert sale.down_payment_cents == sale.total_cents == 12980
    assert sale.interval == "upfront"


def test_biweekly_and_custom_plans(ana, today):
    result = create_sale(ana, today, items(9000), today,
                         plan=PlanInput(3, date(2026, 12, 1), Interval.BIWEEKLY))
    assert [d for _, d, _ in schedule(result.sale_id)] == [
        date(2026, 12, 1), date(2026, 12, 16), date(2026, 12, 31)]
    custom = (date(2026, 12, 5), date(2027, 1, 20))
    result = create_sale(ana, today, items(9000), today,
                         plan=PlanInput(2, custom[0], Interval.CUSTOM, custom_dates=custom))
    assert [d for _, d, _ in schedule(result.sale_id)] == list(custom)
    assert Sale.get_by_id(result.sale_id).interval == "custom"


def test_first_due_on_the_sale_date_is_allowed(ana, today):
    result = create_sale(ana, today, items(5000), today, plan=PlanInput(1, today))
    assert schedule(result.sale_id) == [(1, today, 5000)]


BAD = [
    ("no items", dict(items=[]), "items"),
    ("empty description", dict(items=[ItemInput("   ", 1, 5000)]), "item1"),
    ("price zero", dict(items=[ItemInput("Blusa", 1, 0)]), "item1"),
    ("negative price", dict(items=[ItemInput("Blusa", 1, -5000)]), "item1"),
    ("quantity zero", dict(items=[ItemInput("Blusa", 0, 5000)]), "item1"),
    ("quantity 1000", dict(items=[ItemInput("Blusa", 1000, 5000)]), "item1"),
    ("second item bad", dict(items=[ItemInput("Blusa", 1, 5000), ItemInput("Saia", 1, 0)]),
     "item2"),
    ("sale in the future", dict(sale_date=date(2026, 11, 24)), "date"),
    ("sale in 1900", dict(sale_date=date(1900, 11, 23)), "date"),
    ("first due before sale", dict(plan=PlanInput(3, date(2026, 11, 22))), "plan"),
    ("zero installments", dict(plan=PlanInput(0, DUE)), "plan"),
    ("1000 installments", dict(plan=PlanInput(1000, DUE)), "plan"),
    ("entrada equals total", dict(down_payment_cents=10000), "plan"),
    ("entrada above total", dict(down_payment_cents=20000), "plan"),
    ("negative entrada", dict(down_payment_cents=-1), "plan"),
    ("due in 1900", dict(plan=PlanInput(3, date(1900, 1, 1)), sale_date=date(2026, 1, 1)),
     "plan"),
    ("custom wrong count", dict(plan=PlanInput(3, DUE, Interval.CUSTOM, custom_dates=(DUE,))),
     "plan"),
    ("unknown method", dict(payment_method="cheque"), "method"),
]


@pytest.mark.parametrize(("why", "change", "key"), BAD, ids=[b[0] for b in BAD])
def test_bad_sale_refused_and_nothing_saved(ana, today, why, change, key):
    args = dict(sale_date=today, items=items(10000), plan=PlanInput(3, DUE),
                down_payment_cents=0, payment_method="pix")
    args.update(change)
    before = counts()
    with pytest.raises(ValidationError) as info:
        create_sale(ana, args.pop("sale_date"), args.pop("items"), today, **args)
    assert key in info.value.errors
    assert info.value.errors[key].strip()
    assert counts() == before


def test_item_and_date_problems_reported_together(ana, today):
    with pytest.raises(ValidationError) as info:
        create_sale(ana, date(2027, 1, 1), [ItemInput("", 1, 100), ItemInput("Saia", 0, 100)],
                    today, plan=PlanInput(1, DUE))
    assert set(info.value.errors) == {"item1", "item2", "date"}


def test_entrada_equal_to_total_suggests_cash(ana, today):
    with pytest.raises(ValidationError) as info:
        create_sale(ana, today, items(10000), today, plan=PlanInput(3, DUE),
                    down_payment_cents=10000)
    assert "À vista" in info.value.errors["plan"]


def test_unknown_customer(db, today):
    with pytest.raises(NotFound):
        create_sale(999, today, items(1000), today, plan=PlanInput(1, DUE))
    assert Sale.select().count() == 0


def test_credit_limit_exceeded_refused_unless_override(db, today):
    cid = save_customer(CustomerInput("Bia", credit_limit="150,00"), today)
    create_sale(cid, today, items(10000), today, plan=PlanInput(2, DUE))
    before = counts()
    with pytest.raises(ValidationError) as info:
        create_sale(cid, today, items(6000), today, plan=PlanInput(2, DUE))
    message = info.value.errors["credit"]
    assert "R$\xa0160,00" in message and "R$\xa0150,00" in message
    assert counts() == before
    create_sale(cid, today, items(6000), today, plan=PlanInput(2, DUE), override_credit=True)
    assert Sale.select().count() == 2


def test_credit_limit_counts_only_the_financed_part(db, today):
    cid = save_customer(CustomerInput("Bia", credit_limit="100,00"), today)
    create_sale(cid, today, items(15000), today, plan=PlanInput(2, DUE),
                down_payment_cents=5000)
    assert Installment.select().count() == 2


def test_credit_limit_exactly_reached_is_allowed(db, today):
    cid = save_customer(CustomerInput("Bia", credit_limit="100,00"), today)
    create_sale(cid, today, items(10000), today, plan=PlanInput(2, DUE))
    assert Sale.select().count() == 1


def test_blocked_customer_refused_unless_override_but_cash_is_fine(ana, today):
    set_blocked(ana, True)
    with pytest.raises(ValidationError) as info:
        create_sale(ana, today, items(5000), today, plan=PlanInput(1, DUE))
    assert "Ana Souza" in info.value.errors["credit"]
    assert "bloqueada" in info.value.errors["credit"]
    assert Sale.select().count() == 0
    create_sale(ana, today, items(5000), today, plan=None)
    create_sale(ana, today, items(5000), today, plan=PlanInput(1, DUE), override_credit=True)
    assert Sale.select().count() == 2


def test_existing_credit_is_used_on_the_new_sale(ana, today):
    create_sale(ana, date(2026, 10, 1), items(5000), today, plan=PlanInput(1, date(2026, 11, 1)))
    yesterday = today - timedelta(days=1)
    record_payment(ana, 9000, yesterday, "pix", today, accept_credit=True)
    assert credit_cents(ana) == 4000
    result = create_sale(ana, today, items(9000), today, plan=PlanInput(3, DUE))
    assert result.credit_used_cents == 4000
    paid = [(i.number, i.paid_cents, i.paid_date) for i in
            Installment.select().where(Installment.sale == result.sale_id)
            .order_by(Installment.number)]
    assert paid == [(1, 3000, today), (2, 1000, None), (3, 0, None)]
    assert credit_cents(ana) == 0
    use = Payment.get(Payment.kind == "credit_use")  # dated the sale's day
    assert (use.amount_cents, use.payment_date) == (4000, today)


def test_a_payment_dated_the_day_of_a_sale_pays_it_directly(ana, today):
    create_sale(ana, date(2026, 10, 1), items(5000), today, plan=PlanInput(1, date(2026, 11, 1)))
    record_payment(ana, 9000, today, "pix", today, accept_credit=True)
    result = create_sale(ana, today, items(9000), today, plan=PlanInput(3, DUE))
    # same day: the sale counts first, so the payment itself pays it (no credit use needed)
    assert result.credit_used_cents == 4000
    assert Payment.select().where(Payment.kind == "credit_use").count() == 0
    assert credit_cents(ana) == 0


def test_credit_bigger_than_new_sale_keeps_the_rest(ana, today):
    create_sale(ana, date(2026, 10, 1), items(5000), today, plan=PlanInput(1, date(2026, 11, 1)))
    record_payment(ana, 20000, today, "pix", today, accept_credit=True)
    result = create_sale(ana, today, items(6000), today, plan=PlanInput(2, DUE))
    assert result.credit_used_cents == 6000
    assert credit_cents(ana) == 9000
    assert all(i.paid_cents == i.amount_cents
               for i in Installment.select().where(Installment.sale == result.sale_id))


def test_failure_inside_the_transaction_leaves_nothing(ana, today, monkeypatch):
    before = counts()
    original = Installment.create.__func__
    calls = {"n": 0}

    def failing_create(cls, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disco cheio")
        return original(cls, **kwargs)

    monkeypatch.setattr(Installment, "create", classmethod(failing_create))
    with pytest.raises(RuntimeError):
        create_sale(ana, today, items(10000), today, plan=PlanInput(3, DUE),
                    down_payment_cents=1000)
    assert calls["n"] == 2
    assert counts() == before
    assert Sale.select().count() == SaleItem.select().count() == Payment.select().count() == 0
    monkeypatch.undo()
    create_sale(ana, today, items(10000), today, plan=PlanInput(3, DUE), down_payment_cents=1000)
    assert Installment.select().count() == 3


def test_customer_still_exists_after_failed_sale(ana, today, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("falhou")

    monkeypatch.setattr(SaleItem, "create", boom)
    with pytest.raises(RuntimeError):
        create_sale(ana, today, items(10000), today, plan=PlanInput(3, DUE))
    assert Customer.select().count() == 1
    assert Sale.select().count() == 0


def test_credit_limit_counts_the_credit_she_already_has(db, today):
    from app.services.receivables.sales import credit_check

    cid = save_customer(CustomerInput(name="Lia", credit_limit="100,00"), today)
    create_sale(cid, today, [ItemInput("Saia", 1, 5_000)], today, PlanInput(1, today))
    record_payment(cid, 8_000, today, "pix", today, accept_credit=True)  # R$ 30,00 credit
    assert credit_check(cid, 12_000) is None  # owes 120 − 30 = 90 ≤ 100
    assert "acima do limite" in credit_check(cid, 14_000)
