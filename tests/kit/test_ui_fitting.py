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

pytestmark = pytest.mark.usefixtures("styled")  # the real look (tests/conftest.py)


@pytest.fixture
def customer(db, today):
    cid = save_customer(CustomerInput("Natália Aparecida dos Santos Guimarães",
                                      phone="(11) 98765-4321"), today)
    due = today - timedelta(days=40)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Biquíni", 1, 33_960)], today,
                PlanInput(4, due))
    _with_an_agreement(today)  # Acordos has a row too
    return cid


def _with_an_agreement(today) -> None:
    from app.services.negotiation.agreements import close_agreement, propose_options

    cid = save_customer(CustomerInput("Maria Aparecida da Conceição Ribeiro",
                                      phone="(11) 91234-5678"), today)
    due = today - timedelta(days=20)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Jaqueta", 1, 24_000)], today,
                PlanInput(2, due))
    close_agreement(cid, propose_options(cid, today)[-1], today)


def _fits(widget: QWidget, room: QSize = SMALLEST_SCREEN) -> list[str]:
    """What does not fit when ``widget`` gets ``room``: its size, a button that is cut off or
    narrower than its words, a table whose name column is not the widest or that scrolls
    sideways, a scrolling form wider than its window (its right side cut off, or behind a
    sideways scroll bar)."""
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
    for area in widget.findChildren(QScrollArea):
        content = area.widget()
        if area.isVisibleTo(widget) and content is not None and (
                content.width() > area.viewport().width()):
            problems.append(f"{area.objectName() or type(content).__name__} scrolls sideways: "
                            f"{content.width()} px in {area.viewport().width()} px")
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
    """Both ways: a dialog without a factory fails, and so does a factory whose dialog the
    finder no longer sees (gone, renamed, or a room folder the finder stopped reading),
    so the check can never pass by finding nothing."""
    found = dialog_classes()
    missing = found - set(DIALOGS)
    assert not missing, f"add these dialogs to tests/screens.py: {sorted(missing)}"
    unseen = set(DIALOGS) - found
    assert not unseen, f"dialog_classes() did not find these factories' dialogs: {sorted(unseen)}"


@pytest.fixture
def laptop_screen(monkeypatch):
    """Dialogs open as on the 1366×768 laptop at 125%: ``resize_to_fit`` gives them at most
    1069×560 there (the offscreen test screen is 800×800, which would open them narrower
    than she ever sees them, and a scrolling form would look cut that is whole on hers)."""
    from app.ui.kit import fitting

    room = QSize(SMALLEST_SCREEN.width(), SMALLEST_SCREEN.height() + 40)  # fit_size's margin
    monkeypatch.setattr(fitting, "available_size", lambda widget=None: room)


def test_every_dialog_fits_1093x560_with_buttons_visible(qtbot, customer, today, laptop_screen):
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
    for tabs, where in ((window.settings.tabs, "configuracoes"),
                        (window.worklist.tabs, "cobrancas"),
                        (window.import_export.tabs, "importar")):
        window.show_page(where)
        for n in range(tabs.count()):
            tabs.setCurrentIndex(n)
            qtbot.waitUntil(ops.idle)
            assert _fits(window) == [], f"{where} → {tabs.tabText(n)}"
    window.open_customer(customer)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    for n in range(window.customer_page.tabs.count()):
        window.customer_page.tabs.setCurrentIndex(n)
        assert _fits(window) == [], f"cliente → {window.customer_page.tabs.tabText(n)}"


def test_a_form_wider_than_its_window_is_caught():
    """The check itself: a scrolling form that needs more width than the window gives is
    reported (its right side would be cut off, or behind a sideways scroll bar)."""
    from PySide6.QtWidgets import QVBoxLayout

    from app.ui.kit.fitting import scrolling

    form = QWidget()
    form.setMinimumWidth(SMALLEST_SCREEN.width() + 100)
    window = QWidget()
    QVBoxLayout(window).addWidget(scrolling(form, "wideForm"))
    window.show()
    assert [p for p in _fits(window) if p.startswith("wideForm scrolls sideways")]
    form.setMinimumWidth(300)
    assert _fits(window) == []
    window.close()


def test_cobrancas_puts_the_message_under_the_list_only_when_narrow(qtbot, customer, today):
    """Cobranças de hoje: on the 1366×768 laptop at 125% (1093×560) the message stays beside
    the list, which keeps its height for the names; at 150% on the same laptop (910×512) it
    goes under the list, as wide as the list; on a wide screen it is beside again."""
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(SMALLEST_SCREEN)
    window.show()
    window.show_page("cobrancas")
    page = window.worklist
    qtbot.waitUntil(lambda: page.table.model().rowCount() > 0 and ops.idle())
    table, panel = page.table, page.splitter.widget(1)

    def arranged(width: int, height: int) -> Qt.Orientation:
        window.resize(width, height)
        QApplication.sendPostedEvents()
        assert _fits(window, QSize(width, height)) == [], width
        return page.splitter.orientation()

    for width, height in ((SMALLEST_SCREEN.width(), SMALLEST_SCREEN.height()), (1880, 980)):
        assert arranged(width, height) == Qt.Orientation.Horizontal, width
        assert panel.x() >= table.geometry().right() and panel.y() == table.y(), width
        assert table.height() >= 5 * table.verticalHeader().defaultSectionSize(), width
    assert arranged(910, 512) == Qt.Orientation.Vertical
    assert panel.y() >= table.geometry().bottom() and panel.width() == table.width()
    assert arranged(1880, 980) == Qt.Orientation.Horizontal  # and back

