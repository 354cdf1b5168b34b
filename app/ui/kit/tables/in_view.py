"""What the rows on the screen need, read when they appear: a long list reads its rows at once
and, for each row, what only a row on the screen shows (the grid of a piece, the standing of a
customer) a screenful at a time, on a worker, as she scrolls, searches or sorts.

Rules:
- ``InViewReads.request()`` looks at the rows on the screen, asks ``missing(rows)`` which of
  them still lack their part, and reads those on a worker (``read(ids)``); ``apply(found)``
  paints them. One read at a time: a request while one is on its way is answered by one more
  read when it arrives (she kept scrolling), never by a second read at once. A read whose
  failure was dropped (no callback runs: see ``Op.running``) is not on its way any more.
- It requests by itself whenever rows may have come into view without the page asking: she
  scrolled, the scroll range changed (more or fewer rows, a window taller by whole rows), the
  viewport changed size (half a row more shows one more row, and no range changes), and the
  table appeared (a page read and laid out while hidden behind another counted only
  ``UNSHOWN_ROWS``; its taller rest comes into view with no scroll and no resize). The page
  asks after what it does itself: a new list painted, a search, a sort.
- ``new_list()`` (the page read its rows again): what a read started before it brings may be
  older than the new rows, and is dropped; the request after it reads what is still missing.
- The rows in view: from the first row at the top of the viewport to the last at its bottom;
  a table not shown yet counts the rows that will fit (``fitting``), from the top.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

from app.ui.kit.ops import Op, show_failure

UNSHOWN_ROWS = 40  # rows counted as in view while the table has no size yet


def first_shown(rows: list, keys: Sequence[Callable[[Any], Any]], sort: tuple[int, bool],
                search: Any, count: int) -> list:
    """The first ``count`` of ``rows`` as a page will show them: sorted by ``keys[sort[0]]``
    (``sort[1]``: descending; a column without a key here leaves the read order), then
    searched (``search.select``, or None). Pure: it runs on the worker with the list's read,
    so that what those rows need is read with them."""
    column, descending = sort
    if 0 <= column < len(keys):
        rows = sorted(rows, key=keys[column], reverse=descending)
    return (search.select(rows) if search else rows)[:count]


def fitting(table: QTableView) -> int:
    """How many rows the table shows at once (a few more, to be safe)."""
    if not table.isVisible():
        return UNSHOWN_ROWS
    return table.viewport().height() // table.verticalHeader().defaultSectionSize() + 2


def rows_in_view(table: QTableView) -> list:
    """The model's rows on the screen now (``row_at`` of a ``RowTableModel``)."""
    model = table.model()
    shown = model.rowCount()
    if not shown:
        return []
    top = max(table.rowAt(0), 0)
    bottom = table.rowAt(table.viewport().height() - 1)
    if bottom < 0 or not table.isVisible():
        bottom = top + fitting(table)
    return [model.row_at(n) for n in range(top, min(bottom + 1, shown))]


class InViewReads(QObject):
    """Reads, for the rows on the screen of ``table``, what ``missing`` says they lack (see
    the module docstring); it requests by itself when rows come into view without the page
    asking (a scroll, a resize, the table shown)."""

    def __init__(self, table: QTableView, missing: Callable[[list], list],
                 read: Callable[[list], Any], apply: Callable[[Any], None]):
        super().__init__(table)
        self._table, self._missing, self._read, self._apply = table, missing, read, apply
        self._version = 0  # of the rows: a read for older rows is dropped
        self._op: Op | None = None  # the read on its way (or the last one)
        self._again = False
        bar = table.verticalScrollBar()
        bar.valueChanged.connect(self.request)  # the rows she scrolls to
        bar.rangeChanged.connect(self.request)  # more rows, or a window taller by whole rows
        table.installEventFilter(self)  # shown: a page laid out while hidden appears
        table.viewport().installEventFilter(self)  # resized: part of one more row shows

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Resize or kind == QEvent.Type.Show:
            self.request()
        return False

    def new_list(self, read: Callable[[list], Any] | None = None) -> None:
        """The rows were read again: reads on their way are for the older ones. ``read``: how
        to read for the new rows from now on (bound here, on the GUI thread, to what the
        new rows are of: the day of the list), when it changes with them."""
        self._version += 1
        if read is not None:
            self._read = read

    def request(self, *_args) -> None:
        """Read what the rows on the screen lack, unless a read is on its way (then once more
        when it arrives)."""
        if self.busy():
            self._again = True
            return
        ids = self._missing(rows_in_view(self._table))
        if not ids:
            return
        self._again, version, read = False, self._version, self._read
        self._op = Op(self._table, lambda _p: read(ids), write=False).success(
            lambda found: self._arrived(found, version)).failure(self._failed).run()

    def busy(self) -> bool:
        """True while a read is on its way."""
        return self._op is not None and self._op.running()

    def _arrived(self, found: Any, version: int) -> None:
        if version == self._version:
            self._apply(found)
        if self._again or version != self._version:
            self.request()

    def _failed(self, exc: BaseException) -> None:
        show_failure(self._table, exc)
