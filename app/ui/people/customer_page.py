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
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.clock import noon_of
from app.services.br.documents import format_cpf
from app.services.collection.contacts import log_contact
from app.services.core.changes import Topic
from app.services.core.dates import format_date
from app.services.people.customers import remove_customer, set_archived, set_blocked
from app.ui.collection.pix_actions import pix_button
from app.ui.conditional.customer_tab import CustomerConditionalsTab
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.empty_state import EmptyOverlay
from app.ui.kit.fitting import flow_row
from app.ui.kit.ops import Op, Reader
from app.ui.kit.style import level_tabs
from app.ui.kit.tables.table_model import refill
from app.ui.kit.widgets import ask, named_button
from app.ui.people.customer_header import CustomerHeaderMixin
from app.ui.people.customer_payments_tab import PaymentsTabMixin
from app.ui.people.customer_read import CustomerRead, read_customer
from app.ui.people.customer_tables import (
    ContactTableModel,
    InstallmentTableModel,
    PaymentTableModel,
    SaleTableModel,
    sorted_table,
)
from app.ui.people.privacy_actions import privacy_button
from app.ui.pieces import sale_actions
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
        self.view: CustomerRead | None = None  # her page as last read
        self._opening = False
        self._build()
        self.reader = Reader(self)
        bus.changed.connect(self._on_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self._header(layout)
        layout.addWidget(self._actions())
        self.tabs = QTabWidget()
        level_tabs(self.tabs)
        self.installments_table = sorted_table(self.installments, "installmentsTable", 2,
                                               newest_first=False)
        self.sales_table = sorted_table(self.sales, "salesTable", 0)
        self.sales_box = QWidget()  # the sales and, under them, what she does with one
        QVBoxLayout(self.sales_box).addWidget(self.sales_table, 1)
        self.tabs.addTab(self.installments_table, "Parcelas")
        self.tabs.addTab(self.sales_box, "Vendas")
        self.payments_box = self._payments_tab()
        self.tabs.addTab(self.payments_box, "Pagamentos")
        self.data_label = QLabel()
        self.data_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.data_label.setMargin(12)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.data_label, "Dados")
        self.statement = QTextBrowser()
        self.statement.setObjectName("statement")
        self.statement.setHorizontalScrollBarPolicy(  # its 100% table is a pixel wider than
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the view at some sizes: no sideways bar
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
        sale_actions.install(self)  # issue 22: Devolução / troca, Cancelar venda

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
        Op(self, lambda _: log_contact(cid, "call", today, note=note, now=now)).run()

    def _actions(self) -> QWidget:
        """Her actions in one row that wraps on a narrow window: the daily ones first."""
        buttons = [named_button(text, name, slot) for text, name, slot in (
            ("Nova venda", "saleButton", lambda: self.new_sale.emit(self.customer_id)),
            ("Receber pagamento", "payButton", lambda: self.receive_payment.emit(self.customer_id)),
            ("Editar dados", "editButton", lambda: self.edit_customer.emit(self.customer_id)),
        )]
        self.pix_button = pix_button(self)
        self.block_button = named_button("", "blockButton", self._toggle_block)
        self.archive_button = named_button("", "archiveButton", self._archive)
        self.privacy_button = privacy_button(self)  # issue 10: LGPD export / anonymise
        return flow_row(*buttons, self.pix_button, print_menu_button(self), self.block_button,
                        self.archive_button, self.privacy_button, name="customerActions")

    # data ------------------------------------------------------------------------------
    def show_customer(self, customer_id: int) -> None:
        """Show her page: another customer's figures are cleared at once (never shown under
        her name), and hers painted when read; another customer's page opens on its first tab
        (Parcelas), not on the tab left open for the one before."""
        if customer_id != self.customer_id:
            self.tabs.setCurrentIndex(0)
            self._clear()
        self.customer_id = customer_id
        self._opening = True  # her installments scroll to the first one owed
        self.refresh()

    def refresh(self) -> None:
        """Read her page on a worker; paint it when it arrives (newest read wins)."""
        if self.customer_id is None:
            return
        self._dirty = False
        cid, today = self.customer_id, self._today_fn()
        self.reader.read(lambda _p: read_customer(cid, today),
                         lambda view: self._paint(view, today))

    def _clear(self) -> None:
        self.view = self.detail = None
        self.name_label.clear()
        self.info_label.clear()
        self.standing_badge.clear()
        self.block_suggestion.hide()
        self.rewards.clear()
        self._unfilled = {}
        for model in (self.installments, self.sales, self.payments, self.contacts,
                      self.conditionals_tab.model):
            model.unload()
        self.conditionals_tab.reader.drop()
        self.data_label.clear()
        self.statement.clear()

    def _paint(self, view: CustomerRead, today) -> None:
        first, self._opening = self._opening, False  # opened now, not a refresh of her page
        self.view, d = view, view.detail
        self.detail = d
        c = d.customer
        self._show_header(view, today)
        self.block_button.setText("Desbloquear fiado" if c.blocked else "Bloquear fiado")
        history = self._history = view.history  # malinhas too
        self.archive_button.setText("Reativar" if c.archived else
                                    "Arquivar" if history else "Excluir")
        if first:
            self.payment_feedback.clear()
        self._fill_tabs_later(view, first)

    def _fill_tabs_later(self, view: CustomerRead, first: bool) -> None:
        """The installments (what she owes; the Pix and print actions read them) are filled
        now; each other tab when it is chosen, so a customer with years of history opens as
        fast as a new one. A tab is filled from her newest read when it is chosen (never
        shown stale; another customer's rows were cleared when she was opened). On a refresh
        of her page each list keeps the row chosen in it and its scroll."""
        d = view.detail
        refill(self.installments_table, self.installments, d.installments, _id)
        if first:
            QTimer.singleShot(0, self.installments_table, self._show_first_open)  # laid out
        self._unfilled = {
            self.sales_box: lambda: refill(self.sales_table, self.sales, d.sales, _id),
            self.payments_box: lambda: refill(self.payments_table, self.payments, d.payments,
                                              _id),
            self.data_label: lambda: self.data_label.setText(self._data_text(d.customer)),
            self.statement: lambda: self.statement.setHtml(view.statement),
            self.contacts_box: lambda: refill(self.contacts_table, self.contacts,
                                              list(view.contacts), _id),
            self.conditionals_tab: lambda: self.conditionals_tab.show_for(d.customer.id),
        }
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
        if self.detail is None:  # her page is still being read
            return
        cid, blocked = self.customer_id, not self.detail.customer.blocked
        Op(self, lambda _: set_blocked(cid, blocked)).run()

    def _archive(self) -> None:
        if self.detail is None:  # her page is still being read
            return
        c = self.detail.customer
        if c.archived:
            Op(self, lambda _: set_archived(c.id, False)).run()
            return
        question = (f"Arquivar {c.name}? Ela some da lista, mas o histórico fica guardado."
                    if self._history
                    else f"Excluir {c.name}? Ela não tem compras nem pagamentos.")
        if not ask(self, "Cliente", question,
                   "&Arquivar" if self._history else "&Excluir"):  # Enter: Cancelar
            return
        Op(self, lambda _: remove_customer(c.id)).success(self._removed).run()

    def _removed(self, outcome: str) -> None:
        if outcome == "deleted":  # she is gone: her page is not read again (no "NotFound")
            self.reader.drop()
            self._clear()
            self.customer_id = None
            self.closed.emit()


def _id(row) -> int:
    """What tells a row of her lists across reads (installment, sale, payment, contact)."""
    return row.id
