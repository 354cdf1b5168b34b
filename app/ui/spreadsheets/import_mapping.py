"""The column mapping of an import: one row per spreadsheet column, a choice of where it goes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from app.services.spreadsheets.import_clean import cell_text
from app.services.spreadsheets.import_columns import LABELS, Field
from app.ui.kit.style import set_role

SAMPLE_ROWS = 3


class MappingEditor(QWidget):
    """Like her header row: each column's title, a combo box with where it goes, examples."""

    changed = Signal()

    def __init__(self, parent=None, fields=tuple(Field), labels=None):
        super().__init__(parent)
        self.fields = tuple(fields)  # the choices of each combo (customers' by default)
        self.labels = labels or LABELS
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.combos: list[QComboBox] = []

    def set_columns(self, headers: tuple[str, ...], samples: list[tuple], mapping) -> None:
        """One column per spreadsheet column: its title, where it goes, example values."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos = []
        for i, header in enumerate(headers):
            title = QLabel(f"<b>{header or f'(coluna {i + 1} sem título)'}</b>")
            title.setToolTip(header)
            self.grid.addWidget(title, 0, i)
            combo = QComboBox()
            combo.setObjectName(f"mapping_{i}")
            combo.setMinimumWidth(140)
            for field in self.fields:
                combo.addItem(self.labels[field], field)
            combo.setCurrentIndex(self.fields.index(mapping[i]))
            combo.currentIndexChanged.connect(lambda _=0: self.changed.emit())
            self.grid.addWidget(combo, 1, i)
            self.combos.append(combo)
            examples = [cell_text(row[i]) for row in samples[:SAMPLE_ROWS] if i < len(row)]
            example = QLabel("\n".join(e.replace("\n", " ")[:22] for e in examples if e))
            set_role(example, "muted")
            example.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.grid.addWidget(example, 2, i)
        self.grid.setRowStretch(3, 1)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        self.grid.setColumnStretch(len(headers), 1)  # few columns stay narrow, on the left

    def mapping(self) -> tuple:
        kind = type(self.fields[0])
        return tuple(kind(c.currentData()) for c in self.combos)

    def set_field(self, column: int, field) -> None:
        """Choose ``field`` for ``column`` (as the user would in the combo box)."""
        self.combos[column].setCurrentIndex(self.fields.index(field))
