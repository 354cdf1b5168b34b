"""Nova venda: customer, items, entrada and installment plan with a live preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from app.services.changes import Changes, Topic
from app.services.customers import list_customers
from app.services.dates import add_months, format_date, parse_date
from app.services.installments import INTERVAL_LABELS, Interval
from app.services.money import format_brl
from app.services.payments import METHODS
from app.services.sales import ItemInput, PlanInput, create_sale, credit_check, preview_plan
from app.ui.loyalty_discount import LoyaltyDiscountBar
from app.ui.ops import Op, validation_or_message
from app.ui.table_model import Column, RowTableModel
from app.ui.widgets import DateEdit, ErrorLabel, MoneyEdit, fit_columns


class SaleItemTableModel(RowTableModel):
    COLUMNS = (
        Column("Peça", lambda i: i.description, stretch=True),
        Column("Tamanho/cor", lambda i: i.variant),
        Column("Qtd.", lambda i: str(i.quantity), align_right=True),
        Column("Preço unit.", lambda i: format_brl(i.unit_price_cents), align_right=True),
        Column("Total", lambda i: format_brl(i.total_cents), align_right=True),
    )


class PlanPreviewTableModel(RowTableModel):
    COLUMNS = (
        Column("Parcela", lambda r: f"{r[0]}/{r[3]}"),
        Column("Vencimento", lambda r: format_date(r[1])),
        Column("Valor", lambda r: format_brl(r[2]), align_right=True),
    )


def _table(model) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    fit_columns(table)
    return table


class SaleDialog(QDialog):
    """Record a sale; nothing reaches the database until every field is right."""

    def __init__(self, today: date, customer_id: int | None = None, parent=None):
        super().__init__(parent)
        self.today = today
        self.saved_sale_id: int | None = None
        self.setWindowTitle("Nova venda")
        self.resize(820, 780)
        self.items = SaleItemTableModel(self)
        self.preview = PlanPreviewTableModel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._customer_row(customer_id))
        layout.addWidget(self._items_box(), 2)
        self.loyalty = LoyaltyDiscountBar(today)  # issue 12: the tier's discount, one click
        self.loyalty.changed.connect(self._update)
        layout.addWidget(self.loyalty)
        layout.addWidget(self._payment_box(), 3)
        self.credit_label = ErrorLabel()
        self.credit_override = QCheckBox("Vender a prazo mesmo assim")
        self.credit_override.setObjectName("creditOverride")
        self.credit_override.hide()
        layout.addWidget(self.credit_label)
        layout.addWidget(self.credit_override)
        layout.addLayout(self._buttons())
        self._update()
        (self.description if customer_id else self.customer).setFocus()

    # -- building -------------------------------------------------------------------------
    def _customer_row(self, customer_id: int | None) -> QGridLayout:
        grid = QGridLayout()
        self.customer = QComboBox()
        self.customer.setObjectName("customerCombo")
        self.customer.setEditable(True)
        self.customer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.customer.lineEdit().setPlaceholderText("Digite o nome da cliente")
        for row in list_customers(self.today):
            label = f"{row.name} · {row.phone_display}" if row.phone_display else row.name
            self.customer.addItem(label, row.id)
        completer = self.customer.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.customer.setCurrentIndex(self.customer.findData(customer_id) if customer_id else -1)
        self.customer.currentIndexChanged.connect(self._update)
        self.sale_date = DateEdit(self.today)
        self.sale_date.setObjectName("saleDate")
        self.customer_error, self.date_error = ErrorLabel(), ErrorLabel()
        grid.addWidget(QLabel("Cliente *"), 0, 0)
        grid.addWidget(self.customer, 0, 1)
        grid.addWidget(QLabel("Data da venda"), 0, 2)
        grid.addWidget(self.sale_date, 0, 3)
        grid.addWidget(self.customer_error, 1, 1)
        grid.addWidget(self.date_error, 1, 3)
        grid.setColumnStretch(1, 1)
        return grid

    def _items_box(self) -> QGroupBox:
        box = QGroupBox("Itens")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.description = QLineEdit(placeholderText="Peça (ex.: Vestido midi floral)")
        self.description.setObjectName("itemDescription")
        self.variant = QLineEdit(placeholderText="Tamanho/cor")
        self.variant.setObjectName("itemVariant")
        self.variant.setMaximumWidth(130)
        self.quantity = QSpinBox(minimum=1, maximum=999)
        self.quantity.setObjectName("itemQuantity")
        self.price = MoneyEdit()
        self.price.setObjectName("itemPrice")
        self.price.setPlaceholderText("Preço (R$)")
        self.price.setMaximumWidth(120)
        self.add_button = QPushButton("Adicionar item")
        self.add_button.setObjectName("addItemButton")
        self.add_button.clicked.connect(self.add_item)
        self.price.returnPressed.connect(self.add_item)
        for widget, stretch in ((self.description, 3), (self.variant, 1), (QLabel("Qtd."), 0),
                                (self.quantity, 0), (self.price, 1), (self.add_button, 0)):
            row.addWidget(widget, stretch)
        layout.addLayout(row)
        self.item_error = ErrorLabel()
        layout.addWidget(self.item_error)
        self.items_table = _table(self.items)
        self.items_table.setObjectName("itemsTable")
        self.items_table.setMinimumHeight(110)
        layout.addWidget(self.items_table, 1)
        bottom = QHBoxLayout()
        remove = QPushButton("Remover item")
        remove.clicked.connect(self.remove_item)
        bottom.addWidget(remove)
        bottom.addStretch(1)
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.total_label.setStyleSheet("font-size: 16px; font-weight: 600;")
        bottom.addWidget(self.total_label)
        layout.addLayout(bottom)
        return box

    def _payment_box(self) -> QGroupBox:
        box = QGroupBox("Pagamento")
        grid = QGridLayout(box)
        self.cash = QRadioButton("À vista (pago agora)")
        self.cash.setObjectName("cashRadio")
        self.credit = QRadioButton("Na caderneta (parcelado)")
        self.credit.setObjectName("creditRadio")
        self.credit.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.cash)
        group.addButton(self.credit)
        self.cash.toggled.connect(self._update)
        grid.addWidget(self.cash, 0, 0)
        grid.addWidget(self.credit, 0, 1)
        self.method = QComboBox()
        for key, label in METHODS.items():
            self.method.addItem(label, key)
        self.method.setCurrentIndex(self.method.findData("pix"))
        self.down = MoneyEdit()
        self.down.setObjectName("downPayment")
        self.down.setPlaceholderText("0,00 (opcional)")
        self.down.textChanged.connect(self._update)
        grid.addWidget(QLabel("Entrada (R$)"), 1, 0)
        grid.addWidget(self.down, 1, 1)
        grid.addWidget(QLabel("Forma (entrada / à vista)"), 1, 2)
        grid.addWidget(self.method, 1, 3)
        self.count = QSpinBox(minimum=0, maximum=9999, value=3)
        self.count.setObjectName("installmentCount")
        self.interval = QComboBox()
        self.interval.setObjectName("intervalCombo")
        for key, label in INTERVAL_LABELS.items():
            self.interval.addItem(label, key.value)
        self.first_due = DateEdit(add_months(self.today, 1))
        self.first_due.setObjectName("firstDue")
        self.day = QSpinBox(minimum=1, maximum=31, value=add_months(self.today, 1).day)
        self.day.setObjectName("dayOfMonth")
        self.custom = QLineEdit(placeholderText="dd/mm/aaaa; dd/mm/aaaa; …")
        self.custom.setObjectName("customDates")
        self._plan_row(grid)
        for signal in (self.count.valueChanged, self.interval.currentIndexChanged,
                       self.first_due.dateChanged, self.day.valueChanged, self.custom.textChanged):
            signal.connect(self._update)
        self.first_due.dateChanged.connect(lambda: self.day.setValue(self.first_due.value().day))
        return box

    def _plan_row(self, grid: QGridLayout) -> None:
        grid.addWidget(QLabel("Parcelas"), 2, 0)
        grid.addWidget(self.count, 2, 1)
        grid.addWidget(QLabel("Intervalo"), 2, 2)
        grid.addWidget(self.interval, 2, 3)
        grid.addWidget(QLabel("1º vencimento"), 3, 0)
        grid.addWidget(self.first_due, 3, 1)
        grid.addWidget(QLabel("Todo dia"), 3, 2)
        grid.addWidget(self.day, 3, 3)
        grid.addWidget(QLabel("Datas escolhidas"), 4, 0)
        grid.addWidget(self.custom, 4, 1, 1, 3)
        self.plan_error = ErrorLabel()
        self.plan_error.setObjectName("planError")
        grid.addWidget(self.plan_error, 5, 0, 1, 4)
        self.preview_table = _table(self.preview)
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setMinimumHeight(130)
        grid.addWidget(QLabel("Parcelas que serão lançadas:"), 6, 0, 1, 4)
        grid.addWidget(self.preview_table, 7, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton("Cancelar")
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton("Salvar venda")
        self.save_button.setObjectName("saveSaleButton")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        return row

    # -- behaviour ------------------------------------------------------------------------
    def customer_id(self) -> int | None:
        index = self.customer.currentIndex()
        if index < 0 or self.customer.currentText() != self.customer.itemText(index):
            return None
        return self.customer.itemData(index)

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
        item = ItemInput(self.description.text().strip(), self.quantity.value(), price,
                         self.variant.text().strip())
        self.items.set_rows(self.items.rows() + [item])
        for edit in (self.description, self.variant, self.price):
            edit.clear()
        self.quantity.setValue(1)
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

    def plan(self) -> PlanInput | None:
        """The plan as typed (None for à vista); ValueError for unreadable custom dates."""
        if self.cash.isChecked():
            return None
        interval = Interval(self.interval.currentData())
        custom: tuple[date, ...] = ()
        if interval is Interval.CUSTOM:
            parts = [p for p in self.custom.text().replace(",", ";").split(";") if p.strip()]
            custom = tuple(parse_date(p) for p in parts)
        first = custom[0] if custom else self.first_due.value()
        return PlanInput(self.count.value(), first, interval, self.day.value(), custom)

    def _update(self) -> None:
        credit_plan = self.credit.isChecked()
        is_custom = self.interval.currentData() == Interval.CUSTOM.value
        for widget in (self.count, self.interval, self.down, self.first_due, self.day):
            widget.setEnabled(credit_plan)
        self.day.setEnabled(credit_plan and self.interval.currentData() == "monthly")
        self.first_due.setEnabled(credit_plan and not is_custom)
        self.custom.setEnabled(credit_plan and is_custom)
        total = self.total_cents()
        self.loyalty.update_for(self.customer_id(), total)
        discount = self.loyalty.discount_cents(total)
        total -= discount
        self.total_label.setText(f"Total: {format_brl(total)}" + (
            f" (com desconto de {format_brl(discount)})" if discount else ""))
        self.preview.set_rows([])
        self.plan_error.show_error(None)
        if credit_plan and total:
            self._update_preview(total)
        self._update_credit_warning(total)

    def _update_preview(self, total: int) -> None:
        try:
            down = self.down.cents_or_zero()
            plan = self.plan()
            schedule = preview_plan(total, down, plan)
        except ValueError as exc:
            self.plan_error.show_error(str(exc))
            return
        count = len(schedule)
        self.preview.set_rows([(n, d, c, count) for n, (d, c) in enumerate(schedule, 1)])

    def _update_credit_warning(self, total: int) -> None:
        cid = self.customer_id()
        warning = None
        if cid and total and self.credit.isChecked():
            try:
                financed = total - self.down.cents_or_zero()
            except ValueError:
                financed = total
            warning = credit_check(cid, financed)
        self.credit_label.show_error(warning)
        self.credit_override.setVisible(bool(warning))

    def save(self) -> None:
        """Save the sale in one transaction, or show what is wrong and keep everything typed."""
        for label in (self.customer_error, self.date_error, self.item_error, self.plan_error):
            label.show_error(None)
        if self.description.text().strip() and not self.add_item():
            return
        cid = self.customer_id()
        if cid is None:
            self.customer_error.show_error("Escolha a cliente da lista (ou cadastre-a antes).")
            self.customer.setFocus()
            return
        try:
            down = self.down.cents_or_zero() if self.credit.isChecked() else 0
            plan = self.plan()
        except ValueError as exc:
            self.plan_error.show_error(str(exc))
            return
        args = (cid, self.sale_date.value(), self.items.rows(), self.today, plan, down,
                self.method.currentData())
        override = self.credit_override.isChecked()
        discount = self.loyalty.discount_cents(self.total_cents())  # issue 12
        Op(self, lambda _: create_sale(*args, override_credit=override, discount_cents=discount),
           changes=Changes.of(Topic.SALES, Topic.CUSTOMERS, Topic.PAYMENTS),
           busy=self.save_button).success(self._saved).failure(
               validation_or_message(self, lambda exc: self._show_errors(exc.errors))).run()

    def _saved(self, result) -> None:
        self.saved_sale_id = result.sale_id
        self.accept()

    def _show_errors(self, errors: dict[str, str]) -> None:
        item_msgs = [m for k, m in errors.items() if k.startswith("item")]
        self.item_error.show_error(" ".join(item_msgs) or None)
        self.date_error.show_error(errors.get("date"))
        self.plan_error.show_error(errors.get("plan") or errors.get("method")
                                   or errors.get("discount"))
        if "credit" in errors:
            self.credit_label.show_error(errors["credit"])
            self.credit_override.show()
