"""Column widths of the list tables: the name column stays the widest, on any screen.

Widths come from the model, never positional numbers: the column marked ``stretch`` (the
customer's name, the description) takes the spare width; every other column is as wide as
its header and its widest text in a sample of the rows, measured once each time the rows are
replaced (not on every keystroke of a search, and without asking Qt to size thousands of
cells).

The rule on a narrow table (a 1366×768 laptop at 125%): the name column is never narrower
than another column, nor than its longest name (up to ``NAME_ROOM`` pixels, about 30
letters). When the table gets too narrow for that, the columns marked ``give_way`` (1 first,
then 2…) are hidden in turn — what they show is also somewhere else (the phone in the message
panel, the due date on her page) — and come back when there is room. The columns marked
``elide_right`` (a long status, a piece's grid) then narrow, down to their header, so the
table never scrolls sideways; their text loses its end and the tooltip keeps all of it.

A header is never narrower than its title, and the sorted one than its title with the sort
arrow beside it: the arrow of "Dias de atraso" does not sit on the title.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget


def match_list(model, name: str, parent: QWidget | None = None) -> QTableView:
    """The list of matches under a search field (the customer picker, the piece picker):
    rows only (no headers, no grid), one chosen at a time, never edited, never taking the
    focus from the field she types in; the first column takes the spare width."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.horizontalHeader().hide()
    view.setShowGrid(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


SAMPLE_ROWS = 300
CELL_PADDING = 24
NAME_ROOM = 240  # what a name column asks before other columns give way (~30 letters)
HEADER_PADDING = 12  # the stylesheet's padding of a header section (6px each side)
TITLE_PADDING = HEADER_PADDING + 8  # a title's room: that padding and a little air


def fit_columns(table: QTableView) -> ColumnFitter:
    """Size ``table``'s columns by the rule above, now and whenever its rows are replaced
    or it is resized."""
    return ColumnFitter(table)


class ColumnFitter(QObject):
    """Keeps one table's columns sized (it lives as long as the table)."""

    def __init__(self, table: QTableView):
        super().__init__(table)
        self.table = table
        model = table.model()
        while isinstance(model, QSortFilterProxyModel):
            model = model.sourceModel()
        self.model = model
        self.stretch = model.stretch_column() if hasattr(model, "stretch_column") else None
        self.widths: dict[int, int] = {}  # column → the width its texts need
        self.texts: dict[int, int] = {}  # column → its widest text in the sample, padded
        self.titles: dict[int, int] = {}  # column → its title's width (bold)
        self.floors: dict[int, int] = {}  # column → its title's room (an elide_right's least)
        self.name_wants = 0  # the stretching column's longest text, up to NAME_ROOM
        self.gave_way: set[int] = set()  # columns hidden here for the name's sake
        self._measured: dict[str, int] = {}  # text → its width in ``_measured_font``
        self._measured_font = ""
        header = table.horizontalHeader()
        header.setStretchLastSection(self.stretch is None)
        for col in range(model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch
                                        if col == self.stretch
                                        else QHeaderView.ResizeMode.Interactive)
        if hasattr(model, "rows_replaced"):
            model.rows_replaced.connect(self.size_columns)
        table.viewport().installEventFilter(self)
        header.sortIndicatorChanged.connect(self._size_all)  # the arrow moves to another title
        self.size_columns()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.make_room()
        return False

    def size_columns(self) -> None:
        """Measure every column but the stretching one on a sample of the rows."""
        rows = self.model.all_rows()[:SAMPLE_ROWS] if hasattr(self.model, "all_rows") else []
        self.table.ensurePolished()  # the stylesheet's font size, before anything is shown
        metrics = self.table.fontMetrics()
        bold = self._title_metrics()
        advance = self._advances(metrics)
        for col, column in enumerate(getattr(self.model, "COLUMNS", ())):
            texts = {column.display(row) for row in rows}
            widest = max(map(advance, texts), default=0)
            if col == self.stretch:
                self.name_wants = min(widest + CELL_PADDING, NAME_ROOM)
                continue
            self.texts[col] = widest + CELL_PADDING
            self.titles[col] = bold.horizontalAdvance(column.header)
        self._size_all()

    def _advances(self, metrics: QFontMetrics) -> Callable[[str], int]:
        """``metrics.horizontalAdvance``, remembered per text while the font stays the same:
        a refresh measures the same few hundred texts again (~12 µs each through Qt; a list
        refreshed after each save spent ~12 ms of the GUI thread on it, issue 18)."""
        font = self.table.font().key()
        if self._measured_font != font or len(self._measured) > 20_000:
            self._measured_font, self._measured = font, {}
        measured, measure = self._measured, metrics.horizontalAdvance

        def advance(text: str) -> int:
            width = measured.get(text)
            if width is None:
                width = measured[text] = measure(text)
            return width

        return advance

    def _size_all(self, *_args) -> None:
        """Each column as wide as its texts and its title; the sorted one's title also has
        its arrow beside it."""
        header = self.table.horizontalHeader()
        sorted_by = header.sortIndicatorSection() if self.table.isSortingEnabled() else -1
        arrow = self._arrow_room()
        for col, text in self.texts.items():
            self.floors[col] = self.titles[col] + (arrow if col == sorted_by else TITLE_PADDING)
            self.widths[col] = max(text, self.floors[col])
            if header.sectionSize(col) != self.widths[col]:
                self.table.setColumnWidth(col, self.widths[col])
        self.make_room()

    def _title_metrics(self) -> QFontMetrics:
        """The header's titles are bold (the stylesheet's, which a header not yet shown does
        not have in its font): measured bold, so the arrow is not measured onto them."""
        font = QFont(self.table.horizontalHeader().font())
        font.setWeight(QFont.Weight.DemiBold)
        return QFontMetrics(font)

    def _arrow_room(self) -> int:
        """Around a sorted title: the arrow sits in the section's last ``mark`` pixels, and
        the title is centred, so as much again on its left (and a little air)."""
        mark = self.table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
        return max(2 * (mark + 2), TITLE_PADDING)

    def make_room(self) -> None:
        """Hide the ``give_way`` columns, in order, while the name column would not be the
        widest; show them again when it would be. Then narrow the ``elide_right`` ones."""
        self._give_way()
        self._narrow()

    def _give_way(self) -> None:
        columns = getattr(self.model, "COLUMNS", ())
        yielding = sorted((c.give_way, n) for n, c in enumerate(columns)
                          if getattr(c, "give_way", 0) and n != self.stretch)
        if self.stretch is None or not yielding:
            return
        header = self.table.horizontalHeader()
        others = [n for n in self.widths
                  if n in self.gave_way or not header.isSectionHidden(n)]
        room = self.table.viewport().width()
        hide: set[int] = set()
        for _order, col in [(0, -1), *yielding]:
            hide.add(col)
            kept = [self.widths[n] for n in others if n not in hide]
            if room - sum(kept) >= max(*kept, self.name_wants, 0):
                break
        hide.discard(-1)
        for _order, col in yielding:
            if (col in hide) != (col in self.gave_way):
                header.setSectionHidden(col, col in hide)
                if col not in hide:
                    self.table.setColumnWidth(col, self.widths[col])
        self.gave_way = hide

    def _narrow(self) -> None:
        """Give the ``elide_right`` columns what the others and the name column leave, in
        proportion to what their texts need, never less than their header."""
        columns = getattr(self.model, "COLUMNS", ())
        header = self.table.horizontalHeader()
        shown = [n for n in self.widths if not header.isSectionHidden(n)]
        elastic = [n for n in shown if getattr(columns[n], "elide_right", False)]
        if self.stretch is None or not elastic:
            return
        room = self.table.viewport().width() - self.name_wants - sum(
            self.widths[n] for n in shown if n not in elastic)
        wanted = sum(self.widths[n] for n in elastic)
        for n in elastic:
            width = self.widths[n] if room >= wanted else max(
                self.floors[n], self.widths[n] * max(room, 0) // wanted)
            if header.sectionSize(n) != width:
                self.table.setColumnWidth(n, width)
