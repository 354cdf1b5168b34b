"""Relatórios on screen: choose a document and its options, preview it, save it as PDF."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.services.reports import ReportKind
from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow
from tests.report_data import make_shop
from tests.typing_helpers import type_text


@pytest.fixture
def window(qtbot, db, today):
    shop = make_shop(today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.show_page("relatorios")
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
    assert page.picker.customer_id() is None
    assert not page.findChild(QPushButton, "pdfButton").isEnabled()
    page.save_pdf(tmp_path / "x.pdf")
    assert page.feedback.text() == "Escolha a cliente: digite parte do nome e tecle Enter."
    assert not (tmp_path / "x.pdf").exists()


def test_typing_a_name_picks_her_and_her_receipt_prints_on_a_roll(qtbot, window, tmp_path):
    win, shop = window
    page = win.reports
    qtbot.mouseClick(page.kind_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.kind_list.visualItemRect(page.kind_list.item(2)).center())
    assert page.kind is ReportKind.RECEIPT
    assert page.roll_check.isVisibleTo(page) and not page.pix_check.isVisibleTo(page)
    qtbot.waitUntil(ops.idle)  # the customers are read on a worker
    type_text(qtbot, page.picker.search, "joana")
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    assert page.picker.customer_id() == shop.joana
    qtbot.waitUntil(ops.idle)  # her payments are read on a worker
    assert page.payment_combo.count() == 2
    page.payment_combo.setCurrentIndex(page.payment_combo.findData(shop.payment))
    page.roll_check.setChecked(True)
    page.save_pdf(tmp_path / "recibo.pdf")
    qtbot.waitUntil(ops.idle)
    [sheet] = PdfReader(tmp_path / "recibo.pdf").pages
    assert round(float(sheet.mediabox.width) / 72 * 25.4) == 80
    assert "cento e dois reais e vinte e três centavos" in _text(tmp_path / "recibo.pdf")


def test_preview_opens_with_the_carne(qtbot, window):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    win, shop = window
    page = win.reports
    page.choose(ReportKind.CARNE, customer_id=shop.bia, sale_id=shop.bia_sale)
    qtbot.waitUntil(ops.idle)  # her sales are read on a worker
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
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
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
    assert titles == ["Visualizar — Extrato da cliente — Joana D'Arc",
                      "Visualizar — Recibo — Joana D'Arc", "Visualizar — Carnê — Joana D'Arc"]


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
    qtbot.waitUntil(ops.idle)
    assert page.agreement_combo.isVisibleTo(page) and not page.sale_combo.isVisibleTo(page)
    assert page.agreement_combo.currentData() == agreement_id
    assert page.agreement_combo.currentText().startswith(f"nº {agreement_id} de 23/11/2026")
    page.save_pdf(tmp_path / "acordo.pdf")
    qtbot.waitUntil(ops.idle)
    assert "Beatriz Lima" in _text(tmp_path / "acordo.pdf")
    assert page.feedback.text().startswith("Termo de acordo — Beatriz Lima salvo em")


def test_the_pdf_writer_is_made_and_freed_on_the_worker(qtbot, window, tmp_path, monkeypatch):
    """The rule of ``app.ui.kit.ops`` for Qt on a worker: "Salvar PDF" makes its QPdfWriter on
    the worker and frees it there (its file closed) before the result reaches the GUI
    thread — laying text out for it hands it to C++, which would never free it."""
    import threading

    import shiboken6

    from app.ui.kit import pdf

    made, freed_when_done = [], []
    real = pdf.QPdfWriter

    def writer(*args):
        device = real(*args)
        made.append((threading.current_thread() is threading.main_thread(), device))
        return device

    monkeypatch.setattr(pdf, "QPdfWriter", writer)
    win, _ = window
    page = win.reports
    monkeypatch.setattr(page, "_saved", lambda *result: freed_when_done.append(
        [not shiboken6.isValid(device) for _, device in made]))
    page.save_pdf(tmp_path / "atrasos.pdf")
    qtbot.waitUntil(ops.idle)
    assert made and not any(on_gui for on_gui, _ in made)  # made on the worker
    assert freed_when_done == [[True] * len(made)]  # gone before the GUI thread heard of it
    assert "Beatriz Lima" in _text(tmp_path / "atrasos.pdf")
    (tmp_path / "atrasos.pdf").rename(tmp_path / "renomeado.pdf")  # not held open


def test_her_choices_stay_when_relatorios_reads_again(qtbot, window):
    """A payment saved elsewhere reads the customers and her documents again: the customer
    and the receipt she chose stay chosen; a document asked for meanwhile waits for them."""
    from app.services.core.changes import Changes, Topic
    from app.ui.kit.bus import bus

    win, shop = window
    page = win.reports
    page.choose(ReportKind.RECEIPT, customer_id=shop.joana)
    qtbot.waitUntil(ops.idle)
    assert page.payment_combo.count() == 2
    page.payment_combo.setCurrentIndex(1)  # the older one: not what a new list starts on
    chosen = page.payment_combo.currentData()
    bus.publish(Changes.of(Topic.PAYMENTS))
    assert page.request() is None  # her documents are being read again
    assert page.feedback.text() == "Um momento: ainda carregando os dados da cliente."
    qtbot.waitUntil(ops.idle)
    assert page.picker.customer_id() == shop.joana
    assert page.payment_combo.currentData() == chosen
    assert page.request().payment_id == chosen


@pytest.mark.parametrize("kind", [ReportKind.STATEMENT, ReportKind.RECEIPT, ReportKind.CARNE])
def test_typing_another_name_and_enter_makes_her_document_never_the_one_before(
        qtbot, window, tmp_path, kind):
    """Issue 20: Joana chosen, then "Beatriz" typed over her name and Enter: the PDF is
    Beatriz's (nothing of Joana's, not her CPF), and the preview's title names Beatriz."""
    from app.services.receivables.payments import record_payment

    win, shop = window
    today = win.today_fn()
    record_payment(shop.bia, 5_000, today, "pix", today)  # a receipt of hers to print
    page = win.reports
    page.refresh()
    qtbot.waitUntil(ops.idle)  # the customers are read on a worker
    page.kind_list.setCurrentRow(list(ReportKind).index(kind))
    search = page.picker.search
    type_text(qtbot, search, "joana")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert page.picker.customer_id() == shop.joana
    qtbot.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, search, "beatriz")
    assert page.picker.customer_id() is None  # the box never shows one name, means another
    assert not page.findChild(QPushButton, "pdfButton").isEnabled()
    qtbot.keyClick(search, Qt.Key.Key_Return)  # Enter takes the first match
    assert page.picker.customer_id() == shop.bia and search.text() == "Beatriz Lima"
    qtbot.waitUntil(ops.idle)  # her documents are read on a worker
    page.save_pdf(tmp_path / "doc.pdf")
    qtbot.waitUntil(ops.idle)
    text = _text(tmp_path / "doc.pdf")
    assert "Beatriz Lima" in text
    assert "Joana" not in text and "529.982.247-25" not in text
    assert "Beatriz Lima" in page.feedback.text()
    page.preview()
    qtbot.waitUntil(ops.idle)
    assert page._preview_dialog.windowTitle().endswith("— Beatriz Lima")
    page._preview_dialog.close()


