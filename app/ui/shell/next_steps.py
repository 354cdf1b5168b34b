"""The next step where she is: after a sale or a payment, what she usually does next.

After a sale: "Imprimir carnê" (on the caderneta) and "Copiar resumo para a cliente"; after a
payment: "Copiar recibo" and "Imprimir recibo". The strip sits above the page she is on and
goes when she closes it, moves to another page or does the next thing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.configuration.settings import load_settings
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.reports import ReportKind, ReportRequest
from app.ui.kit.fitting import flow_row
from app.ui.kit.style import set_role

Step = tuple[str, str, Callable[[], None]]  # caption, object name, what it does


class NextStepsBar(QFrame):
    """"Venda registrada para Ana: 3 parcelas.  [Imprimir carnê…] [Copiar resumo…]  ✕"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nextSteps")
        set_role(self, "next_steps")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 4, 4)
        self.label = QLabel()
        self.label.setObjectName("nextStepsText")
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.actions: QWidget | None = None
        self.close_button = QPushButton("Fechar")
        self.close_button.setObjectName("closeNextSteps")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.hide)
        row.addWidget(self.close_button)
        self.hide()

    def offer(self, text: str, steps: Sequence[Step]) -> None:
        """Say what was just done and show its next steps (replacing the ones before)."""
        layout = self.layout()
        if self.actions is not None:
            layout.removeWidget(self.actions)
            self.actions.deleteLater()
        buttons = []
        for caption, name, do in steps:
            button = QPushButton(caption)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(do)
            buttons.append(button)
        self.actions = flow_row(*buttons, name="nextStepsActions")
        layout.insertWidget(1, self.actions)
        self.label.setText(text)
        self.show()

    def say(self, text: str) -> None:
        """A word about the step just taken ("Resumo copiado…"), the buttons stay."""
        self.label.setText(text)


def _copy(bar: NextStepsBar, text: str, said: str) -> None:
    QGuiApplication.clipboard().setText(text)
    bar.say(said)


def _preview(window, request: ReportRequest) -> None:
    from app.ui.reports.print_actions import preview_request

    preview_request(window, request, window.today_fn())


def offer_after_sale(window, bar: NextStepsBar, sale_id: int, customer_name: str,
                     installments: int) -> None:
    """After a sale: its carnê (on the caderneta) and the summary to send her."""
    from app.services.receivables.sale_summary import sale_summary_text

    def copy_summary() -> None:
        settings = load_settings()
        _copy(bar, sale_summary_text(sale_id, settings.store_name, settings),
              f"Resumo da compra copiado: cole na conversa com {customer_name}.")

    steps: list[Step] = []
    if installments:
        steps.append(("Imprimir carnê…", "printCarneNext",
                      lambda: _preview(window, ReportRequest(ReportKind.CARNE, sale_id=sale_id))))
    steps.append(("Copiar resumo para a cliente", "copySaleSummary", copy_summary))
    how = f"na caderneta, em {plural(installments, 'parcela')}" if installments else "à vista"
    bar.offer(f"Venda registrada para {customer_name}, {how}.", steps)


def offer_after_payment(window, bar: NextStepsBar, payment_id: int, customer_name: str,
                        received_cents: int) -> None:
    """After a payment: the receipt, to copy into WhatsApp or to print."""
    from app.services.receivables.payments import receipt_text

    def copy_receipt() -> None:
        settings = load_settings()
        _copy(bar, receipt_text(payment_id, settings.store_name, settings),
              f"Recibo copiado: cole na conversa com {customer_name}.")

    bar.offer(f"Pagamento de {format_brl(received_cents)} registrado para {customer_name}.", [
        ("Copiar recibo", "copyReceiptNext", copy_receipt),
        ("Imprimir recibo…", "printReceiptNext",
         lambda: _preview(window, ReportRequest(ReportKind.RECEIPT, payment_id=payment_id))),
    ])
