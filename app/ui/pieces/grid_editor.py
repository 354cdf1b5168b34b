"""The size × colour grid of a piece: she types the sizes ("P, M, G") and the colours ("rosa,
preto"), and each cell of the grid asks how many she has of it now.

When the sizes do not fit side by side (jeans 34 to 46 on a small laptop), the grid goes on
in a second band under the first, sizes and colours named again: it never scrolls sideways.

A cell can be "não tem" (the piece is not made in that size and colour: one step below zero).
A cell the piece already has shows its stock, greyed: it changes only through Entrada de
peças and Ajustar estoque, never here. Values typed in a cell are kept while she edits the
lines (a cell is known by its size and colour, accents and case ignored).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
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
        self.area = area = scrolling(self.cells_box, "gridScroll")
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # one huge size
        area.viewport().installEventFilter(self)  # a new width: as many sizes per band as fit
        self._labels: list[QLabel] = []  # the sizes' and colours' names, made for each band
        self._per_band = 0  # sizes side by side in the bands placed now
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

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and self._fitting() != self._per_band:
            self._place()
        return False

    def _rebuild(self) -> None:
        for key, (_, _, spin) in self.cells.items():
            if spin.isEnabled():
                self._typed[key] = spin.value()
        for _, _, spin in self.cells.values():
            _drop(spin)
        self.cells = {}
        self._sizes = split_words(self.sizes.text()) or [""]
        self._colours = split_words(self.colours.text()) or [""]
        if len(self._sizes) * len(self._colours) > MAX_VARIANTS:
            self._sizes = self._colours = []
            self._place()
            self.error.show_error(f"No máximo {MAX_VARIANTS} variações por peça: diminua os "
                                  "tamanhos ou as cores.")
            self.changed.emit()
            return
        self.error.show_error(None)
        for colour in self._colours:
            for size in self._sizes:
                self._cell(size, colour)
        self._place()
        self.changed.emit()

    def _fitting(self) -> int:
        """How many sizes fit side by side in the area's width (at least one)."""
        if not self.cells:
            return 1
        spin = next(iter(self.cells.values()))[2]
        gap = self.grid.horizontalSpacing()
        margins = self.grid.contentsMargins()
        names = max(QLabel(c).sizeHint().width() for c in self._colours)
        room = (self.area.viewport().width() - margins.left() - margins.right() - names - gap)
        least = max(spin.minimumWidth(), spin.minimumSizeHint().width())  # what it gets
        return max(1, room // (least + gap))

    def _place(self) -> None:
        """Lay the cells out in bands of as many sizes as fit, each band under the last with
        its sizes on top and the colours on the left."""
        while self.grid.count():
            self.grid.takeAt(0)
        for label in self._labels:
            _drop(label)
        self._labels = []
        self._per_band = per_band = self._fitting()
        top = 0
        for first in range(0, len(self._sizes), per_band):
            band = self._sizes[first:first + per_band]
            for c, size in enumerate(band, 1):
                self._label(size or UNIQUE if self._colours == [""] else size, top, c, True)
            for r, colour in enumerate(self._colours, top + 1):
                self._label(colour, r, 0)
                for c, size in enumerate(band, 1):
                    self.grid.addWidget(self.cell(size, colour), r, c)
            top += len(self._colours) + 1

    def _label(self, text: str, row: int, col: int, strong: bool = False) -> None:
        label = QLabel(text)
        if strong:
            set_role(label, "strong")
        self._labels.append(label)
        self.grid.addWidget(label, row, col)

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


def _drop(widget: QWidget) -> None:
    widget.hide()  # gone from sight now, freed when the event loop comes back
    widget.deleteLater()