def test_a_name_that_is_nobody_clears_the_choice_and_turns_the_actions_off(qtbot, window):
    win, shop = window
    page = win.reports
    page.choose(ReportKind.STATEMENT, customer_id=shop.joana)
    qtbot.waitUntil(ops.idle)  # her documents are read on a worker
    assert page.findChild(QPushButton, "pdfButton").isEnabled()
    page.picker.search.selectAll()
    type_text(qtbot, page.picker.search, "Xuxa")
    qtbot.keyClick(page.picker.search, Qt.Key.Key_Return)
    assert page.picker.customer_id() is None
    assert "Nenhuma cliente com “Xuxa”" in page.picker.empty.text()
    assert page.picker.empty.isVisible()
    for name in ("previewButton", "printButton", "pdfButton"):
        assert not page.findChild(QPushButton, name).isEnabled(), name
    assert page.payment_combo.count() == page.sale_combo.count() == 0  # nothing of Joana's
    page.kind_list.setCurrentRow(0)  # the overdue summary needs no customer
    assert page.findChild(QPushButton, "pdfButton").isEnabled()


def test_after_salvar_pdf_she_can_open_the_pdf_or_its_folder(qtbot, window, tmp_path,
                                                              monkeypatch):
    from PySide6.QtCore import QUrl

    from app.ui.kit import links

    win, shop = window
    page = win.reports
    opened = []
    monkeypatch.setattr(links, "open_link", lambda url: opened.append(
        QUrl.fromEncoded(url.encode()).toLocalFile()) or True)
    assert not page.findChild(QPushButton, "openPdfButton").isVisibleTo(page)
    page.choose(ReportKind.STATEMENT, customer_id=shop.bia)
    qtbot.waitUntil(ops.idle)  # her documents are read on a worker
    page.save_pdf(tmp_path / "extrato.pdf")
    qtbot.waitUntil(ops.idle)
    open_pdf = page.findChild(QPushButton, "openPdfButton")
    open_folder = page.findChild(QPushButton, "openPdfFolderButton")
    assert open_pdf.isVisibleTo(page) and open_folder.isVisibleTo(page)
    qtbot.mouseClick(open_pdf, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(open_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path / "extrato.pdf"), str(tmp_path)]
    monkeypatch.setattr(links, "open_link", lambda url: False)  # no reader
    qtbot.mouseClick(open_pdf, Qt.MouseButton.LeftButton)
    assert "Não consegui abrir o PDF" in page.feedback.text()
    assert str(tmp_path / "extrato.pdf") in page.feedback.text()  # where it is, to find it
    page.kind_list.setCurrentRow(0)  # another document: the buttons were about the last one
    assert not open_pdf.isVisibleTo(page)



