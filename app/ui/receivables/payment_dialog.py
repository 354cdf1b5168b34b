"""Receber pagamento: amount, date, method; pays the oldest installment unless some are ticked.

Multa and juros are computed by the payment service for the payment's date; the dialog shows
them (the amount asked already includes them) and offers one switch to waive them (the payment
service records the waiver). The amount suggested is what she is asked today (``asked``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.services.configuration.settings import load_settings
from app.services.core.dates import format_date
from app.services.core.errors import CreditConfirmation, ValidationError
from app.services.core.money import format_brl
from app.services.negotiation.agreements import pay_first
from app.services.receivables.asked import asked_today
from app.services.receivables.fees import fees_enabled, with_fees_text
from app.services.receivables.payments import METHODS, preview_payment, record_payment
from app.services.receivables.statement import customer_detail
from app.ui.kit.fitting import resize_to_fit
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import coloured_span, set_primary, set_role
from app.ui.kit.tables.table_model import CheckableRowModel, Column
from app.ui.kit.widgets import DateEdit, FieldForm, MoneyEdit, fit_columns
from app.ui.receivables.discount_line import EarlyDiscountLine


class OpenInstallmentTableModel(CheckableRowModel):
    """Open installments with a tick box in the first column."""

    COLUMNS = (
        Column("Pagar", lambda i: ""),
        Column("Parcela", lambda i: i.name, stretch=True),  # "Biquíni 1/4"
        Column("Vencimento", lambda i: format_date(i.due_date)),
        Column("Situação", lambda i: i.state.label),
        Column("Em aberto", lambda i: format_brl(i.open_cents), align_right=True),
    )

    def row_key(self, row):
        return row.id


class PaymentDialog(QDialog):
    """Record money received from one customer."""

    def __init__(self, customer_id: int, today: date, parent=None):
        super().__init__(parent)
        self.customer_id = customer_id
        self.today = today
        self.result_info = None
        detail = customer_detail(customer_id, today)
        self.detail = detail
        self.settings = load_settings()
        self.fees_on = fees_enabled(self.settings)
        self.asked = asked_today(customer_id, today, self.settings)
        self.setWindowTitle(f"Receber pagamento — {detail.customer.name}")
        resize_to_fit(self, 780, 600)
        layout = QVBoxLayout(self)
        summary = QLabel(self._summary_text())
        summary.setObjectName("summaryLabel")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.model = OpenInstallmentTableModel(self)
        self.model.set_rows(detail.open_installments)
        self.table = QTableView()
        self.table.setObjectName("openInstallments")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the amount
        fit_columns(self.table)
        layout.addWidget(self.table, 1)
        hint = QLabel("Sem marcar nenhuma, o valor paga a parcela mais antiga primeiro.")
        set_role(hint, "hint")
        layout.addWidget(hint)
        self.agreement_hint = QLabel()
        self.agreement_hint.setObjectName("agreementFirstLabel")
        self.agreement_hint.setWordWrap(True)
        set_role(self.agreement_hint, "caution")
        layout.addWidget(self.agreement_hint)
        self._propose_agreement()
        layout.addLayout(self._form())
        self.allocation_label = QLabel()
        self.allocation_label.setObjectName("allocationLabel")
        self.allocation_label.setWordWrap(True)
        layout.addWidget(self.allocation_label)
        self.credit_ok = QCheckBox("Guardar a diferença como crédito da cliente")
        self.credit_ok.setObjectName("creditCheck")
        self.credit_ok.hide()
        layout.addWidget(self.credit_ok)
        self._fees_box(layout)
        self.discount_line = EarlyDiscountLine(customer_id)  # issue 12
        self.discount_line.toggled.connect(self._preview)
        layout.addWidget(self.discount_line)
        layout.addLayout(self._buttons())
        self.model.dataChanged.connect(self._preview)
        self.amount.textChanged.connect(self._preview)
        self.date.dateChanged.connect(self._preview)
        self._prefill()
        self._preview()
        self.amount.setFocus()
        self.amount.selectAll()

    def _propose_agreement(self) -> None:
        """Issue 19: an agreement installment due today or late is ticked first, and the
        dialog says so, so that her money keeps the agreement instead of paying an older
        purchase outside it (she can untick it)."""
        due = pay_first(self.detail.open_installments, self.today)
        self.agreement_first = due
        self.model.checked = {i.id for i in due}
        self.agreement_hint.setVisible(bool(due))
        if due:
            names = "; ".join(f"{i.name}, {format_date(i.due_date)}" for i in due)
            which = "a parcela do acordo" if len(due) == 1 else "cada parcela do acordo"
            self.agreement_hint.setText(
                f"Marcada primeiro {which} que vence hoje ou já venceu ({names}): o pagamento "
                "vai primeiro para o acordo, para ele não quebrar. Desmarque se ela quis pagar "
                "outra parcela.")

    def _fees_box(self, layout) -> None:
        """Multa and juros the payment service charges on the late part this payment covers,
        as of the payment's date; here they are only shown, and may be waived."""
        self.preview = None
        self.fees_label = QLabel()
        self.fees_label.setObjectName("feesLabel")
        self.fees_label.setWordWrap(True)
        set_role(self.fees_label, "caution")
        self.waive_fees = QCheckBox("Dispensar multa e juros deste pagamento")
        self.waive_fees.setObjectName("waiveFeesCheck")
        self.waive_fees.toggled.connect(self._waive_toggled)
        layout.addWidget(self.fees_label)
        layout.addWidget(self.waive_fees)
        self.fees_label.hide()
        self.waive_fees.setVisible(self.fees_on and bool(self.asked.late))

    def _update_fees(self) -> None:
        p = self.preview
        has = self.fees_on and p is not None and (p.fee_cents > 0 or self.waive_fees.isChecked())
        self.fees_label.setVisible(bool(has))
        if not has:
            return
        when = format_date(self.date.value())
        if self.waive_fees.isChecked():
            self.fees_label.setText("Multa e juros dispensados neste pagamento: o valor recebido "
                                    "paga só as parcelas.")
            return
        self.fees_label.setText(
            f"Inclui multa {format_brl(p.late_fee_cents)} + juros {format_brl(p.interest_cents)}"
            f" (atraso até {when}) sobre {format_brl(p.principal_cents)} de parcelas. "
            "Para não cobrar, marque “Dispensar” abaixo.")

    def charge_fees(self) -> bool:
        """Fees are charged unless they are off or she waived them."""
        return self.fees_on and not self.waive_fees.isChecked()

    def asked_cents(self) -> int:
        """The one figure asked of her today (``asked``: an agreement installment due today
        included), without multa and juros when she waives them."""
        return self.asked.total_cents if self.charge_fees() else self.asked.waived_cents

    def _waive_toggled(self) -> None:
        if self.amount.text() == self._prefilled:
            self._prefill()
        self._preview()

    def _summary_text(self) -> str:
        d = self.detail
        parts = [f"<b>{d.customer.name}</b> deve {format_brl(d.balance_cents)}"]
        late = self.asked.late
        if late:
            shown = with_fees_text(sum(i.total_cents for i in late),
                                   sum(i.fee_cents for i in late))
            parts.append(coloured_span(f"em atraso {shown}", "error"))
        if d.credit_cents:
            parts.append(f"crédito {format_brl(d.credit_cents)}")
        return " · ".join(parts)

    def _form(self) -> FieldForm:
        self.form = FieldForm()
        self.amount = self.form.add("amount", "Valor recebido (R$) *", MoneyEdit())
        self.amount.setObjectName("amountEdit")
        self.date = self.form.add("date", "Data", DateEdit(self.today))
        self.date.setObjectName("paymentDate")
        self.method = QComboBox()
        self.method.setObjectName("methodCombo")
        for key, label in METHODS.items():
            self.method.addItem(label, key)
        self.form.add("method", "Forma de pagamento", self.method)
        self.note = self.form.add("note", "Observação", QLineEdit())
        self.note.setObjectName("noteEdit")
        return self.form

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton("Cancelar")
        cancel.clicked.connect(self.reject)
        self.save_button = set_primary(QPushButton("Registrar pagamento"))
        self.save_button.setObjectName("savePaymentButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        return row

    def _prefill(self) -> None:
        cents = self.asked_cents()
        if cents:
            self.amount.set_cents(cents)
        self._prefilled = self.amount.text()

    def _preview(self) -> None:
        try:
            cents = self.amount.cents()
        except ValueError:
            self.allocation_label.setText("")
            self.preview = None
            self._update_fees()
            return
        self.discount_line.update_for(cents, self.date.value(), self.model.checked_ids())  # #12
        self.preview = preview_payment(self.customer_id, cents, self.date.value(),
                                       self.model.checked_ids(), charge_fees=self.charge_fees(),
                                       settings=self.settings,
                                       discounts=self.discount_line.granted())
        self._update_fees()
        names = {i.id: f"{i.name} ({format_date(i.due_date)})"
                 for i in self.detail.installments}
        parts = [f"{names[i]}: {format_brl(c)}" for i, c in self.preview.allocations]
        text = "Vai pagar " + "; ".join(parts) if parts else "Nenhuma parcela em aberto."
        if self.preview.fee_cents:
            text += f"; multa e juros: {format_brl(self.preview.fee_cents)}"
        if self.preview.credit_cents > 0:
            text += (f". Sobram {format_brl(self.preview.credit_cents)}, que viram crédito "
                     "da cliente.")
        self.allocation_label.setText(text)
        self.credit_ok.setVisible(self.preview.credit_cents > 0)

    def save(self) -> None:
        """Record the payment or show what is wrong next to the field; typing is kept."""
        self.form.clear_errors()
        try:
            cents = self.amount.cents()
        except ValueError as exc:
            self.form.show_errors({"amount": str(exc)})
            return
        note = self.note.text().strip()  # a waiver is noted by record_payment itself
        args = (self.customer_id, cents, self.date.value(), self.method.currentData(),
                self.today, note, self.model.checked_ids())
        options = {"accept_credit": self.credit_ok.isChecked(),
                   "charge_fees": self.charge_fees(), "settings": self.settings,
                   "early_discount": self.discount_line.wanted()}  # issue 12
        Op(self, lambda _: record_payment(*args, **options),
           busy=self.save_button,
           ).success(self._saved).failure(validation_or_message(self, self._refused)).run()

    def _saved(self, result) -> None:
        self.result_info = result
        self.accept()

    def received_cents(self) -> int:
        """What she handed over with the payment just recorded: the amount typed."""
        try:
            return self.amount.cents()
        except ValueError:
            return 0

    def _refused(self, exc: ValidationError) -> None:
        if isinstance(exc, CreditConfirmation):
            self.credit_ok.show()
        self.form.show_errors(exc.errors)
