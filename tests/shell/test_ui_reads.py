"""No page reads the database on the GUI thread: opening a page, a change broadcast, a filter,
her page and its tabs, a document's choices, the backup list — the GUI thread only paints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.core.changes import EVERYTHING
from app.services.demo import generate_demo
from app.ui.kit import ops
from app.ui.kit.bus import bus
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
