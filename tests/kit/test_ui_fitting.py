"""Every page and dialog fits a 1366×768 laptop at 125% (1093×560 logical pixels left for a
window) with its buttons visible."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHeaderView,
    QScrollArea,
    QTableView,
    QWidget,
)

from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.kit.fitting import SMALLEST_SCREEN, fit_size
from app.ui.shell.main_window import MainWindow
from tests.screens import DIALOGS, all_dialogs, dialog_classes


@pytest.fixture(autouse=True)
def styled(qapp):
    """Measure with the real look (padding counts)."""
    from app.ui.kit.style import apply_style

    apply_style(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def customer(db, today):
    cid = save_customer(CustomerInput("Natália Aparecida dos Santos Guimarães",
                                      phone="(11) 98765-4321"), today)
    due = today - timedelta(days=40)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Biquíni", 1, 33_960)], today,
                PlanInput(4, due))
    return cid


def _fits(widget: QWidget, room: QSize = SMALLEST_SCREEN) -> list[str]:
    """What does not fit when ``widget`` gets ``room``: its size, a button that is cut off or
    narrower than its words, a table whose name column is not the widest or that scrolls
    sideways."""
    widget.resize(fit_size(widget.size().expandedTo(QSize(900, 600)), room, margin=0))
    widget.layout().activate() if widget.layout() else None
    QApplication.sendPostedEvents()  # scroll areas and splitters place their contents
    problems = []
    size = widget.size()
    if size.width() > room.width() or size.height() > room.height():
        problems.append(f"{type(widget).__name__} is {size.width()}×{size.height()}")
    frame = QRect(0, 0, size.width(), size.height())
    for button in widget.findChildren(QAbstractButton):
        if not button.isVisibleTo(widget) or not button.text() or _scrolled_away(button):
            continue
        top_left = button.mapTo(widget, button.rect().topLeft())
        if not frame.contains(QRect(top_left, button.size())):
            problems.append(f"button {button.text()!r} cut off")
        elif button.width() < button.sizeHint().width() - 1:
            problems.append(f"button {button.text()!r} squeezed to {button.width()} px")
    for table in widget.findChildren(QTableView):
        if table.isVisibleTo(widget) and table.model().rowCount():
            problems += _table_problems(table)
    return problems


def _scrolled_away(widget: QWidget) -> bool:
    """Inside a scroll area (a long form): reachable by scrolling, not cut off."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _table_problems(table: QTableView) -> list[str]:
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    name = table.objectName()
    if table.horizontalScrollBar().isVisible():
        return [f"{name} scrolls sideways"]
    stretch = next((c for c in shown if header.sectionResizeMode(c)
                    == QHeaderView.ResizeMode.Stretch), None)
    if stretch is None:
        return []
    widest = max(header.sectionSize(c) for c in shown)
    if header.sectionSize(stretch) < widest:
        return [f"{name}: its name column is {header.sectionSize(stretch)} px, another "
                f"{widest} px"]
    return []


def test_windows_are_clamped_to_the_screen():
    room = QSize(1280, 690)
    assert fit_size(QSize(860, 780), room).height() <= 690 - 24
    assert fit_size(QSize(600, 400), room) == QSize(600, 400)


def test_every_dialog_in_app_ui_has_a_factory():
    missing = dialog_classes() - set(DIALOGS)
    assert not missing, f"add these dialogs to tests/screens.py: {sorted(missing)}"


def test_every_dialog_fits_1093x560_with_buttons_visible(qtbot, customer, today):
    for name, dialog in all_dialogs(None, today, customer):
        qtbot.addWidget(dialog)
        dialog.show()
        assert _fits(dialog) == [], name
        dialog.hide()


def test_every_page_and_tab_fits_1093x560(qtbot, customer, today):
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    for n, name in enumerate(window.pages):
        window.nav.setCurrentRow(n)
        qtbot.waitUntil(ops.idle)
        assert _fits(window) == [], name
    for tabs, where in ((window.settings.tabs, "Configurações"),
                        (window.worklist.tabs, "Cobranças de hoje"),
                        (window.import_export.tabs, "Importar/Exportar")):
        window.show_page(where)
        for n in range(tabs.count()):
            tabs.setCurrentIndex(n)
            qtbot.waitUntil(ops.idle)
            assert _fits(window) == [], f"{where} → {tabs.tabText(n)}"
    window.open_customer(customer)
    for n in range(window.customer_page.tabs.count()):
        window.customer_page.tabs.setCurrentIndex(n)
        assert _fits(window) == [], f"cliente → {window.customer_page.tabs.tabText(n)}"


def test_long_pix_error_wraps_instead_of_growing_the_window(qtbot, db, today):
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.show_page("Configurações")
    window.settings.tabs.setCurrentWidget(window.settings.pix_tab)
    qtbot.keyClicks(window.settings.pix_tab.key, "chave-que-nao-e-de-nenhum-tipo " * 6)
    qtbot.mouseClick(window.settings.pix_tab.findChild(QAbstractButton, "savePixButton"),
                     Qt.MouseButton.LeftButton)
    assert window.minimumSizeHint().width() <= 1280
    assert _fits(window) == []


def test_name_column_stretches_and_nothing_is_cut_at_1366(qtbot, customer, today):
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(1366, 738)
    window.show()
    for page, table in (("Clientes", window.customers.table),
                        ("Cobranças de hoje", window.worklist.table),
                        ("Em atraso", window.overdue.table)):
        window.show_page(page)
        qtbot.waitUntil(lambda t=table: t.model().rowCount() > 0)
        header, model = table.horizontalHeader(), table.model()
        assert model.headerData(0, Qt.Orientation.Horizontal) in ("Nome", "Cliente")
        assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch, page
        metrics = table.fontMetrics()
        for col in range(1, header.count()):
            if header.isSectionHidden(col):
                continue  # e.g. Multa+juros while fees are off
            texts = [str(model.index(r, col).data() or "") for r in range(model.rowCount())]
            widest = max(metrics.horizontalAdvance(t) for t in texts)
            assert header.sectionSize(col) >= widest, (page, model.headerData(
                col, Qt.Orientation.Horizontal))
        assert not table.horizontalScrollBar().isVisible(), page
        names = [str(model.index(r, 0).data()) for r in range(model.rowCount())]
        assert header.sectionSize(0) >= max(metrics.horizontalAdvance(n) for n in names), page
