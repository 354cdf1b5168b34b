"""Main window: navigation between the screens, status bar, shortcuts. It only wires."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.clock import noon_of
from app.models.db import database_path
from app.services.customers import list_customers
from app.services.dates import format_date
from app.services.first_run import needs_welcome
from app.services.settings import load_settings
from app.ui.agreements_page import AgreementsPage
from app.ui.customer_dialog import CustomerDialog
from app.ui.customer_page import CustomerPage
from app.ui.customer_picker import CustomerPickerDialog
from app.ui.customers_page import CustomersPage
from app.ui.dashboard_page import DashboardPage
from app.ui.fitting import resize_to_fit
from app.ui.icons import nav_icon
from app.ui.import_export_page import ImportExportPage
from app.ui.overdue_page import OverduePage
from app.ui.payment_dialog import PaymentDialog
from app.ui.reports_page import ReportsPage
from app.ui.sale_dialog import SaleDialog
from app.ui.settings_page import SettingsPage
from app.ui.welcome_dialog import WelcomeDialog
from app.ui.worklist_page import WorklistPage


# Screens not built yet; a built page takes its placeholder's place (see _build_pages).
class MainWindow(QMainWindow):
    """Navigation on the left, the current screen on the right."""

    def __init__(self, today_fn, parent=None, now_fn=None):
        super().__init__(parent)
        self.today_fn = today_fn
        self.now_fn = now_fn or (lambda: noon_of(today_fn()))
        self.read_only = False  # set by notices.apply_read_only
        self.setWindowTitle("Caderneta")
        resize_to_fit(self, 1240, 760)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(200)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self._build_pages()
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self._shortcuts()
        self.day_label = QLabel(f"Hoje: {format_date(today_fn())} · Arquivo: {database_path()}")
        self.day_label.setObjectName("dayLabel")
        self.statusBar().addPermanentWidget(self.day_label)  # stays after temporary messages

    def _add_page(self, name: str, page: QWidget, icon: str) -> None:
        """A page in the navigation: its title, and its icon named by code (a reworded title
        never loses its icon)."""
        self.pages[name] = page
        self.nav.addItem(QListWidgetItem(nav_icon(icon), name))
        self.stack.addWidget(page)

    def _build_pages(self) -> None:
        self.dashboard = DashboardPage(self.today_fn)
        self.dashboard.new_sale.connect(lambda: self.new_sale())
        self.dashboard.receive_payment.connect(lambda: self.receive_payment())
        self.dashboard.find_customer.connect(self.find_customer)
        self.dashboard.birthday_card.clicked.connect(self.show_birthdays)
        self.dashboard.open_page.connect(self.open_from_dashboard)
        self._add_page("Painel", self.dashboard, "painel")
        self.customers = CustomersPage(self.today_fn)
        self.customers.open_customer.connect(self.open_customer)
        self.customers.new_customer.connect(self.new_customer)
        self.customers.import_requested.connect(self.show_import)
        self.customer_page = CustomerPage(self.today_fn, now_fn=self.now_fn)
        self.customer_page.closed.connect(self.show_customer_list)
        self.customer_page.new_sale.connect(self.new_sale)
        self.customer_page.receive_payment.connect(self.receive_payment)
        self.customer_page.edit_customer.connect(self.edit_customer)
        self.customer_stack = QStackedWidget()
        self.customer_stack.addWidget(self.customers)
        self.customer_stack.addWidget(self.customer_page)
        self._add_page("Clientes", self.customer_stack, "clientes")
        self.worklist = WorklistPage(self.today_fn, now_fn=self.now_fn)
        self.worklist.open_customer.connect(self.open_customer)
        self.worklist.change_store_name.connect(self.edit_store_name)
        self.worklist.open_cadence.connect(
            lambda: self.show_settings_tab(self.settings.cadence_tab))
        self._add_page("Cobranças de hoje", self.worklist, "cobrancas")
        self.overdue = OverduePage(self.today_fn)
        self.overdue.open_customer.connect(self.open_customer)
        self._add_page("Em atraso", self.overdue, "atraso")
        self.agreements = AgreementsPage(self.today_fn)  # issue 12
        self.agreements.open_customer.connect(self.open_customer)
        self._add_page("Acordos", self.agreements, "acordos")
        self.reports = ReportsPage(self.today_fn)
        self._add_page("Relatórios", self.reports, "relatorios")
        self.import_export = ImportExportPage(self.today_fn, now_fn=self.now_fn)
        self._add_page("Importar/Exportar", self.import_export, "importar")
        self.settings = SettingsPage(self.today_fn)
        self.settings.backup_tab.restored.connect(self._after_restore)
        self._add_page("Configurações", self.settings, "configuracoes")

    def maybe_welcome(self) -> WelcomeDialog | None:
        """On a new database, open the welcome assistant (once; "Pular" counts as seen)."""
        if not needs_welcome(load_settings()):
            return None
        self.welcome = WelcomeDialog(self)
        self.welcome.finished.connect(self._after_welcome)
        self.welcome.open()  # modal over the window, without blocking start-up
        return self.welcome

    def _after_welcome(self) -> None:
        if self.welcome.wants_import:
            self.show_import()

    def show_import(self) -> None:
        """Importar/Exportar (where she brings her spreadsheet)."""
        if "Importar/Exportar" in self.pages:
            self.show_page("Importar/Exportar")

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+N", lambda: self.new_sale(self._current_customer())),
            ("Ctrl+R", lambda: self.receive_payment(self._current_customer())),
            ("Ctrl+F", self.find_customer),
            ("Ctrl+Shift+N", self.new_customer),
            ("Esc", self._escape),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot,
                      context=Qt.ShortcutContext.WindowShortcut)

    def show_settings_tab(self, tab: QWidget) -> None:
        self.show_page("Configurações")
        self.settings.tabs.setCurrentWidget(tab)

    def edit_store_name(self) -> None:
        self.show_page("Configurações")
        self.settings.tabs.setCurrentIndex(0)
        self.settings.store_inputs["store_name"].setFocus()
        self.settings.store_inputs["store_name"].selectAll()
    def show_birthdays(self) -> None:
        """Cobranças de hoje, on the Aniversariantes tab (issue 12)."""
        self.show_page("Cobranças de hoje")
        self.worklist.tabs.setCurrentWidget(self.worklist.birthdays)

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(name))

    def open_from_dashboard(self, name: str) -> None:
        """A Painel card was clicked: show the screen behind its figure."""
        if name == "Clientes":
            self.show_customer_list()
        self.show_page(name)

    def _current_customer(self) -> int | None:
        if self.stack.currentWidget() is self.customer_stack:
            if self.customer_stack.currentWidget() is self.customer_page:
                return self.customer_page.customer_id
            return self.customers.selected_customer_id()
        return None

    def _escape(self) -> None:
        if self.customer_stack.currentWidget() is self.customer_page:
            self.show_customer_list()

    def find_customer(self) -> None:
        self.show_page("Clientes")
        self.show_customer_list()
        self.customers.focus_search()

    def show_customer_list(self) -> None:
        self.customer_stack.setCurrentWidget(self.customers)

    def open_customer(self, customer_id: int) -> None:
        self.show_page("Clientes")
        self.customer_page.show_customer(customer_id)
        self.customer_stack.setCurrentWidget(self.customer_page)

    def new_customer(self) -> None:
        if self._refuse_read_only():
            return
        dialog = CustomerDialog(self.today_fn(), load_settings().default_ddd, parent=self)
        if dialog.exec():
            self.statusBar().showMessage("Cliente cadastrada.", 5000)
            self.open_customer(dialog.saved_id)

    def edit_customer(self, customer_id: int) -> None:
        if self._refuse_read_only():
            return
        dialog = CustomerDialog(self.today_fn(), load_settings().default_ddd, customer_id, self)
        if dialog.exec():
            self.statusBar().showMessage("Dados da cliente salvos.", 5000)

    def new_sale(self, customer_id: int | None = None) -> None:
        if self._refuse_read_only():
            return
        dialog = SaleDialog(self.today_fn(), customer_id, self)
        if dialog.exec():
            self.statusBar().showMessage("Venda registrada.", 5000)

    def receive_payment(self, customer_id: int | None = None) -> None:
        if self._refuse_read_only():
            return
        customer_id = customer_id or self._pick_owing_customer()
        if customer_id is None:
            return
        dialog = PaymentDialog(customer_id, self.today_fn(), self)
        if dialog.exec():
            self.statusBar().showMessage("Pagamento registrado.", 5000)

    def _after_restore(self) -> None:
        """The customer open before a restore may not exist in the copy: back to the list."""
        self.customer_page.customer_id = None
        self.show_customer_list()

    def _refuse_read_only(self) -> bool:
        if self.read_only:
            self.statusBar().showMessage(
                "Somente leitura: nada pode ser salvo neste arquivo (veja o aviso no Painel).",
                8000)
        return self.read_only

    def _pick_owing_customer(self) -> int | None:
        if not any(r.balance_cents > 0 for r in list_customers(self.today_fn())):
            self.statusBar().showMessage("Ninguém deve nada no momento.", 5000)
            return None
        dialog = CustomerPickerDialog(self.today_fn(), self, owing_only=True)
        return dialog.picked_id if dialog.exec() else None
