"""Painel: the day at a glance, with shortcuts to the frequent actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services.dashboard import dashboard
from app.services.dates import WEEKDAYS_PT, format_date
from app.services.money import format_brl
from app.ui.birthdays_panel import BirthdayCard
from app.ui.bus import bus
from app.ui.widgets import title_label


class _Card(QFrame):
    def __init__(self, title: str, colour: str = "#333"):
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame { background: white; border-radius: 8px; }")
        layout = QVBoxLayout(self)
        caption = QLabel(title)
        caption.setStyleSheet("color: #666;")
        self.value = QLabel()
        self.value.setStyleSheet(f"font-size: 22px; font-weight: 600; color: {colour};")
        self.detail = QLabel()
        self.detail.setStyleSheet("color: #666; font-size: 11px;")
        for widget in (caption, self.value, self.detail):
            layout.addWidget(widget)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class DashboardPage(QFrame):
    """Figures for today and buttons for the frequent actions."""

    new_sale = Signal()
    receive_payment = Signal()
    find_customer = Signal()

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        layout = QVBoxLayout(self)
        self.heading = title_label("Painel")
        layout.addWidget(self.heading)
        self._banners = QVBoxLayout()  # issue 9: backup and read-only notices
        layout.addLayout(self._banners)
        grid = QGridLayout()
        self.cards = {
            "receivable": _Card("A receber"),
            "overdue": _Card("Em atraso", "#b3261e"),
            "today": _Card("Vence hoje", "#a15c00"),
            "week": _Card("Vence nos próximos 7 dias"),
            "received": _Card("Recebido neste mês", "#1b7f3b"),
            "customers": _Card("Clientes ativas"),
        }
        for n, card in enumerate(self.cards.values()):
            grid.addWidget(card, n // 3, n % 3)
        layout.addLayout(grid)
        self.birthday_card = BirthdayCard(today_fn)  # issue 12: aniversariantes
        layout.addWidget(self.birthday_card)
        layout.addLayout(self._shortcuts())
        layout.addStretch(1)
        bus.changed.connect(self._on_changed)
        self.refresh()

    def add_banner(self, banner) -> None:
        """Show a notice under the title (backups failing, read-only file)."""
        self._banners.addWidget(banner)

    def _shortcuts(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, name, signal in (
                ("Nova venda  (Ctrl+N)", "newSaleShortcut", self.new_sale),
                ("Receber pagamento  (Ctrl+R)", "receivePaymentShortcut", self.receive_payment),
                ("Buscar cliente  (Ctrl+F)", "findCustomerShortcut", self.find_customer)):
            button = QPushButton(text)
            button.setObjectName(name)  # issue 9: read-only mode disables the writing ones
            button.setMinimumHeight(40)
            button.clicked.connect(signal)
            row.addWidget(button)
        row.setAlignment(Qt.AlignmentFlag.AlignLeft)
        return row

    def _on_changed(self, _changed: set) -> None:
        self.refresh()

    def refresh(self) -> None:
        today = self._today_fn()
        f = dashboard(today)
        weekday = WEEKDAYS_PT[today.weekday()]
        self.heading.setText(f"Painel — {weekday}, {format_date(today)}")
        plural = lambda n: f"{n} cliente" + ("" if n == 1 else "s")  # noqa: E731
        self.cards["receivable"].set(format_brl(f.receivable_cents))
        self.cards["overdue"].set(format_brl(f.overdue_cents), plural(f.overdue_customers))
        self.cards["today"].set(format_brl(f.due_today_cents), plural(f.due_today_customers))
        self.cards["week"].set(format_brl(f.due_week_cents))
        self.cards["received"].set(format_brl(f.received_month_cents))
        self.cards["customers"].set(str(f.active_customers))
        self.birthday_card.refresh()
