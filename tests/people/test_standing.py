"""Customer standing from her history: the four badges, their reasons and the bulk query."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.models.db import database
from app.models.receivables import Installment
from app.services.collection.overdue import overdue_report
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import Settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.people.standing import (
    ATRASADA,
    EM_DIA,
    NO_HISTORY,
    PONTUAL,
    RECORRENTE,
    Standing,
    classify,
    standing_all,
    standing_for,
    standing_lookup,
)
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)


def d(text: str) -> date:
    return date.fromisoformat(text)


def customer(name: str) -> int:
    return save_customer(CustomerInput(name), TODAY)


def sell(cid: int, dues: list[date], each: int = 5_000) -> list[int]:
    plan = PlanInput(len(dues), dues[0], "custom", custom_dates=tuple(dues))
    sale_day = min(dues[0], TODAY) - timedelta(days=20)
    return list(create_sale(cid, sale_day, [ItemInput("Blusa", 1, each * len(dues))], TODAY,
                            plan=plan).installment_ids)


def pay(cid: int, inst_id: int, when: date) -> None:
    inst = Installment.get_by_id(inst_id)
    record_payment(cid, inst.amount_cents - inst.paid_cents, when, "pix", TODAY,
                   installment_ids=[inst_id])


def history(name: str, dues: list[str], paid: list[str | None]) -> int:
    """A customer with one installment per due date, paid on the given dates (None: open)."""
    cid = customer(name)
    for inst, when in zip(sell(cid, [d(x) for x in dues]), paid, strict=True):
        if when:
            pay(cid, inst, d(when))
    return cid


def test_no_history_is_em_dia(db):
    cid = customer("Nova Cliente")
    standing = standing_for(cid, TODAY)
    assert standing == NO_HISTORY
    assert (standing.code, standing.label, standing.suggest_block) == (EM_DIA, "Em dia", False)
    assert standing.reason == "Nada vencido agora; sem parcelas pagas nos últimos 12 meses."


def test_three_paid_on_time_is_pontual(db):
    cid = history("Ana", ["2026-08-10", "2026-09-10", "2026-10-10", "2026-12-10"],
                  ["2026-08-10", "2026-09-09", "2026-10-01", None])
    s = standing_for(cid, TODAY)
    assert (s.code, s.label, s.colour) == (PONTUAL, "Pontual", "#2e7d32")
    assert s.loyalty_eligible and not s.suggest_block
    assert s.reason == ("Nenhum atraso nos últimos 12 meses; 3 parcelas pagas em dia. "
                        "Pode entrar no programa de fidelidade.")


def test_two_paid_on_time_is_only_em_dia(db):
    cid = history("Bia", ["2026-09-10", "2026-10-10"], ["2026-09-10", "2026-10-10"])
    s = standing_for(cid, TODAY)
    assert s.code == EM_DIA and not s.loyalty_eligible
    assert s.reason == ("Nada vencido agora; sem atrasos; 2 parcelas pagas nos últimos 12 meses "
                        "(pontual a partir de 3).")


def test_one_day_late_is_a_late_episode(db):
    cid = history("Carla", ["2026-08-10", "2026-09-10", "2026-10-10"],
                  ["2026-08-10", "2026-09-11", "2026-10-10"])
    s = standing_for(cid, TODAY)
    assert (s.code, s.late_episodes, s.max_days_late) == (EM_DIA, 1, 1)
    assert s.reason == "Nada vencido agora; 1 atraso nos últimos 12 meses (maior atraso 1 dia)."


def test_late_more_than_twelve_months_ago_is_forgiven(db):
    cid = history("Dora", ["2025-09-10", "2026-08-10", "2026-09-10", "2026-10-10"],
                  ["2025-10-30", "2026-08-10", "2026-09-10", "2026-10-10"])
    assert standing_for(cid, TODAY).code == PONTUAL


def test_overdue_now_for_the_first_time_is_atrasada(db):
    cid = history("Eva", ["2026-09-13", "2026-11-13"], ["2026-09-13", None])
    s = standing_for(cid, TODAY)
    assert (s.code, s.label, s.colour, s.days_late_now) == (ATRASADA, "Atrasada", "#ef6c00", 10)
    assert not s.suggest_block and not s.firm
    assert s.reason == ("Em atraso há 10 dias; 1 atraso nos últimos 12 meses "
                        "(provavelmente esqueceu).")


def test_exactly_two_episodes_is_still_atrasada(db):
    cid = history("Fia", ["2026-09-13", "2026-11-13"], ["2026-09-20", None])
    s = standing_for(cid, TODAY)
    assert (s.code, s.late_episodes, s.max_days_late) == (ATRASADA, 2, 10)
    assert s.reason == "Em atraso há 10 dias; 2 atrasos nos últimos 12 meses."


def test_three_episodes_is_recorrente_with_the_reason(db):
    cid = history("Gabi", ["2026-04-10", "2026-06-10", "2026-11-13"],
                  ["2026-06-13", "2026-06-15", None])
    s = standing_for(cid, TODAY)
    assert (s.code, s.label, s.colour) == (RECORRENTE, "Inadimplente recorrente", "#c62828")
    assert s.suggest_block and s.firm
    assert s.reason == ("3 atrasos nos últimos 12 meses; maior atraso 64 dias; em atraso agora "
                        "há 10 dias. Sugestão: não vender mais a prazo até ela acertar.")
    assert s.reason.startswith("3 atrasos nos últimos 12 meses; maior atraso 64 dias")


def test_three_episodes_all_paid_is_still_recorrente(db):
    cid = history("Hana", ["2026-07-10", "2026-08-10", "2026-09-10"],
                  ["2026-07-12", "2026-08-12", "2026-09-12"])
    s = standing_for(cid, TODAY)
    assert (s.code, s.suggest_block, s.days_late_now) == (RECORRENTE, True, 0)
    assert s.reason == ("3 atrasos nos últimos 12 meses; maior atraso 2 dias. "
                        "Sugestão: não vender mais a prazo até ela acertar.")


def test_sixty_days_late_once_is_recorrente(db):
    cid = history("Iara", ["2026-09-20"], [None])
    s = standing_for(cid, TODAY)
    assert (s.code, s.late_episodes, s.max_days_late) == (RECORRENTE, 1, 63)  # due Sunday
    paid_late = history("Jana", ["2026-03-01"], ["2026-05-01"])  # Sunday: 60 days, paid in
    assert standing_for(paid_late, TODAY).code == RECORRENTE


def test_fifty_nine_days_late_is_not_yet_recorrente(db):
    cid = history("Lia", ["2026-09-25"], [None])
    assert standing_for(cid, TODAY).code == ATRASADA
    assert standing_for(cid, TODAY + timedelta(days=1)).code == RECORRENTE


def test_installments_due_the_same_day_are_one_episode(db):
    cid = customer("Mara")
    for _ in range(3):
        sell(cid, [d("2026-11-10")])
    s = standing_for(cid, TODAY)
    assert (s.code, s.late_episodes) == (ATRASADA, 1)


def test_renegotiated_counts_as_an_episode_but_not_as_overdue(db):
    cid = history("Nina", ["2026-10-10"], [None])
    Installment.update(renegotiated=True).where(Installment.customer == cid).execute()
    s = standing_for(cid, TODAY)
    assert (s.code, s.late_episodes, s.days_late_now) == (EM_DIA, 1, 0)
    assert s.reason == "Nada vencido agora; 1 atraso nos últimos 12 meses."


def test_a_partial_payment_does_not_end_the_lateness(db):
    cid = history("Olga", ["2026-11-03"], [None])
    record_payment(cid, 1_000, d("2026-11-10"), "pix", TODAY)
    s = standing_for(cid, TODAY)
    assert (s.code, s.days_late_now) == (ATRASADA, 20)


@pytest.mark.parametrize("figures, code", [
    ((0, 0, 0, 0), EM_DIA), ((0, 0, 3, 0), PONTUAL), ((1, 5, 9, 0), EM_DIA),
    ((1, 5, 9, 5), ATRASADA), ((2, 30, 9, 30), ATRASADA), ((3, 2, 9, 0), RECORRENTE),
    ((1, 60, 0, 60), RECORRENTE), ((0, 59, 0, 0), EM_DIA),
])
def test_classify_rules(figures, code):
    assert classify(*figures).code == code


def test_bulk_matches_single_in_one_statement(db):
    ids = [
        history("Ana", ["2026-08-10", "2026-09-10", "2026-10-10"],
                ["2026-08-10", "2026-09-09", "2026-10-01"]),
        history("Bia", ["2026-09-13", "2026-11-13"], ["2026-09-20", None]),
        history("Cris", ["2026-04-10", "2026-06-10", "2026-11-13"], ["2026-06-13", None, None]),
        customer("Duda"),
    ]
    statements: list[str] = []
    database.connection().set_trace_callback(statements.append)
    try:
        bulk = standing_all(TODAY)
    finally:
        database.connection().set_trace_callback(None)
    assert len(statements) == 1
    assert [bulk.get(i, NO_HISTORY).code for i in ids] == [PONTUAL, ATRASADA, RECORRENTE, EM_DIA]
    assert all(bulk.get(i, NO_HISTORY) == standing_for(i, TODAY) for i in ids)
    assert standing_all(TODAY, [ids[1], ids[3]]) == {ids[1]: bulk[ids[1]]}


def same_badge(page: Standing, listed: Standing) -> bool:
    """A page's standing equals the customer list's: every figure, the badge and its tooltip;
    the paid count only where the page read it (not for who is late now: ``standing_lookup``
    leaves it None, as it changes neither the badge nor the tooltip)."""
    if page.paid_count is None:
        assert page.days_late_now > 0 and page.code in (ATRASADA, RECORRENTE)
        return page == replace(listed, paid_count=None) and page.reason == listed.reason
    return page == listed


def test_bulk_on_demo_data_agrees_with_single(db):
    from app.services.demo import generate_demo

    generate_demo(120, TODAY, seed=3)
    bulk = standing_all(TODAY)
    assert {s.code for s in bulk.values()} == {PONTUAL, EM_DIA, ATRASADA, RECORRENTE}
    for cid in range(1, 121):
        assert bulk.get(cid, NO_HISTORY) == standing_for(cid, TODAY)
    # the two ways of reading the figures (everyone; a page's own customers) agree, on
    # Saturdays, Sundays, holidays and the days their grace ends
    rows_seen = 0
    for day in (date(2026, 11, 21), date(2026, 11, 22), TODAY, date(2026, 11, 24),
                date(2026, 10, 12), date(2026, 10, 13), date(2026, 12, 28)):
        everyone = standing_all(day)
        these = standing_lookup(day, list(range(1, 121)))
        assert all(everyone.get(cid, NO_HISTORY) == these(cid) for cid in range(1, 121)), day
        # Em atraso and Cobranças de hoje hand over the open late due dates their own query
        # read (issue 18): each row's badge is still the one of the customer page
        pages = [*overdue_report(day, Settings()).rows, *todays_worklist(day, Settings()).entries]
        rows_seen += len(pages)
        assert all(same_badge(row.standing, everyone.get(row.customer_id, NO_HISTORY))
                   for row in pages), day
    assert rows_seen > 40


def test_pages_on_a_harsh_demo_show_the_badge_of_the_customer_list(db):
    """The harsh demo (most customers late, many paid late: the benchmarks' book): on every
    day tried, each row of Em atraso and Cobranças de hoje — figures read for the page's own
    customers, parsed only when the row is looked at (issue 18) — carries exactly the
    standing the customer list computes for everyone in its two passes."""
    from app.services.demo import generate_demo

    generate_demo(200, TODAY, seed=11, harsh=True, pieces=5)
    codes = set()
    for day in (date(2026, 11, 21), TODAY, date(2026, 11, 24), date(2026, 12, 28),
                date(2027, 2, 16)):
        everyone = standing_all(day)
        pages = [*overdue_report(day, Settings()).rows, *todays_worklist(day, Settings()).entries]
        assert len(pages) > 150, day
        for row in pages:
            assert same_badge(row.standing, everyone.get(row.customer_id, NO_HISTORY)), (day, row)
            codes.add(row.standing.code)
        assert standing_all(day, list(everyone)) == everyone, day
    assert codes >= {ATRASADA, RECORRENTE}
