"""Nova venda at the keyboard: Enter adds, Ctrl+Enter saves, Esc asks; the customer beside."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from app.models.receivables import Installment, Sale
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.kit.customer_picker import CustomerPickerDialog
from app.ui.receivables.sale_dialog import SaleDialog
from tests.typing_helpers import type_text


def _dialog(qtbot, today, cid=None) -> SaleDialog:
    dialog = SaleDialog(today, cid)
    dialog.confirm_discard = lambda: True  # closing at the end of a test never asks
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(ops.idle)  # her customers are read on a worker
    return dialog


def _late(today, name="Natália Souza", phone="(11) 98765-4321") -> int:
    cid = save_customer(CustomerInput(name, phone=phone), today)
    due = today - timedelta(days=20)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Jaqueta", 1, 12_000)], today,
                PlanInput(2, due))
    return cid


def test_enter_in_price_adds_item_and_starts_a_new_line_without_error(qtbot, db, today):
    cid = save_customer(CustomerInput("Bia"), today)
    dialog = _dialog(qtbot, today, cid)
    for description, price in (("Biquíni", "84,90"), ("Saia plissada", "119,90")):
        type_text(qtbot, dialog.description, description)
        qtbot.keyClicks(dialog.price, price)
        qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert dialog.items.rowCount() == 2
    assert not dialog.item_error.isVisible()  # no red "Descreva a peça."
    assert dialog.description.text() == "" and dialog.focusWidget() is dialog.description
    assert dialog.isVisible() and Sale.select().count() == 0  # Enter did not save
    assert dialog.total_label.text() == "Total: R$\xa0204,80"


def test_ctrl_enter_saves_the_sale(qtbot, db, today):
    cid = save_customer(CustomerInput("Bia"), today)
    dialog = _dialog(qtbot, today, cid)
    qtbot.keyClicks(dialog.description, "Blusa")
    qtbot.keyClicks(dialog.price, "90")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.result() == SaleDialog.DialogCode.Accepted
    assert Installment.select().count() == 3


def test_escape_with_items_asks_before_discarding(qtbot, db, today):
    cid = save_customer(CustomerInput("Bia"), today)
    dialog = _dialog(qtbot, today, cid)
    asked = []
    dialog.confirm_discard = lambda: asked.append(1) or False
    qtbot.keyClicks(dialog.description, "Blusa")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    dialog.confirm_discard = lambda: True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_on_an_empty_sale_just_closes(qtbot, db, today):
    dialog = _dialog(qtbot, today)
    dialog.confirm_discard = lambda: (_ for _ in ()).throw(AssertionError("asked"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_picker_finds_by_any_part_without_accents_and_enter_picks(qtbot, db, today):
    save_customer(CustomerInput("Ana Lima", phone="(11) 91111-2222"), today)
    cid = _late(today)
    dialog = _dialog(qtbot, today)
    assert dialog.picker.search.text() == "" and dialog.customer_id() is None
    qtbot.keyClicks(dialog.picker.search, "natalia")
    assert dialog.picker.list.isVisible() and dialog.picker.model.rowCount() == 1
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.customer_id() == cid
    assert dialog.picker.search.text() == "Natália Souza"
    dialog.picker.search.clear()
    qtbot.keyClicks(dialog.picker.search, "8765")  # part of her phone
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.customer_id() == cid


def test_picker_says_when_nobody_matches(qtbot, db, today):
    save_customer(CustomerInput("Ana Lima"), today)
    dialog = _dialog(qtbot, today)
    qtbot.keyClicks(dialog.picker.search, "souza")
    assert dialog.picker.empty.isVisible()
    assert "Nenhuma cliente com “souza”" in dialog.picker.empty.text()


def test_balance_overdue_and_badge_beside_the_customer(qtbot, db, today):
    cid = _late(today)
    dialog = _dialog(qtbot, today, cid)
    assert "Deve R$\xa0120,00" in dialog.summary.text.text()
    assert "em atraso R$\xa060,00" in dialog.summary.text.text()
    assert dialog.summary.badge.text() == "Atrasada"


def test_credit_sale_to_late_customer_warns_before_saving(qtbot, db, today):
    cid = _late(today)
    dialog = _dialog(qtbot, today, cid)
    assert dialog.overdue_warning.isVisible()
    assert "R$\xa060,00 em atraso" in dialog.overdue_warning.text()
    questions = []
    dialog.confirm_overdue = lambda text: questions.append(text) or False
    qtbot.keyClicks(dialog.description, "Blusa")
    qtbot.keyClicks(dialog.price, "90")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert questions and dialog.isVisible() and Sale.select().count() == 1  # not saved
    dialog.confirm_overdue = lambda text: True  # a warning, not a block
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert Sale.select().count() == 2
    dialog2 = _dialog(qtbot, today, cid)
    dialog2.plan_form.cash.setChecked(True)
    assert not dialog2.overdue_warning.isVisible()  # à vista: nothing to warn about


def test_cash_hides_the_plan_area(qtbot, db, today):
    dialog = _dialog(qtbot, today)
    assert dialog.plan_form.plan_area.isVisible()
    dialog.plan_form.cash.setChecked(True)
    assert not dialog.plan_form.plan_area.isVisible()
    assert dialog.plan_form.method_label.text() == "Forma de pagamento"


def test_receive_payment_picker_enter_picks_highlighted(qtbot, db, today):
    save_customer(CustomerInput("Ana Lima"), today)  # owes nothing: not offered
    cid = _late(today)
    dialog = CustomerPickerDialog(today, owing_only=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(ops.idle)
    assert dialog.picker.search.text() == ""
    assert dialog.picker.model.rowCount() == 1
    type_text(qtbot, dialog.picker.search, "NATÁ")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.result() == CustomerPickerDialog.DialogCode.Accepted
    assert dialog.picked_id == cid


def test_names_starting_with_the_search_come_first(qtbot, db, today):
    save_customer(CustomerInput("Adriana Pereira"), today)
    ana = save_customer(CustomerInput("Ana Lima"), today)
    dialog = _dialog(qtbot, today)
    qtbot.keyClicks(dialog.picker.search, "ana")
    assert dialog.picker.model.rowCount() == 2  # any part of the name matches
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.customer_id() == ana


def test_a_sale_over_the_credit_limit_asks_once_and_saves_when_she_confirms(qtbot, db, today):
    cid = save_customer(CustomerInput("Bia", credit_limit="100,00"), today)
    dialog = _dialog(qtbot, today, cid)
    qtbot.keyClicks(dialog.description, "Vestido")
    qtbot.keyClicks(dialog.price, "250")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    dialog.save()
    qtbot.waitUntil(ops.idle)
    assert dialog.isVisible() and Sale.select().count() == 0  # not saved: she must confirm
    assert dialog.plan_form.credit_override.isVisible()
    assert "acima do limite" in dialog.plan_form.credit_label.text()
    dialog.plan_form.credit_override.setChecked(True)
    dialog.save()
    qtbot.waitUntil(ops.idle)
    assert dialog.result() == SaleDialog.DialogCode.Accepted
    assert Sale.select().count() == 1
