"""Parts of the returns dialog: the sale's items with how many come back, the new pieces of an
exchange (chosen through the same piece picker as Nova venda), and the money choices."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.codes import PaymentMethod
from app.services.core.money import format_brl
from app.services.pieces.return_history import ReturnableItem
from app.services.receivables.payments import METHODS
from app.services.receivables.sales import ItemInput
from app.ui.kit.style import set_role
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import ErrorLabel, MoneyEdit, named_button
from app.ui.pieces.piece_picker import PiecePicker
from app.ui.receivables.sale_parts import items_table


class ReturnedItems(QWidget):
    """One line per item of the sale: what she took, how many come back, "com defeito"."""

    changed = Signal()

    def __init__(self, items: tuple[ReturnableItem, ...], parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for col, text in enumerate(("Peça", "Levou", "Voltam", "")):
            grid.addWidget(set_role(QLabel(text), "strong"), 0, col)
        self.spins: dict[int, QSpinBox] = {}
        self.defective: dict[int, QCheckBox] = {}
        for row, item in enumerate(items, 1):
            label = QLabel(f"{item.label} — {format_brl(item.unit_price_cents)}")
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            back = "já voltou" if item.returned == 1 else "já voltaram"
            took = f"{item.sold}" + (f" ({item.returned} {back})" if item.returned else "")
            grid.addWidget(QLabel(took), row, 1)
            spin = QSpinBox(minimum=0, maximum=item.returnable)
            spin.setObjectName(f"returnQty:{item.sale_item_id}")
            spin.setEnabled(item.returnable > 0)
            spin.valueChanged.connect(self.changed)
            grid.addWidget(spin, row, 2)
            flaw = QCheckBox("com defeito")
            flaw.setObjectName(f"returnDefective:{item.sale_item_id}")
            flaw.setEnabled(item.from_catalogue and item.returnable > 0)
            flaw.setToolTip("Fica separada, fora do estoque, até você dar saída dela em Peças."
                            if item.from_catalogue else "Peça fora do catálogo: não há estoque.")
            grid.addWidget(flaw, row, 3)
            self.spins[item.sale_item_id] = spin
            self.defective[item.sale_item_id] = flaw
        grid.setColumnStretch(0, 1)

    def quantities(self) -> dict[int, int]:
        return {iid: spin.value() for iid, spin in self.spins.items() if spin.value()}

    def defective_ids(self) -> set[int]:
        return {iid for iid, box in self.defective.items() if box.isChecked()}

    def take_all(self) -> None:
        """Every piece that can still come back (the withdrawal, "desistiu da compra")."""
        for spin in self.spins.values():
            spin.setValue(spin.maximum())


class NewItemTableModel(RowTableModel):
    COLUMNS = (
        Column("Peça nova", lambda i: " ".join(p for p in (i.description, i.variant) if p),
               stretch=True),
        Column("Qtd.", lambda i: str(i.quantity), align_right=True),
        Column("Preço", lambda i: format_brl(i.unit_price_cents), align_right=True),
    )


class ExchangeBox(QWidget):
    """The new pieces she takes in an exchange: type to find one in the catalogue (or
    describe a free-text piece), quantity, price, "Adicionar"."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.description = QLineEdit(placeholderText="Peça nova: digite para buscar no catálogo")
        self.description.setObjectName("exchangeDescription")
        self.picker = PiecePicker(self.description, self)
        self.picker.chosen.connect(self._on_piece)
        self.variant = QLineEdit(placeholderText="Tam./cor")
        self.variant.setObjectName("exchangeVariant")
        self.quantity = QSpinBox(minimum=1, maximum=999)
        self.quantity.setObjectName("exchangeQuantity")
        self.price = MoneyEdit()
        self.price.setObjectName("exchangePrice")
        self.price.setPlaceholderText("Preço")
        self.price.returnPressed.connect(self.add)
        for widget, stretch in ((self.description, 4), (self.variant, 2), (self.quantity, 0),
                                (self.price, 2)):
            row.addWidget(widget, stretch)
        row.addWidget(named_button("Adicionar", "addExchangeButton", self.add))
        column.addLayout(row)
        self.error = ErrorLabel()
        self.error.setObjectName("exchangeError")
        column.addWidget(self.error)
        self.model = NewItemTableModel(self)
        self.table = items_table(self.model)
        self.table.setObjectName("exchangeTable")
        self.table.setMaximumHeight(96)
        column.addWidget(self.table)
        remove = QHBoxLayout()
        remove.addWidget(named_button("Tirar peça", "removeExchangeButton", self.remove))
        remove.addStretch(1)
        column.addLayout(remove)

    def _on_piece(self, variant) -> None:
        if variant is not None:
            self.variant.setText(variant.grid_label if variant.size or variant.colour else "")
            self.price.set_cents(variant.price_cents)
            self.price.setFocus()
            self.price.selectAll()

    def add(self) -> bool:
        if not self.description.text().strip():
            self.error.show_error("Escolha ou descreva a peça nova.")
            return False
        try:
            price = self.price.cents()
        except ValueError as exc:
            self.error.show_error(f"Preço: {exc}")
            return False
        chosen = self.picker.variant
        self.model.set_rows(self.model.rows() + [ItemInput(
            self.description.text().strip(), self.quantity.value(), price,
            self.variant.text().strip(), piece_variant_id=chosen.id if chosen else None)])
        for edit in (self.description, self.variant, self.price):
            edit.clear()
        self.quantity.setValue(1)
        self.picker.forget()
        self.error.show_error(None)
        self.description.setFocus()
        self.changed.emit()
        return True

    def remove(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            items = self.model.rows()
            del items[rows[0].row()]
            self.model.set_rows(items)
            self.changed.emit()

    def items(self) -> list[ItemInput]:
        return self.model.rows()


class MoneyChoice(QWidget):
    """Two choices and, for the money paid by hand, how: "vira crédito dela" / "devolver o
    dinheiro", or "nas parcelas" / "ela paga agora"."""

    changed = Signal()

    def __init__(self, first: str, second: str, name: str, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.first = QRadioButton(first)
        self.first.setObjectName(f"{name}First")
        self.second = QRadioButton(second)
        self.second.setObjectName(f"{name}Second")
        self.first.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.first, self.second):
            group.addButton(button)
            row.addWidget(button)
            button.toggled.connect(self._toggled)
        self.method = QComboBox()
        self.method.setObjectName(f"{name}Method")
        for key, label in METHODS.items():
            self.method.addItem(label, key)
        self.method.setCurrentIndex(max(self.method.findData(PaymentMethod.CASH), 0))
        self.method.currentIndexChanged.connect(self.changed)
        row.addWidget(self.method)
        row.addStretch(1)
        self._toggled()

    def _toggled(self) -> None:
        self.method.setEnabled(self.second.isChecked())
        self.changed.emit()

    def by_hand(self) -> bool:
        return self.second.isChecked()
