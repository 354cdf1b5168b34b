"""The régua never goes backwards, one reminder a day, each amount on its own date, one figure
with fees: walked day by day over real SQLite files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from app.services.br.pix import make_txid, parse_payload
from app.services.collection.cadence import DEFAULT_STAGES
from app.services.collection.overdue import overdue_report
from app.services.collection.worklist import log_entry_action, todays_worklist
from app.services.configuration.settings import Settings, load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.fees import customer_fees
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

SETTINGS = Settings(store_name="Modas da Ana")
WITH_PIX = replace(SETTINGS, pix_key="ana.loja@exemplo.com", pix_name="Loja da Ana",
                   pix_city="Campinas")


def customer(name: str) -> int:
    return save_customer(CustomerInput(name, phone="(11) 98765-4321"), date(2026, 8, 1))


def sell(cid: int, sale_day: date, dues: list[date], each: int) -> list[int]:
    plan = PlanInput(len(dues), dues[0], "custom", custom_dates=tuple(dues))
    return list(create_sale(cid, sale_day, [ItemInput("Vestido", 1, each * len(dues))],
                            date(2026, 12, 31), plan=plan).installment_ids)


def code_of(offset: int) -> str:
    return next(s.code for s in DEFAULT_STAGES if s.offset == offset)


def test_ninety_days_the_regua_never_goes_backwards(db):
    cid = customer("Ana Souza")
    a = sell(cid, date(2026, 8, 1), [date(2026, 9, 10), date(2026, 10, 10)], 10_000)
    b = sell(cid, date(2026, 8, 15), [date(2026, 9, 25), date(2026, 10, 25)], 10_000)
    names = {a[0]: "A1 10/09", b[0]: "B1 25/09", a[1]: "A2 10/10", b[1]: "B2 25/10"}
    heard: dict[int, list[tuple[date, int]]] = {i: [] for i in names}
    per_day: dict[date, int] = {}
    payment_day = date(2026, 10, 12)
    for n in range(90):
        day = date(2026, 9, 1) + timedelta(days=n)
        if day == payment_day:  # pays A1 and half of B1
            record_payment(cid, 15_000, day, "pix", day)
        for entry in todays_worklist(day, SETTINGS).entries:
            per_day[day] = per_day.get(day, 0) + 1
            for iid in entry.installment_ids:
                heard[iid].append((day, entry.stage.offset))
            log_entry_action(entry, "copy", day)
        assert todays_worklist(day, SETTINGS).entries == ()  # at most one a day
    assert set(per_day.values()) == {1}
    for iid, seen in heard.items():
        stages = [offset for _, offset in seen]
        assert stages == sorted(stages), f"{names[iid]} went back: {seen}"
    # B1 was in the D+30 message of 10/10 (with A1): after A1 is paid on 12/10 nothing about
    # B1 is gentler than D+30 (the old code sent "Proposta de acordo" about it that day).
    b1_after = [offset for day, offset in heard[b[0]] if day >= payment_day]
    assert all(offset >= 30 for offset in b1_after)
    assert [code_of(o) for _, o in heard[a[0]]] == ["D−5", "D0", "D+1", "D+7", "D+15",
                                                   "D+30"]
    assert heard[a[0]][-1][0] == date(2026, 10, 10)


def test_before_the_due_date_each_amount_has_its_own_date_and_the_pix_the_total(db):
    cid = customer("Bia Lima")
    ids = sell(cid, date(2026, 2, 20), [date(2026, 3, 9), date(2026, 3, 11)], 5_000)
    (entry,) = todays_worklist(date(2026, 3, 6), WITH_PIX).entries
    assert entry.stage.code == "D−5"  # 09/03 is 3 days away, 11/03 five: both in the window
    assert entry.items == ((date(2026, 3, 9), 5_000), (date(2026, 3, 11), 5_000))
    assert ("Passando para lembrar: R$\xa050,00 com vencimento em 09/03 e R$\xa050,00 com "
            "vencimento em 11/03.") in entry.message
    assert "R$\xa0100,00 vence em" not in entry.message
    code = next(line for line in entry.message.splitlines() if line.startswith("000201"))
    payload = parse_payload(code)
    assert payload.amount_cents == 10_000
    assert payload.txid == make_txid(ids) == f"CAD{ids[0]}X{ids[1]}"


def test_with_fees_the_reminder_asks_the_same_figure_as_em_atraso(db):
    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = customer("Carla Dias")
    sell(cid, date(2026, 9, 1), [date(2026, 10, 1)], 10_000)
    day = date(2026, 10, 16)  # 15 days late: R$ 100,00 + R$ 2,00 + R$ 0,50
    settings = replace(load_settings(), pix_key=WITH_PIX.pix_key, pix_name="Loja",
                       pix_city="Campinas")
    (entry,) = todays_worklist(day, settings).entries
    (row,) = overdue_report(day, settings).rows
    asked = customer_fees(cid, day, settings).total_cents
    assert entry.total_cents == row.total_cents == asked == 10_250
    assert "(R$\xa0102,50 com multa e juros)" in entry.message
    code = next(line for line in entry.message.splitlines() if line.startswith("000201"))
    assert parse_payload(code).amount_cents == 10_250
    # typing that figure pays the installment and its fees, nothing more
    result = record_payment(cid, 10_250, day, "pix", day, charge_fees=True)
    assert (result.fee_cents, result.credit_cents) == (250, 0)
    assert todays_worklist(day, settings).entries == ()
