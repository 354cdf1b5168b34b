"""Histórico de uma variação: every movement of its stock, newest first, with whose sale or
return it was — the answer to "where did the three M go?"."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.pieces.catalog import piece_data
from app.services.pieces.stock import history
from app.ui.kit.empty_state import EmptyOverlay
from app.ui.kit.fitting import resize_to_fit
from app.ui.kit.ops import Op
from app.ui.kit.style import FOREGROUND_ERROR, FOREGROUND_SUCCESS, set_role
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import row_table, title_label


def _change(m) -> str:
    return f"{m.quantity:+d}" + (" com defeito" if m.defective else "")


def _after(m) -> str:
    return f"{m.count_after} com defeito" if m.defective else str(m.count_after)


def _who(m) -> str:
    """Whose sale or return, the entry's cost, the note."""
    parts = [m.customer] if m.customer else []
    if m.unit_cost_cents is not None:
        parts.append(f"{format_brl(m.unit_cost_cents)} cada")
    if m.note:
        parts.append(m.note)
    return " · ".join(parts)


class MoveTableModel(RowTableModel):
    COLUMNS = (
        Column("Data", lambda m: format_date(m.day), sort=lambda m: (m.day.toordinal(), m.id)),
        Column("O quê", lambda m: m.label),
        Column("Mudou", _change, align_right=True, sort=lambda m: m.quantity,
               foreground=lambda m: FOREGROUND_SUCCESS if m.quantity > 0 else FOREGROUND_ERROR),
        Column("Ficou", _after, align_right=True, sort=lambda m: m.count_after),
        Column("Cliente / observação", _who, stretch=True, tooltip=_who),
    )


class StockHistoryDialog(QDialog):
    """The history of one variation of a piece (chosen at the top), read on a worker."""

    def __init__(self, piece_id: int, parent=None, variant_id: int | None = None):
        super().__init__(parent)
        self.piece = piece_data(piece_id)
        self.setWindowTitle(f"Histórico — {self.piece.name}")
        self.model = MoveTableModel(self)
        self._reads = 0
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(f"Histórico do estoque: {self.piece.name}"))
        row = QHBoxLayout()
        row.addWidget(QLabel("Variação"))
        self.variant = QComboBox()
        self.variant.setObjectName("historyVariant")
        for v in self.piece.variants:
            self.variant.addItem(f"{v.grid_label} — {v.stock} no estoque", v.id)
        row.addWidget(self.variant, 1)
        layout.addLayout(row)
        self.table = row_table(self.model, "historyTable", sortable=False)
        layout.addWidget(self.table, 1)
        self.empty = EmptyOverlay(self.table, "Nenhum movimento ainda: esta variação foi "
                                  "cadastrada sem peças. Entradas, vendas, devoluções e "
                                  "ajustes aparecem aqui.")
        self.summary = set_role(QLabel(), "muted")
        self.summary.setObjectName("historySummary")
        layout.addWidget(self.summary)
        close = QPushButton("Fechar")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        if variant_id is not None:
            self.variant.setCurrentIndex(max(self.variant.findData(variant_id), 0))
        self.variant.currentIndexChanged.connect(self._read)
        resize_to_fit(self, 820, 480)
        self._read()

    def _read(self) -> None:
        self._reads += 1
        read, vid = self._reads, self.variant.currentData()
        if vid is None:
            return
        Op(self, lambda _p: history(vid), write=False).success(
            lambda moves: self._show(moves, read)).run()

    def _show(self, moves, read: int) -> None:
        if read != self._reads:
            return
        self.model.set_rows(moves)
        v = next(v for v in self.piece.variants if v.id == self.variant.currentData())
        sold = -sum(m.quantity for m in moves if m.kind in ("sale", "exchange"))
        self.summary.setText(f"Agora: {v.stock} no estoque"
                             + (f", {v.defective} com defeito" if v.defective else "")
                             + (f" · {sold} saíram em vendas e trocas" if sold else ""))
