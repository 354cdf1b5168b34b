"""The malinha on the other screens: Cobranças de hoje (its own row, Copiar with Desfazer), the
Régua e mensagens tab (the malinha's régua, with the tone check), the Painel's line, the
sidebar page and the customer page."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.models.collection import ContactLog
from app.services import conditional
from app.services.conditional.malinha_cadence import load_malinha_stages
from app.services.configuration.first_run import confirm_store_name
from app.ui.collection.worklist_page import WorklistPage, WorklistTableModel
from app.ui.configuration.cadence_settings import CadenceSettingsTab
from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow
from tests.typing_helpers import type_text


def _late_malinha(shelf, customer, today) -> int:
    return conditional.send(customer, [(shelf["M"], 1)], today - timedelta(days=3),
                            return_by=today - timedelta(days=1))


def _cobrancas_with_a_late_malinha(qtbot, shelf, ana, today) -> WorklistPage:
    confirm_store_name()
    _late_malinha(shelf, ana, today)
    page = WorklistPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    return page


def test_cobrancas_de_hoje_lists_the_malinha_copies_it_and_undoes(qtbot, shelf, ana, today):
    page = _cobrancas_with_a_late_malinha(qtbot, shelf, ana, today)
    [entry] = page.model.rows()
    assert page.model.index(0, WorklistTableModel.COL_STAGE).data() == "Malinha: esqueceu?"
    assert page.model.index(0, WorklistTableModel.COL_AMOUNT).data() == "malinha"
    # her installments are on time (none), her malinha is not: the row says which is late
    assert page.model.index(0, WorklistTableModel.COL_STANDING).data() == "Malinha atrasada"
    assert not page.promise_button.isEnabled() and not page.pix_button.isEnabled()
    assert page.preview.toPlainText().startswith("Oi, Ana! Acho que a malinha passou batido")
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert QGuiApplication.clipboard().text() == entry.message
    assert ContactLog.get().stage_name == "Malinha: esqueceu?"
    qtbot.mouseClick(page.undo_bar.findChild(type(page.copy_button)), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert ContactLog.select().count() == 0


def test_the_malinha_reminder_goes_by_whatsapp_with_one_contact(qtbot, shelf, ana, today,
                                                                 opened_links):
    page = _cobrancas_with_a_late_malinha(qtbot, shelf, ana, today)
    [entry] = page.model.rows()
    assert page.whatsapp_button.isEnabled()
    qtbot.mouseClick(page.whatsapp_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert opened_links.opened == [entry.whatsapp_url]
    assert opened_links.opened[0].startswith("https://wa.me/55")
    [logged] = ContactLog.select()
    assert (logged.channel, logged.stage_name) == ("whatsapp", "Malinha: esqueceu?")


def test_the_malinha_regua_is_edited_on_the_same_tab_with_the_tone_check(qtbot, db, today):
    tab = CadenceSettingsTab(lambda: today)
    qtbot.addWidget(tab)
    tab.show()
    tab.ruler_combo.setCurrentIndex(1)
    assert tab.stage_list.item(0).text() == "D0  Malinha: devolver hoje"
    assert tab.offset_spin.minimum() == 0 and "{pecas}" in tab.placeholder_label.text()
    assert "Vestido Lírio M rosa e Blusa Ana (2)" in tab.gentle_preview.text()
    tab.gentle_edit.clear()
    type_text(qtbot, tab.gentle_edit, "Oi, {nome}! Devolve hoje senão vou falar com o seu "
                                      "marido.")
    assert tab.warning_label.isVisible() and "marido" in tab.warning_label.text()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert tab.feedback.text() == "Régua salva."  # a warning, she keeps the last word
    assert load_malinha_stages()[0].gentle.endswith("seu marido.")
    tab.ruler_combo.setCurrentIndex(0)
    assert tab.stage_list.item(0).text() == "D−5  Lembrete"


def test_painel_sidebar_and_customer_page_show_the_malinha(qtbot, shelf, ana, today):
    k = _late_malinha(shelf, ana, today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    label = window.dashboard.conditional_label
    qtbot.waitUntil(lambda: "R$\xa0189,90" in label.text(), timeout=20_000)
    assert "1 malinha · 1 atrasada" in label.text()
    label.linkActivated.emit("condicionais")
    assert window.stack.currentWidget() is window.conditionals
    qtbot.waitUntil(lambda: window.conditionals.model.rowCount() == 1, timeout=20_000)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    window.open_customer(ana)
    page = window.customer_page
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert page.malinha_note.text().startswith("Condicional: está com a malinha nº")
    assert page.malinha_note.isVisible()
    assert page.standing_badge.text() == "Em dia"  # a note, never a payment delay
    page.tabs.setCurrentWidget(page.conditionals_tab)
    qtbot.waitUntil(lambda: page.conditionals_tab.model.rowCount() == 1, timeout=20_000)
    assert page.conditionals_tab.selected_id() == k
    table = page.conditionals_tab.table  # her malinhas fill the width of the tab
    header = table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(header.count())
               if not header.isSectionHidden(c)) == table.viewport().width()
    new = page.conditionals_tab.findChild(type(page.conditionals_tab.settle_button),
                                          "customerNewConditional")
    qtbot.mouseClick(new, Qt.MouseButton.LeftButton)
    dialog = window.conditional_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(ops.idle)  # the catalogue is read on a worker
    assert dialog.picker.customer_id() == ana and dialog.late_warning.isVisible()
    dialog.reject()
