"""Em atraso: grouped by customer, aging buckets, fees, filters — to the centavo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.db import database
from app.models.receivables import Installment
from app.services.collection.dashboard import dashboard
from app.services.collection.overdue import (
    BUCKETS,
    bucket_of,
    overdue_places,
    overdue_report,
    overdue_sql,
)
from app.services.configuration.settings import Settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.fees import customer_fees
from app.services.receivables.lateness import sql_dates
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)
NO_FEES = Settings()
FEES = Settings(late_fee_bp=200, late_interest_bp=100)


def d(text: str) -> date:
    return date.fromisoformat(text)


def customer(name: str, phone: str = "", hood: str = "", city: str = "") -> int:
    return save_customer(CustomerInput(name, phone=phone, neighbourhood=hood, city=city), TODAY)


def sell(cid: int, dues: list[str], each: int) -> list[int]:
    days = [d(x) for x in dues]
    plan = PlanInput(len(days), days[0], "custom", custom_dates=tuple(days))
    sale = create_sale(cid, min(days[0], TODAY) - timedelta(days=30),
                       [ItemInput("Vestido", 1, each * len(days))], TODAY, plan=plan)
    return list(sale.installment_ids)


@pytest.fixture
def book(db) -> dict[str, int]:
    """On Monday 23/11/2026.

    Ana   2 × 75,00 due 14/10 (40 days) and 13/11 (10 days); Centro, São Paulo; mobile.
    Bia   200,00 due 20/08 (95 days), 50,00 paid → 150,00 open; no phone; Vila Nova, Campinas.
    Carla due today; Dora due in December; Eva paid; Fia renegotiated — none of them overdue.
    Gabi  80,00 due 23/09 (61 days); landline; Centro, Sao Paulo (typed without accent).
    Hana  33,33 due 24/10 (30 days); Boa Vista, Osasco.
    """
    ids = {
        "ana": customer("Ana Souza", "(11) 98765-4321", "Centro", "São Paulo"),
        "bia": customer("Bia Lima", "", "Vila Nova", "Campinas"),
        "carla": customer("Carla Dias"),
        "dora": customer("Dora Reis"),
        "eva": customer("Eva Melo"),
        "fia": customer("Fia Rocha"),
        "gabi": customer("Gabi Nunes", "(11) 3333-4444", "Centro", "Sao Paulo"),
        "hana": customer("Hana Alves", "", "Boa Vista", "Osasco"),
    }
    sell(ids["ana"], ["2026-10-14", "2026-11-13"], 7_500)
    sell(ids["bia"], ["2026-08-20"], 20_000)
    record_payment(ids["bia"], 5_000, d("2026-11-01"), "dinheiro", TODAY)
    sell(ids["carla"], ["2026-11-23"], 4_000)
    sell(ids["dora"], ["2026-12-10"], 4_000)
    sell(ids["eva"], ["2026-10-10"], 4_000)
    record_payment(ids["eva"], 4_000, d("2026-10-10"), "pix", TODAY)
    (fia,) = sell(ids["fia"], ["2026-11-01"], 4_000)
    Installment.update(renegotiated=True).where(Installment.id == fia).execute()
    sell(ids["gabi"], ["2026-09-23"], 8_000)
    sell(ids["hana"], ["2026-10-24"], 3_333)
    return ids


def names(report) -> list[str]:
    return [r.name.split()[0] for r in report.rows]


def test_grouped_by_customer_most_late_first(book):
    report = overdue_report(TODAY, NO_FEES)
    assert names(report) == ["Bia", "Gabi", "Ana", "Hana"]
    bia, gabi, ana, hana = report.rows
    assert (ana.late_count, ana.oldest_due, ana.days_late, ana.principal_cents) == (
        2, d("2026-10-14"), 40, 15_000)
    assert (bia.late_count, bia.days_late, bia.principal_cents, bia.total_cents) == (
        1, 95, 15_000, 15_000)
    # Hana's 24/10 was a Saturday: late from Tuesday 27/10, 28 days on 23/11
    assert (gabi.days_late, gabi.bucket, hana.days_late, hana.bucket) == (61, "61–90", 28, "1–30")
    assert (ana.phone_display, ana.has_whatsapp) == ("(11) 98765-4321", True)
    assert (bia.phone_display, bia.has_whatsapp) == ("sem telefone", False)
    assert (gabi.phone_display, gabi.has_whatsapp) == ("(11) 3333-4444", False)
    assert (ana.neighbourhood, ana.city) == ("Centro", "São Paulo")
    assert report.principal_cents == report.total_cents == 41_333
    assert report.fee_cents == report.interest_cents == 0 and not report.fees_enabled


def test_aging_bands_by_customer(book):
    """A customer is in the band of her most late installment, with all she owes late: Ana
    (40 and 10 days late) is in 31–60 with both."""
    report = overdue_report(TODAY, NO_FEES)
    assert [(b.label, b.customers, b.installments, b.principal_cents) for b in report.buckets] == [
        ("1–30", 1, 1, 3_333),
        ("31–60", 1, 2, 15_000),
        ("61–90", 1, 1, 8_000),
        ("90+", 1, 1, 15_000),
    ]
    assert sum(b.total_cents for b in report.buckets) == report.total_cents


def test_fees_when_switched_on(book):
    report = overdue_report(TODAY, FEES)
    assert report.fees_enabled
    ana = next(r for r in report.rows if r.name.startswith("Ana"))
    # 75,00 × 40 days: multa 1,50 + juros 1,00; 75,00 × 10 days: multa 1,50 + juros 0,25
    assert (ana.fee_cents, ana.interest_cents, ana.total_cents) == (300, 125, 15_425)
    hana = report.rows[-1]
    assert (hana.fee_cents, hana.interest_cents) == (67, 31)  # 66,66 → 67; 31,1 → 31
    assert [(b.fee_cents, b.interest_cents) for b in report.buckets] == [
        (67, 31), (300, 125), (160, 163), (300, 475)]
    assert report.total_cents == 41_333 + report.fee_cents + report.interest_cents


def test_sql_fees_match_the_per_customer_function(book):
    for row in overdue_report(TODAY, FEES).rows:
        fees = customer_fees(row.customer_id, TODAY, FEES)
        assert (row.principal_cents, row.fee_cents, row.interest_cents) == (
            fees.principal_cents, fees.fee_cents, fees.interest_cents)
        assert row.late_count == len(fees.installments)


def test_standings_come_with_the_rows(book):
    report = overdue_report(TODAY, NO_FEES)
    assert [r.standing.code for r in report.rows] == [
        "recorrente", "recorrente", "atrasada", "atrasada"]


@pytest.mark.parametrize("filters, expected", [
    ({"bucket": "1–30"}, ["Hana"]),
    ({"bucket": "90+"}, ["Bia"]),
    ({"bucket": "31–60"}, ["Ana"]),
    ({"standing": "recorrente"}, ["Bia", "Gabi"]),
    ({"standing": ["atrasada", "em_dia"]}, ["Ana", "Hana"]),
    ({"neighbourhood": "centro"}, ["Gabi", "Ana"]),
    ({"city": "sao paulo"}, ["Gabi", "Ana"]),
    ({"city": "SÃO PAULO", "standing": "recorrente"}, ["Gabi"]),
    ({"city": "Recife"}, []),
])
def test_filters(book, filters, expected):
    assert names(overdue_report(TODAY, NO_FEES, **filters)) == expected


def test_totals_follow_the_filters(book):
    report = overdue_report(TODAY, NO_FEES, neighbourhood="Centro")
    assert report.principal_cents == 15_000 + 8_000
    assert [b.principal_cents for b in report.buckets] == [0, 15_000, 8_000, 0]


def test_unknown_bucket_is_refused(book):
    with pytest.raises(ValueError):
        overdue_report(TODAY, NO_FEES, bucket="1-30")


def test_filter_choices(book):
    hoods, cities = overdue_places(TODAY)
    assert hoods == ("Boa Vista", "Centro", "Vila Nova")
    assert set(cities) == {"Campinas", "Osasco", "Sao Paulo", "São Paulo"}


def test_a_payment_takes_her_off_at_once(book):
    record_payment(book["hana"], 3_333, TODAY, "pix", TODAY)
    assert "Hana" not in names(overdue_report(TODAY, NO_FEES))


def test_the_query_uses_the_open_installments_index(db):
    plan = database.execute_sql("EXPLAIN QUERY PLAN " + overdue_sql(200, 100),
                                sql_dates(TODAY)).fetchall()
    assert any("installment_open_customer" in row[3] for row in plan)


def test_on_demo_data_it_agrees_with_the_painel_and_the_fee_function(db):
    from app.services.demo import generate_demo

    generate_demo(150, TODAY, seed=11)
    report = overdue_report(TODAY, FEES)
    figures = dashboard(TODAY)
    assert report.principal_cents == figures.overdue_cents
    assert len(report.rows) == figures.overdue_customers
    assert sum(b.customers for b in report.buckets) == len(report.rows)
    assert [r.days_late for r in report.rows] == sorted((r.days_late for r in report.rows),
                                                       reverse=True)
    for row in report.rows[::7]:
        assert row.total_cents == customer_fees(row.customer_id, TODAY, FEES).total_cents
    assert set(BUCKETS) == {b.label for b in report.buckets}


def test_a_band_lists_exactly_the_customers_and_money_its_card_counts(book):
    """One rule for the money, the customers and the filter (issue 19: "31–60 dias R$ 60,11 ·
    0 clientes" and a --faixa that listed nobody)."""
    report = overdue_report(TODAY, FEES)
    for band in report.buckets:
        chosen = overdue_report(TODAY, FEES, bucket=band.label)
        assert len(chosen.rows) == band.customers, band.label
        assert sum(r.late_count for r in chosen.rows) == band.installments
        assert (chosen.principal_cents, chosen.total_cents) == (
            band.principal_cents, band.total_cents), band.label
        assert all(r.bucket == band.label for r in chosen.rows)
    assert BUCKETS == ("1–30", "31–60", "61–90", "90+")


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (1, "1–30"),
        (30, "1–30"),
        (31, "31–60"),
        (60, "31–60"),
        (61, "61–90"),
        (90, "61–90"),
        (91, "90+"),
        (400, "90+"),
    ],
)
def test_aging_bucket_boundaries(days, bucket):
    assert bucket_of(days) == bucket
