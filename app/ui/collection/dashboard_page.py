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
    QWidget,
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
from app.services.core.text import plural
from app.ui.collection.dashboard_charts import ChartView
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.fitting import flow_row, scrolling
from app.ui.kit.ops import Reader
from app.ui.kit.style import coloured_span, set_flag, set_role
from app.ui.kit.widgets import title_label
from app.ui.people.birthdays_panel import BirthdayCard
from app.ui.shell.pages import page_title


class Card(QPushButton):
    """A figure with its caption; a click opens the screen that explains it (``target``: its
    page code, ``app.ui.shell.pages``)."""

    def __init__(self, title: str, target: str, tone: str = ""):
        super().__init__()
        self.target = target
        set_role(self, "dashboard_card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"Abrir {page_title(target)}")
        self.setMinimumHeight(80)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
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

    def set(self, value: str, detail: str = "", tone: str | None = None) -> None:
        """Show a figure; ``tone`` ("error", "success", "" for plain) when it depends on it."""
        self.value.setText(value)
        self.detail.setText(detail)
        if tone is not None and tone != self.value.property("tone"):
            set_flag(self.value, "tone", tone)
        self.setAccessibleName(f"{self.caption.text()}: {value} {detail}".strip())


def _customers(n: int) -> str:
    return plural(n, "cliente")


class DashboardPage(RefreshOnChange, QFrame):
    """Figures for today, two charts, Cobranças de hoje and the frequent actions."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.SETTINGS,
                         Topic.CONTACTS, Topic.AGREEMENTS, Topic.CONDITIONALS})

    new_sale = Signal()
    receive_payment = Signal()
    find_customer = Signal()
    open_page = Signal(str)  # a page code: "atraso", "cobrancas", "clientes"

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
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
        layout.addWidget(self._shortcuts())
        outer = QVBoxLayout(self)  # banners on a short screen scroll instead of cutting it
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, "dashboardScroll"))
        self.reader = Reader(self)
        bus.changed.connect(self._on_changed)
        self.refresh()

    def add_banner(self, banner) -> None:
        """Show a notice under the title (backups failing, read-only file)."""
        self._banners.addWidget(banner)

    def _cards(self) -> QGridLayout:
        grid = QGridLayout()
        self.cards = {
            "receivable": Card("Total a receber", "clientes"),
            "overdue": Card("Em atraso", "atraso", "error"),
            "received": Card("Recebido neste mês", "clientes", "success"),
            "next_7": Card("A receber nos próximos 7 dias", "cobrancas"),
            "next_30": Card("A receber nos próximos 30 dias", "clientes"),
            "rate": Card("Taxa de inadimplência do mês", "atraso", "error"),
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
        button.clicked.connect(lambda: self.open_page.emit("cobrancas"))
        row.addWidget(self.worklist_label)
        row.addWidget(button)
        self.conditional_label = QLabel()  # issue 23: what is out on condicional, a link
        self.conditional_label.setObjectName("conditionalOut")
        self.conditional_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                            | Qt.AlignmentFlag.AlignVCenter)
        self.conditional_label.setToolTip("Abrir Condicionais")
        self.conditional_label.linkActivated.connect(
            lambda _link: self.open_page.emit("condicionais"))
        row.addWidget(self.conditional_label, 1)
        return row

    def _shortcuts(self) -> QWidget:
        buttons = []
        for text, name, signal in (
                ("Nova venda  (Ctrl+N)", "newSaleShortcut", self.new_sale),
                ("Receber pagamento  (Ctrl+R)", "receivePaymentShortcut", self.receive_payment),
                ("Buscar cliente  (Ctrl+F)", "findCustomerShortcut", self.find_customer)):
            button = QPushButton(text)
            button.setObjectName(name)  # issue 9: read-only mode disables the writing ones
            button.setMinimumHeight(36)
            button.clicked.connect(signal)
            buttons.append(button)
        return flow_row(*buttons, name="dashboardShortcuts")

    def refresh(self) -> None:
        """Ask the worker for today's figures: the cards first, then the charts and the
        count of Cobranças de hoje (the page never waits for the database; a newer refresh
        overtakes an older one at any step)."""
        self._dirty = False
        today = self._today_fn()
        self.heading.setText(f"Painel — {weekday_name(today)}, {format_date(today)}")
        # one after the other: three workers at once would only fight over the same cores
        self.reader.read(lambda _p: dashboard(today),
                         lambda figures: self._show_cards(figures, today))
        self.birthday_card.refresh()  # issue 12 (its own read on a worker)

    def _show_cards(self, f, today) -> None:
        self.reader.follow(lambda _p: (delinquency_by_month(today), receipts_by_week(today)),
                           lambda charts: self._show_charts(charts, today))
        self.cards["receivable"].set(format_brl(f.receivable_cents),
                                     plural(f.active_customers, "cliente ativa",
                                            "clientes ativas"))
        self.cards["overdue"].set(format_brl(f.overdue_cents), _customers(f.overdue_customers),
                                  "error" if f.overdue_cents else "")  # nothing late: not red
        self.cards["received"].set(format_brl(f.received_month_cents),
                                   f"de 01/{today.month:02d} até hoje")
        self.cards["next_7"].set(format_brl(f.next_7_cents),
                                 f"vence hoje: {format_brl(f.due_today_cents)}")
        self.cards["next_30"].set(format_brl(f.next_30_cents), "parcelas em aberto")
        self.cards["rate"].set(format_rate(f.month_rate_bp),
                               "do que já venceu, está em atraso",
                               "error" if f.month_rate_bp else "")  # 0,0% is good news
        self._show_conditionals(f)

    def _show_conditionals(self, f) -> None:
        """"Em condicional: R$ 1.240,00" over "5 malinhas · 2 atrasadas" (issue 23): two
        whole lines, never one broken where the width happens to end."""
        n = f.conditional_open
        late = f" · {plural(f.conditional_late, 'atrasada')}" if f.conditional_late else ""
        self.conditional_label.setText(
            f"Em condicional: <a href='condicionais'><b>{format_brl(f.conditional_out_cents)}"
            f"</b></a><br>{coloured_span(plural(n, 'malinha') + late, 'muted')}" if n else "")

    def _show_charts(self, charts, today) -> None:
        self.rate_chart.show_rates(charts[0])
        self.weeks_chart.show_weeks(charts[1])
        self.reader.follow(lambda _p: _worklist_count(today), self._show_worklist)

    def _show_worklist(self, count: int) -> None:
        self.worklist_label.setText(
            "Cobranças de hoje: nenhuma mensagem para enviar" if not count else
            f"Cobranças de hoje: <b>{plural(count, 'mensagem', 'mensagens')}</b> para enviar")


def _worklist_count(today) -> int:
    """Worker side: how many reminders Cobranças de hoje has for today."""
    from app.services.collection.worklist import todays_worklist
    from app.services.configuration.settings import load_settings

    return len(todays_worklist(today, load_settings()).entries)