def test_abrir_pasta_without_a_file_manager_copies_the_folder_and_says_so(qtbot, window,
                                                                          tmp_path, opened_links):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QGuiApplication

    win, shop = window
    page = win.reports
    page.choose(ReportKind.STATEMENT, customer_id=shop.bia)
    qtbot.waitUntil(ops.idle)  # her documents are read on a worker
    page.save_pdf(tmp_path / "extrato.pdf")
    qtbot.waitUntil(ops.idle)
    QGuiApplication.clipboard().clear()
    opened_links.works = False  # a machine with no file manager
    qtbot.mouseClick(page.findChild(QPushButton, "openPdfFolderButton"),
                     Qt.MouseButton.LeftButton)
    assert [QUrl.fromEncoded(u.encode()).toLocalFile() for u in opened_links.opened] == [
        str(tmp_path)]  # it did try the folder
    assert QGuiApplication.clipboard().text() == str(tmp_path)  # ready to paste
    text = page.feedback.text()
    assert "Não consegui abrir a pasta; o caminho foi copiado" in text
    assert str(tmp_path / "extrato.pdf") in text  # and where the PDF is

def test_salvar_pdf_starts_in_documentos_then_in_the_last_folder(qtbot, window, tmp_path,
                                                                 monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from app.ui.kit import files

    win, shop = window
    page = win.reports
    monkeypatch.setattr(files, "_LAST", [])
    asked = []

    def dialog(parent, title, where, file_filter):
        asked.append(where)
        return str(tmp_path / "meu-extrato"), file_filter

    monkeypatch.setattr(files.QFileDialog, "getSaveFileName", dialog)
    page.choose(ReportKind.STATEMENT, customer_id=shop.joana)
    qtbot.waitUntil(ops.idle)  # her documents are read on a worker
    page.save_pdf()
    qtbot.waitUntil(ops.idle)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    from pathlib import Path

    first = Path(asked[0])
    assert first.name == "extrato-da-cliente-joana-d-arc-2026-11-23.pdf"  # says whose
    assert first.parent == (Path(documents) if Path(documents).is_dir() else Path.home())
    assert (tmp_path / "meu-extrato.pdf").exists()  # ".pdf" added when she left it out
    page.save_pdf()
    qtbot.waitUntil(ops.idle)
    assert Path(asked[1]).parent == tmp_path  # the folder she used last
