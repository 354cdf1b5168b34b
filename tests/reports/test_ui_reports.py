"""Relatórios on screen: choose a document and its options, preview it, save it as PDF."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.services.reports import ReportKind
from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow
from tests.report_data import make_shop


@pytest.fixture
def window(qtbot, db, today):
    shop = make_shop(today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.show_page("Relatórios")
    qtbot.waitUntil(ops.idle)
    return window, shop


def _text(path) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize(
        "NFKC", " ".join(p.extract_text() for p in PdfReader(path).pages)))


def test_relatorios_replaces_the_placeholder(window):
    win, _ = window
    assert win.stack.currentWidget() is win.reports
    page = win.reports
    items = [page.kind_list.item(n).text() for n in range(page.kind_list.count())]
    assert items == ["Resumo de atrasos", "Extrato da cliente", "Recibo de pagamento",
                     "Carnê de uma venda", "Termo de acordo", "Estoque", "Mais vendidas"]


def test_overdue_summary_by_bucket_saved_as_pdf(qtbot, window, tmp_path):
    win, _ = window
    page = win.reports
    page.bucket_combo.setCurrentIndex(page.bucket_combo.findData("31–60"))
    page.save_pdf(tmp_path / "atrasos.pdf")
    qtbot.waitUntil(ops.idle)
    assert page.feedback.text().startswith("Resumo de atrasos salvo em")
    text = _text(tmp_path / "atrasos.pdf")
    assert "Beatriz Lima" in text and "Joana D'Arc" not in text
    assert "Total geral: 1 cliente, 2 parcelas em atraso" in text


def test_customer_documents_need_a_customer(qtbot, window, tmp_path):
    win, _ = window
    page = win.reports
    page.kind_list.setCurrentRow(1)
    page.customer_combo.setCurrentIndex(-1)
    page.save_pdf(tmp_path / "x.pdf")
    assert page.feedback.text() == "Escolha a cliente."
    assert not (tmp_path / "x.pdf").exists()


def test_typing_a_name_picks_her_and_her_receipt_prints_on_a_roll(qtbot, window, tmp_path):
    win, shop = window
    page = win.reports
    qtbot.mouseClick(page.kind_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.kind_list.visualItemRect(page.kind_list.item(2)).center())
    assert page.kind is ReportKind.RECEIPT
    assert page.roll_check.isVisibleTo(page) and not page.pix_check.isVisibleTo(page)
    page.customer_combo.setCurrentIndex(page.customer_combo.findText("Joana D'Arc"))
    assert page.payment_combo.count() == 2
    page.payment_combo.setCurrentIndex(page.payment_combo.findData(shop.payment))
    page.roll_check.setChecked(True)
    page.save_pdf(tmp_path / "recibo.pdf")
    qtbot.waitUntil(ops.idle)
    [sheet] = PdfReader(tmp_path / "recibo.pdf").pages
    assert round(float(sheet.mediabox.width) / 72 * 25.4) == 80
    assert "cento e dois reais e trinta e três centavos" in _text(tmp_path / "recibo.pdf")


def test_preview_opens_with_the_carne(qtbot, window):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    win, shop = window
    page = win.reports
    page.choose(ReportKind.CARNE, customer_id=shop.bia, sale_id=shop.bia_sale)
    page.preview()
    qtbot.waitUntil(ops.idle)
    dialog = page._preview_dialog
    assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
    assert "Carnê" in dialog.windowTitle()
    dialog.close()


def test_customer_page_prints_her_statement_receipt_and_carne(qtbot, window):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QPushButton

    win, shop = window
    win.open_customer(shop.joana)
    button = win.customer_page.findChild(QPushButton, "printMenuButton")
    titles = []
    button.menu().findChild(QAction, "printAgreement").trigger()
    assert win.customer_page.payment_feedback.text() == (
        "Ela não tem acordos para imprimir o termo.")
    for name in ("printStatement", "printReceipt", "printCarne"):
        button.menu().findChild(QAction, name).trigger()
        qtbot.waitUntil(ops.idle)
        dialog = win.customer_page._preview_dialog
        titles.append(dialog.windowTitle())
        dialog.close()
    assert titles == ["Visualizar — Extrato da cliente", "Visualizar — Recibo",
                      "Visualizar — Carnê"]


def test_store_cpf_cnpj_and_address_are_checked_and_kept(qtbot, db, today):
    from PySide6.QtWidgets import QPushButton

    from app.services.configuration.settings import load_settings
    from app.ui.configuration.settings_page import SettingsPage
    from tests.typing_helpers import type_text

    page = SettingsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    document, address = (page.store_inputs[k] for k in ("store_document", "store_address"))
    save = page.findChild(QPushButton, "saveStoreButton")
    error = page.store_form.errors["store_document"]
    for wrong in ("123.456.789-00", "sem cnpj"):
        document.clear()
        type_text(qtbot, document, wrong)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(ops.idle)
        assert error.isVisible() and "CPF ou CNPJ inválido" in error.text()
    assert load_settings().store_document == ""
    document.clear()
    type_text(qtbot, document, "11.222.333/0001-81")
    type_text(qtbot, address, "Rua das Acácias, 45 — Jardim São Paulo")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    stored = load_settings()
    assert (stored.store_document, stored.store_address) == (
        "11222333000181", "Rua das Acácias, 45 — Jardim São Paulo")
    page.load()
    assert document.text() == "11.222.333/0001-81"


def test_termo_de_acordo_from_relatorios(qtbot, window, tmp_path):
    from tests.report_data import close_bia_agreement

    win, shop = window
    agreement_id, _ = close_bia_agreement(shop, win.today_fn())
    page = win.reports
    page.refresh()
    page.choose(ReportKind.AGREEMENT, customer_id=shop.bia)
    assert page.agreement_combo.isVisibleTo(page) and not page.sale_combo.isVisibleTo(page)
    assert page.agreement_combo.currentData() == agreement_id
    assert page.agreement_combo.currentText().startswith(f"nº {agreement_id} de 23/11/2026")
    page.save_pdf(tmp_path / "acordo.pdf")
    qtbot.waitUntil(ops.idle)
    assert "Beatriz Lima" in _text(tmp_path / "acordo.pdf")
    assert page.feedback.text().startswith("Termo de acordo salvo em")
