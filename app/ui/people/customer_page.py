"""Cliente: one customer's data, sales, installments, payments, statement and actions.

The page is put together from parts: ``customer_header`` (name, standing, what she owes),
``customer_tables`` (the four lists), ``customer_payments_tab`` (receipt, reversal); the
contact log, the action row (block, archive; LGPD in ``privacy_actions``) live here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.clock import noon_of
from app.services.br.documents import format_cpf
from app.services.collection.contacts import list_contacts, log_contact
from app.services.configuration.settings import load_settings
from app.services.core.changes import Changes, Topic
from app.services.core.dates import format_date
from app.services.people.customers import (
    has_history,
    remove_customer,
    set_archived,
    set_blocked,
)
from app.services.receivables.statement import customer_detail, statement_html
from app.ui.collection.pix_actions import pix_button
from app.ui.conditional.customer_tab import CustomerConditionalsTab
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.empty_state import EmptyOverlay
from app.ui.kit.ops import Op
from app.ui.kit.widgets import named_button
from app.ui.people.customer_header import CustomerHeaderMixin
from app.ui.people.customer_payments_tab import PaymentsTabMixin
from app.ui.people.customer_tables import (
    ContactTableModel,
    InstallmentTableModel,
    PaymentTableModel,
    SaleTableModel,
    sorted_table,
)
from app.ui.people.privacy_actions import privacy_button
from app.ui.reports.print_actions import print_menu_button


class CustomerPage(CustomerHeaderMixin, PaymentsTabMixin, RefreshOnChange, QWidget):
    """Detail of one customer; asks the main window for dialogs through signals."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.CONTACTS,
                         Topic.AGREEMENTS, Topic.CONDITIONALS})

    new_sale = Signal(int)
    new_conditional = Signal(int)  # issue 23
    receive_payment = Signal(int)
    edit_customer = Signal(int)
    closed = Signal()

    def __init__(self, today_fn, parent=None, now_fn=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self._now_fn = now_fn or (lambda: noon_of(self._today_fn()))
        self.customer_id: int | None = None
        self.detail = None
        self._dirty = False
        self._unfilled: dict[QWidget, Callable[[], None]] = {}  # tab → how to fill it
        self.installments = InstallmentTableModel(self)
        self.sales = SaleTableModel(self)
        self.payments = PaymentTableModel(self)
        self.contacts = ContactTableModel(self)
        self.standing = None
        self._build()
        bus.changed.connect(self._on_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self._header(layout)
        layout.addLayout(self._actions())
        self.tabs = QTabWidget()
        self.installments_table = sorted_table(self.installments, "installmentsTable", 2,
                                               newest_first=False)
        self.sales_table = sorted_table(self.sales, "salesTable", 0)
        self.tabs.addTab(self.installments_table, "Parcelas")
        self.tabs.addTab(self.sales_table, "Vendas")
        self.payments_box = self._payments_tab()
        self.tabs.addTab(self.payments_box, "Pagamentos")
        self.data_label = QLabel()
        self.data_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.data_label.setMargin(12)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.data_label, "Dados")
        self.statement = QTextBrowser()
        self.statement.setObjectName("statement")
        self.tabs.addTab(self.statement, "Extrato")
        self.contacts_table = sorted_table(self.contacts, "contactsTable", 0)  # newest first
        self.contacts_box = self._contacts_tab()
        self.tabs.addTab(self.contacts_box, "Contatos")
        self.conditionals_tab = CustomerConditionalsTab(self._today_fn)  # issue 23
        self.conditionals_tab.new_conditional.connect(
            lambda: self.new_conditional.emit(self.customer_id))
        self.tabs.addTab(self.conditionals_tab, "Condicionais")
        self.tabs.currentChanged.connect(self._fill_current_tab)
        layout.addWidget(self.tabs, 1)
        self._empty_states()

    def _empty_states(self) -> None:
        sale = ("Nova venda", lambda: self.new_sale.emit(self.customer_id))
        pay = ("Receber pagamento", lambda: self.receive_payment.emit(self.customer_id))
        EmptyOverlay(self.installments_table, "Nenhuma parcela: ela ainda não comprou a prazo.",
                     (sale,))
        EmptyOverlay(self.sales_table, "Nenhuma compra registrada ainda.", (sale,))
        EmptyOverlay(self.payments_table, "Nenhum pagamento recebido ainda.", (pay,))
        EmptyOverlay(self.contacts_table, "Nenhum contato registrado. Lembretes copiados ou "
                     "enviados em Cobranças de hoje e ligações aparecem aqui.")

    def _contacts_tab(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.addWidget(self.contacts_table, 1)
        row = QHBoxLayout()
        row.addWidget(named_button("Registrar ligação…", "logCallButton", self._ask_call_note))
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _ask_call_note(self) -> None:
        note, ok = QInputDialog.getMultiLineText(
            self, "Registrar ligação", "O que foi conversado? (fica no histórico)")
        if ok:
            self.log_call(note)

    def log_call(self, note: str) -> None:
        """Write a phone call to her contact log; the open screens refresh."""
        cid, today, now = self.customer_id, self._today_fn(), self._now_fn()
        Op(self, lambda _: log_contact(cid, "call", today, note=note, now=now),
           changes=Changes.of(Topic.CONTACTS)).run()

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        buttons = (
            ("Nova venda", "saleButton", lambda: self.new_sale.emit(self.customer_id)),
            ("Receber pagamento", "payButton", lambda: self.receive_payment.emit(self.customer_id)),
            ("Editar dados", "editButton", lambda: self.edit_customer.emit(self.customer_id)),
        )
        for text, name, slot in buttons:
            row.addWidget(named_button(text, name, slot))
        self.pix_button = pix_button(self)
        row.addWidget(self.pix_button)
        row.addWidget(print_menu_button(self))
        row.addStretch(1)
        self.block_button = named_button("", "blockButton", self._toggle_block)
        row.addWidget(self.block_button)
        self.archive_button = named_button("", "archiveButton", self._archive)
        row.addWidget(self.archive_button)
        self.privacy_button = privacy_button(self)  # issue 10: LGPD export / anonymise
        row.addWidget(self.privacy_button)
        return row

    # data ------------------------------------------------------------------------------
    def show_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.refresh()

    def refresh(self) -> None:
        if self.customer_id is None:
            return
        self._dirty = False
        today, settings = self._today_fn(), load_settings()
        d = self.detail = customer_detail(self.customer_id, today)
        c = d.customer
        self._show_header(d, today, settings)
        self.block_button.setText("Desbloquear fiado" if c.blocked else "Bloquear fiado")
        history = self._history = bool(d.sales or d.payments) or has_history(c.id)  # malinhas too
        self.archive_button.setText("Reativar" if c.archived else
                                    "Arquivar" if history else "Excluir")
        self.payment_feedback.clear()
        self._fill_tabs_later(d, today, settings.store_name)

    def _fill_tabs_later(self, d, today, store_name: str) -> None:
        """The installments (what she owes; the Pix and print actions read them) are filled
        now; each other tab when it is chosen, so a customer with years of history opens as
        fast as a new one. A tab waiting to be chosen is emptied, never left stale."""
        cid = self.customer_id
        self.installments.set_rows(d.installments)
        QTimer.singleShot(0, self.installments_table, self._show_first_open)  # once laid out
        self._unfilled = {
            self.sales_table: lambda: self.sales.set_rows(d.sales),
            self.payments_box: lambda: self.payments.set_rows(d.payments),
            self.data_label: lambda: self.data_label.setText(self._data_text(d.customer)),
            self.statement: lambda: self.statement.setHtml(statement_html(d, store_name, today)),
            self.contacts_box: lambda: self.contacts.set_rows(list_contacts(cid)),
            self.conditionals_tab: lambda: self.conditionals_tab.show_for(cid),
        }
        for model in (self.sales, self.payments, self.contacts):
            if model.rowCount():
                model.set_rows([])
        self.data_label.clear()
        if not self.statement.document().isEmpty():
            self.statement.clear()
        self._fill_current_tab()

    def _show_first_open(self) -> None:
        """Scroll the installments so the oldest one still owed is the first in view: with
        years of paid carnês above it, what she owes would be out of sight."""
        rows = self.installments.rows()
        first = next((n for n, i in enumerate(rows) if i.open_cents > 0), None)
        if first is None:
            self.installments_table.scrollToTop()
            return
        self.installments_table.scrollTo(self.installments.index(first, 0),
                                         QAbstractItemView.ScrollHint.PositionAtTop)

    def _fill_current_tab(self) -> None:
        fill = self._unfilled.pop(self.tabs.currentWidget(), None)
        if fill is not None:
            fill()

    @staticmethod
    def _data_text(c) -> str:
        rows = [("Telefone", c.phone_display), ("E-mail", c.email),
                ("Canal preferido", c.channel_text), ("CPF", format_cpf(c.cpf)),
                ("Aniversário", format_date(c.birthday)), ("Endereço", c.address),
                ("Bairro", c.neighbourhood), ("Cidade", c.city), ("Observações", c.notes)]
        return "\n".join(f"{k}: {v or '—'}" for k, v in rows)

    # actions ---------------------------------------------------------------------------
    def _toggle_block(self) -> None:
        cid, blocked = self.customer_id, not self.detail.customer.blocked
        Op(self, lambda _: set_blocked(cid, blocked), changes=Changes.of(Topic.CUSTOMERS)).run()

    def _archive(self) -> None:
        c = self.detail.customer
        if c.archived:
            Op(self, lambda _: set_archived(c.id, False),
               changes=Changes.of(Topic.CUSTOMERS)).run()
            return
        question = (f"Arquivar {c.name}? Ela some da lista, mas o histórico fica guardado."
                    if self._history
                    else f"Excluir {c.name}? Ela não tem compras nem pagamentos.")
        answer = QMessageBox.question(self, "Cliente", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        Op(self, lambda _: remove_customer(c.id), changes=Changes.of(Topic.CUSTOMERS),
           ).success(self._removed).run()

    def _removed(self, outcome: str) -> None:
        if outcome == "deleted":
            self.closed.emit()
