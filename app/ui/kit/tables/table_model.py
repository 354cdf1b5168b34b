"""Base table model: rows of plain data, columns described once, real values for sorting;
new rows that keep her place in the view (``refill``); the choices of a long combo box
(``ChoiceModel``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

SortRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_SORT, _ROW = int(SortRole), int(RowRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_HANDLED_ROLES = frozenset({_DISPLAY, _SORT, _ROW, _ALIGN, _FOREGROUND, _TOOLTIP, _FONT})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    display: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align_right: bool = False
    foreground: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str] | None = None
    stretch: bool = False  # the column that takes the spare width (the name, the description)
    give_way: int = 0  # hidden (1 first, then 2…) when the name column lacks room
    elide_right: bool = False  # a long text loses its end ("off-white: P 5, M…"), not its
    # middle; such a column also narrows (down to its header) so the table never scrolls sideways


_FONTS: list = []


def _money_font():
    if not _FONTS:
        from app.ui.kit.style import money_font

        _FONTS.append(money_font())
    return _FONTS[0]


def _answer(item, value) -> None:
    """Fill one role of a multiData request (None: no value for this role)."""
    if value is None:
        item.clearData()
    else:
        item.setData(value)


class SourceSortProxy(QSortFilterProxyModel):
    """A filter proxy that hands sorting to its RowTableModel.

    The source sorts its Python list once by the real values (dates, centavos); the proxy
    keeps source order, so showing 5,000 rows again after a search costs no comparisons.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


