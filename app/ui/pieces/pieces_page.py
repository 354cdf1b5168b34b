"""Peças: the catalogue, one row per piece with its size × colour grid and the stock of each
cell, searched as she types, and the actions on the piece chosen.

The list is read on a worker (the newest read wins) and filtered in memory: each keystroke
is one pass over the loaded pieces, looking only among those already shown while the search
only gets longer (5,000 pieces in a few milliseconds).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from app.services.core.changes import Topic
from app.services.core.money import format_brl
from app.services.core.text import fold
from app.services.pieces.catalog import PieceRow, list_pieces
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.empty_state import EmptyOverlay
from app.ui.kit.ops import Op
from app.ui.kit.style import FOREGROUND_CAUTION, FOREGROUND_ERROR, FOREGROUND_MUTED, set_role
from app.ui.kit.tables.row_delegate import RowTextDelegate
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import named_button, row_table, title_label


def situation(row: PieceRow) -> str:
    """"sem estoque", "sem estoque: M rosa", "acabando: G rosa", "em estoque", "arquivada"."""
    if row.archived:
        return "arquivada"
    empty, low = row.empty, row.low
    if empty and len(empty) == len(row.cells):
        text = "sem estoque"
    elif empty:
        text = "sem estoque: " + _few(empty)
    elif low:
        text = "acabando: " + _few(low)
    else:
        text = "em estoque"
    return text + (f" · {row.defective} com defeito" if row.defective else "")


def _few(labels: list[str]) -> str:
    return ", ".join(labels) if len(labels) <= 2 else f"{len(labels)} variações"


def _colour(row: PieceRow):
    if row.archived:
        return FOREGROUND_MUTED
    if row.empty:
        return FOREGROUND_ERROR
    return FOREGROUND_CAUTION if row.low else None


def _tooltip(row: PieceRow) -> str:
    lines = [f"{v.grid_label}: {v.stock} no estoque" + (f", {v.defective} com defeito"
                                                         if v.defective else "")
             for v in row.variants]
    return "\n".join(lines) + f"\nAvisa quando restar {row.low_stock} ou menos."


class PieceTableModel(RowTableModel):
    COL_NAME, COL_GRID, COL_STOCK, COL_PRICE, COL_SITUATION = range(5)
    COLUMNS = (
        Column("Peça", lambda r: f"{r.name} · {r.reference}" if r.reference else r.name,
               sort=lambda r: r.search_key),
        Column("Grade e estoque", lambda r: r.grid_text, stretch=True, tooltip=_tooltip,
               sort=lambda r: r.grid_text),
        Column("Estoque", lambda r: str(r.stock), sort=lambda r: r.stock, align_right=True,
               foreground=lambda r: FOREGROUND_ERROR if not r.stock and not r.archived
               else None),
        Column("Preço", lambda r: format_brl(r.price_cents), sort=lambda r: r.price_cents,
               align_right=True),
        Column("Situação", situation, foreground=_colour, tooltip=_tooltip,
               sort=lambda r: (not r.archived, not r.empty, not r.low, r.search_key)),
    )


@dataclass(frozen=True)
class PieceSearch:
    """Every word typed (accents and case ignored) starts a word of the piece's name,
    reference, sizes or colours. Called with a row, says whether it is found."""

    words: tuple[str, ...]
    text: str

    def __call__(self, row: PieceRow) -> bool:
        return bool(self.select([row]))

    def select(self, rows: list[PieceRow]) -> list[PieceRow]:
        needles = [f" {w}" for w in self.words]
        if len(needles) == 1:
            needle = needles[0]
            return [r for r in rows if needle in r.search_key]
        return [r for r in rows if all(n in r.search_key for n in needles)]

    def narrows(self, before: PieceSearch | None) -> bool:
        """True when every piece found now was found by ``before`` (she typed on)."""
        return before is None or self.text.startswith(before.text)


def piece_search(text: str) -> PieceSearch | None:
    folded = fold(text)
    return PieceSearch(tuple(folded.split()), folded) if folded else None


class PiecesPage(RefreshOnChange, QWidget):
    """The catalogue and its stock; the dialogs are opened by ``piece_actions``."""

    WATCHED = frozenset({Topic.PIECES, Topic.SALES})
    import_requested = Signal()

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self.model = PieceTableModel(self)
        self._search: PieceSearch | None = None
        self._reads = 0  # the newest read wins
        self._wanted: int | None = None  # a piece just saved, chosen once the list has it
        self.loaded = False
        self._build()
        bus.changed.connect(self._on_changed)
        self.refresh()

    def _build(self) -> None:
        from app.ui.pieces import piece_actions

        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Peças"))
        bar = QHBoxLayout()
        self.search = QLineEdit(placeholderText="Buscar por nome, referência, tamanho ou cor…")
        self.search.setObjectName("pieceSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        bar.addWidget(self.search, 1)
        self.show_archived = QCheckBox("Mostrar arquivadas")
        self.show_archived.setObjectName("showArchivedPieces")
        self.show_archived.toggled.connect(self.refresh)
        bar.addWidget(self.show_archived)
        self.new_button = named_button("Nova peça", "newPieceButton",
                                       lambda: piece_actions.new_piece(self))
        bar.addWidget(self.new_button)
        layout.addLayout(bar)
        self.table = row_table(self.model, "piecesTable")
        self.table.setItemDelegate(RowTextDelegate(self.table))
        self.table.sortByColumn(PieceTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _i: piece_actions.edit_piece(self))
        self.table.activated.connect(lambda _i: piece_actions.edit_piece(self))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.empty = EmptyOverlay(self.table, self._empty_text, (
            ("Nova peça", lambda: piece_actions.new_piece(self)),))
        self.actions = piece_actions.action_row(self)
        layout.addLayout(self.actions)
        self.count_label = set_role(QLabel(), "muted")
        self.count_label.setObjectName("piecesCount")
        layout.addWidget(self.count_label)
        self._update_buttons()

    def _context_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        for button in self.action_buttons.values():
            if button.isEnabled():
                menu.addAction(button.text(), button.click)
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self.menu = menu

    # reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the catalogue on a worker; an older read arriving late is dropped."""
        self._dirty = False
        self._reads += 1
        read, archived = self._reads, self.show_archived.isChecked()
        Op(self, lambda _p: list_pieces(include_archived=archived), write=False).success(
            lambda rows: self._show(rows, read)).run()

    def _show(self, rows: list[PieceRow], read: int) -> None:
        if read != self._reads:
            return
        chosen = self._wanted or self.selected_piece_id()
        self.loaded = True
        self.model.set_rows(rows)
        self._select(chosen)
        if self.selected_piece_id() == self._wanted:
            self._wanted = None
        self.empty.update_state()
        self._update_count()
        self._update_buttons()

    def _on_search(self, text: str) -> None:
        search, before = piece_search(text), self._search
        chosen = self.selected_piece_id()
        self._search = search
        self.model.set_filter(search, narrows=search is not None and search.narrows(before))
        self._select(chosen)
        self.empty.update_state()
        self._update_count()
        self._update_buttons()

    def _select(self, piece_id: int | None) -> None:
        found = self.model.position(lambda r: r.id == piece_id) if piece_id else None
        if found is not None:
            self.table.selectRow(found)

    def select_piece(self, piece_id: int | None) -> None:
        """Choose the piece (after it was saved: when the list read after the save brings it,
        if it is not there yet), clearing a search that hides it."""
        if piece_id is None:
            return
        if self.search.text() and not any(r.id == piece_id for r in self.model.rows()):
            self.search.clear()
        if self.model.position(lambda r: r.id == piece_id) is None:
            self._wanted = piece_id
        self._select(piece_id)

    def _empty_text(self) -> str:
        if not self.loaded:
            return "Abrindo o catálogo…"
        typed = self.search.text().strip()
        if typed:
            return (f"Nenhuma peça com “{typed}”.\nConfira a grafia (acentos não importam) ou "
                    "cadastre a peça.")
        return ("Aqui fica o seu catálogo: cada peça com a grade de tamanhos e cores e quantas "
                "tem de cada uma.\nCadastre a primeira peça; na Nova venda, é só digitar o "
                "nome dela.")

    def _update_count(self) -> None:
        every = self.model.all_rows()
        shown = self.model.rowCount()
        stock = sum(r.stock for r in every if not r.archived)
        at_price = sum(c[3] * r.price_cents for r in every if not r.archived for c in r.cells)
        text = f"{shown} de {len(every)} peças" if shown != len(every) else f"{len(every)} peças"
        self.count_label.setText(f"{text} · {stock} no estoque · {format_brl(at_price)} a "
                                 "preço de venda")

    def _update_buttons(self, *_args) -> None:
        from app.ui.pieces.piece_actions import update_buttons

        update_buttons(self)

    # what the actions read -------------------------------------------------------------
    def selected_piece(self) -> PieceRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_piece_id(self) -> int | None:
        piece = self.selected_piece()
        return piece.id if piece else None

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def today(self):
        return self._today_fn()
