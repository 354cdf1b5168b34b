"""Every question shows which button Enter presses, and it is the safe one (issue 20): removing
a customer, undoing an agreement or an acerto, restoring the standard ruler. Enter on each
leaves everything as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.models.people import Customer
from app.models.receivables import Sale
from app.services import catalog, conditional
from app.services.collection.cadence import DEFAULT_STAGES, load_stages
from app.services.negotiation.agreements import close_agreement, propose_options
from app.services.people.customers import CustomerInput, save_customer
from app.services.pieces.catalog import PieceInput, VariantInput
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def asked(qtbot, monkeypatch) -> list[dict]:
    """Each question is shown, looked at, and answered with Enter, as she would."""
    seen: list[dict] = []

    def exec_(box: QMessageBox) -> int:
        box.show()
        default = box.defaultButton()
        seen.append({"text": box.text(), "default": default and default.text(),
                     "drawn": default is not None and default.isDefault(),
                     "esc": box.escapeButton() is default,
                     "buttons": sorted(b.text() for b in box.buttons())})
        qtbot.keyClick(box, Qt.Key.Key_Return)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


def _safe(question: dict, yes: str) -> None:
    assert question["default"] == "&Cancelar", question
    assert question["drawn"] and question["esc"], question  # shown as Enter's, and Esc's too
    assert question["buttons"] == sorted(["&Cancelar", yes]), question


def _click_yes(box: QMessageBox) -> int:
    next(b for b in box.buttons()
         if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
    return 0


def test_removing_a_customer_asks_with_cancelar_as_enter(qtbot, db, today, asked,
                                                         monkeypatch):
    from app.ui.shell.main_window import MainWindow

    cid = save_customer(CustomerInput("Ana Lima", phone="(11) 98765-4321"), today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.open_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    qtbot.mouseClick(window.customer_page.archive_button, LEFT)
    qtbot.waitUntil(ops.idle)
    (question,) = asked
    assert question["text"].startswith("Excluir Ana Lima?")
    _safe(question, "&Excluir")
    assert Customer.get_or_none(Customer.id == cid) is not None  # Enter kept her
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", _click_yes)
    qtbot.mouseClick(window.customer_page.archive_button, LEFT)  # now she clicks "Excluir"
    qtbot.waitUntil(ops.idle)
    assert Customer.get_or_none(Customer.id == cid) is None
    assert window.customer_stack.currentWidget() is window.customers  # back on the list…
    assert warned == []  # …with no "Algo deu errado (NotFound)" from re-reading her page


def test_undoing_an_agreement_asks_with_cancelar_as_enter(qtbot, db, today, asked):
    from app.ui.negotiation.agreements_page import AgreementsPage

    cid = save_customer(CustomerInput("Bia Souza", phone="(11) 91234-5678"), today)
    due = today - timedelta(days=20)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Jaqueta", 1, 24_000)], today,
                PlanInput(2, due))
    agreement = close_agreement(cid, propose_options(cid, today)[-1], today)
    page = AgreementsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and ops.idle())
    page.table.selectRow(0)
    qtbot.mouseClick(page.undo_button, LEFT)
    qtbot.waitUntil(ops.idle)
    (question,) = asked
    assert question["text"].startswith(f"Desfazer o acordo nº {agreement} de Bia Souza?")
    _safe(question, "&Desfazer o acordo")
    assert [row.id for row in page.model.rows()] == [agreement]  # still there


def test_undoing_an_acerto_asks_with_cancelar_as_enter(qtbot, db, today, asked):
    from app.ui.conditional.conditionals_page import ConditionalsPage

    dress = catalog.save_piece(PieceInput("Vestido Lírio", 18_990, variants=(
        VariantInput("M", "rosa", 3),)), today)
    (m,) = (v.id for v in catalog.variants_of(dress))
    cid = save_customer(CustomerInput("Carla Dias", phone="(11) 97654-3210"), today)
    k = conditional.send(cid, [(m, 2)], today - timedelta(days=4),
                         return_by=today + timedelta(days=2))
    conditional.settle(k, {m: 1}, today)  # she kept one: a sale
    page = ConditionalsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    page.filter.setCurrentIndex(4)  # Acertadas
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and ops.idle())
    qtbot.mouseClick(page.undo_button, LEFT)
    qtbot.waitUntil(ops.idle)
    (question,) = asked
    assert question["text"].startswith(f"Desfazer o último acerto da malinha nº {k} de Carla")
    _safe(question, "&Desfazer o acerto")
    assert page.model.rowCount() == 1 and Sale.select().count() == 1  # the acerto stands


def test_restoring_the_standard_ruler_asks_with_cancelar_as_enter(qtbot, db, today, asked):
    from app.ui.configuration.cadence_settings import CadenceSettingsTab

    tab = CadenceSettingsTab(lambda: today)
    qtbot.addWidget(tab)
    tab.show()
    tab.stage_list.setCurrentRow(2)
    tab.offset_spin.setValue(2)
    tab.save()
    qtbot.waitUntil(ops.idle)
    mine = load_stages()
    assert mine != DEFAULT_STAGES
    qtbot.mouseClick(tab.reset_button, LEFT)
    qtbot.waitUntil(ops.idle)
    (question,) = asked
    assert question["text"].startswith("Voltar para a régua e as mensagens padrão?")
    _safe(question, "&Voltar ao padrão")
    assert load_stages() == mine and tab.feedback.text() != "Régua padrão restaurada."
