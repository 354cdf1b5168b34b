"""The items of Nova venda: the line where a piece is typed, the list and the total.

Typing in "Peça" searches the catalogue (``app.ui.pieces.piece_picker``): choosing a variant
fills the description, size/colour and price, and the item takes that variant from stock
when the sale is saved; a free text still makes a free-text piece. "Sob encomenda" sells a
piece she does not have yet (no stock taken). More than the shelf holds is refused at once
with the service's sentence, and again by the service when the sale is saved.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.services.core.money import format_brl
from app.services.pieces.stock import check_available
from app.services.receivables.sales import ItemInput
from app.ui.kit.style import set_role
from app.ui.kit.widgets import ErrorLabel, MoneyEdit, named_button
from app.ui.pieces.piece_picker import PiecePicker, stock_text
from app.ui.receivables.sale_parts import items_table


class SaleItemsMixin:
    """Builds and edits the items of ``SaleDialog`` (its ``items`` model and ``_update``
    come from the dialog). Enter in the price adds the piece and starts a new line."""

    def _items_box(self, holder: QVBoxLayout) -> None:
        """The "Itens" box, placed in ``holder`` before it is filled (the dialog's ``_body``
        says why)."""
        box = QGroupBox("Itens")
        holder.addWidget(box, 1)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.description = QLineEdit(placeholderText="Peça: digite para buscar no catálogo, "
                                                     "ou descreva (ex.: Vestido midi floral)")
        self.description.setObjectName("itemDescription")
        self.piece_picker = PiecePicker(self.description, self)
        self.piece_picker.chosen.connect(self._on_piece)
        self.on_order = QCheckBox("Sob encomenda")
        self.on_order.setObjectName("itemOnOrder")
        self.on_order.setToolTip("Ela vai esperar a peça chegar: a venda não tira do estoque.")
        self.variant = QLineEdit(placeholderText="Tamanho/cor")
        self.variant.setObjectName("itemVariant")
        self.quantity = QSpinBox(minimum=1, maximum=999)
        self.quantity.setObjectName("itemQuantity")
        self.price = MoneyEdit()
        self.price.setObjectName("itemPrice")
        self.price.setPlaceholderText("Preço (R$)")
        self.add_button = named_button("Adicionar item", "addItemButton", self.add_item)
        self.price.returnPressed.connect(self._enter_in_price)
        self.description.returnPressed.connect(self.price.setFocus)
        self.variant.returnPressed.connect(self.price.setFocus)
        layout.addWidget(self.description)
        for widget, stretch in ((self.variant, 3), (QLabel("Qtd."), 0), (self.quantity, 0),
                                (self.price, 2), (self.on_order, 0), (self.add_button, 0)):
            row.addWidget(widget, stretch)
        layout.addLayout(row)
        self.piece_hint = set_role(QLabel(), "hint")
        self.piece_hint.setObjectName("pieceHint")
        self.piece_hint.hide()
        layout.addWidget(self.piece_hint)
        self.item_error = ErrorLabel()
        layout.addWidget(self.item_error)
        self.items_table = items_table(self.items, box)
        self.items_table.setObjectName("itemsTable")
        self.items_table.setMinimumHeight(96)
        layout.addWidget(self.items_table, 1)
        bottom = QHBoxLayout()
        remove = QPushButton("Remover item")
        remove.clicked.connect(self.remove_item)
        bottom.addWidget(remove)
        bottom.addStretch(1)
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        set_role(self.total_label, "total")
        bottom.addWidget(self.total_label)
        layout.addLayout(bottom)

    def _enter_in_price(self) -> None:
        """Enter in the price: add the item when something is typed, then a new line."""
        if self.description.text().strip() or self.price.text().strip():
            self.add_item()

    def _on_piece(self, variant) -> None:
        """A catalogue variant chosen (or None: she typed again, a free-text piece)."""
        if variant is None:
            self.piece_hint.hide()
            return
        self.variant.setText(variant.grid_label if variant.size or variant.colour else "")
        self.price.set_cents(variant.price_cents)
        self.piece_hint.setText(f"Do catálogo: {variant.name} · {stock_text(variant)} · "
                                f"{format_brl(variant.price_cents)}")
        self.piece_hint.show()
        self.price.setFocus()  # Enter adds it (one piece); the quantity is a Shift+Tab away
        self.price.selectAll()

    def _short_of_stock(self) -> str | None:
        """The service's sentence when the shelf has fewer than this line and the lines
        already added of the same variant (None: enough, or sob encomenda, or free text)."""
        chosen = self.piece_picker.variant
        if chosen is None or self.on_order.isChecked():
            return None
        already = sum(i.quantity for i in self.items.rows()
                      if i.piece_variant_id == chosen.id and not i.on_order)
        short = check_available({chosen.id: already + self.quantity.value()})
        return short.get(chosen.id)

    def add_item(self) -> bool:
        """Add the typed item to the list; show what is wrong otherwise. True when added."""
        if not self.description.text().strip():
            self.item_error.show_error("Descreva a peça.")
            self.description.setFocus()
            return False
        try:
            price = self.price.cents()
            if price <= 0:
                raise ValueError("O preço deve ser maior que zero.")
        except ValueError as exc:
            self.item_error.show_error(f"Preço: {exc}")
            self.price.setFocus()
            return False
        short = self._short_of_stock()
        if short:
            self.item_error.show_error(short)
            self.quantity.setFocus()
            return False
        chosen = self.piece_picker.variant
        item = ItemInput(self.description.text().strip(), self.quantity.value(), price,
                         variant=self.variant.text().strip(),
                         piece_variant_id=chosen.id if chosen else None,
                         on_order=self.on_order.isChecked())
        self.items.set_rows(self.items.rows() + [item])
        for edit in (self.description, self.variant, self.price):
            edit.clear()
        self.quantity.setValue(1)
        self.on_order.setChecked(False)
        self.piece_picker.forget()
        self.piece_hint.hide()
        self.item_error.show_error(None)
        self.description.setFocus()
        self._update()
        return True

    def remove_item(self) -> None:
        rows = self.items_table.selectionModel().selectedRows()
        if rows:
            items = self.items.rows()
            del items[rows[0].row()]
            self.items.set_rows(items)
            self._update()

    def total_cents(self) -> int:
        return sum(i.total_cents for i in self.items.rows())

