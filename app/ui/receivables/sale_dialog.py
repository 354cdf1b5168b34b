"""Nova venda: customer, items, entrada and installment plan with a live preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.dates import format_date
from app.services.core.errors import NeedsConfirmation, ValidationError
from app.services.core.money import format_brl
from app.services.people.standing import standing_for
from app.services.receivables.sales import create_sale
from app.ui.kit.customer_picker import CustomerPicker, CustomerSummary
from app.ui.kit.fitting import resize_to_fit, scrolling
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import DateEdit, ErrorLabel, message_label, named_button
from app.ui.receivables.loyalty_discount import LoyaltyDiscountBar
from app.ui.receivables.plan_form import PlanForm
from app.ui.receivables.sale_items import SaleItemsMixin
from app.ui.receivables.sale_parts import (
    SaleItemTableModel,
    ask_discard_sale,
    ask_sell_to_late_customer,
)


class SaleDialog(SaleItemsMixin, QDialog):
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
        self.not_saved = message_label("warning", "saleNotSaved")  # after "Cancelar" below
        body = QWidget()
        outer = QVBoxLayout(self)  # built from the dialog down (see ``_body``)
        outer.addWidget(scrolling(body, "saleScroll"), 1)
        outer.addWidget(self.not_saved)  # beside the buttons
        outer.addLayout(self._buttons())
        self._body(QVBoxLayout(body), customer_id)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        resize_to_fit(self, 1120, 600)
        if customer_id:
            self.picker.select_id(customer_id)
        self._update()
        (self.description if customer_id else self.picker.search).setFocus()

    # -- building -------------------------------------------------------------------------
    def _body(self, layout: QVBoxLayout, customer_id: int | None) -> None:
        """The dialog's contents, each part placed in the dialog as soon as it is made: a
        widget polished by the style sheet (shown, measured) is polished again each time it
        changes parent, so a part built apart and then placed, inside another part placed in
        turn, was styled up to four times (issue 18: ~30 ms of the opening)."""
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._customer_row(customer_id))
        columns = QHBoxLayout()  # side by side: the whole sale fits a 720p screen
        layout.addLayout(columns, 1)
        items = QVBoxLayout()
        columns.addLayout(items, 6)
        self._items_box(items)
        self.loyalty = LoyaltyDiscountBar(self.today)  # issue 12: the tier's discount
        self.loyalty.changed.connect(self._update)
        items.addWidget(self.loyalty)
        self._payment_box(columns)
        self.overdue_warning = message_label("warning", "overdueWarning")
        layout.addWidget(self.overdue_warning)
        layout.addWidget(self.plan_form.credit_label)
        layout.addWidget(self.plan_form.credit_override)

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

    def _payment_box(self, columns: QHBoxLayout) -> None:
        box = QGroupBox("Pagamento")
        columns.addWidget(box, 5)  # placed, then filled (see ``_body``)
        column = QVBoxLayout(box)
        self.plan_form = PlanForm(self.today, box)  # à vista or na caderneta, with the plan
        self.plan_form.changed.connect(self._update)
        column.addWidget(self.plan_form, 1)

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

    def done(self, result: int) -> None:
        """Closed (saved or not): the customers and the catalogue it read are let go now
        (``CustomerPicker.release``); the one chosen and ``result_info`` stay."""
        super().done(result)
        self.picker.release()
        self.piece_picker.release()

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

    def _update(self) -> None:
        self.not_saved.hide()  # she changed the sale: that answer was about the one before
        total = self.total_cents()
        self.loyalty.update_for(self.customer_id(), total)
        discount = self.loyalty.discount_cents(total)
        total -= discount
        self.total_label.setText(f"Total: {format_brl(total)}" + (
            f" (com desconto de {format_brl(discount)})" if discount else ""))
        self.plan_form.update_for(self.customer_id(), total)
        self._update_overdue_warning()

    def overdue_text(self) -> str | None:
        """The warning for a credit sale to someone with late installments (None: no need)."""
        row = self.picker.customer
        if row is None or not row.overdue_cents or not self.plan_form.is_credit():
            return None
        since = f" desde {format_date(row.oldest_overdue)}" if row.oldest_overdue else ""
        return (f"Atenção: {row.name} tem {format_brl(row.overdue_cents)} em atraso{since}. "
                "Você pode vender a prazo mesmo assim; talvez valha combinar o atrasado antes.")

    def _update_overdue_warning(self) -> None:
        text = self.overdue_text()
        self.overdue_warning.setText(text or "")
        self.overdue_warning.setVisible(bool(text))

    def save(self) -> None:
        """Save the sale in one transaction, or show what is wrong and keep everything typed."""
        for label in (self.customer_error, self.date_error, self.item_error):
            label.show_error(None)
        self.plan_form.show_error(None)
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
            plan, down = self.plan_form.terms()
        except ValueError as exc:
            self.plan_form.show_error(str(exc))
            return
        args = (cid, self.sale_date.value(), self.items.rows(), self.today, plan, down,
                self.plan_form.method_key())
        override = self.plan_form.credit_override.isChecked()
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
        self.plan_form.show_refusal(errors, confirm)
