"""A write that fails for a database reason: named cause, dialog open with the typing, nothing
saved; the Backup tab's backup, second folder and restore."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.models.db import close_database, database, database_path, open_database
from app.models.people import Customer
from app.models.receivables import Payment, Sale
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.services.storage.backup import list_backups
from app.ui.configuration.settings_page import SettingsPage
from app.ui.kit import ops
from app.ui.people.customer_dialog import CustomerDialog
from app.ui.receivables.payment_dialog import PaymentDialog
from app.ui.receivables.sale_dialog import SaleDialog
from app.ui.shell.main_window import MainWindow
from tests.typing_helpers import type_text


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes shown: (object name, text); ``answer`` names a button to click."""
    record = {"shown": [], "answer": None}

    def exec_(box):
        record["shown"].append((box.objectName(), box.text() + " " + box.informativeText()))
        for button in box.buttons():
            if button.text() == record["answer"]:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return record


def fill_the_disk(db) -> None:
    """A full disk, for real: SQLite may not add a single page to the file any more (on
    every connection, the workers' too)."""
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.pragma("max_page_count", pages, permanent=True)


def hold_the_file(db) -> sqlite3.Connection:
    """Another program holding the write lock; our waits are cut to 50 ms for the test."""
    db.pragma("busy_timeout", 50, permanent=True)
    other = sqlite3.connect(str(database_path()), timeout=0)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_customer_dialog_on_a_full_disk_says_disk_full_and_keeps_the_typing(qtbot, db, today,
                                                                            boxes):
    fill_the_disk(db)
    dialog = CustomerDialog(today, "11")
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.inputs["name"], "Conceição Araújo")
    dialog.notes.setPlainText("Prefere pagar no dia 10. " * 300)  # needs new pages
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    name, text = boxes["shown"][0]
    assert name == "dbError_disk_full" and "disco está cheio" in text
    assert dialog.result() != CustomerDialog.DialogCode.Accepted
    assert dialog.inputs["name"].text() == "Conceição Araújo"
    assert Customer.select().count() == 0


def test_payment_while_another_program_holds_the_file(qtbot, db, today, boxes):
    cid = save_customer(CustomerInput("Eva Lima"), today)
    create_sale(cid, today, [ItemInput("Blazer", 1, 10000)], today, PlanInput(2, today))
    dialog = PaymentDialog(cid, today)
    qtbot.addWidget(dialog)
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "50,00")
    other = hold_the_file(db)  # an antivirus or sync program
    try:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(ops.idle)
    finally:
        other.rollback()
        other.close()
    name, text = boxes["shown"][0]
    assert name == "dbError_locked" and "Outro programa" in text and "tente de novo" in text
    assert dialog.result() != PaymentDialog.DialogCode.Accepted
    assert dialog.amount.text() == "50,00" and Payment.select().count() == 0


