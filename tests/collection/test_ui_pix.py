"""Pix in the window: settings tab with validation and code checker, Pix from a customer."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.services.br.pix import parse_payload
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import receipt_text, record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.collection import pix_actions
from app.ui.configuration.pix_settings import PixSettingsTab
from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow

BCB = ("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
       "5913Fulano de Tal6008BRASILIA62070503***63041D3D")


def test_pix_settings_refuse_bad_key_and_save_normalised(qtbot, db):
    tab = PixSettingsTab()
    qtbot.addWidget(tab)
    tab.key.setText("111.111.111-11")
    qtbot.mouseClick(tab.findChild(QPushButton, "savePixButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert tab.form.errors["pix_key"].text()
    assert tab.key.text() == "111.111.111-11"  # typing kept
    assert load_settings().pix_key == ""
    tab.key.setText("(11) 98765-4321")
    tab.name.setText("Rosângela Modas")
    tab.city.setText("São José dos Campos")
    assert "ROSANGELA" in tab.preview.text().upper()
    tab.save()
    qtbot.waitUntil(ops.idle)
    assert load_settings().pix_key == "+5511987654321"
    assert tab.feedback.text() == "Pix salvo."


def test_pix_code_checker(qtbot, db):
    tab = PixSettingsTab()
    qtbot.addWidget(tab)
    tab.check_input.setPlainText(BCB)
    assert "Código válido" in tab.check_result.text()
    assert "BRASILIA" in tab.check_result.text()
    tab.check_input.setPlainText(BCB[:-1] + "E")
    assert tab.check_result.text().startswith("Código inválido")


def _late_customer(today):
    cid = save_customer(CustomerInput(name="Rita Lima", phone="11987654321"), today)
    create_sale(cid, today - timedelta(days=70), [ItemInput("Vestido", 1, 15000)], today,
                PlanInput(2, today - timedelta(days=40)))
    return cid


def test_pix_for_what_she_owes_now(qtbot, db, today):
    save_settings(load_settings(), pix_key="rita@loja.com", pix_name="Loja", pix_city="Santos")
    cid = _late_customer(today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.open_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    dialog = pix_actions.pix_overdue(window.customer_page)
    qtbot.addWidget(dialog)
    payload = parse_payload(dialog.payload)
    assert payload.amount_cents == 15000  # both installments are late
    assert payload.key == "rita@loja.com"
    assert payload.txid.startswith("CAD")


def test_pix_without_key_explains_how_to_configure(qtbot, db, today, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    cid = _late_customer(today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.open_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    assert pix_actions.pix_overdue(window.customer_page) is None
    assert "Configurações" in shown[0]


def test_receipt_carries_pix_for_next_installment(db, today):
    save_settings(load_settings(), pix_key="rita@loja.com", pix_name="Loja", pix_city="Santos")
    cid = _late_customer(today)
    pay = record_payment(cid, 7500, today, "pix", today)
    text = receipt_text(pay.payment_id, "Loja", load_settings())
    code = text.splitlines()[-2]
    assert parse_payload(code).amount_cents == 7500
