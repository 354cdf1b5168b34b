"""What the rows on the screen need, read when they appear (``kit.tables.in_view``): only the
rows in view, one read at a time and once more if she moved meanwhile, nothing painted from a
read made for rows that were read again since."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QStackedWidget, QWidget

from app.ui.kit import ops
from app.ui.kit.tables.in_view import UNSHOWN_ROWS, InViewReads, rows_in_view
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import row_table


@dataclass(frozen=True)
class Row:
    id: int
    name: str


class NamesModel(RowTableModel):
    COLUMNS = (Column("Nome", lambda r: r.name, stretch=True),)


class Held:
    """The worker's read, held until the test lets it go; what each read was asked for."""

    def __init__(self):
        self.asked: list[list[int]] = []
        self.go = threading.Event()
        self.fails: BaseException | None = None  # what the next reads raise, once let go

    def __call__(self, ids: list[int]) -> dict[int, str]:
        self.asked.append(list(ids))
        assert self.go.wait(10)
        if self.fails is not None:
            raise self.fails
        return {i: f"parte {i}" for i in ids}


@pytest.fixture
def screen(qtbot):
    model = NamesModel()
    table = row_table(model, "names", sortable=False)
    qtbot.addWidget(table)
    table.resize(400, 300)
    table.show()
    qtbot.waitExposed(table)
    model.set_rows([Row(i, f"Cliente {i:03d}") for i in range(200)])
    found: dict[int, str] = {}
    held = Held()
    reads = InViewReads(table, lambda rows: [r.id for r in rows if r.id not in found], held,
                        lambda read: (reads.applied.append(read), found.update(read)))
    reads.applied = []  # what was painted, read by read
    yield table, reads, held, found
    held.go.set()
    qtbot.waitUntil(ops.idle)


def test_only_the_rows_on_the_screen_are_read(qtbot, screen):
    table, reads, held, found = screen
    held.go.set()
    reads.request()
    qtbot.waitUntil(ops.idle)
    in_view = [r.id for r in rows_in_view(table)]
    assert held.asked == [in_view] and 0 < len(in_view) < 40
    assert set(found) == set(in_view)


def test_one_read_at_a_time_and_once_more_for_where_she_scrolled_meanwhile(qtbot, screen):
    table, reads, held, found = screen
    reads.request()
    qtbot.waitUntil(lambda: len(held.asked) == 1)  # on its way, held
    table.scrollToBottom()  # she scrolls: asks again while the first read is held
    reads.request()
    assert len(held.asked) == 1 and reads.busy()  # no second read at once
    held.go.set()
    qtbot.waitUntil(lambda: not reads.busy() and ops.idle())
    assert len(held.asked) == 2  # once more, for the rows at the bottom
    assert held.asked[1][-1] == 199 and {0, 199} <= set(found)


def test_a_read_for_rows_read_again_since_is_not_painted(qtbot, screen):
    table, reads, held, found = screen
    reads.request()
    qtbot.waitUntil(lambda: len(held.asked) == 1)
    reads.new_list()  # the page read its rows again meanwhile
    held.go.set()
    qtbot.waitUntil(lambda: not reads.busy() and ops.idle())
    assert len(held.asked) == 2  # the first dropped, the rows in view read again
    assert len(reads.applied) == 1 and set(found) == set(held.asked[1])


def _settled(reads) -> bool:
    return not reads.busy() and ops.idle()


def test_a_row_a_taller_window_shows_in_part_is_read(qtbot, screen):
    """The scroll range counts whole rows only: a window grown by half a row shows half of
    one more row without changing it; that row is read too."""
    table, reads, held, found = screen
    held.go.set()
    qtbot.waitUntil(lambda: _settled(reads))
    row = table.verticalHeader().defaultSectionSize()
    table.resize(table.width(), table.height() + 10 * row - table.viewport().height())
    found.clear()
    reads.request()
    qtbot.waitUntil(lambda: _settled(reads))
    assert set(found) == set(range(10))  # ten whole rows fill the viewport
    maximum = table.verticalScrollBar().maximum()
    table.resize(table.width(), table.height() + row // 2)
    assert table.verticalScrollBar().maximum() == maximum  # no range change to hear
    assert [r.id for r in rows_in_view(table)][-1] == 10  # the half row
    qtbot.waitUntil(lambda: 10 in found)


def test_rows_a_table_shows_when_its_page_appears_are_read(qtbot):
    """A page behind another (her page in front of the list) is read and laid out at its
    full height while hidden, where only ``UNSHOWN_ROWS`` count as in view; the rows below
    those are read when the page appears (no scroll, no resize happens then)."""
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    front, model = QWidget(), NamesModel()
    table = row_table(model, "names", sortable=False)
    stack.addWidget(table)
    stack.addWidget(front)
    stack.resize(400, 26 * (UNSHOWN_ROWS + 20))
    stack.show()
    qtbot.waitExposed(stack)
    stack.setCurrentWidget(front)  # the list laid out, then hidden behind her page
    found: dict[int, str] = {}
    reads = InViewReads(table, lambda rows: [r.id for r in rows if r.id not in found],
                        lambda ids: {i: f"parte {i}" for i in ids}, found.update)
    model.set_rows([Row(i, f"Cliente {i:03d}") for i in range(200)])
    reads.request()
    qtbot.waitUntil(lambda: _settled(reads) and bool(found))
    assert set(found) == set(range(UNSHOWN_ROWS + 1))  # the rows counted while hidden
    stack.setCurrentWidget(table)
    shown = [r.id for r in rows_in_view(table)]
    assert len(shown) > UNSHOWN_ROWS + 10
    qtbot.waitUntil(lambda: set(shown) <= set(found))


def test_a_read_whose_failure_was_dropped_does_not_stop_the_reads(qtbot, screen):
    """A read running on the damaged file when she answered its dialog fails, and its failure
    is dropped (``ops.forget_reads_on_damaged_file``: no callback runs); the rows she scrolls
    to afterwards are still read."""
    table, reads, held, found = screen
    held.fails = sqlite3.DatabaseError("database disk image is malformed")
    reads.request()
    qtbot.waitUntil(lambda: len(held.asked) == 1)
    ops.forget_reads_on_damaged_file()  # she answered the damaged-file dialog meanwhile
    held.go.set()
    qtbot.waitUntil(ops.idle)
    assert not found and not reads.busy()
    held.fails = None
    table.scrollToBottom()
    qtbot.waitUntil(lambda: 199 in found)
