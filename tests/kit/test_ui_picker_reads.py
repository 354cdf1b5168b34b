"""The customer picker reads on a worker (issue 18): while the list is on its way she can type,
her text and her Enter are kept for it, nobody is picked from a list not read yet, and a
customer chosen beforehand shows at once. The worker is held explicitly: no race."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import customer_picker, ops
from app.ui.kit.customer_picker import CustomerPickerDialog
from app.ui.receivables.sale_dialog import SaleDialog
from tests.typing_helpers import type_text


@pytest.fixture
def held(monkeypatch):
    """The customers' read waits on its worker until ``held.set()``."""
    gate = threading.Event()
    read = customer_picker._customers

    def slow(today, owing_only):
        gate.wait(10)
        return read(today, owing_only)

    monkeypatch.setattr(customer_picker, "_customers", slow)
    yield gate
    gate.set()  # never leave a worker waiting


def _late(today, name="Natália Souza") -> int:
    cid = save_customer(CustomerInput(name, phone="(11) 98765-4321"), today)
    due = today - timedelta(days=20)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Jaqueta", 1, 12_000)], today,
                PlanInput(2, due))
    return cid


def _sale(qtbot, today, cid=None) -> SaleDialog:
    dialog = SaleDialog(today, cid)
    dialog.confirm_discard = lambda: True
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_typing_and_enter_before_the_list_arrives_pick_from_the_list(qtbot, db, today, held):
    save_customer(CustomerInput("Ana Lima"), today)
    natalia = _late(today)
    dialog = _sale(qtbot, today)
    picker = dialog.picker
    assert picker.loading() and picker.search.placeholderText() == "carregando clientes…"
    type_text(qtbot, picker.search, "natá")
    assert picker.loading_hint.isVisible() and picker.loading_hint.text() == (
        "carregando clientes…")
    assert not picker.empty.isVisible()  # not "Nenhuma cliente com…": nobody is read yet
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert dialog.customer_id() is None and dialog.isVisible()  # nothing picked, no button
    held.set()
    qtbot.waitUntil(ops.idle)
    assert dialog.customer_id() == natalia  # her Enter, on the list that arrived
    assert picker.search.text() == "Natália Souza"
    assert "Deve R$\xa0120,00" in dialog.summary.text.text()
    assert QApplication.focusWidget() is dialog.description  # on to Peça, as usual
    assert not picker.loading_hint.isVisible()


def test_typing_after_an_early_enter_cancels_it(qtbot, db, today, held):
    for name in ("Ana Lima", "Ana Luiza", "Bia"):
        save_customer(CustomerInput(name), today)
    dialog = _sale(qtbot, today)
    type_text(qtbot, dialog.picker.search, "ana")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    type_text(qtbot, dialog.picker.search, " lu")  # she goes on typing: not that Enter
    held.set()
    qtbot.waitUntil(ops.idle)
    assert dialog.customer_id() is None
    assert dialog.picker.search.text() == "ana lu"  # what she typed, kept
    assert [r.name for r in dialog.picker.model.rows()] == ["Ana Luiza"]
    assert dialog.picker.list.isVisible()
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.picker.customer.name == "Ana Luiza"


def test_a_customer_chosen_beforehand_shows_while_the_list_is_read(qtbot, db, today, held):
    natalia = _late(today)
    save_customer(CustomerInput("Ana Lima"), today)
    dialog = _sale(qtbot, today, natalia)
    assert dialog.picker.loading()  # the list is still on its way…
    assert dialog.customer_id() == natalia  # …and she is there already
    assert dialog.picker.search.text() == "Natália Souza"
    assert "em atraso R$\xa060,00" in dialog.summary.text.text()
    assert dialog.overdue_warning.isVisible()
    held.set()
    qtbot.waitUntil(ops.idle)
    assert dialog.customer_id() == natalia and dialog.picker.search.text() == "Natália Souza"
    dialog.picker.search.clear()
    type_text(qtbot, dialog.picker.search, "ana")
    assert [r.name for r in dialog.picker.model.rows()] == ["Ana Lima"]


def test_receber_pagamento_says_when_nobody_owes(qtbot, db, today):
    save_customer(CustomerInput("Ana Lima"), today)
    dialog = CustomerPickerDialog(today, owing_only=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(ops.idle)
    assert dialog.picker.empty.isVisible()
    assert dialog.picker.empty.text() == "Ninguém deve nada no momento."


def test_phone_and_balance_are_never_cut(qtbot, db, today):
    _late(today)
    dialog = CustomerPickerDialog(today, owing_only=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(ops.idle)
    view = dialog.picker.list
    metrics = view.fontMetrics()
    for col, text in ((1, "(11) 98765-4321"), (2, "R$\xa0120,00")):
        assert view.model().index(0, col).data() == text
        assert view.columnWidth(col) > metrics.horizontalAdvance(text)
    assert view.columnWidth(0) > view.columnWidth(1)  # the name takes the rest


def test_closing_nova_venda_lets_the_customers_it_read_go_at_once(qtbot, db, today):
    """Issue 18: the list is freed when the dialog closes, by reference counting, not by a
    full collection long after (which, with a few closed dialogs of 20,000 customers each,
    stopped the window 190–350 ms). The customer she chose stays for what comes after."""
    import weakref

    natalia = _late(today)
    save_customer(CustomerInput("Ana Lima"), today)
    dialog = SaleDialog(today, natalia)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(ops.idle)
    others = [weakref.ref(r) for r in dialog.picker.model.all_rows() if r.id != natalia]
    assert len(others) == 1 and others[0]() is not None  # Ana, listed
    dialog.reject()
    assert not dialog.isVisible()
    assert others[0]() is None  # let go, with no garbage collection (off in the tests)
    assert dialog.picker.customer.name == "Natália Souza"  # what new_sale reads after
