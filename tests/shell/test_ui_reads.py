"""No page reads the database on the GUI thread: opening a page, a change broadcast, a filter,
her page and its tabs, a document's choices, the backup list — the GUI thread only paints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.services.core.changes import EVERYTHING
from app.services.demo import generate_demo
from app.ui.kit import ops
from app.ui.kit.bus import bus
from app.ui.kit.customer_picker import CustomerPickerDialog
from app.ui.shell.main_window import MainWindow
from app.ui.shell.pages import CODES
from tests.gui_reads import describe, gui_thread_reads

# The one exception, known and small: the settings forms read the one settings row on the
# GUI thread when they are built (their fields are filled before she can type in them), and
# the régua's live preview when she types (a one-row read). Nothing else may read there.
FORMS_BUILT = {("ui/configuration/fees_settings.py", "load"),
               ("ui/configuration/cadence_settings.py", "load"),
               ("ui/configuration/cadence_settings.py", "_render"),
               ("ui/configuration/pix_settings.py", "load"),
               ("ui/configuration/agreement_loyalty_settings.py", "load"),
               ("ui/configuration/settings_page.py", "load")}

# Opening Nova venda, Receber pagamento or Nova condicional reads the customer list on a worker;
# what is still read on the GUI thread is about one customer or one row, by index: the customer
# chosen beforehand (read alone, by id, to show at once), her badge, loyalty discount and late
# malinha beside her name, whether there is a catalogue (one EXISTS), the settings row (the
# malinha's return date) and the piece search's first page (at most 30 variants, read in pages
# through the name index).
ONE_CUSTOMER = {("services/people/customers.py", "customer_row"),
                ("services/people/standing.py", "standing_for"),
                ("services/people/loyalty.py", "tier_of"),
                ("services/conditional/conditional_list.py", "late_conditional"),
                ("services/pieces/piece_list.py", "has_catalogue"),
                ("services/conditional/conditional.py", "default_return_by"),
                ("services/pieces/catalog.py", "search_variants")}


@pytest.fixture
def window(qtbot, db, today):
    generate_demo(40, today, seed=3)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(ops.idle)
    return window


def _settle(qtbot) -> None:
    qtbot.waitUntil(ops.idle, timeout=20_000)


def test_the_guard_sees_a_read_on_the_gui_thread(db, today):
    from app.services.people.customers import list_customers

    with gui_thread_reads() as seen:
        list_customers(today)
    assert any(("services/people/customers.py", "list_customers") in frames for frames in seen)


def test_building_every_page_reads_only_the_settings_forms_on_the_gui_thread(qtbot, window):
    with gui_thread_reads() as seen:
        for code in CODES:
            window.show_page(code)
        window.open_customer(3)
        _settle(qtbot)
    others = [frames for frames in seen if not FORMS_BUILT & set(frames)]
    assert describe(others) == []


def test_no_page_reads_on_the_gui_thread(qtbot, window, today):
    for code in CODES:  # every page built first (building the settings forms reads)
        window.show_page(code)
    _settle(qtbot)
    with gui_thread_reads() as seen:
        for code in CODES:  # shown, then told that everything changed
            window.show_page(code)
            bus.publish(EVERYTHING)
            _settle(qtbot)
        for cid in (3, 5, 3):  # her page, another's, hers again, and every tab of it
            window.open_customer(cid)
            _settle(qtbot)
            for tab in range(window.customer_page.tabs.count()):
                window.customer_page.tabs.setCurrentIndex(tab)
        window.show_birthdays()
        _settle(qtbot)
        window.show_page("atraso")
        overdue = window.overdue
        overdue.standing_combo.setCurrentIndex(1)
        qtbot.mouseClick(overdue.bucket_buttons["1–30"], Qt.MouseButton.LeftButton)
        overdue.clear_filters()
        _settle(qtbot)
        window.show_page("acordos")
        window.agreements.filter.setCurrentIndex(5)
        window.show_page("clientes")
        window.show_customer_list()
        window.customers.show_archived.setChecked(True)
        _settle(qtbot)
        window.show_page("relatorios")
        reports = window.reports
        for row in range(reports.kind_list.count()):
            reports.kind_list.setCurrentRow(row)
            customers = reports.picker._alphabetical
            reports.picker.select_id(customers[row % len(customers)].id)
            _settle(qtbot)
        window.show_page("configuracoes")
        window.settings.tabs.setCurrentWidget(window.settings.backup_tab)
        window.settings.backup_tab.load()
        _settle(qtbot)
    assert describe(seen) == []


def _close_when_read(qtbot, kind: type[QDialog], opened: list) -> None:
    """Once a dialog of ``kind`` is in front (its exec() holds the test) and its reads were
    painted, note how many customers it offers and close it."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(5, look)
            return
        _settle(qtbot)
        opened.append(len(dialog.picker.model.all_rows()))
        dialog.reject()

    QTimer.singleShot(0, look)


def test_opening_the_sale_payment_and_malinha_dialogs_reads_no_list_on_the_gui_thread(
        qtbot, window):
    from app.ui.receivables.sale_dialog import SaleDialog

    opened: list[int] = []
    with gui_thread_reads() as seen:
        for customer_id in (None, 3):  # Ctrl+N, and Nova venda from her page
            _close_when_read(qtbot, SaleDialog, opened)
            window.new_sale(customer_id)
        _close_when_read(qtbot, CustomerPickerDialog, opened)  # Ctrl+R: "De qual cliente?"
        window.receive_payment()
        for customer_id in (None, 3):
            dialog = window.new_conditional(customer_id)
            _settle(qtbot)
            opened.append(len(dialog.picker.model.all_rows()))
            dialog.reject()
    assert len(opened) == 5 and all(opened)  # each offered her customers, read on a worker
    others = [frames for frames in seen if not ONE_CUSTOMER & set(frames)]
    assert describe(others) == []
