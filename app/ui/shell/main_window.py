"""Main window: navigation between the screens, status bar, shortcuts. It only wires.

Pages are built when first shown (or first asked for: ``window.customers`` builds Clientes),
so the window opens with the Painel alone and each screen's imports (reports, import, PDF,
spreadsheets) and first queries are paid when she opens it, not at start-up. A page built
later gets the window's read-only mode like the ones built before (``notices.page_built``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.clock import noon_of
from app.models.db import database_path
from app.services.core.dates import format_date
from app.ui.collection.dashboard_page import DashboardPage
from app.ui.kit.fitting import resize_to_fit
from app.ui.kit.icons import nav_icon
from app.ui.kit.widgets import ElidedLabel, let_go
from app.ui.shell.next_steps import NextStepsBar, offer_after_payment, offer_after_sale
from app.ui.shell.pages import CODES, PAGES

# Getting the pages' code ready after start-up, so a first click builds widgets and loads no
# code: the services (Qt-free, the layering tests hold it) and the libraries they load —
# openpyxl, the PDF and spreadsheet readers — are imported on a worker; the screens' modules,
# which define Qt classes, on the GUI thread, one module per turn of the event loop (each
# ≤ ~25 ms). Importing PySide6 classes on a worker while the GUI thread runs crashed the
# window start about one time in ten (a segfault in the drill's restarts).
SERVICE_PACKAGE, SCREEN_PACKAGE = "app.services", "app.ui"


def _modules_of(package: str) -> list[str]:
    """Every module of ``package``, in the order ``pkgutil`` walks them (packages first)."""
    import importlib
    import pkgutil

    root = importlib.import_module(package)
    return [found.name for found in pkgutil.walk_packages(root.__path__, f"{package}.")]


def _qt_class_steps() -> list:
    """PySide makes each Qt class, and the Python enums inside it, the first time it is
    used — some of them by the dozen (the classes derived from one): ~100 enums, 10–15 ms,
    on the first visit of Clientes and of Cobranças de hoje (issue 18). Made here instead,
    one class per step while she looks at the Painel after start-up (every class of QtGui
    and QtWidgets: ~90 ms in all, the longest step ~5 ms, shorter than any click; ~4 MB)."""
    from PySide6 import QtGui, QtWidgets

    return [lambda m=module, n=name: getattr(m, n)
            for module in (QtGui, QtWidgets) for name in dir(module) if name.startswith("Q")]


def _import_services(_progress) -> None:
    """Worker side of ``MainWindow.prepare_pages``: import the services."""
    import importlib

    for name in _modules_of(SERVICE_PACKAGE):
        importlib.import_module(name)


# page code → the method that builds it
BUILDERS = {
    "painel": "_build_dashboard",
    "clientes": "_build_customers",
    "cobrancas": "_build_worklist",
    "atraso": "_build_overdue",
    "acordos": "_build_agreements",
    "pecas": "_build_pieces",  # issue 22
    "condicionais": "_build_conditionals",  # issue 23
    "relatorios": "_build_reports",
    "importar": "_build_import_export",
    "configuracoes": "_build_settings",
}


class _Pages(Mapping):
    """Page code → page, in navigation order; a page is built the first time it is looked up."""

    def __init__(self, window: MainWindow):
        self._window = window

    def __getitem__(self, code: str) -> QWidget:
        return self._window.page(code)

    def __iter__(self) -> Iterator[str]:
        return iter(CODES)

    def __len__(self) -> int:
        return len(CODES)


def _page_attribute(code: str, attribute: str) -> property:
    """A window attribute (``window.settings``) that builds its page on first use."""

    def get(self):
        self.page(code)
        return self.__dict__[attribute]

    return property(get)


class MainWindow(QMainWindow):
    """Navigation on the left, the current screen on the right."""

    customers = _page_attribute("clientes", "customers")
    customer_stack = _page_attribute("clientes", "customer_stack")
    worklist = _page_attribute("cobrancas", "worklist")
    overdue = _page_attribute("atraso", "overdue")
    agreements = _page_attribute("acordos", "agreements")
    pieces = _page_attribute("pecas", "pieces")
    conditionals = _page_attribute("condicionais", "conditionals")
    reports = _page_attribute("relatorios", "reports")
    import_export = _page_attribute("importar", "import_export")
    settings = _page_attribute("configuracoes", "settings")

    def __init__(self, today_fn, parent=None, now_fn=None):
        super().__init__(parent)
        self.today_fn = today_fn
        self.now_fn = now_fn or (lambda: noon_of(today_fn()))
        self.read_only = False  # set by notices.apply_read_only
        self.checking = False  # the file's start-up check is running (startup_check)
        self.setWindowTitle("Caderneta")
        resize_to_fit(self, 1240, 760)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.pages = _Pages(self)
        self._built: dict[str, QWidget] = {}
        for page in PAGES:
            item = QListWidgetItem(nav_icon(page.code), page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.code)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # its place, until the page is built
        self.page("painel")
        self.next_steps = NextStepsBar()  # after a sale or a payment: what she does next
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        column = QVBoxLayout()
        column.addWidget(self.next_steps)
        column.addWidget(self.stack, 1)
        row.addLayout(column, 1)
        self.setCentralWidget(central)
        self.nav.setFixedWidth(self._nav_width())
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)
        self._shortcuts()
        self.day_label = ElidedLabel(f"Hoje: {format_date(today_fn())} · Arquivo: "
                                     f"{database_path()}")  # a long path never widens it
        self.day_label.setObjectName("dayLabel")
        self.statusBar().addPermanentWidget(self.day_label)  # stays after temporary messages

    def _nav_width(self) -> int:
        """As wide as the longest title with its icon (the pages keep the rest: at 125% on
        a 1366×768 laptop every logical pixel counts)."""
        self.nav.ensurePolished()  # the stylesheet's 14px font, not the default one
        metrics = self.nav.fontMetrics()
        widest = max(metrics.horizontalAdvance(page.title) for page in PAGES)
        return widest + self.nav.iconSize().width() + 48  # item padding, margins, the gap

    def page(self, code: str) -> QWidget:
        """The page ``code`` (``app.ui.shell.pages``), built now if it was not yet. The
        builders make each page a child of the stack from the start: a page the style sheet
        has polished while it was made is polished all over again when it changes parent
        (~8 ms of a first visit, issue 18)."""
        if code not in self._built:
            row = CODES.index(code)
            page = getattr(self, BUILDERS[code])()
            self._built[code] = page
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            from app.ui.shell.notices import page_built

            page_built(self, page)
        return self._built[code]

    def prepare_pages(self):
        """Import the code the other pages and dialogs are built from (after start-up: the
        window is already in use): the services on a worker, then the screens' modules on
        the GUI thread in small steps (module comment above), then PySide's classes
        (``_qt_class_steps``). Then the program's own objects (modules, classes, the window)
        are set aside from Python's garbage collector (``gc.freeze``): a full collection
        stops every thread, and at 20,000 customers one that walked them too took 60–80 ms;
        now it looks only at the data read since."""
        import importlib
        import sys

        from app.ui.kit import ops

        def screens(_result) -> None:
            names = [n for n in _modules_of(SCREEN_PACKAGE) if n not in sys.modules]
            ops.in_steps([lambda n=name: importlib.import_module(n) for name in names]
                         + _qt_class_steps(), done=gc.freeze)

        return (ops.Op(None, _import_services, write=False).success(screens)
                .failure(lambda _exc: None).run())  # ahead of time: a click imports again

    def built_pages(self) -> list[QWidget]:
        """The pages built so far (nothing is built by asking)."""
        return list(self._built.values())

    def _show_row(self, row: int) -> None:
        self.next_steps.hide()  # it spoke about the page she left
        if row >= 0:
            self.page(CODES[row])
            self.stack.setCurrentIndex(row)

    def _build_dashboard(self) -> QWidget:
        self.dashboard = DashboardPage(self.today_fn)
        self.dashboard.new_sale.connect(lambda: self.new_sale())
        self.dashboard.receive_payment.connect(lambda: self.receive_payment())
        self.dashboard.find_customer.connect(self.find_customer)
        self.dashboard.birthday_card.clicked.connect(self.show_birthdays)
        self.dashboard.open_page.connect(self.open_from_dashboard)
        return self.dashboard

    def _build_customers(self) -> QWidget:
        from app.ui.people.customers_page import CustomersPage

        stack = self.__dict__["customer_stack"] = QStackedWidget(self.stack)
        customers = self.__dict__["customers"] = CustomersPage(self.today_fn, stack)
        customers.open_customer.connect(self.open_customer)
        customers.new_customer.connect(self.new_customer)
        customers.import_requested.connect(self.show_import)
        stack.addWidget(customers)
        return stack

    @property
    def customer_page(self) -> QWidget:
        """Her page (Cliente), built the first time a customer is opened."""
        if "customer_page" not in self.__dict__:
            from app.ui.people.customer_page import CustomerPage
            from app.ui.shell.notices import page_built

            stack = self.customer_stack  # Clientes first: her page lives in its stack
            page = self.__dict__["customer_page"] = CustomerPage(self.today_fn, stack,
                                                                 now_fn=self.now_fn)
            page.closed.connect(self.show_customer_list)
            page.new_sale.connect(self.new_sale)
            page.new_conditional.connect(self.new_conditional)
            page.receive_payment.connect(self.receive_payment)
            page.edit_customer.connect(self.edit_customer)
            stack.addWidget(page)
            page_built(self, page)
        return self.__dict__["customer_page"]

    def _her_page_in_front(self) -> bool:
        """Her page is the screen in front (asking builds nothing)."""
        page = self.__dict__.get("customer_page")
        return (page is not None and self.stack.currentWidget() is self.customer_stack
                and self.customer_stack.currentWidget() is page)

    def _build_worklist(self) -> QWidget:
        from app.ui.collection.worklist_page import WorklistPage

        worklist = WorklistPage(self.today_fn, self.stack, now_fn=self.now_fn)
        self.__dict__["worklist"] = worklist
        worklist.open_customer.connect(self.open_customer)
        worklist.change_store_name.connect(self.edit_store_name)
        worklist.open_cadence.connect(lambda: self.show_settings_tab(self.settings.cadence_tab))
        return worklist

    def _build_overdue(self) -> QWidget:
        from app.ui.collection.overdue_page import OverduePage

        overdue = self.__dict__["overdue"] = OverduePage(self.today_fn, self.stack)
        overdue.open_customer.connect(self.open_customer)
        return overdue

    def _build_agreements(self) -> QWidget:
        from app.ui.negotiation.agreements_page import AgreementsPage

        agreements = self.__dict__["agreements"] = AgreementsPage(self.today_fn, self.stack)
        agreements.open_customer.connect(self.open_customer)
        return agreements

    def _build_pieces(self) -> QWidget:
        from app.ui.pieces.pieces_page import PiecesPage

        self.__dict__["pieces"] = PiecesPage(self.today_fn, self.stack)
        return self.__dict__["pieces"]

    def _build_conditionals(self) -> QWidget:
        from app.ui.conditional.conditionals_page import ConditionalsPage

        page = self.__dict__["conditionals"] = ConditionalsPage(self.today_fn, self.stack)
        page.open_customer.connect(self.open_customer)
        page.new_conditional.connect(lambda: self.new_conditional())
        return page

    def _build_reports(self) -> QWidget:
        from app.ui.reports.reports_page import ReportsPage

        self.__dict__["reports"] = ReportsPage(self.today_fn, self.stack)
        return self.__dict__["reports"]

    def _build_import_export(self) -> QWidget:
        from app.ui.spreadsheets.import_export_page import ImportExportPage

        page = ImportExportPage(self.today_fn, self.stack, now_fn=self.now_fn)
        self.__dict__["import_export"] = page
        return page

    def _build_settings(self) -> QWidget:
        from app.ui.configuration.settings_page import SettingsPage

        settings = self.__dict__["settings"] = SettingsPage(self.today_fn, self.stack)
        settings.backup_tab.restored.connect(self._after_restore)
        return settings

    def maybe_welcome(self):
        """On a new database, open the welcome assistant (once; "Pular" counts as seen)."""
        from app.services.configuration.first_run import needs_welcome
        from app.services.configuration.settings import load_settings
        from app.ui.shell.welcome_dialog import WelcomeDialog

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
        self.show_page("importar")

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
        self.show_page("configuracoes")
        self.settings.tabs.setCurrentWidget(tab)

    def edit_store_name(self) -> None:
        self.show_page("configuracoes")
        self.settings.tabs.setCurrentIndex(0)
        self.settings.store_inputs["store_name"].setFocus()
        self.settings.store_inputs["store_name"].selectAll()
    def show_birthdays(self) -> None:
        """Cobranças de hoje, on the Aniversariantes tab (issue 12)."""
        self.show_page("cobrancas")
        self.worklist.tabs.setCurrentWidget(self.worklist.birthdays_tab)

    def show_page(self, code: str) -> None:
        """Show the page ``code`` (``app.ui.shell.pages``: "clientes", "atraso"…)."""
        self.nav.setCurrentRow(CODES.index(code))

    def open_from_dashboard(self, code: str) -> None:
        """A Painel card was clicked: show the screen behind its figure."""
        if code == "clientes":
            self.show_customer_list()
        self.show_page(code)

    def _current_customer(self) -> int | None:
        if "clientes" in self._built and self.stack.currentWidget() is self.customer_stack:
            if self._her_page_in_front():
                return self.customer_page.customer_id
            return self.customers.selected_customer_id()
        return None

    def _escape(self) -> None:
        if self._her_page_in_front():
            self.show_customer_list()

    def find_customer(self) -> None:
        self.show_page("clientes")
        self.show_customer_list()
        self.customers.focus_search()

    def show_customer_list(self) -> None:
        self.customer_stack.setCurrentWidget(self.customers)

    def open_customer(self, customer_id: int) -> None:
        self.show_page("clientes")
        self.customer_page.show_customer(customer_id)
        self.customer_stack.setCurrentWidget(self.customer_page)

    def new_customer(self) -> None:
        from app.services.configuration.settings import load_settings
        from app.ui.people.customer_dialog import CustomerDialog

        if self._refuse_read_only():
            return
        dialog = CustomerDialog(self.today_fn(), load_settings().default_ddd, parent=self)
        saved = dialog.saved_id if dialog.exec() else None
        let_go(dialog)
        if saved is not None:
            self.statusBar().showMessage("Cliente cadastrada.", 5000)
            self.open_customer(saved)

    def edit_customer(self, customer_id: int) -> None:
        from app.services.configuration.settings import load_settings
        from app.ui.people.customer_dialog import CustomerDialog

        if self._refuse_read_only():
            return
        dialog = CustomerDialog(self.today_fn(), load_settings().default_ddd, customer_id, self)
        saved = dialog.exec()
        let_go(dialog)
        if saved:
            self.statusBar().showMessage("Dados da cliente salvos.", 5000)

    def new_sale(self, customer_id: int | None = None) -> None:
        from app.ui.receivables.sale_dialog import SaleDialog

        if self._refuse_read_only():
            return
        dialog = SaleDialog(self.today_fn(), customer_id, self)
        saved = dialog.exec()
        result = dialog.result_info
        name = dialog.picker.customer.name if saved else ""
        let_go(dialog)
        if saved:
            self.statusBar().showMessage("Venda registrada.", 5000)
            offer_after_sale(self, self.next_steps, result.sale_id, name,
                             len(result.installment_ids))

    def new_conditional(self, customer_id: int | None = None):
        """Nova condicional (issue 23), for the customer when given; returns the dialog."""
        from app.ui.conditional.conditional_dialog import ConditionalDialog

        if self._refuse_read_only():
            return None
        let_go(self.__dict__.get("conditional_dialog"))  # the one before, closed
        dialog = self.conditional_dialog = ConditionalDialog(self.today_fn(), customer_id, self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(
            "Condicional registrada." if dialog.saved_id else "", 5000))
        dialog.open()
        return dialog

    def receive_payment(self, customer_id: int | None = None) -> None:
        if self._refuse_read_only():
            return
        customer_id = customer_id or self._pick_owing_customer()
        if customer_id is None:
            return
        from app.ui.receivables.payment_dialog import PaymentDialog

        dialog = PaymentDialog(customer_id, self.today_fn(), self)
        saved = dialog.exec()
        if saved:
            result, name = dialog.result_info, dialog.detail.customer.name
            received = dialog.received_cents()
        let_go(dialog)
        if saved:
            self.statusBar().showMessage("Pagamento registrado.", 5000)
            offer_after_payment(self, self.next_steps, result.payment_id, name, received)

    def _after_restore(self) -> None:
        """The customer open before a restore may not exist in the copy: back to the list."""
        if "customer_page" not in self.__dict__:
            return
        self.customer_page.customer_id = None
        self.show_customer_list()

    def _refuse_read_only(self) -> bool:
        if self.read_only:
            self.statusBar().showMessage(
                "Somente leitura: nada pode ser salvo neste arquivo (veja o aviso no Painel).",
                8000)
        return self.read_only

    def _pick_owing_customer(self) -> int | None:
        """"De qual cliente?" among those who owe (read on a worker; when nobody owes, the
        dialog says so)."""
        from app.ui.kit.customer_picker import CustomerPickerDialog

        dialog = CustomerPickerDialog(self.today_fn(), self, owing_only=True)
        picked = dialog.picked_id if dialog.exec() else None
        let_go(dialog)
        return picked