class RowTableModel(QAbstractTableModel):
    """A read-only model over a list of frozen dataclasses, described by ``COLUMNS``."""

    COLUMNS: Sequence[Column] = ()
    rows_replaced = Signal()  # after set_rows (not after a filter or a sort)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list = []  # every row, in the chosen order
        self._rows: list = []  # the rows shown (those the filter keeps)
        self._filter: Callable[[Any], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._texts: dict[int, list] = {}  # id(row) → its display texts, made when first shown
        self.loaded = False  # rows were given: no rows now means an empty list, not "not read yet"
        self.dataChanged.connect(self.forget_texts)

    def forget_texts(self, *_args) -> None:
        """Drop the remembered display texts (after anything a column reads has changed)."""
        self._texts.clear()

    def set_rows(self, rows: list) -> None:
        """Replace the rows, keeping the last sort and filter chosen by the user."""
        self.beginResetModel()
        self._texts.clear()
        self._all = list(rows)
        if self._sort is not None:
            col = self.COLUMNS[self._sort[0]]
            self._all.sort(key=col.sort or col.display,
                           reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
        self._apply_filter()
        self.loaded = True
        self.endResetModel()
        self.rows_replaced.emit()

    def unload(self) -> None:
        """No rows, and not "an empty list" either: the rows of something else are on their
        way (another customer's page is being read)."""
        self.beginResetModel()
        self._texts.clear()
        self._all = self._rows = []
        self.loaded = False
        self.endResetModel()

    def set_filter(self, keep: Callable[[Any], bool] | None, narrows: bool = False) -> None:
        """Show only the rows ``keep`` accepts (None: all). One Python pass over the list,
        instead of one call from Qt per row. ``narrows``: every row ``keep`` accepts was
        already shown (the search only got longer), so only the rows shown are looked at."""
        self.beginResetModel()
        self._filter = keep
        self._apply_filter(self._rows if narrows and keep is not None else self._all)
        self.endResetModel()

    def _apply_filter(self, among: list | None = None) -> None:
        """``keep`` may offer ``select(rows)`` that picks every row at once (an inlined
        test in one list comprehension: several times faster than a call per row)."""
        keep, among = self._filter, self._all if among is None else among
        if keep is None:
            self._rows = self._all
        else:
            select = getattr(keep, "select", None)
            self._rows = select(among) if select else [r for r in among if keep(r)]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by the column's real value (one Python sort, not N·log N calls)."""
        if not 0 <= column < len(self.COLUMNS):
            return
        self._sort = (column, order)
        col = self.COLUMNS[column]
        key = col.sort or col.display
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()  # the selection, the current row: kept on
        held = [(self._rows[i.row()], i.column()) for i in before]  # the same rows
        self._all.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._apply_filter()
        if before:
            where = {id(row): n for n, row in enumerate(self._rows)}
            self.changePersistentIndexList(before, [
                self.index(where[id(row)], c) if id(row) in where else QModelIndex()
                for row, c in held])
        self.layoutChanged.emit()

    def all_rows(self) -> list:
        """Every row, shown or filtered out."""
        return list(self._all)

    def stretch_column(self) -> int | None:
        """The column that takes the spare width (None: the last one does)."""
        return next((n for n, c in enumerate(self.COLUMNS) if c.stretch), None)

    def column_named(self, header: str) -> int:
        """The index of the column with this header (ValueError when there is none)."""
        return [c.header for c in self.COLUMNS].index(header)

    def position(self, keep: Callable[[Any], bool]) -> int | None:
        """Where the first shown row that ``keep`` accepts is (None: no such row shown)."""
        return next((n for n, row in enumerate(self._rows) if keep(row)), None)

    def row_at(self, row: int):
        return self._rows[row]

    def rows(self) -> list:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section].header
        return None

    def texts(self, row) -> list:
        """The row's display texts, one per column, made once and remembered: a repaint or
        a search that shows the row again formats no money or date."""
        texts = self._texts.get(id(row))
        if texts is None:
            texts = self._texts[id(row)] = [c.display(row) for c in self.COLUMNS]
        return texts

    def multiData(self, index: Index, span) -> None:  # noqa: N802 - Qt override
        """Every role the view asks of a cell, in one call: the delegate asks seven roles
        per cell per paint, and one Python call instead of seven keeps a repaint of a full
        page of rows within a frame."""
        if type(self).data is not RowTableModel.data:  # a subclass answers some roles itself
            for item in span:
                _answer(item, self.data(index, item.role()))
            return
        r, c = index.row(), index.column()
        if not index.isValid() or r >= len(self._rows):
            for item in span:
                item.clearData()
            return
        row, col = self._rows[r], self.COLUMNS[c]
        for item in span:
            role = item.role()
            if role == _DISPLAY:
                value = self.texts(row)[c]
            elif role == _FOREGROUND:
                value = col.foreground(row) if col.foreground else None
            elif role == _ALIGN or role == _FONT:
                value = None if not col.align_right else _RIGHT if role == _ALIGN else _money_font()
            elif role in _HANDLED_ROLES:
                value = self.data(index, role)
            else:
                value = None
            _answer(item, value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Called for every role Qt asks one by one (tooltips, sorting, tests); the view's
        # paint goes through multiData. Unhandled roles leave first, and roles are compared
        # as plain ints (no enum lookups per call).
        role = int(role)
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        r = index.row()
        if r >= len(self._rows):
            return None
        row, col = self._rows[r], self.COLUMNS[index.column()]
        if role == _DISPLAY:
            return self.texts(row)[index.column()]
        if role == _SORT:
            return (col.sort or col.display)(row)
        if role == _ROW:
            return row
        if role == _ALIGN:
            return _RIGHT if col.align_right else None
        if role == _FOREGROUND:
            return col.foreground(row) if col.foreground else None
        if role == _FONT:
            return _money_font() if col.align_right else None  # figures of equal width
        return col.tooltip(row) if col.tooltip else None  # _TOOLTIP


class CheckableRowModel(RowTableModel):
    """A RowTableModel whose first column is a tick box; ``row_key(row)`` names the row in
    ``checked`` (an installment id, say)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.checked: set = set()

    def row_key(self, row):
        raise NotImplementedError

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            ticked = self.row_key(self.row_at(index.row())) in self.checked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        key = self.row_key(self.row_at(index.row()))
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        (self.checked.add if state == Qt.CheckState.Checked else self.checked.discard)(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def checked_ids(self) -> list:
        """The ticked rows' keys, in the rows' order."""
        return [self.row_key(r) for r in self.rows() if self.row_key(r) in self.checked]


_TEXT = (_DISPLAY, int(Qt.ItemDataRole.EditRole))
_VALUE = int(Qt.ItemDataRole.UserRole)  # what QComboBox.currentData() reads


class ChoiceModel(QAbstractListModel):
    """(text, value) rows for a ``QComboBox``: 20,000 customers are one model reset on the
    GUI thread, not 20,000 ``addItem`` calls; ``row_of(value)`` is a dictionary lookup
    where ``findData`` would ask every row."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[tuple[str, Hashable]] = []
        self._rows: dict[Hashable, int] = {}

    def set_items(self, items: Iterable[tuple[str, Hashable]]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._rows = {value: row for row, (_, value) in enumerate(self._items)}
        self.endResetModel()

    def row_of(self, value: Hashable | None) -> int:
        """The row holding ``value`` (-1: none, as ``QComboBox.findData`` says it)."""
        return self._rows.get(value, -1) if value is not None else -1

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0):
        if not index.isValid() or index.row() >= len(self._items):
            return None
        role = int(role)
        if role in _TEXT:
            return self._items[index.row()][0]
        return self._items[index.row()][1] if role == _VALUE else None


Key = Callable[[Any], Hashable]


def refill(view: QTableView, model: RowTableModel, rows: list, key: Key) -> bool:
    """Put ``rows`` in ``model`` (shown by ``view``, directly or through a proxy) keeping her
    place: the chosen row is chosen again when it is still in the list (``key(row)`` tells a
    row across reads: a customer id…), and the row at the top of the view stays at the top;
    when that row is gone the scroll stays where it was. Nothing chosen before: nothing is
    chosen after. Returns True when her chosen row was found again."""
    chosen = _key_at(view, model, view.currentIndex(), key)
    if not view.selectionModel().hasSelection():
        chosen = None
    top = _key_at(view, model, view.indexAt(view.viewport().rect().topLeft()), key)
    vertical, horizontal = view.verticalScrollBar().value(), view.horizontalScrollBar().value()
    model.set_rows(rows)
    view.doItemsLayout()  # the scroll range of the new rows, now (not at the next paint)
    keys = list(map(key, model.rows())) if chosen is not None or top is not None else []
    found = chosen is not None and _choose(view, model, keys, chosen)
    anchor = _view_index(view, model, keys, top) if top is not None else QModelIndex()
    if anchor.isValid():
        view.scrollTo(anchor, view.ScrollHint.PositionAtTop)
    else:
        view.verticalScrollBar().setValue(vertical)
    view.horizontalScrollBar().setValue(horizontal)
    return found


def _key_at(view: QTableView, model: RowTableModel, index: QModelIndex, key: Key):
    if not index.isValid():
        return None
    source = view.model().mapToSource(index) if view.model() is not model else index
    return key(model.row_at(source.row())) if source.isValid() else None


def _view_index(view: QTableView, model: RowTableModel, keys: list, wanted) -> QModelIndex:
    """Where the row whose key is ``wanted`` is shown (``keys``: the shown rows' keys, in
    order: one C-speed search in 20,000 instead of a Python call per row)."""
    try:
        index = model.index(keys.index(wanted), 0)
    except ValueError:
        return QModelIndex()
    return view.model().mapFromSource(index) if view.model() is not model else index


def _choose(view: QTableView, model: RowTableModel, keys: list, wanted) -> bool:
    index = _view_index(view, model, keys, wanted)
    if index.isValid():
        view.selectRow(index.row())
    return index.isValid()
