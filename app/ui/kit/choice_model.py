"""The choices of a long combo box (every customer) set in one go, found by value at once."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

_TEXT = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole))
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
