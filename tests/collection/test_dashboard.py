"""Painel figures on a small hand-built notebook, to the centavo."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.models.db import database
from app.models.receivables import Installment
from app.services.collection.dashboard import (
    dashboard,
    delinquency_by_month,
    format_rate,
    rate_bp,
    receipts_by_week,
)
from app.services.people.customers import CustomerInput, save_customer, set_archived
from app.services.receivables.installments import Interval
from app.services.receivables.payments import record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale


def customer(today, name):
    return save_customer(CustomerInput(name), today)


def sell(cid, day, cents, today, plan, **kw):
    return create_sale(cid, day, [ItemInput("Peça", 1, cents)], today, plan=plan, **kw)


@pytest.fixture
def notebook(db, today):
    """On Monday 23/11/2026.

    Ana   R$ 300,00 in 3x 10/10, 10/11, 10/12; paid 50,00 on 31/10 and 50,00 on 01/11.
    Bia   R$ 90,00, entrada 30,00 on 20/10, 2x 23/11 (today) and 23/12; paid 10,00 today.
    Carla R$ 50,00 à vista on 15/11.
    Dora  R$ 80,01 weekly 2x 30/11 and 07/12.
    Eva   archived, no history.
    Fia   R$ 40,00 due 01/11; paid 20,00 on 10/11, reversed.
    Gabi  paid 30,00 on 02/11 with nothing owed (credit); R$ 60,00 2x 05/12 and 05/01
          bought on 05/11 takes the credit.
    Hana  R$ 50,00 due 01/11, renegotiated.
    """
    ana = customer(today, "Ana")
    sell(ana, date(2026, 9, 1), 30000, today, PlanInput(3, date(2026, 10, 10)))
    record_payment(ana, 5000, date(2026, 10, 31), "pix", today)
    record_payment(ana, 5000, date(2026, 11, 1), "dinheiro", today)
    bia = customer(today, "Bia")
    sell(bia, date(2026, 10, 20), 9000, today, PlanInput(2, today), down_payment_cents=3000,
         payment_method="pix")
    record_payment(bia, 1000, today, "pix", today)
    carla = customer(today, "Carla")
    sell(carla, date(2026, 11, 15), 5000, today, None, payment_method="debito")
    dora = customer(today, "Dora")
    sell(dora, date(2026, 11, 1), 8001, today, PlanInput(2, date(2026, 11, 30), Interval.WEEKLY))
    set_archived(customer(today, "Eva"), True)
    fia = customer(today, "Fia")
    sell(fia, date(2026, 10, 1), 4000, today, PlanInput(1, date(2026, 11, 1)))
    wrong = record_payment(fia, 2000, date(2026, 11, 10), "pix", today)
    reverse_payment(wrong.payment_id, "era de outra cliente", datetime(2026, 11, 11, 9, 0))
    gabi = customer(today, "Gabi")
    record_payment(gabi, 3000, date(2026, 11, 2), "pix", today, accept_credit=True)
    sale = sell(gabi, date(2026, 11, 5), 6000, today, PlanInput(2, date(2026, 12, 5)))
    assert sale.credit_used_cents == 3000
    hana = customer(today, "Hana")
    sale = sell(hana, date(2026, 10, 1), 5000, today, PlanInput(1, date(2026, 11, 1)))
    Installment.update(renegotiated=True).where(Installment.sale == sale.sale_id).execute()


def test_receivable(notebook, today):
    # Ana 100+100, Bia 20+30, Dora 80,01, Fia 40, Gabi 30 (Hana renegotiated, Carla paid).
    assert dashboard(today).receivable_cents == 20000 + 5000 + 8001 + 4000 + 3000


def test_overdue(notebook, today):
    figures = dashboard(today)
    assert figures.overdue_cents == 10000 + 4000  # Ana 10/11, Fia 01/11 (reversal reopened it)
    assert figures.overdue_customers == 2


def test_due_today_is_not_overdue(notebook, today):
    figures = dashboard(today)
    assert figures.due_today_cents == 2000  # Bia's 30,00 minus the 10,00 she paid
    assert figures.due_today_customers == 1


def test_due_this_week(notebook, today):
    assert dashboard(today).due_week_cents == 4001  # Dora 30/11; 07/12 is 14 days away


def test_received_this_month(notebook, today):
    # Ana 50 (01/11), Bia 10, Carla 50 (à vista), Gabi 30; not Ana's 31/10, not Bia's entrada
    # of 20/10, not Fia's reversed payment, not the credit Gabi used.
    assert dashboard(today).received_month_cents == 5000 + 1000 + 5000 + 3000


def test_active_customers_exclude_archived(notebook, today):
    assert dashboard(today).active_customers == 7


def test_figures_move_with_today(notebook):
    figures = dashboard(date(2026, 12, 1))
    assert figures.receivable_cents == 40001
    assert figures.overdue_cents == 10000 + 4000 + 2000 + 4001
    assert figures.overdue_customers == 4
    assert figures.due_today_cents == 0
    assert figures.due_week_cents == 4000  # Dora 07/12; Gabi's 05/12 was paid by her credit
    assert figures.received_month_cents == 0


def test_empty_notebook(db, today):
    figures = dashboard(today)
    assert (figures.receivable_cents, figures.overdue_cents, figures.overdue_customers,
            figures.due_today_cents, figures.due_week_cents, figures.received_month_cents,
            figures.active_customers) == (0, 0, 0, 0, 0, 0, 0)


def test_to_receive_in_the_next_7_and_30_days(notebook, today):
    figures = dashboard(today)
    assert figures.next_7_cents == 2000  # Bia's rest today; Dora's 30/11 is the 8th day
    # + Dora 40,01 (30/11) and 40,00 (07/12), Ana 100,00 (10/12); Gabi's 05/12 paid by credit
    assert figures.next_30_cents == 2000 + 4001 + 4000 + 10000


def test_delinquency_rate_of_the_month(notebook, today):
    # due before today: Ana 10/10 and 10/11, Fia 01/11 = 240,00; unpaid: Ana 10/11, Fia = 140,00
    figures = dashboard(today)
    assert figures.month_rate_bp == 5833
    assert format_rate(figures.month_rate_bp) == "58,3%"


def test_delinquency_trend_over_twelve_months(notebook, today):
    series = delinquency_by_month(today)
    assert [m.label for m in series][:2] == ["dez/25", "jan/26"]
    assert [m.label for m in series][-1] == "nov/26"
    october, november = series[-2], series[-1]
    # on 31/10 Ana's 10/10 had 50,00 of 100,00 paid; the other 50,00 came on 01/11
    assert (october.cut, october.overdue_cents, october.due_cents) == (date(2026, 10, 31),
                                                                         5000, 10000)
    assert october.rate_bp == 5000
    assert (november.cut, november.overdue_cents, november.due_cents) == (today, 14000, 24000)
    assert all(m.due_cents == 0 and m.rate_bp == 0 for m in series[:-2])


def test_expected_receipts_per_week(notebook, today):
    weeks = receipts_by_week(today)
    assert [(w.start, w.cents, w.installments) for w in weeks] == [
        (date(2026, 11, 23), 2000, 1),  # Bia
        (date(2026, 11, 30), 4001, 1),  # Dora (Gabi's 05/12 already paid by her credit)
        (date(2026, 12, 7), 14000, 2),  # Dora, Ana
        (date(2026, 12, 14), 0, 0),
        (date(2026, 12, 21), 3000, 1),  # Bia
        (date(2026, 12, 28), 0, 0),
        (date(2027, 1, 4), 3000, 1),  # Gabi
        (date(2027, 1, 11), 0, 0),
    ]
    assert weeks[0].end == date(2026, 11, 29)
    assert sum(w.cents for w in weeks[:1]) == dashboard(today).next_7_cents


def test_rate_rounding():
    assert rate_bp(1, 3) == 3333 and rate_bp(2, 3) == 6667 and rate_bp(5, 0) == 0
    assert format_rate(0) == "0,0%" and format_rate(10000) == "100,0%"


def test_trend_counts_a_partial_payment_made_in_a_later_month(db, today):
    # R$ 100,00 due 10/09, 40,00 paid on 05/10, still open: on 30/09 all 100,00 was late,
    # on 31/10 and today 60,00; a payment reversed later counts as never made
    ivo = customer(today, "Ivo")
    sell(ivo, date(2026, 8, 1), 10000, today, PlanInput(1, date(2026, 9, 10)))
    record_payment(ivo, 4000, date(2026, 10, 5), "pix", today)
    wrong = record_payment(ivo, 1000, date(2026, 11, 3), "pix", today)
    reverse_payment(wrong.payment_id, "cliente errada", datetime(2026, 11, 4, 9, 0))
    september, october, november = delinquency_by_month(today)[-3:]
    assert (september.overdue_cents, september.due_cents) == (10000, 10000)
    assert (october.overdue_cents, october.due_cents) == (6000, 10000)
    assert (november.overdue_cents, november.due_cents) == (6000, 10000)
    assert dashboard(today).month_rate_bp == 6000


def test_trend_a_month_end_saturday_paid_on_monday_was_not_unpaid_at_that_months_end(db, today):
    """Saturday 31/10/2026 may be paid on Monday 02/11 (the weekend grace): at October's end
    Ivo's R$ 100,00 was not late, so October shows only Jo's R$ 50,00 due Friday 30/10 and
    paid on Monday too (late); the Saturday one falls due in November, paid on time."""
    ivo, jo = customer(today, "Ivo"), customer(today, "Jo")
    sell(ivo, date(2026, 9, 1), 10000, today, PlanInput(1, date(2026, 10, 31)))
    sell(jo, date(2026, 9, 1), 5000, today, PlanInput(1, date(2026, 10, 30)))
    for cid, cents in ((ivo, 10000), (jo, 5000)):
        record_payment(cid, cents, date(2026, 11, 2), "pix", today)
    september, october, november = delinquency_by_month(today)[-3:]
    assert (september.due_cents, september.overdue_cents) == (0, 0)
    assert (october.due_cents, october.overdue_cents) == (5000, 5000)
    assert format_rate(october.rate_bp) == "100,0%"  # Jo's only; Ivo's not counted unpaid
    assert (november.due_cents, november.overdue_cents) == (15000, 0)


def test_on_a_demo_every_card_equals_the_plain_sum_of_the_rows_for_several_days(db):
    """The cards come from one grouped index scan; they must equal the naive sums, row by row,
    including the customers counted as late/due today and the month's money received."""
    from datetime import timedelta

    from app.services.demo import generate_demo
    from app.services.receivables.lateness import is_late

    anchor = date(2026, 11, 23)
    generate_demo(120, anchor, seed=5)
    rows = database.execute_sql(
        "SELECT customer_id, due_date, amount_cents - paid_cents FROM installment "
        "WHERE paid_cents < amount_cents AND renegotiated = 0").fetchall()
    payments = database.execute_sql(
        "SELECT payment_date, amount_cents + fee_cents, kind, reversed_at, method "
        "FROM payment").fetchall()
    for today in (anchor - timedelta(days=40), anchor, anchor + timedelta(days=9)):
        t = today.isoformat()
        week = (today + timedelta(days=7)).isoformat()
        figures = dashboard(today)
        assert figures.receivable_cents == sum(r[2] for r in rows)
        late = [r for r in rows if is_late(date.fromisoformat(r[1]), today)]  # grace rule
        assert figures.overdue_cents == sum(r[2] for r in late)
        assert figures.overdue_customers == len({r[0] for r in late})
        today_rows = [r for r in rows if r[1] <= t and r not in late]  # due, in its grace
        assert figures.due_today_cents == sum(r[2] for r in today_rows)
        assert figures.due_today_customers == len({r[0] for r in today_rows})
        assert figures.due_week_cents == sum(r[2] for r in rows if t < r[1] <= week)
        month = today.replace(day=1).isoformat()
        assert figures.received_month_cents == sum(
            p[1] for p in payments
            if p[3] is None and p[2] != "credit_use" and p[4] != "return_credit"
            and month <= p[0] <= t)
        if today == anchor:  # the demo's history ends at the anchor: money came in this month
            assert figures.overdue_customers > 0 and figures.received_month_cents > 0