def test_sale_on_a_read_only_file_names_the_cause(qtbot, db, today, boxes):
    cid = save_customer(CustomerInput("Eva Lima"), today)
    path = database_path()
    close_database()
    open_database(path, read_only=True)
    sale = SaleDialog(today, cid)
    qtbot.addWidget(sale)
    qtbot.keyClicks(sale.description, "Vestido midi")
    qtbot.keyClicks(sale.price, "100,00")
    qtbot.keyClick(sale.price, Qt.Key.Key_Return)
    qtbot.mouseClick(sale.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    name, text = boxes["shown"][0]
    assert name == "dbError_read_only" and "somente leitura" in text
    assert sale.result() != SaleDialog.DialogCode.Accepted
    assert sale.total_label.text() == "Total: R$\xa0100,00" and Sale.select().count() == 0


def test_store_settings_on_a_full_disk(qtbot, db, today, boxes):
    page = SettingsPage(lambda: today)
    qtbot.addWidget(page)
    fill_the_disk(db)
    page.store_inputs["owner_name"].setText("Ana " + "Maria " * 2000)
    page.save_store()
    qtbot.waitUntil(ops.idle)
    assert boxes["shown"][0][0] == "dbError_disk_full"
    assert page.store_inputs["owner_name"].text().startswith("Ana Maria")
    assert page.store_feedback.text() == ""


def test_reversal_while_the_file_is_held_saves_nothing(qtbot, db, today, boxes):
    from app.services.receivables.payments import record_payment

    cid = save_customer(CustomerInput("Eva Lima"), today)
    create_sale(cid, today, [ItemInput("Blazer", 1, 10000)], today, PlanInput(2, today))
    paid = record_payment(cid, 5000, today, "pix", today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.open_customer(cid)
    other = hold_the_file(db)
    try:
        window.customer_page.reverse(paid.payment_id, "lançado em dobro")
        qtbot.waitUntil(ops.idle)
    finally:
        other.rollback()
        other.close()
    assert boxes["shown"][0][0] == "dbError_locked"
    assert Payment.get().reversed_at is None


def _settings(qtbot, today) -> SettingsPage:
    return _window(qtbot, today).settings


def _window(qtbot, today) -> MainWindow:
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show_page("configuracoes")
    return window


def test_backup_now_then_restore_that_copy(qtbot, db, today, boxes):
    ana = save_customer(CustomerInput("Ana Souza"), today)
    create_sale(ana, today, [ItemInput("Vestido", 1, 30000)], today, PlanInput(3, today))
    window = _window(qtbot, today)
    window.show()  # on screen: a page not in view refreshes when she opens it
    tab = window.settings.backup_tab
    qtbot.mouseClick(tab.findChild(QPushButton, "backupButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert "Backup salvo e conferido" in tab.feedback.text()
    assert "cópia manual" in tab.backup_list.item(0).text()
    later = save_customer(CustomerInput("Lançada depois"), today)
    window.open_customer(later)  # open when the copy (which does not have her) comes back
    window.show_page("configuracoes")
    tab.backup_list.setCurrentRow(0)
    assert tab.restore_button.isEnabled()
    boxes["answer"] = "Restaurar"
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    # what the copy holds is read on a worker, then she is asked; the copy goes in once the
    # screens' own reads (her page, opened just before) have ended
    qtbot.waitUntil(lambda: "Cópia restaurada" in tab.feedback.text())
    qtbot.waitUntil(ops.idle)
    question = boxes["shown"][0][1]
    assert "Ela tem 1 cliente e 1 venda" in question and "antes de restaurar" in question
    assert "23/11/2026" in question
    assert [c.name for c in Customer.select()] == ["Ana Souza"]
    assert "Cópia restaurada" in tab.feedback.text()
    assert any(b.reason == "antes-de-restaurar" for b in list_backups(database_path()))
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    window.show_page("clientes")  # the list, with the copy's customers, not her page
    qtbot.waitUntil(ops.idle)
    assert window.customer_stack.currentWidget() is window.customers
    assert [r.name for r in window.customers.model.rows()] == ["Ana Souza"]


def test_a_restore_waits_for_the_screens_reads_then_goes_in(qtbot, db, today, boxes):
    """A screen still reading the file on a worker (held here) when she confirms: the copy
    goes in by itself once that read ended, never under it; nothing is refused."""
    import threading

    save_customer(CustomerInput("Ana Souza"), today)
    tab = _settings(qtbot, today).backup_tab
    tab.make_backup()
    qtbot.waitUntil(ops.idle)
    save_customer(CustomerInput("Bia Lima"), today)
    gate = threading.Event()
    ops.Op(None, lambda _p: gate.wait(10), write=False).run()  # a page's read, held
    tab.backup_list.setCurrentRow(0)
    boxes["answer"] = "Restaurar"
    tab.ask_restore()
    qtbot.waitUntil(lambda: bool(boxes["shown"]))
    qtbot.waitUntil(lambda: "assim que as telas terminarem" in tab.feedback.text())
    assert Customer.select().count() == 2  # not under the read
    gate.set()
    qtbot.waitUntil(lambda: "Cópia restaurada" in tab.feedback.text())
    qtbot.waitUntil(ops.idle)
    assert [c.name for c in Customer.select()] == ["Ana Souza"]


def test_on_windows_a_restore_waits_until_the_readers_closed_their_connections(
        qtbot, db, today, boxes, monkeypatch):
    """A read's result reaches the window a moment before its worker closes its connection
    to the file. A restore started in that moment went in under the open connection, which
    Windows refuses (a held file cannot be replaced or deleted). It waits for the worker to
    close it, then goes in. Played on Linux: the worker's close is held."""
    import threading

    from tests.windows_files import play_windows_file_sharing

    save_customer(CustomerInput("Ana Souza"), today)
    tab = _settings(qtbot, today).backup_tab
    tab.make_backup()
    qtbot.waitUntil(ops.idle)
    save_customer(CustomerInput("Bia Lima"), today)
    tab.backup_list.setCurrentRow(0)
    copy = tab.selected_backup()
    refused = play_windows_file_sharing(monkeypatch)
    gate = threading.Event()

    class HeldClose:  # the workers' connections close only once the gate opens
        def is_closed(self):
            return database.is_closed()

        def close(self):
            gate.wait(10)
            return database.close()

    monkeypatch.setattr(ops, "database", HeldClose())
    ops.Op(None, lambda _p: Customer.select().count(), write=False).run()  # a page's read
    qtbot.waitUntil(ops.idle)  # its result is in; its worker is still closing
    assert not tab.restore(copy)
    assert "assim que as telas terminarem" in tab.feedback.text()
    gate.set()
    qtbot.waitUntil(lambda: "Cópia restaurada" in tab.feedback.text())
    qtbot.waitUntil(ops.idle)
    assert refused == [] and [c.name for c in Customer.select()] == ["Ana Souza"]


def test_cancelled_restore_changes_nothing(qtbot, db, today, boxes):
    save_customer(CustomerInput("Ana Souza"), today)
    tab = _settings(qtbot, today).backup_tab
    tab.make_backup()
    qtbot.waitUntil(ops.idle)
    save_customer(CustomerInput("Bia Lima"), today)
    tab.backup_list.setCurrentRow(0)
    boxes["answer"] = "Cancelar"
    tab.ask_restore()
    qtbot.waitUntil(ops.idle)
    assert boxes["shown"] and Customer.select().count() == 2


def test_second_folder_receives_each_backup(qtbot, db, today, tmp_path, boxes):
    tab = _settings(qtbot, today).backup_tab
    pen = tmp_path / "pendrive"
    pen.mkdir()
    tab.set_mirror(str(pen))
    qtbot.waitUntil(ops.idle)
    assert tab.mirror_edit.text() == str(pen)
    tab.make_backup()
    qtbot.waitUntil(ops.idle)
    assert "Cópia também na segunda pasta" in tab.feedback.text()
    assert [p.name for p in pen.iterdir()] == [list_backups(database_path())[0].path.name]
    pen.rename(tmp_path / "pendrive-fora")
    tab.make_backup()
    qtbot.waitUntil(ops.idle)
    assert "não está acessível agora" in tab.feedback.text()


def test_contact_log_on_a_full_disk_says_disk_full(qtbot, db, today, boxes):
    from app.models.collection import ContactLog

    cid = save_customer(CustomerInput("Eva Lima"), today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.open_customer(cid)
    fill_the_disk(db)
    window.customer_page.log_call("Disse que paga sexta. " * 400)
    qtbot.waitUntil(ops.idle)
    assert boxes["shown"][0][0] == "dbError_disk_full"
    assert ContactLog.select().count() == 0


def test_backup_now_into_an_unwritable_folder_says_why(qtbot, db, today, boxes):
    from app.services.storage.backup import backups_dir

    tab = _settings(qtbot, today).backup_tab
    backups_dir(database_path()).write_bytes(b"")  # a file where the folder should be
    tab.make_backup()
    qtbot.waitUntil(ops.idle)
    assert "O backup não foi feito" in tab.feedback.text()
    assert "pasta de backups" in tab.feedback.text()
