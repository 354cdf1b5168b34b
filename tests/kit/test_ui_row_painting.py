"""The long lists (Clientes, Cobranças de hoje, Peças, her page's tables) are painted a
screenful at a time (``RowTextDelegate.paint_rows``) instead of cell by cell by Qt: she sees
exactly the same pixels — stripes, the chosen row, the focus frame, red amounts, names cut in
the middle, the grid — in every state a list can be in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.people.customers_page import CustomersPage

pytestmark = pytest.mark.usefixtures("styled")  # the real look (tests/conftest.py)


@pytest.fixture
def page(qtbot, db, today):
    """Forty customers (the list scrolls), some owing, some late (red), one with a name
    longer than its column."""
    for n in range(40):
        name = f"Cliente {n:02d} Conceição" if n != 7 else (
            "Maria Aparecida dos Santos Figueiredo de Albuquerque Cavalcanti")
        cid = save_customer(CustomerInput(name=name, phone=f"(11) 9{n:04d}-1234"), today)
        if n % 3:
            due = today - timedelta(days=40 if n % 2 else -20)
            create_sale(cid, due - timedelta(days=30), [ItemInput("Vestido", 1, 10_000 + n)],
                        today, PlanInput(2, due))
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    return page


def _same_both_ways(table) -> None:
    """The viewport painted in one pass and painted by Qt cell by cell are the same image,
    and the one pass did paint it (it did not hand the job back to Qt)."""
    delegate = table.itemDelegate()
    passes: list[bool] = []
    real = delegate.paint_rows
    delegate.paint_rows = lambda dirty: passes.append(real(dirty)) or passes[-1]
    try:
        fast = table.viewport().grab().toImage()
        delegate.whole_rows = False
        by_qt = table.viewport().grab().toImage()
    finally:
        delegate.whole_rows = True
        del delegate.paint_rows
    assert passes and all(passes)
    assert fast == by_qt


def test_the_list_looks_the_same_chosen_or_not_with_or_without_focus(qtbot, page):
    table = page.table
    _same_both_ways(table)
    table.setFocus()
    table.selectRow(3)
    qtbot.waitUntil(table.hasFocus)
    _same_both_ways(table)  # the chosen row, its focus frame
    table.setCurrentIndex(page.model.index(5, 3))  # the frame around another column's cell
    _same_both_ways(table)
    page.search.setFocus()
    qtbot.waitUntil(page.search.hasFocus)
    _same_both_ways(table)  # chosen, the focus in the search field


def test_the_list_looks_the_same_scrolled_searched_narrow_and_disabled(qtbot, page):
    table = page.table
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 2 + 7)
    _same_both_ways(table)  # half a row at the top, the stripes continuing
    page.search.setText("conceicao")  # fewer rows than the screen
    _same_both_ways(table)
    page.search.clear()
    page.resize(460, 300)  # columns give way, the long name is cut in the middle
    qtbot.waitUntil(lambda: any(table.isColumnHidden(c) for c in range(6)))
    _same_both_ways(table)
    table.horizontalScrollBar().setValue(30)
    _same_both_ways(table)
    table.setEnabled(False)
    _same_both_ways(table)


@pytest.mark.parametrize("setting", ["no grid", "no stripes"])
def test_the_list_looks_the_same_with_other_table_settings(qtbot, page, setting):
    table = page.table
    if setting == "no grid":
        table.setShowGrid(False)
    else:
        table.setAlternatingRowColors(False)
    table.selectRow(2)
    _same_both_ways(table)


@pytest.mark.parametrize("setting", ["moved column", "dashed grid"])
def test_a_list_it_cannot_paint_the_same_is_left_to_qt(qtbot, page, setting):
    """Moved columns, or a dashed grid (the row's fill would show between the dashes)."""
    table = page.table
    if setting == "moved column":
        table.horizontalHeader().moveSection(0, 2)
    else:
        table.setGridStyle(Qt.PenStyle.DashLine)
    delegate = table.itemDelegate()
    assert delegate.paint_rows(table.viewport().rect()) is False
    shown = table.viewport().grab().toImage()  # Qt paints it, through ``paint``
    delegate.whole_rows = False
    assert shown == table.viewport().grab().toImage()
