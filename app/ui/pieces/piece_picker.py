"""Choosing a piece of the catalogue by typing in a line edit: the matches open in a list under
the field (each with its size, colour, stock and price), ↓/↑ move, Enter or a click chooses.

``PiecePicker(edit)`` attaches to any QLineEdit (Nova venda's "Peça", the exchange of the
returns dialog). Nothing is chosen until she moves into the list: Enter on a plain text keeps
it as a free-text piece (an order, a one-off). Typing in the field after choosing drops the
choice. The catalogue is searched by ``piece_search.CatalogueSearch`` (the rule of
``catalog.search_variants``), loaded on a worker at the first keystroke; until it arrives,
each keystroke asks the database directly.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTableView

from app.services.core.money import format_brl
from app.services.pieces.catalog import VariantView, search_variants
from app.services.pieces.piece_list import has_catalogue, list_grids
from app.services.pieces.piece_search import CatalogueSearch
from app.ui.kit.ops import Op
from app.ui.kit.style import FOREGROUND_ERROR
from app.ui.kit.tables.columns import match_list
from app.ui.kit.tables.table_model import Column, RowTableModel

SHOWN = 8  # matches listed at once
ROW = 24


def stock_text(v: VariantView) -> str:
    return f"{v.stock} no estoque" if v.stock else "sem estoque"


class MatchTableModel(RowTableModel):
    COLUMNS = (
        Column("Peça", lambda v: v.piece_name + (f" · {v.reference}" if v.reference else ""),
               stretch=True),
        Column("Tam./cor", lambda v: v.grid_label),
        Column("Estoque", stock_text, foreground=lambda v: None if v.stock else FOREGROUND_ERROR),
        Column("Preço", lambda v: format_brl(v.price_cents), align_right=True),
    )


class PiecePicker(QObject):
    """The list of matches under ``edit``; ``chosen`` carries the VariantView (or None when
    she types again: a free-text piece)."""

    chosen = Signal(object)

    def __init__(self, edit: QLineEdit, parent: QObject | None = None):
        super().__init__(parent or edit)
        self.edit = edit
        self.variant: VariantView | None = None
        self.catalogue: CatalogueSearch | None = None
        self._loading = False
        self._released = False  # ``release``
        self.active = has_catalogue()
        self.model = MatchTableModel(self)
        self.list: QTableView | None = None
        edit.textEdited.connect(self._on_edited)
        edit.installEventFilter(self)

    # the list ---------------------------------------------------------------------------
    def _view(self) -> QTableView:
        """The list, made the first time it shows, over the window that holds the field."""
        if self.list is None:
            view = match_list(self.model, "pieceMatches", self.edit.window())
            view.verticalHeader().setDefaultSectionSize(ROW)
            header = view.horizontalHeader()
            for col in (1, 2, 3):
                header.setSectionResizeMode(col, header.ResizeMode.ResizeToContents)
            view.clicked.connect(lambda index: self.choose_row(index.row()))
            self.list = view
        return self.list

    def _place(self) -> None:
        view, window = self._view(), self.edit.window()
        below = self.edit.mapTo(window, QPoint(0, self.edit.height()))
        width = min(max(self.edit.width(), 460), window.width() - below.x() - 4)
        height = min(self.model.rowCount(), SHOWN) * ROW + 4
        view.setGeometry(below.x(), below.y(), max(width, 200), height)
        view.raise_()

    def is_open(self) -> bool:
        return self.list is not None and self.list.isVisible()

    def close_list(self) -> None:
        if self.list is not None:
            self.list.hide()

    # typing -----------------------------------------------------------------------------
    def _on_edited(self, text: str) -> None:
        if self.variant is not None:
            self.variant = None
            self.chosen.emit(None)
        if not self.active:
            return
        self._load()
        self.model.set_rows(self.search(text) if text.strip() else [])
        if self.model.rowCount():
            self._place()
            self.list.show()
        else:
            self.close_list()

    def search(self, text: str) -> list[VariantView]:
        """The matches of ``text`` (from memory once the catalogue is loaded)."""
        if self.catalogue is not None:
            return self.catalogue.search(text, 30)
        return search_variants(text, 30)

    def _load(self) -> None:
        if self.catalogue is None and not self._loading:
            self._loading = True
            Op(self.edit, lambda _p: CatalogueSearch(list_grids()), write=False).success(
                self._loaded).run()

    def _loaded(self, catalogue: CatalogueSearch) -> None:
        if not self._released:
            self.catalogue = catalogue

    def release(self) -> None:
        """The dialog closed: let the catalogue and the matches go now, not at the next
        full collection (``kit.customer_picker.CustomerPicker.release`` says why)."""
        self._released = True
        self.catalogue = None
        self.model.unload()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if obj is not self.edit or event.type() != QEvent.Type.KeyPress or not self.is_open():
            return False
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._move(1 if key == Qt.Key.Key_Down else -1)
            return True
        if key == Qt.Key.Key_Escape:
            self.close_list()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            rows = self.list.selectionModel().selectedRows()
            if rows:
                self.choose_row(rows[0].row())
                return True
            self.close_list()  # Enter on plain text: a free-text piece
        if key == Qt.Key.Key_Tab:
            self.close_list()
        return False

    def _move(self, step: int) -> None:
        rows = self.list.selectionModel().selectedRows()
        current = rows[0].row() if rows else -1
        self.list.selectRow(max(0, min(self.model.rowCount() - 1, current + step)))

    def choose_row(self, row: int) -> None:
        """Choose the match shown at ``row``: the field gets the piece's name."""
        self.choose(self.model.row_at(row))

    def choose(self, variant: VariantView) -> None:
        self.close_list()
        self.edit.setText(variant.piece_name)
        self.variant = variant
        self.chosen.emit(variant)

    def forget(self) -> None:
        """Start over (a new line): nothing chosen, no list."""
        self.variant = None
        self.close_list()
