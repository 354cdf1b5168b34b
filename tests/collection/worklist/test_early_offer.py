"""Issue 19: the desconto por antecipação and the D−5 reminder. When paying on the day of the
reminder earns the discount, the message says "pagando até DD/MM, fica R$ X" and its Pix asks
that amount — and paying it settles the installment with no credit to confirm; Configurações
warns when the discount needs more notice than the first reminder gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.models.receivables import Installment
from app.services.br.pix import parse_payload
from app.services.collection.cadence import DEFAULT_STAGES, save_stages
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, credit_cents, save_customer
from app.services.receivables.asked import asked_today, describe
from app.services.receivables.discounts import reminder_lead_warning
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops

MONDAY = date(2026, 11, 23)  # D−5 of Saturday 28/11
DUE = date(2026, 11, 28)


@pytest.fixture
def lia(db):
    """Lia owes R$ 75,00 due Saturday 28/11/2026; 5% off paying 5+ days early; Pix on."""
    save_settings(load_settings(), early_discount_bp=500, early_discount_days=5,
                  pix_key="loja@modas.com.br", pix_name="Modas da Ana", pix_city="Campinas")
    cid = save_customer(CustomerInput("Lia Souza", phone="(11) 98765-4321"), date(2026, 10, 1))
    create_sale(cid, date(2026, 10, 28), [ItemInput("Blusa", 1, 7_500)], date(2026, 10, 28),
                plan=PlanInput(1, DUE))
    return cid


def _entry(day: date):
    (entry,) = todays_worklist(day, load_settings()).entries
    return entry


def test_the_d5_reminder_offers_the_discount_and_its_pix_asks_it(lia):
    entry = _entry(MONDAY)
    assert entry.stage.code == "D−5"
    assert ("R$\xa075,00 com vencimento em 28/11 (pagando até 23/11, fica R$\xa071,25)"
            in entry.message)
    assert entry.pix_cents == parse_payload(entry.pix_code).amount_cents == 7_125
    asked = asked_today(lia, MONDAY, load_settings())
    assert (asked.total_cents, asked.discount_until) == (7_125, MONDAY)
    assert "desconto por antecipação (pagando até 23/11, fica R$\xa071,25)" in describe(asked)
    paid = record_payment(lia, entry.pix_cents, MONDAY, "pix", MONDAY)
    assert paid.credit_cents == 0 and credit_cents(lia) == 0  # no credit to confirm
    assert Installment.get().paid_cents == 7_500  # settled with R$ 3,75 off


def test_a_shorter_notice_still_offers_it_until_its_last_day(lia):
    save_settings(load_settings(), early_discount_days=3)
    assert "(pagando até 25/11, fica R$\xa071,25)" in _entry(MONDAY).message
    assert reminder_lead_warning(load_settings(), DEFAULT_STAGES) == ""


def test_a_discount_that_needs_more_notice_than_the_reminder_is_not_offered_and_warned(lia):
    save_settings(load_settings(), early_discount_days=7)
    entry = _entry(MONDAY)
    assert "fica R$" not in entry.message and entry.pix_cents == entry.total_cents == 7_500
    warning = reminder_lead_warning(load_settings(), DEFAULT_STAGES)
    assert "7 dias antes" in warning and "5 dias antes" in warning
    assert reminder_lead_warning(replace(load_settings(), early_discount_bp=0),
                                 DEFAULT_STAGES) == ""


def test_a_template_without_amounts_gets_the_offer_on_its_own_line(lia):
    save_stages([replace(DEFAULT_STAGES[0], gentle="Oi, {nome}! Seu carnê vence sábado.\n"
                                                     "{pix_copia_e_cola}"),
                 *DEFAULT_STAGES[1:]])
    lines = [line for line in _entry(MONDAY).message.splitlines() if line]
    assert lines[:3] == ["Oi, Lia! Seu carnê vence sábado.", "Pagando até 23/11, fica R$\xa071,25.",
                         "Pix copia e cola:"]


def test_configuracoes_warns_when_saving_a_discount_the_reminder_cannot_offer(qtbot, lia):
    from app.ui.configuration.agreement_loyalty_settings import AgreementSettingsTab
    from tests.typing_helpers import type_text

    tab = AgreementSettingsTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.edits["early_discount_days"].clear()
    type_text(qtbot, tab.edits["early_discount_days"], "10")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert load_settings().early_discount_days == 10
    warning = tab.discount_warning  # inside the "Desconto por antecipação" box, in sight
    assert warning.isVisible() and "10 dias antes do vencimento" in warning.text()
    assert "primeiro lembrete da régua sai 5 dias antes" in warning.text()
    tab.edits["early_discount_days"].clear()
    type_text(qtbot, tab.edits["early_discount_days"], "5")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert not warning.isVisible()  # 5 days: the D−5 reminder can offer it


def test_the_regua_tab_warns_too_when_its_first_reminder_comes_too_late(qtbot, lia):
    from app.ui.configuration.cadence_settings import CadenceSettingsTab

    save_settings(load_settings(), early_discount_days=7)
    tab = CadenceSettingsTab(lambda: MONDAY)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert tab.feedback.text().startswith("Régua salva.")
    assert "7 dias antes do vencimento" in tab.feedback.text()