def test_long_pix_error_wraps_instead_of_growing_the_window(qtbot, db, today):
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.show_page("configuracoes")
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
    for page, table in (("clientes", window.customers.table),
                        ("cobrancas", window.worklist.table),
                        ("atraso", window.overdue.table)):
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


def _text_pixels(table, row: int, column: int) -> set[tuple[int, int]]:
    """Where the text of a cell is painted (dark pixels), relative to the cell."""
    rect = table.visualRect(table.model().index(row, column))
    image = table.viewport().grab(rect).toImage()
    return {(x, y) for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y).lightness() < 110}


def test_two_conceicao_can_be_told_apart_on_a_125_percent_laptop(qtbot, db, today):
    """Cobranças de hoje at 1093×560: the name column takes the spare width, and two long
    names that start alike still look different (they are cut in the middle, not the end)."""
    due = today - timedelta(days=1)
    for surname, phone in (("Santos", "(11) 98765-4321"), ("Souza", "(11) 91234-5678")):
        cid = save_customer(CustomerInput(f"Conceição Aparecida da Silva Ribeiro {surname}",
                                          phone=phone), today)
        create_sale(cid, due - timedelta(days=30), [ItemInput("Blusa", 1, 9_000)], today,
                    PlanInput(1, due))
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(SMALLEST_SCREEN)
    window.show()
    window.show_page("cobrancas")
    table = window.worklist.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    assert _fits(window) == []  # among them: the name column is the widest
    table.clearSelection()
    table.setCurrentIndex(table.model().index(-1, -1))
    table.setAlternatingRowColors(False)  # the same paper under both: only the text differs
    header = table.horizontalHeader()
    name = table.model().index(0, 0).data()
    assert header.sectionSize(0) < table.fontMetrics().horizontalAdvance(name)  # it is cut
    assert _text_pixels(table, 0, 0) != _text_pixels(table, 1, 0)


def test_painel_charts_write_whole_months_and_one_percent_sign(qtbot, customer, today):
    from app.services.collection.dashboard import MONTHS_PT

    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(SMALLEST_SCREEN)
    window.show()
    page = window.dashboard
    qtbot.waitUntil(lambda: page.rate_chart.x_axis() is not None and ops.idle())
    for width in (SMALLEST_SCREEN.width(), 1900):
        window.resize(width, SMALLEST_SCREEN.height())
        QApplication.sendPostedEvents()
        qtbot.waitUntil(lambda: page.rate_chart.chart().plotArea().width() > 0)
        for chart in (page.rate_chart, page.weeks_chart):
            axis = chart.x_axis()
            assert not axis.labelsTruncated(), (width, chart.objectName())
            shown = [t for t in chart.shown_labels() if t]
            assert shown and shown[-1] == chart.labels[-1]  # this month, this week: written
        months = [t for t in page.rate_chart.shown_labels() if t]
        assert all(m in MONTHS_PT for m in months), months  # "mar", never "m…"
    assert len(months) == 12  # a wide window writes every month
    y_axis = page.rate_chart.chart().axes(Qt.Orientation.Vertical)[0]
    assert y_axis.labelFormat().count("%") == 2 and "%%" not in y_axis.labelFormat()


def _too_big_for(dialog: QWidget, room: QSize, title_bar: int = 24) -> bool:
    """Whether ``dialog`` and its title bar need more than the screen's ``room``."""
    return dialog.height() + title_bar > room.height() or dialog.width() > room.width()


def test_the_print_preview_is_never_taller_than_the_screen(qtbot, customer, today,
                                                           monkeypatch):
    """On a 1280×720 laptop (690 px left under the taskbar) the preview opens whole, its
    title bar included, not 760 px tall; the same check catches a preview forced taller."""
    from app.services.configuration.settings import load_settings
    from app.services.reports import ReportKind, ReportRequest, build_document
    from app.ui.kit import fitting
    from app.ui.reports.print_actions import show_preview

    room = QSize(1280, 690)  # a 1280×720 laptop's available size
    monkeypatch.setattr(fitting, "available_size", lambda widget=None: room)
    document = build_document(ReportRequest(ReportKind.STATEMENT, customer_id=customer),
                              today, load_settings())
    dialog = show_preview(None, document)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and not _too_big_for(dialog, room), dialog.size()
    assert dialog.height() > room.height() // 2  # as tall as the screen allows, not a stamp
    assert dialog.windowTitle() == ("Visualizar — Extrato da cliente — "
                                    "Natália Aparecida dos Santos Guimarães")
    dialog.resize(900, 760)  # what it opened at before: taller than her screen
    assert dialog.height() == 760 and _too_big_for(dialog, room)
    dialog.close()
