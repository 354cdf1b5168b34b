"""Peças: the catalogue, one row per piece with its size × colour grid and the stock of each
cell, searched as she types, and the actions on the piece chosen.

The list is read on a worker (``ops.Reader``: the newest read wins, "atualizando…" when it
lasts) and painted keeping the piece chosen and the rows in view (``refill``); it is filtered
in memory: each keystroke
is one pass over the loaded pieces, looking only among those already shown while the search
only gets longer (5,000 pieces in a few milliseconds). A read brings each piece's totals
(``piece_list.list_pieces``) and the grids of the rows she will see; the grid of a row she
scrolls or searches to is read then, on a worker, a screenful at a time (``read_grids``).
Pieces out in malinhas (issue 23) are counted apart from the shelf: "· 2 em condicional".
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

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
from app.services.core.text import fold, plural
from app.services.pieces.piece_list import PieceGrid, PieceRow, list_pieces, piece_grids
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.empty_state import EmptyOverlay
from app.ui.kit.ops import Reader
from app.ui.kit.style import FOREGROUND_CAUTION, FOREGROUND_ERROR, FOREGROUND_MUTED, set_role
from app.ui.kit.tables.in_view import InViewReads, first_shown, fitting, rows_in_view
from app.ui.kit.tables.row_delegate import RowTextDelegate
from app.ui.kit.tables.table_model import Column, RowTableModel, refill
from app.ui.kit.widgets import named_button, row_table, title_label


def situation(row: PieceRow, grid: PieceGrid | None = None) -> str:
    """"sem estoque", "sem estoque: M rosa", "acabando: G rosa", "em estoque", "arquivada",
    then what is out of the shelf: "· 2 em condicional", "· 1 com defeito". The cells are
    named from ``grid`` (the rows on the screen have it); without it, counted."""
    if row.archived:
        return "arquivada"
    if row.all_empty:
        text = "sem estoque"
    elif row.empty_count:
        text = "sem estoque: " + _few(grid.empty if grid else None, row.empty_count)
    elif row.low_count:
        text = "acabando: " + _few(grid.low if grid else None, row.low_count)
    else:
        text = "em estoque"
    if row.in_conditional:
        text += f" · {row.in_conditional} em condicional"
    return text + (f" · {row.defective} com defeito" if row.defective else "")


def _few(labels: list[str] | None, count: int) -> str:
    if labels is not None and len(labels) <= 2:
        return ", ".join(labels)
    return plural(count, "variação", "variações")


def _colour(row: PieceRow):
    if row.archived:
        return FOREGROUND_MUTED
    if row.empty_count:
        return FOREGROUND_ERROR
    return FOREGROUND_CAUTION if row.low_count else None


def tooltip(row: PieceRow, grid: PieceGrid | None) -> str:
    """Each cell with what is on the shelf, out in malinhas and with a defect."""
    if grid is None:
        return "Lendo a grade…"
    lines = []
    for v in grid.variants:
        parts = [f"{v.stock} no estoque"]
        if v.in_conditional:
            parts.append(f"{v.in_conditional} em condicional")
        if v.defective:
            parts.append(f"{v.defective} com defeito")
        lines.append(f"{v.grid_label}: {', '.join(parts)}")
    return "\n".join(lines) + f"\nAvisa quando restar {row.low_stock} ou menos."


def situation_tooltip(row: PieceRow, grid: PieceGrid | None) -> str:
    """The whole situation (the column may be cut short on a small screen), then the cells."""
    return situation(row, grid) + "\n\n" + tooltip(row, grid)


# sort keys: the totals every row has (a grid is read only for the rows on the screen)
SORT_KEYS = (lambda r: r.search_key, lambda r: (r.variant_count, r.stock, r.search_key),
             lambda r: r.stock, lambda r: r.price_cents,
             lambda r: (not r.archived, not r.empty_count, not r.low_count, r.search_key))


class PieceTableModel(RowTableModel):
    """The pieces with their totals; ``grids`` holds the grids read so far (the rows on the
    screen), which name the cells in "Grade e estoque", "Situação" and the tooltips."""

    COL_NAME, COL_GRID, COL_STOCK, COL_PRICE, COL_SITUATION = range(5)
    GRID_PENDING = "…"  # the grid of a row she just scrolled to, on its way

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grids: dict[int, PieceGrid] = {}
        grid = self.grids.get
        self.COLUMNS = (
            Column("Peça", lambda r: f"{r.name} · {r.reference}" if r.reference else r.name,
                   sort=SORT_KEYS[0]),
            Column("Grade e estoque",
                   lambda r: g.grid_text if (g := grid(r.id)) else self.GRID_PENDING,
                   stretch=True, elide_right=True, tooltip=lambda r: tooltip(r, grid(r.id)),
                   sort=SORT_KEYS[1]),
            Column("Estoque", lambda r: str(r.stock), sort=SORT_KEYS[2], align_right=True,
                   foreground=lambda r: FOREGROUND_ERROR if not r.stock and not r.archived
                   else None),
            Column("Preço", lambda r: format_brl(r.price_cents), sort=SORT_KEYS[3],
                   align_right=True),
            Column("Situação", lambda r: situation(r, grid(r.id)), foreground=_colour,
                   tooltip=lambda r: situation_tooltip(r, grid(r.id)), sort=SORT_KEYS[4],
                   elide_right=True),
        )

    def set_rows(self, rows: list, grids: dict[int, PieceGrid] | None = None) -> None:
        """New rows; with ``grids``, the grids read with them (``take_grids``)."""
        if grids is not None:
            self.take_grids(grids)
        super().set_rows(rows)

    def take_grids(self, grids: dict[int, PieceGrid]) -> None:
        """The grids read with the rows about to be set: the ones read before are dropped
        (they may be older than the rows). Call it right before the rows are set."""
        self.grids.clear()
        self.grids.update(grids)

    def add_grids(self, grids: dict[int, PieceGrid]) -> None:
        """Grids read after the rows (she scrolled): the cells they name are repainted."""
        if not grids:
            return
        self.grids.update(grids)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.COL_GRID),
                                  self.index(self.rowCount() - 1, self.COL_SITUATION))


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
        self._wanted: int | None = None  # a piece just saved, chosen once the list has it
        self.loaded = False
        self._build()
        self.reader = Reader(self)
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
        self.grid_reads = InViewReads(  # the rows she scrolls to get their grid
            self.table, lambda rows: [r.id for r in rows if r.id not in self.model.grids],
            piece_grids, self.model.add_grids)
        self.model.layoutChanged.connect(self.read_grids)  # sorted by another column
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
        """Read the catalogue on a worker, with the grids of the rows she will see; paint
        it keeping her search, the piece chosen and the rows in view."""
        self._dirty = False
        self.grid_reads.new_list()
        archived, search = self.show_archived.isChecked(), self._search
        header = self.table.horizontalHeader()
        sort = (header.sortIndicatorSection(),
                header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
        count, seen = fitting(self.table), {r.id for r in rows_in_view(self.table)}
        if self._wanted or self.selected_piece_id():
            seen.add(self._wanted or self.selected_piece_id())

        def work(_progress):
            rows = list_pieces(include_archived=archived)
            first = first_shown(rows, SORT_KEYS, sort, search, count)
            return rows, piece_grids(seen | {r.id for r in first})

        self.reader.read(work, self._paint)

    def _paint(self, read: tuple[list[PieceRow], dict[int, PieceGrid]]) -> None:
        rows, grids = read
        self.loaded = True
        self.model.take_grids(grids)
        refill(self.table, self.model, rows, attrgetter("id"))
        if self._wanted:
            self._select(self._wanted)
            if self.selected_piece_id() == self._wanted:
                self._wanted = None
        self.empty.update_state()
        self._update_count()
        self._update_buttons()
        self.read_grids()

    def read_grids(self, *_args) -> None:
        """Read, on a worker, the grids of the rows on the screen not read yet (after a
        scroll, a search, a sort: ``kit.tables.in_view``)."""
        self.grid_reads.request()

    def _on_search(self, text: str) -> None:
        search, before = piece_search(text), self._search
        chosen = self.selected_piece_id()
        self._search = search
        self.model.set_filter(search, narrows=search is not None and search.narrows(before))
        self._select(chosen)
        self.empty.update_state()
        self._update_count()
        self._update_buttons()
        self.read_grids()

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
        kept = [r for r in every if not r.archived]
        stock = sum(r.stock for r in kept)
        out = sum(r.in_conditional for r in kept)
        at_price = sum(r.stock * r.price_cents for r in kept)
        pieces = plural(len(every), "peça")
        text = f"{shown} de {pieces}" if shown != len(every) else pieces
        self.count_label.setText(f"{text} · {stock} no estoque"
                                 + (f" · {out} em condicional" if out else "")
                                 + f" · {format_brl(at_price)} a preço de venda")

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
