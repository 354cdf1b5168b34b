"""Configurações › Multa e juros and Régua e mensagens, driven through the widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.services.collection.cadence import DEFAULT_STAGES, load_stages
from app.services.configuration.settings import load_settings
from app.ui.configuration.cadence_settings import CadenceSettingsTab
from app.ui.configuration.fees_settings import FeesSettingsTab
from app.ui.configuration.settings_page import SettingsPage
from app.ui.kit import ops
from app.ui.kit.bus import bus
from tests.typing_helpers import type_text


def _retype(qtbot, edit, text: str) -> None:
    edit.clear()
    type_text(qtbot, edit, text)


def test_settings_page_has_the_collection_tabs(qtbot, db, today):
    page = SettingsPage(lambda: today)
    qtbot.addWidget(page)
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert names[:3] == ["Loja", "Multa e juros", "Régua e mensagens"]


def test_multa_above_two_percent_is_refused_next_to_the_field(qtbot, db):
    tab = FeesSettingsTab()
    qtbot.addWidget(tab)
    tab.show()
    assert tab.fee_edit.placeholderText() == "0 = desligado"
    _retype(qtbot, tab.fee_edit, "3")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    error = tab.form.errors["late_fee_bp"]
    assert error.isVisible()
    assert "art. 52" in error.text() and "2%" in error.text()
    assert tab.fee_edit.text() == "3"  # typing kept
    assert load_settings().late_fee_bp == 0  # nothing saved

    notified = []
    bus.changed.connect(notified.append)
    try:
        _retype(qtbot, tab.fee_edit, "2")
        _retype(qtbot, tab.interest_edit, "1")
        assert "multa R$\xa02,00 + juros R$\xa00,50" in tab.example_label.text()
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(ops.idle)
    finally:
        bus.changed.disconnect(notified.append)
    assert not tab.form.errors["late_fee_bp"].isVisible()
    settings = load_settings()
    assert (settings.late_fee_bp, settings.late_interest_bp) == (200, 100)
    assert {"settings"} in notified


def test_juros_with_comma_saved_and_bad_text_refused(qtbot, db):
    tab = FeesSettingsTab()
    qtbot.addWidget(tab)
    tab.show()
    _retype(qtbot, tab.interest_edit, "abc")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert tab.form.errors["late_interest_bp"].isVisible()
    _retype(qtbot, tab.interest_edit, "0,5")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert load_settings().late_interest_bp == 50
    assert tab.feedback.text() == "Multa e juros salvos."


def test_unknown_placeholder_refused_next_to_the_template(qtbot, db, today):
    tab = CadenceSettingsTab(lambda: today)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.stage_list.item(0).text().startswith("D−5")
    assert "{pix_copia_e_cola}" in tab.placeholder_label.text()
    tab.stage_list.setCurrentRow(1)
    tab.gentle_edit.setPlainText("Oi, {nome}! Seu saldo: {desconhecido}")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    error = tab.form.errors["gentle"]
    assert error.isVisible() and "{desconhecido}" in error.text()
    assert tab.current_index() == 1
    assert "{desconhecido}" in tab.gentle_edit.toPlainText()  # typing kept
    assert load_stages() == DEFAULT_STAGES  # nothing saved


def test_edit_stage_save_warning_and_restore(qtbot, db, today):
    tab = CadenceSettingsTab(lambda: today)
    qtbot.addWidget(tab)
    tab.show()
    tab.stage_list.setCurrentRow(2)
    assert not tab.warning_label.isVisible()
    tab.firm_edit.setPlainText("Oi, {nome}. Pague {total} ou vai para o SPC.")
    assert tab.warning_label.isVisible()
    assert "SPC" in tab.warning_label.text() and "CDC art. 42" in tab.warning_label.text()
    assert "Maria" in tab.firm_preview.text() and "R$" in tab.firm_preview.text()
    tab.name_edit.clear()
    type_text(qtbot, tab.name_edit, "Lembrete do atraso")
    tab.offset_spin.setValue(2)
    assert tab.stage_list.item(2).text() == "D+2  Lembrete do atraso"
    tab.save()  # a warning never blocks
    qtbot.waitUntil(ops.idle)
    assert tab.feedback.text() == "Régua salva."
    saved = load_stages()
    assert saved[2].offset == 2 and saved[2].name == "Lembrete do atraso"
    assert "SPC" in saved[2].firm

    tab.add_stage()
    assert len(tab.stages) == len(DEFAULT_STAGES) + 1
    tab.remove_stage()
    assert len(tab.stages) == len(DEFAULT_STAGES)

    tab.restore_default()
    qtbot.waitUntil(ops.idle)
    assert load_stages() == DEFAULT_STAGES
    assert tab.stages == list(DEFAULT_STAGES)
    assert tab.feedback.text() == "Régua padrão restaurada."


def test_same_day_twice_refused_on_the_offset(qtbot, db, today):
    tab = CadenceSettingsTab(lambda: today)
    qtbot.addWidget(tab)
    tab.show()
    tab.stage_list.setCurrentRow(1)
    tab.offset_spin.setValue(-5)
    tab.save()
    qtbot.waitUntil(ops.idle)
    assert tab.form.errors["offset"].isVisible()
    assert "Lembrete" in tab.form.errors["offset"].text()


def test_payment_dialog_shows_fees_and_notes_waiver(qtbot, db, today):
    from datetime import timedelta

    from app.models.receivables import Payment
    from app.services.configuration.settings import save_settings
    from app.ui.receivables.payment_dialog import PaymentDialog
    from tests.people.test_standing import customer, sell

    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = customer("Ana Atrasada")
    sell(cid, [today - timedelta(days=15), today + timedelta(days=15)], each=10_000)
    dialog = PaymentDialog(cid, today)
    qtbot.addWidget(dialog)
    dialog.show()
    # One figure: the overdue principal with its multa and juros (was "100,00" + fees on top);
    # due Sunday 08/11, she had until Monday: 14 days late
    assert dialog.amount.text() == "102,47"
    assert dialog.fees_label.isVisible()
    assert "multa R$\xa02,00 + juros R$\xa00,47" in dialog.fees_label.text()
    assert "com multa e juros" in dialog.findChild(QLabel, "summaryLabel").text()
    assert dialog.preview.fee_cents == 247 and dialog.preview.principal_cents == 10_000
    dialog.waive_fees.setChecked(True)
    assert dialog.amount.text() == "100,00"  # the untouched figure follows the waiver
    assert dialog.preview.fee_cents == 0
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    # the payment service keeps the waiver itself (note and figure), whoever records it
    assert Payment.get().note == "multa e juros dispensados: R$\xa02,47"
    assert (Payment.get().fee_cents, Payment.get().waived_fee_cents) == (0, 247)

    dialog = PaymentDialog(cid, today)  # nothing overdue any more: no fees line
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.fees_label.isVisible()


def test_payment_with_fees_keeps_them_apart_from_principal(qtbot, db, today):
    from datetime import timedelta

    from app.models.receivables import Installment, Payment
    from app.services.configuration.settings import save_settings
    from app.services.receivables.payments import receipt_text
    from app.ui.receivables.payment_dialog import PaymentDialog
    from tests.people.test_standing import customer, sell

    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = customer("Bia Atrasada")
    sell(cid, [today - timedelta(days=15)], each=10_000)
    dialog = PaymentDialog(cid, today)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "102,47"  # what she is asked for, fees included
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    payment = Payment.get()
    assert (payment.amount_cents, payment.fee_cents) == (10_000, 247)  # due Sunday: 14 days
    assert Installment.get().paid_cents == 10_000  # fees never pay principal
    receipt = receipt_text(payment.id, "Loja")
    assert "Multa e juros por atraso: R$\xa02,47 (total recebido R$\xa0102,47)" in receipt


def test_juros_above_one_percent_are_refused_next_to_the_field(qtbot, db):
    tab = FeesSettingsTab()
    qtbot.addWidget(tab)
    tab.show()
    _retype(qtbot, tab.interest_edit, "2")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    error = tab.form.errors["late_interest_bp"]
    assert error.isVisible() and "1% ao mês" in error.text()
    assert tab.interest_edit.text() == "2"  # typing kept
    assert load_settings().late_interest_bp == 0  # nothing saved


def test_a_rate_saved_by_an_older_version_comes_back_at_the_ceiling_and_other_tabs_save(
        qtbot, db):
    """An older version allowed juros up to 10% a month. Such a file shows and charges 1%,
    and saving another tab is not refused over a field she did not touch."""
    from app.models.configuration import Setting
    from app.ui.configuration.pix_settings import PixSettingsTab

    Setting.replace(key="late_interest_bp", value="500").execute()
    Setting.replace(key="agreement_interest_bp", value="300").execute()
    settings = load_settings()
    assert (settings.late_interest_bp, settings.agreement_interest_bp) == (100, 100)
    tab = PixSettingsTab()
    qtbot.addWidget(tab)
    tab.show()
    _retype(qtbot, tab.key, "ana.loja@exemplo.com")
    _retype(qtbot, tab.city, "Campinas")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert load_settings().pix_key == "ana.loja@exemplo.com"
    assert tab.feedback.text() == "Pix salvo."


def test_a_refusal_about_another_tab_is_said_on_this_tab(qtbot, db):
    """Every save checks the whole settings: a bad value on another tab (here the store
    name, emptied behind the Pix tab's back) is named on the tab she is on."""
    from app.models.configuration import Setting
    from app.ui.configuration.pix_settings import PixSettingsTab

    tab = PixSettingsTab()
    qtbot.addWidget(tab)
    tab.show()
    Setting.replace(key="store_name", value="").execute()
    _retype(qtbot, tab.key, "ana.loja@exemplo.com")
    _retype(qtbot, tab.city, "Campinas")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert tab.feedback.text().startswith("Corrija antes nas outras abas:")
    assert "nome da loja" in tab.feedback.text()
    assert load_settings().pix_key == ""  # nothing saved
