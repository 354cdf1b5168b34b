"""Installment plans: split to the centavo, due dates, status and aging on a given day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.receivables.installments import (
    MAX_INSTALLMENTS,
    Interval,
    Status,
    installment_state,
    split_amount,
    split_installments,
)

JAN31 = date(2026, 1, 31)


def amounts(plan):
    return [cents for _, cents in plan]


def dates(plan):
    return [due for due, _ in plan]


def test_hundred_reais_in_three():
    plan = split_installments(10000, 3, date(2026, 12, 10))
    assert amounts(plan) == [3334, 3333, 3333]


def test_leftover_centavos_go_to_the_first_installments():
    assert amounts(split_installments(10002, 3, JAN31)) == [3334, 3334, 3334]
    assert amounts(split_installments(10001, 4, JAN31)) == [2501, 2500, 2500, 2500]
    assert amounts(split_installments(10003, 4, JAN31)) == [2501, 2501, 2501, 2500]
    assert amounts(split_installments(5, 5, JAN31)) == [1, 1, 1, 1, 1]


def test_split_always_adds_up_to_the_total():
    for total in list(range(1, 400)) + list(range(9_990, 10_050)) + [999_999_999_999]:
        for count in range(1, min(total, MAX_INSTALLMENTS) + 1):
            parts = split_amount(total, count)
            assert sum(parts) == total, (total, count)
            assert len(parts) == count
            assert max(parts) - min(parts) <= 1
            assert parts == sorted(parts, reverse=True)  # bigger ones first
            assert all(isinstance(p, int) for p in parts)


def test_split_installments_sum_equals_total_for_every_interval():
    for total in (100, 999, 10_000, 12_345, 1_000_000):
        for count in (1, 2, 3, 7, 12, MAX_INSTALLMENTS):
            for interval in (Interval.MONTHLY, Interval.BIWEEKLY, Interval.WEEKLY):
                plan = split_installments(total, count, JAN31, interval)
                assert sum(amounts(plan)) == total
                assert len(plan) == count
                assert dates(plan) == sorted(dates(plan))


def test_monthly_from_jan_31_clamps_to_month_end():
    plan = split_installments(30000, 3, JAN31, Interval.MONTHLY)
    assert dates(plan) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]


def test_monthly_never_drifts_after_a_short_month():
    plan = split_installments(60000, 6, JAN31)
    assert [d.day for d in dates(plan)] == [31, 28, 31, 30, 31, 30]


def test_leap_year_february_29():
    plan = split_installments(20000, 2, date(2028, 1, 31))
    assert dates(plan) == [date(2028, 1, 31), date(2028, 2, 29)]


def test_day_of_month_31_in_april_is_april_30():
    plan = split_installments(30000, 3, date(2026, 3, 31), day_of_month=31)
    assert dates(plan) == [date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)]


def test_monthly_on_chosen_day():
    plan = split_installments(30000, 3, date(2026, 12, 10), day_of_month=10)
    assert dates(plan) == [date(2026, 12, 10), date(2027, 1, 10), date(2027, 2, 10)]


def test_biweekly_every_fifteen_days():
    plan = split_installments(30000, 3, date(2026, 12, 1), Interval.BIWEEKLY)
    assert dates(plan) == [date(2026, 12, 1), date(2026, 12, 16), date(2026, 12, 31)]


def test_weekly():
    plan = split_installments(40000, 4, date(2026, 12, 28), "weekly")
    assert dates(plan) == [
        date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18)
    ]


def test_custom_dates_as_typed():
    custom = [date(2026, 12, 5), date(2026, 12, 20), date(2027, 2, 1)]
    plan = split_installments(10000, 3, custom[0], Interval.CUSTOM, custom=custom)
    assert plan == [(custom[0], 3334), (custom[1], 3333), (custom[2], 3333)]


def test_custom_dates_wrong_count_refused():
    custom = [date(2026, 12, 5), date(2026, 12, 20)]
    with pytest.raises(ValueError, match="Informe 3 datas de vencimento"):
        split_installments(10000, 3, custom[0], Interval.CUSTOM, custom=custom)


def test_custom_dates_out_of_order_refused():
    custom = [date(2026, 12, 5), date(2027, 2, 1), date(2026, 12, 20)]
    with pytest.raises(ValueError, match="em ordem"):
        split_installments(10000, 3, custom[0], Interval.CUSTOM, custom=custom)


def test_custom_date_in_1900_refused():
    custom = [date(2026, 12, 5), date(1900, 12, 20)]
    with pytest.raises(ValueError, match="Confira o ano"):
        split_installments(10000, 2, custom[0], Interval.CUSTOM, custom=custom)


@pytest.mark.parametrize("count", [0, -1, MAX_INSTALLMENTS + 1, 1000])
def test_impossible_counts_refused(count):
    with pytest.raises(ValueError, match="parcelas"):
        split_installments(100_000, count, JAN31)


def test_max_installments_accepted():
    assert len(split_installments(100_000, MAX_INSTALLMENTS, JAN31)) == MAX_INSTALLMENTS


def test_total_smaller_than_count_refused():
    with pytest.raises(ValueError, match="R\\$\xa00,02 não dá para dividir em 3 parcelas"):
        split_installments(2, 3, JAN31)


@pytest.mark.parametrize("total", [0, -100])
def test_nothing_to_split_refused(total):
    with pytest.raises(ValueError, match="Não há valor a parcelar"):
        split_installments(total, 3, JAN31)


def test_due_date_in_1900_refused_in_portuguese():
    with pytest.raises(ValueError) as info:
        split_installments(10000, 3, date(1900, 1, 31))
    message = str(info.value)
    assert message.startswith("O primeiro vencimento (31/01/1900)")
    assert "Confira o ano" in message
    assert "errada" not in message  # "o vencimento" is masculine: no "parece errada"


def test_plan_running_past_2100_refused():
    with pytest.raises(ValueError, match="Confira o ano"):
        split_installments(10000, 3, date(2100, 11, 30))


# --- status on a day -----------------------------------------------------------------------

TODAY = date(2026, 11, 23)


def test_paid():
    state = installment_state(5000, 5000, TODAY - timedelta(days=40), TODAY)
    assert state.status is Status.PAID
    assert state.open_cents == 0
    assert state.label == "paga"


def test_upcoming():
    state = installment_state(5000, 0, TODAY + timedelta(days=1), TODAY)
    assert state.status is Status.UPCOMING
    assert state.open_cents == 5000
    assert state.days_late < 0
    assert state.label == "a vencer"


def test_due_today():
    state = installment_state(5000, 0, TODAY, TODAY)
    assert state.status is Status.DUE_TODAY
    assert state.days_late == 0
    assert state.label == "vence hoje"


def test_overdue_twelve_days():
    state = installment_state(5000, 0, date(2026, 11, 11), TODAY)
    assert state.status is Status.OVERDUE
    assert state.days_late == 12
    assert state.open_cents == 5000
    assert state.label == "em atraso (12 dias)"


def test_overdue_one_day_singular():
    state = installment_state(5000, 0, TODAY, TODAY + timedelta(days=1))  # Mon → Tue
    assert state.label == "em atraso (1 dia)"


def test_partial_overdue():
    state = installment_state(5000, 2000, TODAY - timedelta(days=4), TODAY)  # Thursday
    assert state.status is Status.PARTIAL
    assert state.open_cents == 3000
    assert state.days_late == 4
    assert state.label == "parcial · em atraso (4 dias)"
    # Friday 20/11/2026 is Consciência Negra: due then, she has until Monday
    assert installment_state(5000, 2000, TODAY - timedelta(days=3), TODAY).days_late == 0


def test_due_on_a_weekend_is_not_late_until_the_next_business_day_passes():
    saturday, sunday, monday = (date(2026, 11, 21), date(2026, 11, 22), TODAY)
    for day in (sunday, monday):
        state = installment_state(5000, 0, saturday, day)
        assert (state.status, state.days_late, state.label) == (
            Status.DUE_TODAY, 0, "no prazo até 23/11")
    assert installment_state(5000, 1000, saturday, monday).label == "parcial · no prazo até 23/11"
    late = installment_state(5000, 0, saturday, monday + timedelta(days=1))
    assert (late.status, late.days_late, late.label) == (Status.OVERDUE, 1, "em atraso (1 dia)")


def test_due_on_a_holiday_runs_to_the_next_business_day():
    christmas = date(2026, 12, 25)  # a Friday: Saturday and Sunday follow
    assert installment_state(5000, 0, christmas, date(2026, 12, 28)).status is Status.DUE_TODAY
    assert installment_state(5000, 0, christmas, date(2026, 12, 29)).days_late == 1
    carnival_saturday = date(2027, 2, 6)  # Carnaval Monday 08 and Tuesday 09/02/2027
    assert installment_state(5000, 0, carnival_saturday, date(2027, 2, 10)).days_late == 0
    assert installment_state(5000, 0, carnival_saturday, date(2027, 2, 11)).days_late == 1


def test_prescribed_after_five_years_from_the_grace_date():
    due = date(2021, 11, 20)  # a Saturday: grace to Monday 22/11/2021
    assert installment_state(5000, 0, due, date(2026, 11, 22)).status is Status.OVERDUE
    state = installment_state(5000, 1000, due, date(2026, 11, 23))
    assert (state.status, state.open_cents, state.days_late, state.label) == (
        Status.PRESCRIBED, 4000, 0, "prescrita")
    assert installment_state(5000, 5000, due, date(2026, 11, 23)).status is Status.PAID


def test_partial_due_today_and_upcoming():
    assert installment_state(5000, 1, TODAY, TODAY).label == "parcial · vence hoje"
    upcoming = installment_state(5000, 4999, TODAY + timedelta(days=30), TODAY)
    assert upcoming.status is Status.PARTIAL
    assert upcoming.open_cents == 1
    assert upcoming.days_late < 0
    assert upcoming.label == "parcialmente paga"


def test_renegotiated_is_not_owed_any_more():
    state = installment_state(5000, 0, TODAY - timedelta(days=50), TODAY, renegotiated=True)
    assert state.status is Status.RENEGOTIATED
    assert state.open_cents == 0
    assert state.days_late == 0
    assert state.label == "renegociada"


def test_overpaid_row_counts_as_paid():
    state = installment_state(5000, 6000, TODAY - timedelta(days=5), TODAY)
    assert state.status is Status.PAID
    assert state.open_cents == 0
