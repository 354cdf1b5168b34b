"""Issue 19 on screen: "Desfazer" offered only where undo works, the entrada received in the
same step as closing, Receber pagamento proposing the agreement's installment first, and the
new settings of the Acordos tab."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from app.models.receivables import Installment
from app.services.configuration.settings import load_settings, save_settings
from app.services.negotiation.agreement_plans import agreement_basis, build_option
from app.services.negotiation.agreements import close_agreement, list_agreements, propose_options
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.negotiation.agreement_dialog import AgreementDialog
from app.ui.negotiation.agreements_page import AgreementsPage
from app.ui.receivables.payment_dialog import PaymentDialog
from tests.typing_helpers import type_text

TODAY = date(2026, 11, 23)  # a Monday
LEFT = Qt.MouseButton.LeftButton


def sell(cid: int, sale_day: date, dues: tuple[date, ...], each: int, what: str) -> list[int]:
    sale = create_sale(cid, sale_day, [ItemInput(what, 1, each * len(dues))], TODAY,
                       plan=PlanInput(len(dues), dues[0], "custom", custom_dates=dues))
    return list(sale.installment_ids)


@pytest.fixture
def carla(db) -> tuple[int, list[int], list[int]]:
    """Carla owes a blouse (R$ 80,00 due 05/10) and a dress (2 × R$ 100,00 due 20/10 and
    13/11), all late; no fees."""
    cid = save_customer(CustomerInput("Carla Dias", phone="(11) 97777-2222"), TODAY)
    blouse = sell(cid, date(2026, 9, 5), (date(2026, 10, 5),), 8_000, "Blusa")
    dress = sell(cid, date(2026, 9, 20), (date(2026, 10, 20), date(2026, 11, 13)), 10_000,
                 "Vestido")
    return cid, blouse, dress


def test_desfazer_is_offered_only_on_the_newest_agreement_of_a_chain(qtbot, carla):
    cid, _, dress = carla
    first = close_agreement(cid, propose_options(cid, TODAY, dress)[1], TODAY, dress)
    later = date(2026, 12, 9)  # its 30/11 installment is late: renegotiated
    ids = [i.id for i in Installment.select().where(Installment.agreement_id == first)]
    second = close_agreement(cid, propose_options(cid, later, ids)[1], later, ids)
    page = AgreementsPage(lambda: later)
    qtbot.addWidget(page)
    page.show()
    page.filter.setCurrentIndex(page.filter.count() - 1)  # "Todos"
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    rows = {r.id: n for n, r in enumerate(page.model.rows())}
    assert not page.undo_button.isEnabled()  # nothing chosen yet

    page.table.selectRow(page.table.model().mapFromSource(
        page.model.index(rows[first], 0)).row())
    assert not page.undo_button.isEnabled()
    assert page.undo_button.toolTip() == (
        f"Renegociado no acordo nº {second}: desfaça aquele primeiro.")
    page.table.selectRow(page.table.model().mapFromSource(
        page.model.index(rows[second], 0)).row())
    assert page.undo_button.isEnabled()

    page.undo(second)
    qtbot.waitUntil(ops.idle)
    assert {r.id: r.can_undo for r in list_agreements(later, cid)} == {first: True}


def test_the_entrada_paid_now_is_received_with_the_agreement(qtbot, carla):
    cid, blouse, dress = carla
    dialog = AgreementDialog(cid, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    for row in range(dialog.model.rowCount()):  # only the dress goes into the agreement
        key = dialog.model.row_key(dialog.model.row_at(row))
        state = Qt.CheckState.Checked if key in dress else Qt.CheckState.Unchecked
        dialog.model.setData(dialog.model.index(row, 0), state, Qt.ItemDataRole.CheckStateRole)
    two = dialog.boxes[1]
    two.down.setFocus()
    two.down.selectAll()
    type_text(qtbot, two.down, "50,00")
    qtbot.waitUntil(lambda: dialog.entrada_paid.isVisible())
    assert dialog.entrada_paid.text() == "Entrada paga agora (R$\xa050,00), em"
    assert not dialog.entrada_method.isEnabled()
    qtbot.mouseClick(dialog.entrada_paid, LEFT, pos=QPoint(8, 8))
    dialog.entrada_method.setCurrentIndex(dialog.entrada_method.findData("cash"))
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(ops.idle)

    entrada = Installment.get((Installment.agreement_id == dialog.saved_id)
                              & (Installment.number == 1))
    assert (entrada.amount_cents, entrada.paid_cents) == (5_000, 5_000)
    assert Installment.get_by_id(blouse[0]).paid_cents == 0
    assert "Entrada: R$\xa050,00 paga hoje" in list_agreements(TODAY, cid)[0].text


def test_receber_pagamento_proposes_the_agreement_installment_first(qtbot, carla):
    cid, blouse, dress = carla
    basis = agreement_basis(cid, TODAY, load_settings(), dress)
    option = build_option(basis, load_settings(), down_payment_cents=5_000, count=2,
                          first_due=date(2026, 12, 23), interval="monthly", discount_cents=0)
    agreement_id = close_agreement(cid, option, TODAY, dress)
    dialog = PaymentDialog(cid, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    entrada = Installment.get((Installment.agreement_id == agreement_id)
                              & (Installment.number == 1))
    assert dialog.model.checked_ids() == [entrada.id]
    assert dialog.agreement_hint.isVisible()
    assert dialog.agreement_hint.text().startswith(
        "Marcada primeiro a parcela do acordo que vence hoje ou já venceu "
        f"(Acordo nº {agreement_id} 1/3, 23/11/2026)")
    assert dialog.amount.text() == "130,00"  # the late blouse + the entrada due today
    dialog.amount.setFocus()
    dialog.amount.selectAll()
    type_text(qtbot, dialog.amount, "50,00")  # she brought only the entrada
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert Installment.get_by_id(entrada.id).paid_cents == 5_000
    assert Installment.get_by_id(blouse[0]).paid_cents == 0


def test_the_settings_tab_edits_the_margins_and_the_early_discount_switch(qtbot, db):
    from app.ui.configuration.agreement_loyalty_settings import AgreementSettingsTab

    tab = AgreementSettingsTab()
    qtbot.addWidget(tab)
    tab.show()
    assert [tab.edits[k].text() for k in ("agreement_cash_fee_waiver_bp",
                                          "agreement_two_fee_waiver_bp",
                                          "agreement_three_fee_waiver_bp")] == ["100", "50", "0"]
    assert not tab.agreement_early.isChecked()
    edit = tab.edits["agreement_two_fee_waiver_bp"]
    edit.setFocus()
    edit.selectAll()
    type_text(qtbot, edit, "25")
    qtbot.mouseClick(tab.agreement_early, LEFT, pos=QPoint(8, 8))
    qtbot.mouseClick(tab.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    saved = load_settings()
    assert (saved.agreement_two_fee_waiver_bp, saved.agreement_early_discount) == (2_500, 1)
    edit.selectAll()
    type_text(qtbot, edit, "120")
    qtbot.mouseClick(tab.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert "entre 0% e 100%" in tab.form.errors["agreement_two_fee_waiver_bp"].text()
    assert edit.text() == "120"  # her typing is kept
    assert load_settings().agreement_two_fee_waiver_bp == 2_500
    save_settings(load_settings())  # still a valid whole
