"""The stock of one piece, cell by cell: Entrada de peças (she bought from her supplier),
Ajustar estoque (she counted the shelf) and Peças com defeito (kept aside, now leaving)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.errors import ValidationError
from app.services.pieces.catalog import piece_data
from app.services.pieces.stock import (
    MAX_QUANTITY,
    adjust_counts,
    discard_defective,
    record_entry,
)
from app.ui.kit.fitting import resize_to_fit, scrolling
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import DateEdit, ErrorLabel, FieldForm, MoneyEdit, title_label


class VariantCounts(QWidget):
    """One line per cell of the grid: the cell, what there is now, and a number to type."""

    def __init__(self, variants, caption: str, start_at_stock: bool, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        for col, text in enumerate(("Variação", "No estoque", caption)):
            grid.addWidget(set_role(QLabel(text), "strong"), 0, col)
        self.spins: dict[int, QSpinBox] = {}
        for row, v in enumerate(variants, 1):
            grid.addWidget(QLabel(v.grid_label), row, 0)
            now = f"{v.stock}" + (f" (+{v.defective} com defeito)" if v.defective else "")
            grid.addWidget(QLabel(now), row, 1)
            spin = QSpinBox(minimum=0, maximum=MAX_QUANTITY)
            spin.setObjectName(f"count:{v.grid_label}")
            spin.setValue(v.stock if start_at_stock else 0)
            grid.addWidget(spin, row, 2)
            self.spins[v.id] = spin
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(self.spins) + 1, 1)  # the lines stay at the top

    def values(self) -> dict[int, int]:
        return {vid: spin.value() for vid, spin in self.spins.items()}

    def spin(self, label: str) -> QSpinBox:
        return self.findChild(QSpinBox, f"count:{label}")


class _StockDialog(QDialog):
    """What the three dialogs share: the piece, a form, the save button, refusals."""

    SAVE = "Salvar"

    def __init__(self, piece_id: int, today: date, title: str, parent=None):
        super().__init__(parent)
        self.today = today
        self.saved_id: int | None = None
        self.piece = piece_data(piece_id)
        self.setWindowTitle(f"{title} — {self.piece.name}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(title_label(f"{title}: {self.piece.name}"))
        self.form = FieldForm()

    def _finish(self, width: int = 560, height: int = 460, stretch: bool = False) -> None:
        self.layout_.addLayout(self.form)
        if stretch:
            self.layout_.addStretch(1)
        self.general_error = ErrorLabel()
        self.layout_.addWidget(self.general_error)
        buttons = QDialogButtonBox()
        self.save_button = set_primary(QPushButton(self.SAVE))
        self.save_button.setObjectName("saveStockButton")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        self.layout_.addWidget(buttons)
        resize_to_fit(self, width, height)

    def _run(self, work) -> None:
        self.form.clear_errors()
        self.general_error.show_error(None)
        Op(self, work, busy=self.save_button).success(self._saved).failure(
            validation_or_message(self, self._refused)).run()

    def _refused(self, exc: ValidationError) -> None:
        self.form.show_errors(dict(exc.errors))
        others = [m for k, m in exc.errors.items() if k not in self.form.errors]
        self.general_error.show_error(" ".join(others) or None)

    def _saved(self, _result) -> None:
        self.saved_id = self.piece.id
        self.accept()


class StockEntryDialog(_StockDialog):
    """Entrada de peças: how many of each cell arrived, what each cost, when, a note."""

    SAVE = "Dar entrada"

    def __init__(self, piece_id: int, today: date, parent=None):
        super().__init__(piece_id, today, "Entrada de peças", parent)
        self.counts = VariantCounts(self.piece.variants, "Chegaram", start_at_stock=False)
        self.layout_.addWidget(scrolling(self.counts, "entryScroll"), 1)
        self.quantity_error = ErrorLabel()
        self.layout_.addWidget(self.quantity_error)
        self.cost = MoneyEdit()
        self.cost.setObjectName("entryCost")
        self.cost.set_cents(self.piece.cost_cents)
        self.form.add("cost", "Custo de cada peça", self.cost)
        self.day = DateEdit(today)
        self.day.setObjectName("entryDate")
        self.form.add("date", "Data da compra", self.day)
        self.note = QLineEdit(placeholderText="Fornecedora, número da nota… (opcional)")
        self.note.setObjectName("entryNote")
        self.form.add("note", "Observação", self.note)
        self.form.errors["quantity"] = self.quantity_error
        self.form.fields["quantity"] = next(iter(self.counts.spins.values()))
        self._finish()

    def save(self) -> None:
        try:
            cost = self.cost.cents() if self.cost.text().strip() else None
        except ValueError as exc:
            self.form.show_errors({"cost": str(exc)})
            return
        chosen = {vid: n for vid, n in self.counts.values().items() if n}
        day, today, note = self.day.value(), self.today, self.note.text()
        self._run(lambda _p: record_entry(chosen, day, today, cost, note))


class StockCountDialog(_StockDialog):
    """Ajustar estoque: she counted; each cell that differs is adjusted with her reason."""

    SAVE = "Salvar contagem"

    def __init__(self, piece_id: int, today: date, parent=None):
        super().__init__(piece_id, today, "Ajustar estoque", parent)
        hint = set_role(QLabel("Digite quantas peças você contou de cada variação. Só as que "
                               "mudarem entram no histórico, com o motivo."), "hint")
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)
        self.counts = VariantCounts(self.piece.variants, "Contei", start_at_stock=True)
        self.layout_.addWidget(scrolling(self.counts, "countScroll"), 1)
        self.reason = QLineEdit(placeholderText="Contagem do mês, peça perdida, brinde…")
        self.reason.setObjectName("countReason")
        self.form.add("reason", "Motivo *", self.reason)
        self._finish()

    def save(self) -> None:
        counted, reason, today = self.counts.values(), self.reason.text(), self.today
        self._run(lambda _p: adjust_counts(counted, reason, today))


class DefectiveDialog(_StockDialog):
    """Peças com defeito: some of those kept aside leave for good (thrown away, sent back)."""

    SAVE = "Dar saída"

    def __init__(self, piece_id: int, today: date, parent=None):
        super().__init__(piece_id, today, "Peças com defeito", parent)
        kept = [v for v in self.piece.variants if v.defective]
        hint = set_role(QLabel("Peças que voltaram com defeito ficam separadas, fora do "
                               "estoque. Dê saída quando jogar fora ou devolver à fornecedora."),
                        "hint")
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)
        self.variant = QComboBox()
        self.variant.setObjectName("defectiveVariant")
        for v in kept:
            self.variant.addItem(f"{v.grid_label} — {v.defective} com defeito", v.id)
        self.form.add("variant", "Variação", self.variant)
        self.quantity = QSpinBox(minimum=1, maximum=MAX_QUANTITY)
        self.quantity.setObjectName("defectiveQuantity")
        self.form.add("quantity", "Quantas saem", self.quantity)
        self.reason = QLineEdit(placeholderText="Devolvida à fornecedora, sem conserto…")
        self.reason.setObjectName("defectiveReason")
        self.form.add("reason", "Motivo", self.reason)
        if not kept:
            self.variant.addItem("Nenhuma peça desta está separada com defeito.", None)
        self._finish(height=300, stretch=True)
        self.save_button.setEnabled(bool(kept))

    def save(self) -> None:
        vid, n, reason, today = (self.variant.currentData(), self.quantity.value(),
                                 self.reason.text(), self.today)
        self._run(lambda _p: discard_defective(vid, n, reason, today))
