"""Painel: the day at a glance (clickable cards), the delinquency trend, the weeks ahead,
today's collections and shortcuts to the frequent actions.

Every figure is computed on a worker (``app.ui.kit.ops``), in three operations one after the
other — the cards' quick query, the charts, the count of Cobranças de hoje — so the page opens
at once and fills in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from app.services.collection.dashboard import (
    dashboard,
    delinquency_by_month,
    format_rate,
    receipts_by_week,
)
from app.services.core.changes import Topic
from app.services.core.dates import format_date, weekday_name
from app.services.core.money import format_brl
from app.ui.collection.dashboard_charts import ChartView
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.ops import Op
from app.ui.kit.style import set_role
from app.ui.kit.widgets import title_label
from app.ui.people.birthdays_panel import BirthdayCard


class Card(QPushButton):
    """A figure with its caption; a click opens the screen that explains it."""

    def __init__(self, title: str, target: str, tone: str = ""):
        super().__init__()
        self.target = target
        set_role(self, "dashboard_card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"Abrir {target}")
        self.setMinimumHeight(92)
        layout = QVBoxLayout(self)
        self.caption = QLabel(title)
        set_role(self.caption, "card_caption")
        self.value = QLabel("…")
        self.value.setProperty("tone", tone)
        set_role(self.value, "card_value")
        self.detail = QLabel()
        set_role(self.detail, "card_detail")
        for label in (self.caption, self.value, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.setAccessibleName(f"{self.caption.text()}: {value} {detail}".strip())


def _customers(n: int) -> str:
    return f"{n} cliente" + ("" if n == 1 else "s")


class DashboardPage(RefreshOnChange, QFrame):
    """Figures for today, two charts, Cobranças de hoje and the frequent actions."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.SETTINGS,
                         Topic.CONTACTS, Topic.AGREEMENTS, Topic.CONDITIONALS})

    new_sale = Signal()
    receive_payment = Signal()
    find_customer = Signal()
    open_page = Signal(str)  # "Em atraso", "Cobranças de hoje", "Clientes"

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        layout = QVBoxLayout(self)
        self.heading = title_label("Painel")
        layout.addWidget(self.heading)
        self._banners = QVBoxLayout()  # issue 9: backup and read-only notices
        layout.addLayout(self._banners)
        layout.addLayout(self._cards())
        layout.addLayout(self._worklist_row())
        self.birthday_card = BirthdayCard(today_fn)  # issue 12: aniversariantes
        layout.addWidget(self.birthday_card)
        charts = QHBoxLayout()
        self.rate_chart = ChartView("Inadimplência nos últimos 12 meses", "rateChart")
        self.weeks_chart = ChartView("A receber nas próximas 8 semanas", "weeksChart")
        charts.addWidget(self.rate_chart, 1)
        charts.addWidget(self.weeks_chart, 1)
        layout.addLayout(charts, 1)
        layout.addLayout(self._shortcuts())
        bus.changed.connect(self._on_changed)
        self.refresh()

    def add_banner(self, banner) -> None:
        """Show a notice under the title (backups failing, read-only file)."""
        self._banners.addWidget(banner)

    def _cards(self) -> QGridLayout:
        grid = QGridLayout()
        self.cards = {
            "receivable": Card("Total a receber", "Clientes"),
            "overdue": Card("Em atraso", "Em atraso", "error"),
            "received": Card("Recebido neste mês", "Clientes", "success"),
            "next_7": Card("A receber nos próximos 7 dias", "Cobranças de hoje"),
            "next_30": Card("A receber nos próximos 30 dias", "Clientes"),
            "rate": Card("Taxa de inadimplência do mês", "Em atraso", "error"),
        }
        for n, (key, card) in enumerate(self.cards.items()):
            card.setObjectName(f"{key}Card")
            card.clicked.connect(lambda _=False, c=card: self.open_page.emit(c.target))
            grid.addWidget(card, n // 3, n % 3)
        return grid

    def _worklist_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.worklist_label = QLabel("Cobranças de hoje: calculando…")
        self.worklist_label.setObjectName("worklistCount")
        set_role(self.worklist_label, "lead")
        button = QPushButton("Abrir Cobranças de hoje")
        button.setObjectName("openWorklistButton")
        button.clicked.connect(lambda: self.open_page.emit("Cobranças de hoje"))
        row.addWidget(self.worklist_label)
        row.addWidget(button)
        self.conditional_label = QLabel()  # issue 23: what is out on condicional, a link
        self.conditional_label.setObjectName("conditionalOut")
        self.conditional_label.setWordWrap(True)
        self.conditional_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                            | Qt.AlignmentFlag.AlignVCenter)
        self.conditional_label.setToolTip("Abrir Condicionais")
        self.conditional_label.linkActivated.connect(
            lambda _link: self.open_page.emit("Condicionais"))
        row.addWidget(self.conditional_label, 1)
        return row

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

    def refresh(self) -> None:
        """Ask the worker for today's figures: the cards first, then the charts and the
        count of Cobranças de hoje (the page never waits for the database)."""
        self._dirty = False
        today = self._today_fn()
        self.heading.setText(f"Painel — {weekday_name(today)}, {format_date(today)}")
        self._generation = getattr(self, "_generation", 0) + 1
        generation = self._generation
        # one after the other: three workers at once would only fight over the same cores
        Op(self, lambda _p: dashboard(today), write=False).success(
            lambda figures: self._show_cards(figures, today, generation)).run()
        self.birthday_card.refresh()  # issue 12 (its own read on a worker)

    def _show_cards(self, f, today, generation: int) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        Op(self, lambda _p: (delinquency_by_month(today), receipts_by_week(today)),
           write=False).success(lambda charts: self._show_charts(charts, today,
                                                                 generation)).run()
        self.cards["receivable"].set(format_brl(f.receivable_cents),
                                     f"{f.active_customers} clientes ativas")
        self.cards["overdue"].set(format_brl(f.overdue_cents), _customers(f.overdue_customers))
        self.cards["received"].set(format_brl(f.received_month_cents),
                                   f"de 01/{today.month:02d} até hoje")
        self.cards["next_7"].set(format_brl(f.next_7_cents),
                                 f"vence hoje: {format_brl(f.due_today_cents)}")
        self.cards["next_30"].set(format_brl(f.next_30_cents), "parcelas em aberto")
        self.cards["rate"].set(format_rate(f.month_rate_bp),
                               "do que já venceu, está em atraso")
        self._show_conditionals(f)

    def _show_conditionals(self, f) -> None:
        """"Em condicional: R$ 1.240,00 em 5 malinhas (2 atrasadas)" (issue 23)."""
        n = f.conditional_open
        word = "atrasada" if f.conditional_late == 1 else "atrasadas"
        late = f", {f.conditional_late} {word}" if f.conditional_late else ""
        self.conditional_label.setText(
            f"Em condicional: <a href='condicionais'><b>{format_brl(f.conditional_out_cents)}"
            f"</b></a> ({n} {'malinha' if n == 1 else 'malinhas'}{late})" if n else "")

    def _show_charts(self, charts, today, generation: int) -> None:
        if generation != self._generation:
            return
        self.rate_chart.show_rates(charts[0])
        self.weeks_chart.show_weeks(charts[1])
        Op(self, lambda _p: _worklist_count(today), write=False).success(
            lambda count: self._show_worklist(count, generation)).run()

    def _show_worklist(self, count: int, generation: int) -> None:
        if generation != self._generation:
            return
        self.worklist_label.setText(
            "Cobranças de hoje: nenhuma mensagem para enviar" if not count else
            f"Cobranças de hoje: <b>{count}</b> {'mensagem' if count == 1 else 'mensagens'} "
            "para enviar")


def _worklist_count(today) -> int:
    """Worker side: how many reminders Cobranças de hoje has for today."""
    from app.services.collection.worklist import todays_worklist
    from app.services.configuration.settings import load_settings

    return len(todays_worklist(today, load_settings()).entries)
