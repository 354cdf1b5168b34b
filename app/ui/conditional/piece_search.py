"""Finding pieces for a malinha: type any words of the name, reference, size or colour (accents
ignored), see each variant with its stock and price, add it with a quantity — Enter adds.

The search is the catalogue's own rule, the one Nova venda uses (``piece_search.CatalogueSearch``,
the rule of ``catalog.search_variants``): the catalogue is read once on a worker when the
search opens, and each keystroke searches it in memory — the GUI thread never queries the
database while she types. Until it arrives the list says so and what she types is kept; the
matches of that text show as soon as it is there. A variant with nothing on the shelf is
listed (greyed, at the end) and refused when added. The read starts at the next turn of the
event loop, once the dialog is built: a worker reading beside the building takes turns with
it for Python's interpreter lock and slows it down (``kit.customer_picker`` says more).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.money import format_brl
from app.services.pieces.catalog import VariantView
from app.services.pieces.piece_list import list_grids
from app.services.pieces.piece_search import CatalogueSearch
from app.ui.kit.ops import Reader, in_steps
from app.ui.kit.style import FOREGROUND_ERROR, FOREGROUND_MUTED, set_role
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import row_table

SHOWN = 30


class VariantResultsTableModel(RowTableModel):
    COLUMNS = (
        Column("Peça", lambda v: v.piece_name + (f" · {v.reference}" if v.reference else ""),
               stretch=True, tooltip=lambda v: v.piece_name,
               foreground=lambda v: None if v.stock else FOREGROUND_MUTED),
        Column("Tam./cor", lambda v: v.grid_label, tooltip=lambda v: v.grid_label),
        Column("Estoque", lambda v: str(v.stock), sort=lambda v: v.stock, align_right=True,
               foreground=lambda v: None if v.stock else FOREGROUND_ERROR),
        Column("Preço", lambda v: format_brl(v.price_cents), sort=lambda v: v.price_cents,
               align_right=True),
    )


class PieceSearch(QWidget):
    """The search box, its matches and "Adicionar"; ``chosen(variant, quantity)``.
    ``catalogue`` is None until the worker has read it (``reader.refreshed`` then)."""

    chosen = Signal(object, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = VariantResultsTableModel(self)
        self.catalogue: CatalogueSearch | None = None
        self._released = False  # ``release``
        self.reader = Reader(self, hint=False)  # the list below says it is loading
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(placeholderText="Nome, referência, tamanho ou cor "
                                                "(ex.: vestido m rosa)")
        self.search.setObjectName("pieceSearchEdit")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.find)
        self.search.installEventFilter(self)
        column.addWidget(self.search)
        self.table = row_table(self.model, "pieceResults", sortable=False, parent=self)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(110)
        self.table.doubleClicked.connect(lambda _: self.add_selected())
        column.addWidget(self.table, 1)
        self.empty = set_role(QLabel(), "hint")
        self.empty.setObjectName("pieceSearchEmpty")
        self.empty.setWordWrap(True)
        self.empty.hide()
        column.addWidget(self.empty)
        row = QHBoxLayout()
        row.addWidget(QLabel("Quantidade"))
        self.quantity = QSpinBox(minimum=1, maximum=99, value=1)
        self.quantity.setObjectName("pieceQuantity")
        row.addWidget(self.quantity)
        self.add_button = QPushButton("Adicionar à malinha")
        self.add_button.setObjectName("addPieceButton")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_selected)
        row.addWidget(self.add_button)
        row.addStretch(1)
        column.addLayout(row)
        self.find("")
        in_steps([self._start_reading])  # once the dialog is built (module docstring)

    def _start_reading(self) -> None:
        if shiboken6.isValid(self) and not self._released:  # not closed meanwhile
            self.reader.read(lambda _p: CatalogueSearch(list_grids()), self._loaded)

    def release(self) -> None:
        """The dialog closed: let the catalogue go now, not at the next full collection
        (``CustomerPicker.release`` says why)."""
        self._released = True  # a read not started yet never starts
        self.reader.drop()  # one on its way is never painted
        self.catalogue = None
        self.model.unload()

    def _loaded(self, catalogue: CatalogueSearch) -> None:
        """The catalogue arrived: show the matches of what she typed meanwhile."""
        self.catalogue = catalogue
        self.find(self.search.text())

    def find(self, text: str) -> None:
        """Show the variants matching ``text`` (all, with stock first, when empty), searched
        in memory; while the catalogue is still being read, say so."""
        found = self.catalogue.search(text, SHOWN) if self.catalogue is not None else []
        self.model.set_rows(found)
        if found:
            self.table.selectRow(0)
        self.empty.setText(
            "Carregando as peças do catálogo…" if self.catalogue is None else
            "O catálogo está vazio: cadastre as peças em Peças." if not len(self.catalogue) else
            f"Nenhuma peça com “{text.strip()}”. Confira a grafia ou cadastre a peça em Peças.")
        self.empty.setVisible(not found)

    def selected(self) -> VariantView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add_selected(self) -> None:
        variant = self.selected()
        if variant is not None:
            self.chosen.emit(variant, self.quantity.value())
            self.quantity.setValue(1)
            self.search.selectAll()
            self.search.setFocus()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if obj is self.search and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                rows = self.table.selectionModel().selectedRows()
                current = rows[0].row() if rows else -1
                step = 1 if key == Qt.Key.Key_Down else -1
                self.table.selectRow(max(0, min(self.model.rowCount() - 1, current + step)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                self.add_selected()
                return True  # Enter here never presses a dialog button
        return super().eventFilter(obj, event)
