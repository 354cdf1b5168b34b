"""Fidelidade and aniversariantes: tiers from a crafted history with today walking forward,
{fidelidade} in messages, the thank-you for a carnê paid on time, the birthday list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.collection.contacts import list_contacts
from app.services.collection.messages import PLACEHOLDERS, validate_template
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.birthdays import log_birthday, upcoming_birthdays
from app.services.people.customers import CustomerInput, save_customer
from app.services.people.loyalty import Tier, finished_on_time, thanks_message, tier_of
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

START = date(2026, 1, 5)


def monthly_buyer(name: str, count: int, birthday: str = "") -> int:
    cid = save_customer(CustomerInput(name, birthday=birthday), date(2026, 1, 1))
    create_sale(cid, START, [ItemInput("Vestido", count, 5_000)], START,
                plan=PlanInput(count, date(2026, 2, 5), "monthly"))
    return cid


def pay(cid: int, day: date, cents: int = 5_000) -> None:
    record_payment(cid, cents, day, "pix", day)


def test_tiers_with_today_walking_forward(db):
    dora = monthly_buyer("Dora Reis", 11)  # 05/02 … 05/12/2026
    for month in range(2, 8):  # 05/02 … 05/07 paid on the day
        pay(dora, date(2026, month, 5))
        if month == 3:
            assert tier_of(dora, date(2026, 3, 6)).tier is Tier.NONE  # 2 paid: not yet
    assert tier_of(dora, date(2026, 4, 6)).tier is Tier.BRONZE
    silver = tier_of(dora, date(2026, 7, 6))
    assert (silver.tier, silver.discount_bp, silver.on_time) == (Tier.SILVER, 300, 6)
    assert silver.sentence == "Você é cliente Prata: 3% de desconto na próxima compra."
    assert "6 meses com pagamento em dia" in silver.reason
    # 05/08 slips: on 10/08 she is late, and she loses the tier the same day
    slipped = tier_of(dora, date(2026, 8, 10))
    assert slipped.tier is Tier.NONE and "1 atraso" in slipped.reason
    pay(dora, date(2026, 8, 15))
    for month in (9, 10, 11, 12):
        pay(dora, date(2026, month, 5))
    assert tier_of(dora, date(2027, 8, 14)).tier is Tier.NONE  # the late one still counts
    back = tier_of(dora, date(2027, 8, 15))  # 12 months after paying it late
    assert (back.tier, back.on_time) == (Tier.BRONZE, 4)  # 09/2026 … 12/2026


def test_gold_and_the_thank_you_for_a_carne_paid_on_time(db):
    save_settings(load_settings(), loyalty_gold_min=10)
    eva = monthly_buyer("Eva Melo", 10)
    for n in range(10):  # each paid the day before its due date (05/02 … 05/11)
        pay(eva, date(2026, 2 + n, 4))
    today = date(2026, 11, 10)
    gold = tier_of(eva, today)
    assert (gold.tier, gold.label) == (Tier.GOLD, "Ouro")
    (carne,) = finished_on_time(eva, today)
    assert carne.count == 10
    message = thanks_message(eva, today, load_settings())
    assert message.startswith("Oi, Eva! Recebi a última parcela")
    assert "Você é cliente Ouro: 5% de desconto na próxima compra." in message
    assert finished_on_time(eva, today + timedelta(days=31)) == []


def test_fidelidade_is_a_placeholder_the_templates_accept(db):
    assert "fidelidade" in PLACEHOLDERS
    validate_template("Parabéns, {nome}! {fidelidade}")


@pytest.fixture
def party(db):
    """Today Monday 23/11/2026. Birthdays: Ana 23/11, Bia 29/11 (in), Carla 30/11 (out);
    Gabi 25/11 owes R$ 150,00 late."""
    today = date(2026, 11, 23)
    ids = {
        "ana": save_customer(CustomerInput("Ana Souza", phone="(11) 98765-4321",
                                           birthday="23/11/1990"), today),
        "bia": save_customer(CustomerInput("Bia Lima", birthday="29/11/1985"), today),
        "carla": save_customer(CustomerInput("Carla Dias", birthday="30/11/1980"), today),
        "gabi": save_customer(CustomerInput("Gabi Nunes", birthday="25/11/1995"), today),
    }
    create_sale(ids["gabi"], date(2026, 9, 1), [ItemInput("Saia", 1, 15_000)], today,
                plan=PlanInput(1, date(2026, 10, 1), "monthly"))
    return today, ids


def test_birthdays_in_the_next_seven_days(party):
    today, ids = party
    entries = upcoming_birthdays(today, load_settings())
    assert [(e.name, e.when) for e in entries] == [
        ("Ana Souza", "hoje"), ("Gabi Nunes", "quarta, 25/11"), ("Bia Lima", "domingo, 29/11")]
    assert entries[0].message.startswith("Feliz aniversário, Ana!")
    assert entries[0].whatsapp_url.startswith("https://wa.me/5511987654321?text=Feliz")
    log_birthday(entries[0], "whatsapp", today)
    assert list_contacts(ids["ana"])[0].stage_name == "Aniversário"
    assert upcoming_birthdays(today, load_settings())[0].sent


def test_who_owes_a_lot_late_can_be_left_out(party):
    today, _ = party
    save_settings(load_settings(), birthday_skip_overdue_cents=10_000)
    names = [e.name for e in upcoming_birthdays(today, load_settings())]
    assert names == ["Ana Souza", "Bia Lima"]


def test_the_loyalty_discount_is_stored_on_the_sale_and_exported(db, tmp_path):
    from decimal import Decimal

    from openpyxl import load_workbook

    from app.models.receivables import Sale
    from app.services.core.errors import ValidationError
    from app.services.spreadsheets.exporter import export_xlsx

    today = date(2026, 11, 23)
    cid = save_customer(CustomerInput("Ana Souza"), today)
    sale = create_sale(cid, today, [ItemInput("Vestido", 1, 20_000)], today,
                       plan=PlanInput(3, date(2026, 12, 23), "monthly"), discount_cents=600)
    stored = Sale.get_by_id(sale.sale_id)
    assert (stored.total_cents, stored.discount_cents) == (19_400, 600)
    with pytest.raises(ValidationError) as caught:
        create_sale(cid, today, [ItemInput("Blusa", 1, 5_000)], today, discount_cents=5_000)
    assert caught.value.code("discount") == "over_total"
    export_xlsx("vendas", tmp_path / "vendas.xlsx", today)
    sheet = load_workbook(tmp_path / "vendas.xlsx").active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert Decimal(str(row["Desconto fidelidade"])) == Decimal("6.00")  # R$ cells, no float
    assert Decimal(str(row["Total da venda"])) == Decimal("194.00")
    assert row["Parcelas"] == 3


def test_installments_paid_all_at_once_are_one_month_not_ouro(db):
    """Issue 19: one R$ 60,00 purchase in 12 × R$ 5,00 paid all on the day of the purchase
    gave Ouro (12 installments on time). Loyalty counts months paid on time: one month."""
    cid = save_customer(CustomerInput("Lia Costa"), START)
    create_sale(cid, START, [ItemInput("Brinco", 1, 6_000)], START,
                plan=PlanInput(12, date(2026, 2, 5), "monthly"))
    pay(cid, START, 6_000)
    for today in (START, date(2026, 6, 1), date(2026, 12, 20)):
        tier = tier_of(cid, today)
        assert (tier.tier, tier.on_time) == (Tier.NONE, 1), today
    assert "1 mês com pagamento em dia" in tier.reason and "faltam 2 meses" in tier.reason


def test_a_saturday_due_date_paid_on_monday_keeps_the_tier(db):
    """Due on the 5th of each month; 05/09/2026 and 05/12/2026 are Saturdays, paid on the
    Mondays after: on time, so twelve months paid on time make her Ouro."""
    cid = monthly_buyer("Mel Dias", 12)  # 05/02/2026 … 05/01/2027
    for n in range(12):
        due = date(2026 + (1 + n) // 12, (1 + n) % 12 + 1, 5)
        pay(cid, due + timedelta(days=2) if due.weekday() == 5 else due)
    tier = tier_of(cid, date(2027, 1, 6))
    assert (tier.tier, tier.on_time) == (Tier.GOLD, 12)
    late = monthly_buyer("Nina Dias", 2)  # 05/02 and 05/03/2026
    pay(late, date(2026, 2, 5))
    pay(late, date(2026, 3, 6))  # Thursday 05/03: paid Friday, one day late
    assert tier_of(late, date(2026, 3, 10)).tier is Tier.NONE
