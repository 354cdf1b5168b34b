"""The size × colour grid of a piece: she types the sizes ("P, M, G") and the colours ("rosa,
preto"), and each cell of the grid asks how many she has of it now.

A cell can be "não tem" (the piece is not made in that size and colour: one step below zero).
A cell the piece already has shows its stock, greyed: it changes only through Entrada de
peças and Ajustar estoque, never here. Values typed in a cell are kept while she edits the
lines (a cell is known by its size and colour, accents and case ignored).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.text import fold
from app.services.pieces.catalog import MAX_VARIANTS, UNIQUE, VariantInput, VariantView
from app.services.pieces.stock import MAX_QUANTITY
from app.ui.kit.fitting import scrolling
from app.ui.kit.style import set_role
from app.ui.kit.widgets import ErrorLabel

NOT_MADE = -1  # the spin's value for "não tem"


def split_words(text: str) -> list[str]:
    """"P, M; G" → ["P", "M", "G"]: trimmed, in order, each once (accents and case ignored)."""
    seen, words = set(), []
    for part in text.replace(";", ",").split(","):
        word = " ".join(part.split())
        if word and fold(word) not in seen:
            seen.add(fold(word))
            words.append(word)
    return words


def _key(size: str, colour: str) -> tuple[str, str]:
    return fold(size), fold(colour)


class GridEditor(QWidget):
    """Sizes, colours and the grid of cells with the opening stock of each."""

    changed = Signal()

    def __init__(self, existing: list[VariantView] = (), parent=None):
        super().__init__(parent)
        self.existing = {_key(v.size, v.colour): v for v in existing}
        self.cells: dict[tuple[str, str], tuple[str, str, QSpinBox]] = {}
        self._typed: dict[tuple[str, str], int] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.sizes = QLineEdit(placeholderText="P, M, G  (vazio: tamanho único)")
        self.sizes.setObjectName("gridSizes")
        self.colours = QLineEdit(placeholderText="rosa, preto  (vazio: uma cor só)")
        self.colours.setObjectName("gridColours")
        form.addRow("Tamanhos", self.sizes)
        form.addRow("Cores", self.colours)
        column.addLayout(form)
        self.cells_box = QWidget()
        self.cells_box.setObjectName("gridCells")
        self.grid = QGridLayout(self.cells_box)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        area = scrolling(self.cells_box, "gridScroll")
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # many sizes
        column.addWidget(area, 1)
        self.error = ErrorLabel()
        self.error.setObjectName("gridError")
        column.addWidget(self.error)
        self.sizes.setText(", ".join(dict.fromkeys(v.size for v in existing if v.size)))
        self.colours.setText(", ".join(dict.fromkeys(v.colour for v in existing if v.colour)))
        # the cells of a grid made sparse ("M preto" but no "P preto"): not made, at first
        self._sparse = {_key(s, c) for s in split_words(self.sizes.text()) or [""]
                        for c in split_words(self.colours.text()) or [""]} - set(self.existing)
        for edit in (self.sizes, self.colours):
            edit.textChanged.connect(self._rebuild)
        self._rebuild()

    def _rebuild(self) -> None:
        for key, (_, _, spin) in self.cells.items():
            if spin.isEnabled():
                self._typed[key] = spin.value()
        while self.grid.count():
            old = self.grid.takeAt(0).widget()
            old.hide()  # gone from sight now, freed when the event loop comes back
            old.deleteLater()
        self.cells = {}
        sizes = split_words(self.sizes.text()) or [""]
        colours = split_words(self.colours.text()) or [""]
        if len(sizes) * len(colours) > MAX_VARIANTS:
            self.error.show_error(f"No máximo {MAX_VARIANTS} variações por peça: diminua os "
                                  "tamanhos ou as cores.")
            self.changed.emit()
            return
        self.error.show_error(None)
        for c, size in enumerate(sizes, 1):
            self.grid.addWidget(set_role(QLabel(size or UNIQUE if colours == [""] else size),
                                         "strong"), 0, c)
        for r, colour in enumerate(colours, 1):
            self.grid.addWidget(QLabel(colour), r, 0)
            for c, size in enumerate(sizes, 1):
                self.grid.addWidget(self._cell(size, colour), r, c)
        self.changed.emit()

    def _cell(self, size: str, colour: str) -> QSpinBox:
        key = _key(size, colour)
        spin = QSpinBox(minimum=NOT_MADE, maximum=MAX_QUANTITY)
        spin.setSpecialValueText("não tem")
        spin.setObjectName(f"cell:{size}:{colour}")
        spin.setMinimumWidth(72)
        known = self.existing.get(key)
        if known is not None:
            spin.setValue(known.stock)
            spin.setEnabled(False)
            spin.setToolTip("Estoque de agora. Para mudar, use Entrada de peças ou Ajustar "
                            "estoque.")
        else:
            spin.setValue(self._typed.get(key, NOT_MADE if key in self._sparse else 0))
            spin.setToolTip("Quantas peças você tem agora (abaixo de zero: “não tem”).")
            spin.valueChanged.connect(self.changed)
        self.cells[key] = (size, colour, spin)
        return spin

    def cell(self, size: str, colour: str = "") -> QSpinBox:
        """The spin of one cell (tests and the dialog's focus)."""
        return self.cells[_key(size, colour)][2]

    def variants(self) -> tuple[VariantInput, ...]:
        """The grid as typed: every cell but the "não tem" ones, new ones with their stock."""
        return tuple(VariantInput(size, colour, 0 if key in self.existing else spin.value())
                     for key, (size, colour, spin) in self.cells.items()
                     if key in self.existing or spin.value() != NOT_MADE)

    def opening_total(self) -> int:
        return sum(v.stock for v in self.variants())
