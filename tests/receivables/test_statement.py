"""The customer page and her statement (extrato): installments, totals, printable HTML."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.installments import Status
from app.services.receivables.payments import record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.services.receivables.statement import customer_detail, statement_html


@pytest.fixture
def joana(db, today):
    """Joana: two sales, one payment; on 23/11/2026 one installment late, credit none."""
    cid = save_customer(CustomerInput("Joana D'Arc & Filhas", phone="(11) 98765-4321"), today)
    first = create_sale(
        cid, date(2026, 9, 15),
        [ItemInput("Vestido midi floral", 1, 18990, "M"), ItemInput("Body canelado", 2, 5990)],
        today, plan=PlanInput(3, date(2026, 10, 15)),
    )  # 309,70 in 3x: 103,24 + 103,23 + 103,23 on 15/10, 15/11, 15/12
    second = create_sale(
        cid, date(2026, 11, 1), [ItemInput("Saia plissada", 1, 11990)], today,
        plan=PlanInput(2, date(2026, 11, 20)), down_payment_cents=1990, payment_method="pix",
    )  # entrada 19,90; 100,00 in 2x: 50,00 on 20/11 and 20/12
    record_payment(cid, 10324, date(2026, 10, 14), "dinheiro", today)  # 1/3 of the first, on time
    return cid, first, second


def test_installments_sorted_by_due_date_with_sale_label(joana, today):
    cid, first, second = joana
    detail = customer_detail(cid, today)
    rows = [(i.due_date, i.number, i.count, i.amount_cents, i.sale_id)
            for i in detail.installments]
    assert rows == [
        (date(2026, 10, 15), 1, 3, 10324, first.sale_id),
        (date(2026, 11, 15), 2, 3, 10323, first.sale_id),
        (date(2026, 11, 20), 1, 2, 5000, second.sale_id),
        (date(2026, 12, 15), 3, 3, 10323, first.sale_id),
        (date(2026, 12, 20), 2, 2, 5000, second.sale_id),
    ]
    labels = {i.sale_id: i.sale_label for i in detail.installments}
    assert labels[first.sale_id] == "15/09/2026 · Vestido midi floral + 1 item"
    assert labels[second.sale_id] == "01/11/2026 · Saia plissada"


def test_states_on_today(joana, today):
    cid, _, _ = joana
    states = [(i.state.status, i.state.label) for i in customer_detail(cid, today).installments]
    assert states == [  # 15/11 is a Sunday (and a holiday): late from Tuesday 17/11
        (Status.PAID, "paga"),
        (Status.OVERDUE, "em atraso (7 dias)"),
        (Status.DUE_TODAY, "no prazo até 23/11"),  # Friday 20/11 was Consciência Negra
        (Status.UPCOMING, "a vencer"),
        (Status.UPCOMING, "a vencer"),
    ]
    assert [i.open_cents for i in customer_detail(cid, today).open_installments] == [
        10323, 5000, 10323, 5000]


def test_totals(joana, today):
    cid, _, _ = joana
    detail = customer_detail(cid, today)
    assert detail.balance_cents == 10323 + 5000 + 10323 + 5000
    assert detail.overdue_cents == 10323  # the 50,00 of 20/11 (a holiday) is due today
    assert detail.credit_cents == 0
    assert [s.total_cents for s in detail.sales] == [11990, 30970]  # newest first
    assert detail.sales[0].down_payment_cents == 1990
    assert [p.kind for p in detail.payments] == ["down_payment", "payment"]


def test_partial_payment_and_credit_in_totals(joana, today):
    cid, _, _ = joana
    record_payment(cid, 40000, today, "pix", today, accept_credit=True)
    detail = customer_detail(cid, today)
    assert detail.balance_cents == 0
    assert detail.overdue_cents == 0
    assert detail.credit_cents == 40000 - 30646


def test_totals_on_another_day(joana, today):
    cid, _, _ = joana
    detail = customer_detail(cid, date(2026, 12, 21))
    assert detail.balance_cents == 30646  # 20/12 is a Sunday: it can be paid today, Monday
    assert detail.overdue_cents == 30646 - 5000
    assert customer_detail(cid, date(2026, 12, 22)).overdue_cents == 30646


def test_statement_html(joana, today):
    cid, _, _ = joana
    reversed_id = record_payment(cid, 500, today, "pix", today).payment_id
    reverse_payment(reversed_id, "valor <errado>", datetime(2026, 11, 23, 10, 0))
    detail = customer_detail(cid, today)
    html = statement_html(detail, "Ateliê da Rê", today)
    assert "Joana D&#x27;Arc &amp; Filhas" in html  # escaped, still readable
    assert "Ateliê da Rê" in html
    assert "emitido em 23/11/2026" in html
    assert "R$\xa0309,70" in html and "R$\xa0119,90" in html
    assert "R$\xa0103,24" in html and "R$\xa050,00" in html
    assert "Parcela 2/3" in html
    assert "em atraso (7 dias)" in html
    assert "Saldo em aberto: R$\xa0306,46" in html
    assert "em atraso: R$\xa0103,23" in html
    assert "Dinheiro" in html and "R$\xa019,90" in html
    assert "estornado: valor &lt;errado&gt;" in html
    assert "<errado>" not in html


def test_statement_for_customer_without_sales(db, today):
    cid = save_customer(CustomerInput("Nova"), today)
    detail = customer_detail(cid, today)
    assert detail.sales == () and detail.installments == []
    html = statement_html(detail, "Loja", today)
    assert "Saldo em aberto: R$\xa00,00" in html
    assert "em atraso" not in html
