"""Nova venda: customer, items, entrada and installment plan with a live preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.dates import format_date, parse_date
from app.services.core.errors import NeedsConfirmation, ValidationError
from app.services.core.money import format_brl
from app.services.people.standing import standing_for
from app.services.receivables.installments import Interval
from app.services.receivables.payments import METHODS
from app.services.receivables.sales import PlanInput, create_sale, credit_check, preview_plan
from app.ui.kit.customer_picker import CustomerPicker, CustomerSummary
from app.ui.kit.fitting import resize_to_fit, scrolling
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import DateEdit, ErrorLabel, message_label, named_button
from app.ui.receivables.loyalty_discount import LoyaltyDiscountBar
from app.ui.receivables.sale_items import SaleItemsMixin
from app.ui.receivables.sale_parts import (
    PlanFieldsMixin,
    PlanPreviewTableModel,
    SaleItemTableModel,
    ask_discard_sale,
    ask_sell_to_late_customer,
)


class SaleDialog(SaleItemsMixin, PlanFieldsMixin, QDialog):
    """Record a sale; nothing reaches the database until every field is right.

    From the keyboard alone: Enter on the customer picks her and goes to Peça; Enter in the
    price adds the item and starts a new line; Tab walks the fields once each (the date and
    the item list are left with one Tab); Enter on a focused button presses it; Ctrl+Enter
    saves; Esc with something typed asks before throwing it away. When she answers Cancelar
    to the late-customer question, the dialog stays with everything typed and says "Venda
    não salva".
    """

    def __init__(self, today: date, customer_id: int | None = None, parent=None):
        super().__init__(parent)
        self.today = today
        self.saved_sale_id: int | None = None
        self.result_info = None  # the SaleResult once saved
        self.setWindowTitle("Nova venda")
        self.items = SaleItemTableModel(self)
        self.preview = PlanPreviewTableModel(self)
        self.not_saved = message_label("warning", "saleNotSaved")  # after "Cancelar" below
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._customer_row(customer_id))
        columns = QHBoxLayout()  # side by side: the whole sale fits a 720p screen
        items = QVBoxLayout()
        items.addWidget(self._items_box(), 1)
        self.loyalty = LoyaltyDiscountBar(today)  # issue 12: the tier's discount, one click
        self.loyalty.changed.connect(self._update)
        items.addWidget(self.loyalty)
        columns.addLayout(items, 6)
        columns.addWidget(self._payment_box(), 5)
        layout.addLayout(columns, 1)
        self.overdue_warning = message_label("warning", "overdueWarning")
        layout.addWidget(self.overdue_warning)
        self.credit_label = ErrorLabel()
        self.credit_override = QCheckBox("Vender a prazo mesmo assim")
        self.credit_override.setObjectName("creditOverride")
        self.credit_override.hide()
        layout.addWidget(self.credit_label)
        layout.addWidget(self.credit_override)
        outer = QVBoxLayout(self)
        outer.addWidget(scrolling(body, "saleScroll"), 1)
        outer.addWidget(self.not_saved)  # beside the buttons
        outer.addLayout(self._buttons())
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        resize_to_fit(self, 1120, 600)
        if customer_id:
            self.picker.select_id(customer_id)
        self._update()
        (self.description if customer_id else self.picker.search).setFocus()

    # -- building -------------------------------------------------------------------------
    def _customer_row(self, customer_id: int | None) -> QGridLayout:
        grid = QGridLayout()
        self.picker = CustomerPicker.reading(self.today, self)  # on a worker
        self.picker.setObjectName("customerPicker")
        self.picker.chosen.connect(self._on_customer)
        self.summary = CustomerSummary()
        self.sale_date = DateEdit(self.today)
        self.sale_date.setObjectName("saleDate")
        self.customer_error, self.date_error = ErrorLabel(), ErrorLabel()
        grid.addWidget(QLabel("Cliente *"), 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.picker, 0, 1)
        grid.addWidget(QLabel("Data da venda"), 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.sale_date, 0, 3, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.summary, 1, 1)
        grid.addWidget(self.customer_error, 2, 1)
        grid.addWidget(self.date_error, 2, 3)
        grid.setColumnStretch(1, 1)
        return grid

    def _payment_box(self) -> QGroupBox:
        box = QGroupBox("Pagamento")
        column = QVBoxLayout(box)
        top = QHBoxLayout()
        self.cash = QRadioButton("À vista (pago agora)")
        self.cash.setObjectName("cashRadio")
        self.credit = QRadioButton("Na caderneta (parcelado)")
        self.credit.setObjectName("creditRadio")
        self.credit.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.cash)
        group.addButton(self.credit)
        self.cash.toggled.connect(self._update)
        self.method = QComboBox()
        self.method.setObjectName("methodCombo")
        for key, label in METHODS.items():
            self.method.addItem(label, key)
        self.method.setCurrentIndex(self.method.findData("pix"))
        self.method_label = QLabel("Forma da entrada")
        for widget in (self.cash, self.credit):
            top.addWidget(widget)
        top.addStretch(1)
        column.addLayout(top)
        method_row = QHBoxLayout()
        method_row.addWidget(self.method_label)
        method_row.addWidget(self.method, 1)
        column.addLayout(method_row)
        self.plan_area = QWidget()
        self.plan_area.setObjectName("planArea")
        grid = QGridLayout(self.plan_area)
        grid.setContentsMargins(0, 0, 0, 0)
        self._plan_fields(grid)
        column.addWidget(self.plan_area, 1)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        hint = set_role(QLabel("Enter no preço adiciona a peça · Ctrl+Enter salva a venda"),
                        "hint")
        row.addWidget(hint)
        row.addStretch(1)
        cancel = named_button("Cancelar", "cancelSaleButton", self.reject)
        self.save_button = set_primary(QPushButton("Salvar venda"))
        self.save_button.setObjectName("saveSaleButton")
        self.save_button.clicked.connect(self.save)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        return row

    # -- keys -----------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.save()
            elif isinstance(self.focusWidget(), QPushButton):
                self.focusWidget().click()  # the button she reached with Tab
            return  # a plain Enter in a field never presses a button here
        super().keyPressEvent(event)

    def has_typed(self) -> bool:
        return bool(self.items.rowCount() or self.description.text().strip()
                    or self.price.text().strip())

    def reject(self) -> None:
        """Esc or Cancelar: ask first when items were typed."""
        if self.has_typed() and not self.confirm_discard():
            return
        super().reject()

    def confirm_discard(self) -> bool:
        """Whether to throw the typed sale away (tests replace this question)."""
        return ask_discard_sale(self)

    def confirm_overdue(self, text: str) -> bool:
        """Whether to sell on credit to someone with late installments (tests replace this)."""
        return ask_sell_to_late_customer(self, text)

    # -- behaviour ------------------------------------------------------------------------
    def customer_id(self) -> int | None:
        return self.picker.customer_id()

    def _on_customer(self, customer_id) -> None:
        row = self.picker.customer
        self.summary.show_customer(row, standing_for(customer_id, self.today) if row else None)
        self.customer_error.show_error(None)
        self._update()
        if row is not None and self.focusWidget() is self.picker.search:
            self.description.setFocus()  # chosen: on to the first piece

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
        self.not_saved.hide()  # she changed the sale: that answer was about the one before
        credit_plan = self.credit.isChecked()
        is_custom = self.interval.currentData() == Interval.CUSTOM.value
        self.plan_area.setVisible(credit_plan)
        self.method_label.setText("Forma da entrada" if credit_plan else "Forma de pagamento")
        monthly = self.interval.currentData() == "monthly"
        for widget, shown in ((self.day, monthly), (self.day_label, monthly),
                              (self.custom, is_custom), (self.custom_label, is_custom)):
            widget.setVisible(shown)  # only what this interval uses
        self.first_due.setEnabled(not is_custom)
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
        self._update_overdue_warning()

    def overdue_text(self) -> str | None:
        """The warning for a credit sale to someone with late installments (None: no need)."""
        row = self.picker.customer
        if row is None or not row.overdue_cents or not self.credit.isChecked():
            return None
        since = f" desde {format_date(row.oldest_overdue)}" if row.oldest_overdue else ""
        return (f"Atenção: {row.name} tem {format_brl(row.overdue_cents)} em atraso{since}. "
                "Você pode vender a prazo mesmo assim; talvez valha combinar o atrasado antes.")

    def _update_overdue_warning(self) -> None:
        text = self.overdue_text()
        self.overdue_warning.setText(text or "")
        self.overdue_warning.setVisible(bool(text))

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
            self.customer_error.show_error(
                "Escolha a cliente: digite parte do nome e tecle Enter (ou cadastre-a antes).")
            self.picker.search.setFocus()
            return
        warning = self.overdue_text()
        self.not_saved.hide()
        if warning and not self.confirm_overdue(warning):
            self.not_saved.setText(
                "Venda não salva. Tudo o que você digitou continua aqui: para vender a prazo "
                "mesmo assim, salve de novo e escolha “Salvar a prazo”; ou mude para À vista.")
            self.not_saved.show()
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
           busy=self.save_button).success(self._saved).failure(
               validation_or_message(self, self._refused)).run()

    def _refused(self, exc: ValidationError) -> None:
        self._show_errors(exc.errors, confirm=isinstance(exc, NeedsConfirmation))

    def _saved(self, result) -> None:
        self.saved_sale_id = result.sale_id
        self.result_info = result
        self.accept()

    def _show_errors(self, errors: dict[str, str], confirm: bool = False) -> None:
        """Each problem next to its field; a credit limit or a blocked customer (a
        confirmation, not an error) shows "Vender a prazo mesmo assim"."""
        item_msgs = [m for k, m in errors.items() if k.startswith("item")]
        self.item_error.show_error(" ".join(item_msgs) or None)
        lines = [int(k[4:]) for k in errors if k[4:].isdigit() and k.startswith("item")]
        if lines:  # the line refused (not enough stock…) is the one chosen in the list
            self.items_table.selectRow(min(lines) - 1)
        self.date_error.show_error(errors.get("date"))
        self.plan_error.show_error(errors.get("plan") or errors.get("method")
                                   or errors.get("discount"))
        if confirm:
            self.credit_label.show_error(errors.get("credit"))
            self.credit_override.show()
