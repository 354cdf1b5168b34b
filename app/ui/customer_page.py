"""Cliente: one customer's data, sales, installments, payments, statement and actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.clock import noon_of
from app.services.changes import Changes, Topic
from app.services.contacts import list_contacts, log_contact
from app.services.customers import remove_customer, set_archived, set_blocked
from app.services.dates import format_date
from app.services.documents import format_cpf
from app.services.fees import customer_fees, with_fees_text
from app.services.first_run import store_name_unconfirmed
from app.services.installments import Status, installment_label
from app.services.money import format_brl
from app.services.payments import receipt_text, reverse_payment
from app.services.settings import load_settings
from app.services.standing import standing_for
from app.services.statement import customer_detail, statement_html
from app.ui.bus import RefreshOnChange, bus
from app.ui.customer_rewards import CustomerRewardsBar
from app.ui.empty_state import EmptyOverlay
from app.ui.ops import Op, validation_or_message
from app.ui.pix_actions import pix_button
from app.ui.print_actions import print_menu_button
from app.ui.privacy_actions import privacy_button
from app.ui.style import (
    FOREGROUND_ERROR,
    FOREGROUND_MUTED,
    FOREGROUND_SUCCESS,
    coloured_span,
    set_role,
    set_standing,
)
from app.ui.table_model import Column, RowTableModel, SourceSortProxy
from app.ui.widgets import row_table

RED, GREEN, GREY = FOREGROUND_ERROR, FOREGROUND_SUCCESS, FOREGROUND_MUTED
STATUS_COLOURS = {Status.PAID: GREEN, Status.OVERDUE: RED, Status.RENEGOTIATED: GREY}


def _status_colour(inst):
    if inst.state.days_late > 0:
        return RED
    return STATUS_COLOURS.get(inst.state.status)


def _own(sale) -> int:
    """The sale's own installments (an agreement's ones hang on it too: issue 12)."""
    return sum(1 for i in sale.installments if not i.agreement_id)


class InstallmentTableModel(RowTableModel):
    COLUMNS = (
        Column("Compra", lambda i: i.sale_label, sort=lambda i: (i.sale_label, i.number),
               stretch=True),
        Column("Parcela", lambda i: installment_label(i.number, i.count),
               sort=lambda i: i.number),
        Column("Vencimento", lambda i: format_date(i.due_date),
               sort=lambda i: i.due_date.toordinal()),
        Column("Valor", lambda i: format_brl(i.amount_cents), sort=lambda i: i.amount_cents,
               align_right=True),
        Column("Pago", lambda i: format_brl(i.paid_cents), sort=lambda i: i.paid_cents,
               align_right=True),
        Column("Em aberto", lambda i: format_brl(i.open_cents), sort=lambda i: i.open_cents,
               align_right=True),
        Column("Situação", lambda i: i.state.label, sort=lambda i: i.state.days_late,
               foreground=_status_colour),
    )


class SaleTableModel(RowTableModel):
    COLUMNS = (
        Column("Data", lambda s: format_date(s.sale_date), sort=lambda s: s.sale_date.toordinal()),
        Column("Itens", lambda s: s.summary, stretch=True,
               tooltip=lambda s: "\n".join(
                   f"{i.quantity}× {i.description} {i.variant} — {format_brl(i.unit_price_cents)}"
                   for i in s.items)),
        Column("Total", lambda s: format_brl(s.total_cents), sort=lambda s: s.total_cents,
               align_right=True),
        Column("Entrada", lambda s: format_brl(s.down_payment_cents) if s.down_payment_cents
               else "—", sort=lambda s: s.down_payment_cents, align_right=True),
        Column("Parcelas", lambda s: f"{_own(s)}x" if _own(s) else "à vista", sort=_own),
    )


def _paid_what(p) -> str:
    if p.kind == "down_payment":
        return "Entrada"
    if not p.allocations:
        return "Crédito da cliente"
    return ", ".join(p.paid_names) or ", ".join(f"{n}/{c}" for _, n, c, _ in p.allocations)


class PaymentTableModel(RowTableModel):
    COLUMNS = (
        Column("Data", lambda p: format_date(p.payment_date),
               sort=lambda p: (p.payment_date.toordinal(), p.id)),
        Column("Valor", lambda p: format_brl(p.amount_cents) + (
            f" + {format_brl(p.fee_cents)} multa/juros" if p.fee_cents else ""),
               sort=lambda p: p.amount_cents + p.fee_cents,
               align_right=True),
        Column("Forma", lambda p: p.method_label),
        Column("Pagou parcelas", _paid_what, stretch=True),
        Column("Situação", lambda p: f"Estornado: {p.reversal_reason}" if p.reversed else "",
               foreground=lambda p: GREY if p.reversed else None),
    )


def _first_line(c) -> str:
    text = (c.text or c.note or "").strip()
    first = text.split("\n", 1)[0]
    return first + ("…" if "\n" in text else "")


def _full_text(c) -> str:
    text = (c.text or "").strip()
    if c.note and c.note not in text:
        text = f"{text}\n\nNota: {c.note}" if text else c.note
    return text


class ContactTableModel(RowTableModel):
    """Her contact history (newest first, as the service lists it)."""

    COLUMNS = (
        Column("Data", lambda c: format_date(c.contact_date),
               sort=lambda c: (c.contact_date.toordinal(), c.id)),
        Column("Ação", lambda c: c.action_label),
        Column("Etapa", lambda c: c.stage_name or "—"),
        Column("Canal", lambda c: c.channel_label or "—"),
        Column("Mensagem/nota", _first_line, tooltip=_full_text, stretch=True),
    )



def _table(model, name: str) -> QTableView:
    proxy = SourceSortProxy(model)
    proxy.setSourceModel(model)
    return row_table(proxy, name)


class CustomerPage(RefreshOnChange, QWidget):
    """Detail of one customer; asks the main window for dialogs through signals."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.CONTACTS,
                         Topic.AGREEMENTS})

    new_sale = Signal(int)
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
        self.installments = InstallmentTableModel(self)
        self.sales = SaleTableModel(self)
        self.payments = PaymentTableModel(self)
        self.contacts = ContactTableModel(self)
        self.standing = None
        self._build()
        bus.changed.connect(self._on_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        back = QPushButton("← Clientes")
        back.clicked.connect(self.closed)
        top.addWidget(back)
        self.name_label = QLabel()
        self.name_label.setObjectName("customerName")
        set_role(self.name_label, "title")
        top.addWidget(self.name_label)
        self.standing_badge = QLabel()
        self.standing_badge.setObjectName("standingBadge")
        top.addWidget(self.standing_badge)
        self.rewards = CustomerRewardsBar(self._today_fn)  # issue 12: tier, acordo
        top.addWidget(self.rewards)
        top.addStretch(1)
        layout.addLayout(top)
        self.info_label = QLabel()
        self.info_label.setObjectName("customerInfo")
        self.info_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.info_label)
        self.block_suggestion = QLabel()
        self.block_suggestion.setObjectName("blockSuggestion")
        self.block_suggestion.setWordWrap(True)
        set_role(self.block_suggestion, "suggestion")
        self.block_suggestion.hide()
        layout.addWidget(self.block_suggestion)
        layout.addLayout(self._actions())
        self.tabs = QTabWidget()
        self.installments_table = _table(self.installments, "installmentsTable")
        self.installments_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.sales_table = _table(self.sales, "salesTable")
        self.sales_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.tabs.addTab(self.installments_table, "Parcelas")
        self.tabs.addTab(self.sales_table, "Vendas")
        self.tabs.addTab(self._payments_tab(), "Pagamentos")
        self.data_label = QLabel()
        self.data_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.data_label, "Dados")
        self.statement = QTextBrowser()
        self.statement.setObjectName("statement")
        self.tabs.addTab(self.statement, "Extrato")
        self.contacts_table = _table(self.contacts, "contactsTable")
        self.contacts_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.tabs.addTab(self._contacts_tab(), "Contatos")
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
        call = QPushButton("Registrar ligação…")
        call.setObjectName("logCallButton")
        call.clicked.connect(self._ask_call_note)
        row.addWidget(call)
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
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.pix_button = pix_button(self)
        row.addWidget(self.pix_button)
        row.addWidget(print_menu_button(self))
        row.addStretch(1)
        self.block_button = QPushButton()
        self.block_button.setObjectName("blockButton")
        self.block_button.clicked.connect(self._toggle_block)
        row.addWidget(self.block_button)
        self.archive_button = QPushButton()
        self.archive_button.setObjectName("archiveButton")
        self.archive_button.clicked.connect(self._archive)
        row.addWidget(self.archive_button)
        self.privacy_button = privacy_button(self)  # issue 10: LGPD export / anonymise
        row.addWidget(self.privacy_button)
        return row

    def _payments_tab(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.payments_table = _table(self.payments, "paymentsTable")
        self.payments_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.payments_table, 1)
        row = QHBoxLayout()
        self.receipt_button = QPushButton("Copiar recibo")
        self.receipt_button.setObjectName("receiptButton")
        self.receipt_button.clicked.connect(self.copy_receipt)
        self.reverse_button = QPushButton("Estornar pagamento…")
        self.reverse_button.setObjectName("reverseButton")
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.payment_feedback = QLabel()
        row.addWidget(self.receipt_button)
        row.addWidget(self.reverse_button)
        row.addWidget(self.payment_feedback, 1)
        layout.addLayout(row)
        return box

    def show_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.refresh()

    def refresh(self) -> None:
        if self.customer_id is None:
            return
        self._dirty = False
        today = self._today_fn()
        d = self.detail = customer_detail(self.customer_id, today)
        c = d.customer
        self.name_label.setText(c.name + (" (arquivada)" if c.archived else ""))
        self.info_label.setText(self._info_html(d, today))
        self.installments.set_rows(d.installments)
        self.sales.set_rows(d.sales)
        self.payments.set_rows(d.payments)
        self.contacts.set_rows(list_contacts(self.customer_id))
        self._show_standing(today, c.blocked)
        self.rewards.show_for(self.customer_id)
        self.data_label.setText(self._data_text(c))
        self.statement.setHtml(statement_html(d, load_settings().store_name, today))
        self.block_button.setText("Desbloquear fiado" if c.blocked else "Bloquear fiado")
        history = bool(d.sales or d.payments)
        self.archive_button.setText("Reativar" if c.archived else
                                    "Arquivar" if history else "Excluir")
        self.payment_feedback.clear()

    def _show_standing(self, today, blocked: bool) -> None:
        s = self.standing = standing_for(self.customer_id, today)
        self.standing_badge.setText(s.label)
        self.standing_badge.setToolTip(s.reason)
        set_standing(self.standing_badge, s.code)
        suggest = s.suggest_block and not blocked
        self.block_suggestion.setText(
            f"Sugestão: bloquear novas vendas a prazo ({s.facts})." if suggest else "")
        self.block_suggestion.setVisible(suggest)

    def _info_html(self, d, today) -> str:
        c = d.customer
        parts = [c.phone_display or "sem telefone", f"deve <b>{format_brl(d.balance_cents)}</b>"]
        if d.overdue_cents:
            late = customer_fees(self.customer_id, today, load_settings())
            shown = with_fees_text(late.total_cents, late.fee_cents + late.interest_cents)
            parts.append(coloured_span(f"em atraso <b>{shown}</b>", "error"))
        if d.credit_cents:
            parts.append(coloured_span(f"crédito {format_brl(d.credit_cents)}", "success"))
        if c.credit_limit_cents is not None:
            parts.append(f"limite {format_brl(c.credit_limit_cents)}")
        if c.blocked:
            parts.append(coloured_span("bloqueada para fiado", "error"))
        return " · ".join(parts)

    @staticmethod
    def _data_text(c) -> str:
        rows = [("Telefone", c.phone_display), ("CPF", format_cpf(c.cpf)),
                ("Aniversário", format_date(c.birthday)), ("Endereço", c.address),
                ("Bairro", c.neighbourhood), ("Cidade", c.city), ("Observações", c.notes)]
        return "\n".join(f"{k}: {v or '—'}" for k, v in rows)

    def selected_payment(self):
        rows = self.payments_table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.payments_table.model().mapToSource(rows[0])
        return self.payments.row_at(source.row())

    def copy_receipt(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            self.payment_feedback.setText("Escolha um pagamento na lista.")
            return
        settings = load_settings()
        text = receipt_text(payment.id, settings.store_name, settings)
        QGuiApplication.clipboard().setText(text)
        self.payment_feedback.setText("Recibo copiado. Cole no WhatsApp da cliente." + (
            f" Atenção: ele vai assinado “{settings.store_name}” — mude o nome da loja em "
            "Configurações → Loja." if store_name_unconfirmed(settings) else ""))

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
        Op(self, lambda _: reverse_payment(payment_id, reason, now),
           changes=Changes.of(Topic.PAYMENTS, Topic.CUSTOMERS),
           ).success(lambda _: self.payment_feedback.setText(
               "Pagamento estornado. O que ela pagou nos outros pagamentos foi reaplicado "
               "às parcelas mais antigas; veja na aba Parcelas.")).failure(
               validation_or_message(self, lambda exc: self.payment_feedback.setText(str(exc)))
           ).run()

    def _toggle_block(self) -> None:
        cid, blocked = self.customer_id, not self.detail.customer.blocked
        Op(self, lambda _: set_blocked(cid, blocked), changes=Changes.of(Topic.CUSTOMERS)).run()

    def _archive(self) -> None:
        c = self.detail.customer
        if c.archived:
            Op(self, lambda _: set_archived(c.id, False),
               changes=Changes.of(Topic.CUSTOMERS)).run()
        else:
            question = (f"Arquivar {c.name}? Ela some da lista, mas o histórico fica guardado."
                        if self.detail.sales or self.detail.payments
                        else f"Excluir {c.name}? Ela não tem compras nem pagamentos.")
            answer = QMessageBox.question(self, "Cliente", question)
            if answer != QMessageBox.StandardButton.Yes:
                return
            Op(self, lambda _: remove_customer(c.id), changes=Changes.of(Topic.CUSTOMERS),
               ).success(self._removed).run()

    def _removed(self, outcome: str) -> None:
        if outcome == "deleted":
            self.closed.emit()
