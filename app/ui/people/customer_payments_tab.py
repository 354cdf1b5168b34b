"""The customer page's "Pagamentos" tab: her payments, the receipt to copy and reversal."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QVBoxLayout, QWidget

from app.services.configuration.first_run import store_name_unconfirmed
from app.services.configuration.settings import load_settings
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.receivables.payments import receipt_text, reverse_payment
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.widgets import named_button
from app.ui.people.customer_tables import sorted_table


class PaymentsTabMixin:
    """Builds the tab and its actions for ``CustomerPage`` (``payments`` model and
    ``_now_fn`` come from the page)."""

    def _payments_tab(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.payments_table = sorted_table(self.payments, "paymentsTable", 0)
        layout.addWidget(self.payments_table, 1)
        row = QHBoxLayout()
        self.receipt_button = named_button("Copiar recibo", "receiptButton", self.copy_receipt)
        self.reverse_button = named_button("Estornar pagamento…", "reverseButton",
                                           self.reverse_selected)
        self.payment_feedback = QLabel()
        row.addWidget(self.receipt_button)
        row.addWidget(self.reverse_button)
        row.addWidget(self.payment_feedback, 1)
        layout.addLayout(row)
        return box

    def selected_payment(self):
        rows = self.payments_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.payments.row_at(rows[0].row())

    def copy_receipt(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            self.payment_feedback.setText("Escolha um pagamento na lista.")
            return
        Op(self, lambda _: _receipt(payment.id), write=False).success(self._receipt_copied).run()

    def _receipt_copied(self, receipt: tuple[str, str, bool]) -> None:
        text, store_name, unconfirmed = receipt
        QGuiApplication.clipboard().setText(text)
        self.payment_feedback.setText("Recibo copiado. Cole no WhatsApp da cliente." + (
            f" Atenção: ele vai assinado “{store_name}” — mude o nome da loja em "
            "Configurações → Loja." if unconfirmed else ""))

    def reverse_selected(self) -> None:
        payment = self.selected_payment()
        if payment is None or payment.reversed:
            self.payment_feedback.setText("Escolha um pagamento não estornado na lista.")
            return
        reason, ok = QInputDialog.getText(
            self, "Estornar pagamento",
            f"Estornar {format_brl(payment.amount_cents)} de {format_date(payment.payment_date)}?"
            "\nMotivo (fica no histórico):")
        if ok:
            self.reverse(payment.id, reason)

    def reverse(self, payment_id: int, reason: str) -> None:
        """Reverse a payment (on a worker); the result or the problem shows below the list."""
        now = self._now_fn()
        Op(self, lambda _: reverse_payment(payment_id, reason, now)).success(
            lambda _: self.payment_feedback.setText(
               "Pagamento estornado. O que ela pagou nos outros pagamentos foi reaplicado "
               "às parcelas mais antigas; veja na aba Parcelas.")).failure(
               validation_or_message(self, lambda exc: self.payment_feedback.setText(str(exc)))
           ).run()


def _receipt(payment_id: int) -> tuple[str, str, bool]:
    """Worker side: the receipt's text, the store name signing it, and whether she has still
    to confirm that name."""
    settings = load_settings()
    return (receipt_text(payment_id, settings.store_name, settings), settings.store_name,
            store_name_unconfirmed(settings))
