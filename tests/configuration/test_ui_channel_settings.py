"""Configurações: the e-mail subject and the SMS of each stage (issue 24), and "Abrir pasta"
that never does nothing in silence (issue 20)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.services.collection.cadence import DEFAULT_STAGES, load_stages
from app.ui.configuration.cadence_settings import CadenceSettingsTab
from app.ui.kit import ops
from tests.typing_helpers import type_text

LEFT = Qt.MouseButton.LeftButton


def _tab(qtbot, today) -> CadenceSettingsTab:
    tab = CadenceSettingsTab(lambda: today)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    return tab


def test_subject_and_sms_of_a_stage_are_edited_counted_and_saved(qtbot, db, today):
    tab = _tab(qtbot, today)
    tab.stage_list.setCurrentRow(3)  # Segundo aviso
    assert tab.subject_edit.text() == "Lembrete de pagamento — {loja}"
    assert tab.sms_edit.toPlainText() == DEFAULT_STAGES[3].sms
    assert tab.sms_size.text().endswith(" caracteres · 1 SMS")  # GSM-7: one part of 160
    assert "Pix copia e cola por WhatsApp ou e-mail." in tab.sms_preview.text()
    tab.subject_edit.selectAll()
    type_text(qtbot, tab.subject_edit, "Seu carnê da {loja}")
    tab.sms_edit.setPlainText("Oi, {nome}! " + "Ainda em aberto: {total}. " * 6 + "{loja}")
    assert tab.sms_size.text().endswith(" · 2 SMS (passa de 160)")  # told, not refused
    # one letter outside the GSM alphabet and the phone sends it all as UCS-2: 70 a part
    tab.sms_edit.setPlainText("Oi, {nome}! Não esqueça: {total} em aberto. Pix, dinheiro ou "
                              "cartão.\n{pix_copia_e_cola}\n{loja}")
    assert tab.sms_size.text().endswith(" · 2 SMS (por causa de ã, ç: 70 por SMS)")
    qtbot.mouseClick(tab.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert tab.feedback.text() == "Régua salva."
    saved = next(s for s in load_stages() if s.offset == 7)
    assert saved.subject == "Seu carnê da {loja}"
    assert saved.sms.startswith("Oi, {nome}! Não esqueça")


def test_an_unknown_placeholder_in_the_sms_is_refused_next_to_it(qtbot, db, today):
    tab = _tab(qtbot, today)
    tab.stage_list.setCurrentRow(1)
    tab.sms_edit.setPlainText("Oi, {nome}! {saldo}")
    qtbot.mouseClick(tab.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    error = tab.form.errors["sms"]
    assert error.isVisible() and "{saldo}" in error.text() and "SMS" in error.text()
    assert load_stages() == DEFAULT_STAGES


def test_abrir_pasta_without_a_file_manager_copies_the_path_and_says_so(qtbot, db, today,
                                                                         opened_links):
    from app.models.db import database_path
    from app.ui.configuration.settings_page import SettingsPage

    page = SettingsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    button = page.findChild(QPushButton, "openFolderButton")
    qtbot.mouseClick(button, LEFT)
    assert opened_links.opened[-1].startswith("file://")
    assert not page.folder_feedback.isVisible()  # it opened: nothing to say
    opened_links.works = False
    QApplication.clipboard().setText("")
    qtbot.mouseClick(button, LEFT)
    assert QApplication.clipboard().text() == str(database_path().parent)
    assert page.folder_feedback.isVisible()
    assert page.folder_feedback.text().startswith("Não consegui abrir a pasta; o caminho foi "
                                                  "copiado")
