"""Nova venda from the keyboard alone (issue 20): every key goes where the cursor is, as on her
keyboard; no mouse, no method called on the dialog."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.models.receivables import Installment, Sale, SaleItem
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.receivables.sale_dialog import SaleDialog
from tests.typing_helpers import type_text

CTRL = Qt.KeyboardModifier.ControlModifier
pytestmark = pytest.mark.usefixtures("styled")  # the real look (tests/conftest.py)


def _focus(dialog):
    """Where her keys go: the focused widget, or the dialog's own when the focus went with a
    question that closed (offscreen there is no window manager to hand it back)."""
    focus = QApplication.focusWidget()
    return focus if focus is not None and focus.isVisible() else dialog.focusWidget()


def _key(qtbot, dialog, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focus(dialog), key, modifier)


def _type(qtbot, dialog, text: str) -> None:
    type_text(qtbot, _focus(dialog), text)


def _open(qtbot, today) -> SaleDialog:
    dialog = SaleDialog(today)
    dialog.confirm_discard = lambda: True  # closing at the end of a test never asks
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # her keyboard types into the window in front
        dialog.show()
        dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.picker.search)
    qtbot.waitUntil(ops.idle)  # her customers are read on a worker
    return dialog


def _tab_to(qtbot, dialog, target, limit: int = 30) -> list[str]:
    """Press Tab until ``target`` has the focus; the names of the widgets passed through."""
    passed = []
    for _ in range(limit):
        if _focus(dialog) is target:
            return passed
        passed.append(_focus(dialog).objectName() or type(_focus(dialog)).__name__)
        _key(qtbot, dialog, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()}: {passed}")


def test_a_whole_sale_with_key_presses_only(qtbot, db, today):
    save_customer(CustomerInput("Ana Lima", phone="(11) 98765-4321"), today)
    dialog = _open(qtbot, today)
    _type(qtbot, dialog, "ana")
    _key(qtbot, dialog, Qt.Key.Key_Return)  # Enter takes the first match…
    assert dialog.customer_id() is not None
    assert _focus(dialog) is dialog.description  # …and the cursor goes to Peça
    for description, size, quantity, price in (("Biquíni", "M", "2", "84,90"),
                                               ("Saída de praia", "P", "1", "119,90")):
        _type(qtbot, dialog, description)
        _key(qtbot, dialog, Qt.Key.Key_Tab)
        assert _focus(dialog) is dialog.variant
        _type(qtbot, dialog, size)
        _key(qtbot, dialog, Qt.Key.Key_Tab)
        assert _focus(dialog) is dialog.quantity
        _type(qtbot, dialog, quantity)  # Tab selected the 1: typing replaces it
        _key(qtbot, dialog, Qt.Key.Key_Tab)
        assert _focus(dialog) is dialog.price
        _type(qtbot, dialog, price)
        _key(qtbot, dialog, Qt.Key.Key_Return)  # adds the piece, back to Peça for the next
        assert _focus(dialog) is dialog.description
    assert dialog.total_label.text() == "Total: R$\xa0289,70"
    passed = _tab_to(qtbot, dialog, dialog.plan_form.count)
    assert passed.count("itemsTable") <= 1  # one Tab leaves the list of pieces
    dialog.plan_form.count.selectAll()
    _type(qtbot, dialog, "2")
    _tab_to(qtbot, dialog, dialog.save_button)
    _key(qtbot, dialog, Qt.Key.Key_Return)  # Enter on the button she reached presses it
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.result() == SaleDialog.DialogCode.Accepted
    sale = Sale.get()
    assert sale.total_cents == 28_970
    assert [(i.description, i.quantity) for i in SaleItem.select().order_by(SaleItem.id)] == [
        ("Biquíni", 2), ("Saída de praia", 1)]
    assert Installment.select().where(Installment.sale == sale).count() == 2


def test_one_tab_leaves_the_date_and_one_leaves_the_item_list(qtbot, db, today):
    cid = save_customer(CustomerInput("Ana Lima"), today)
    dialog = _open(qtbot, today)
    dialog.sale_date.setFocus()
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert _focus(dialog) is not dialog.sale_date  # not day → month → year first
    dialog.picker.select_id(cid)
    for name in ("Blusa", "Saia"):
        dialog.description.setFocus()
        _type(qtbot, dialog, name)
        dialog.price.setFocus()
        _type(qtbot, dialog, "50")
        _key(qtbot, dialog, Qt.Key.Key_Return)
    dialog.items_table.setFocus()
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert _focus(dialog) is not dialog.items_table


def _answer(qtbot, *keys) -> list[str]:
    """Press ``keys`` on the next question as soon as it shows (its exec() holds the test);
    returns the questions' texts."""
    seen: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(5, press)
            return
        seen.append(box.text())
        box.activateWindow()
        for key in keys:
            where = QApplication.focusWidget()
            if where is None or not box.isAncestorOf(where):  # offscreen: no window manager
                where = box.focusWidget() or box
            qtbot.keyClick(where, key)

    QTimer.singleShot(0, press)
    return seen


def _border(button: QPushButton):
    """The colour of the button's left edge, half-way down."""
    image = button.grab().toImage()
    return image.pixelColor(1, image.height() // 2).name()


def test_the_late_customer_question_shows_its_default_and_cancel_loses_nothing(
        qtbot, db, today):
    from app.ui.kit.style import COLOURS

    cid = save_customer(CustomerInput("Natália Souza", phone="(11) 98765-4321"), today)
    due = today - timedelta(days=20)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Jaqueta", 1, 12_000)], today,
                PlanInput(2, due))
    dialog = _open(qtbot, today)
    _type(qtbot, dialog, "natalia")
    _key(qtbot, dialog, Qt.Key.Key_Return)
    _type(qtbot, dialog, "Blusa")
    dialog.price.setFocus()
    _type(qtbot, dialog, "90")
    _key(qtbot, dialog, Qt.Key.Key_Return)
    looked: dict[str, str] = {}

    def look() -> None:  # while the question is open: which button is Enter, and does it show?
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(5, look)
            return
        cancel, save = box.defaultButton(), next(
            b for b in box.buttons() if b is not box.defaultButton())
        looked.update(text=box.text(), default=cancel.text(), other=save.text(),
                      default_edge=_border(cancel), other_edge=_border(save))

    QTimer.singleShot(0, look)
    asked = _answer(qtbot, Qt.Key.Key_Return)  # Enter: Cancelar
    _key(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert asked and looked["default"] == "&Cancelar" and "Enter: Cancelar" in looked["text"]
    assert looked["default_edge"] == COLOURS.primary != looked["other_edge"]
    assert Sale.select().count() == 1  # not saved…
    assert dialog.isVisible() and dialog.items.rowCount() == 1  # …and nothing lost
    assert dialog.not_saved.isVisible() and "Venda não salva" in dialog.not_saved.text()
    _answer(qtbot, Qt.Key.Key_Tab, Qt.Key.Key_Return)  # to "Salvar a prazo", then Enter
    _key(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert Sale.select().count() == 2 and dialog.result() == SaleDialog.DialogCode.Accepted
