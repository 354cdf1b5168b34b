"""Relatórios: pick a document and its options, then Visualizar, Imprimir or Salvar PDF.

Documents: Resumo de atrasos (order, aging bucket, standing), Extrato da cliente (with or
without the Pix QR), Recibo of one payment (A4 or 80 mm roll), Carnê of one sale, Termo de
acordo of one agreement, Estoque (all, or only what is running out) and Mais vendidas (a
period). The
building and the PDF writing run on a worker with progress (``app.ui.reports.print_actions``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.collection.overdue import BUCKETS
from app.services.core.changes import Topic
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.negotiation.agreements import list_agreements
from app.services.people.customers import list_customers
from app.services.people.standing import LABELS as STANDING_LABELS
from app.services.receivables.payments import list_payments
from app.services.receivables.statement import customer_detail
from app.services.reports import REPORT_LABELS, ReportKind, ReportRequest
from app.services.reports.document import PageFormat
from app.services.reports.overdue_summary import ORDER_LABELS, OverdueOrder
from app.ui.kit import links
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.customer_picker import CustomerPicker
from app.ui.kit.files import open_local
from app.ui.kit.fitting import flow_row
from app.ui.kit.ops import Reader
from app.ui.kit.widgets import DateEdit, named_button, title_label
from app.ui.reports.print_actions import preview_request, print_request, save_pdf_request

KINDS = tuple(ReportKind)
HINTS = {
    ReportKind.OVERDUE: "A lista de quem está em atraso, com telefone, cada parcela vencida, "
                        "multa e juros e os totais — para levar na rota de cobrança.",
    ReportKind.STATEMENT: "Tudo o que a cliente comprou, as parcelas com a situação de cada "
                          "uma, os pagamentos e o saldo. Pode sair com o QR code do Pix.",
    ReportKind.RECEIPT: "Comprovante de um pagamento, com o valor por extenso e lugar para "
                        "assinar. Escolha bobina de 80 mm para impressora térmica.",
    ReportKind.CARNE: "Um canhoto por parcela da venda, com vencimento, valor e QR code do "
                      "Pix de cada uma, para entregar à cliente.",
    ReportKind.AGREEMENT: "O acordo fechado com a cliente: o que estava em aberto, o desconto, "
                          "as novas datas e valores e o lugar para as duas assinaturas.",
    ReportKind.STOCK: "Cada peça com o estoque de cada tamanho e cor, o valor pelo custo e pelo "
                      "preço de venda e os totais; o que está acabando ou sem estoque vem "
                      "marcado — para conferir a prateleira ou fazer o pedido ao fornecedor.",
    ReportKind.BEST_SELLERS: "As peças e os tamanhos que mais venderam no período, já tirando "
                             "as devoluções, com quantidades e valores.",
}
PIECE_KINDS = (ReportKind.STOCK, ReportKind.BEST_SELLERS)


class ReportsPage(RefreshOnChange, QWidget):
    """Choose the document on the left, its options on the right, then the actions."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.AGREEMENTS})

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Relatórios"))
        body = QHBoxLayout()
        self.kind_list = QListWidget()
        self.kind_list.setObjectName("documentList")
        self.kind_list.setFixedWidth(220)
        for kind in KINDS:
            self.kind_list.addItem(REPORT_LABELS[kind])
        body.addWidget(self.kind_list)
        body.addLayout(self._options(), 1)
        layout.addLayout(body, 1)
        self.kind_list.currentRowChanged.connect(self._kind_changed)
        self.kind_list.setCurrentRow(0)
        self.reader = Reader(self)  # the customers
        self.choices = Reader(self)  # the chosen customer's payments, sales and agreements
        self._wanted: dict[str, int] = {}  # asked by choose() before it was read
        self._choices_of: int | None = None  # the customer whose documents are listed
        bus.changed.connect(self._on_changed)
        self._dirty = True

    # --- building the form ------------------------------------------------------------------

    def _options(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("documentHint")
        column.addWidget(self.hint)
        self.overdue_box = self._overdue_options()
        self.customer_box = self._customer_options()
        self.pieces_box = self._pieces_options()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.overdue_box)
        self.stack.addWidget(self.customer_box)
        self.stack.addWidget(self.pieces_box)
        column.addWidget(self.stack)
        column.addLayout(self._actions())
        self.feedback = QLabel()
        self.feedback.setObjectName("reportFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.feedback)
        column.addWidget(self._saved_actions())
        column.addStretch(1)
        return column

    def _saved_actions(self) -> QWidget:
        """After "Salvar PDF": open the file, or the folder it is in."""
        self.saved_path: Path | None = None
        self.open_pdf_button = named_button("Abrir PDF", "openPdfButton",
                                            lambda: self._open(self.saved_path, "o PDF"))
        self.open_folder_button = named_button("Abrir pasta", "openPdfFolderButton",
                                               self._open_folder)
        self.saved_row = flow_row(self.open_pdf_button, self.open_folder_button,
                                  name="savedPdfActions")
        self.saved_row.hide()
        return self.saved_row

    def _open(self, path: Path, what: str) -> None:
        if not open_local(path):
            self.feedback.setText(f"Não consegui abrir {what} neste computador. O arquivo está "
                                  f"em {self.saved_path} — abra pelo Explorador de Arquivos.")

    def _open_folder(self) -> None:
        """Show the saved PDF's folder; without a file manager the folder's path is copied
        and she is told so, as in Configurações (issue 20: never a click that does nothing)."""
        if not links.open_folder(self.saved_path.parent):
            self.feedback.setText(
                "Não consegui abrir a pasta; o caminho foi copiado — cole na barra de endereço "
                f"do gerenciador de arquivos. O PDF está em {self.saved_path}.")

    def _overdue_options(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.order_combo = QComboBox(objectName="orderCombo")
        for order in OverdueOrder:
            self.order_combo.addItem(ORDER_LABELS[order], order)
        self.bucket_combo = QComboBox(objectName="bucketCombo")
        self.bucket_combo.addItem("Todas as faixas", None)
        for bucket in BUCKETS:
            self.bucket_combo.addItem(f"{bucket} dias de atraso", bucket)
        self.standing_combo = QComboBox(objectName="standingOnlyCombo")
        self.standing_combo.addItem("Todas as situações", None)
        for code, label in STANDING_LABELS.items():
            self.standing_combo.addItem(f"Só {label}", code)
        form.addRow("Ordem", self.order_combo)
        form.addRow("Faixa de atraso", self.bucket_combo)
        form.addRow("Situação", self.standing_combo)
        return box

    def _pieces_options(self) -> QWidget:
        """Estoque: only what is running out; Mais vendidas: the period (this month)."""
        box = QWidget()
        self.pieces_form = QFormLayout(box)
        self.low_check = QCheckBox("Só as variações acabando ou sem estoque",
                                   objectName="lowStockCheck")
        today = self._today_fn()
        self.start_edit = DateEdit(today.replace(day=1))
        self.start_edit.setObjectName("periodStart")
        self.end_edit = DateEdit(today)
        self.end_edit.setObjectName("periodEnd")
        for edit in (self.start_edit, self.end_edit):
            edit.setMaximumWidth(160)
        self.pieces_form.addRow("", self.low_check)
        self.pieces_form.addRow("De", self.start_edit)
        self.pieces_form.addRow("Até", self.end_edit)
        return box

    def _customer_options(self) -> QWidget:
        box = QWidget()
        self.customer_form = QFormLayout(box)
        self.picker = CustomerPicker([], self)  # the same picker as Nova venda
        self.picker.setObjectName("reportCustomerPicker")
        self.picker.chosen.connect(self._customer_changed)
        self.payment_combo = QComboBox(objectName="paymentCombo")
        self.sale_combo = QComboBox(objectName="saleCombo")
        self.agreement_combo = QComboBox(objectName="agreementCombo")
        self.pix_check = QCheckBox("Incluir QR code do Pix com o valor devido",
                                   objectName="pixCheck")
        self.pix_check.setChecked(True)
        self.roll_check = QCheckBox("Bobina de 80 mm (impressora térmica)", objectName="rollCheck")
        self.customer_form.addRow("Cliente", self.picker)
        self.customer_form.addRow("Pagamento", self.payment_combo)
        self.customer_form.addRow("Venda", self.sale_combo)
        self.customer_form.addRow("Acordo", self.agreement_combo)
        self.customer_form.addRow("", self.pix_check)
        self.customer_form.addRow("", self.roll_check)
        return box

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.action_buttons = []
        for text, name, slot in (("Visualizar…", "previewButton", self.preview),
                                 ("Imprimir…", "printButton", self.print_document),
                                 ("Salvar PDF…", "pdfButton", lambda: self.save_pdf())):
            button = QPushButton(text, objectName=name)
            button.setMinimumHeight(36)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.action_buttons.append(button)
        row.addStretch(1)
        return row

    def _update_actions(self) -> None:
        """A customer's document waits for her to be chosen: with nobody chosen (or a name
        typed that is nobody's) the actions are off, so no one else's document goes out."""
        ready = (self.kind is ReportKind.OVERDUE or self.kind in PIECE_KINDS
                 or self.picker.customer_id() is not None)
        for button in self.action_buttons:
            button.setEnabled(ready)

    # --- state ------------------------------------------------------------------------------

    @property
    def kind(self) -> ReportKind:
        return KINDS[max(self.kind_list.currentRow(), 0)]

    def _kind_changed(self, _row: int) -> None:
        kind = self.kind
        self.hint.setText(HINTS[kind])
        self.stack.setCurrentWidget(self.overdue_box if kind is ReportKind.OVERDUE
                                    else self.pieces_box if kind in PIECE_KINDS
                                    else self.customer_box)
        for widget, shown in ((self.low_check, kind is ReportKind.STOCK),
                              (self.start_edit, kind is ReportKind.BEST_SELLERS),
                              (self.end_edit, kind is ReportKind.BEST_SELLERS)):
            self.pieces_form.setRowVisible(widget, shown)
        for widget, shown in ((self.payment_combo, kind is ReportKind.RECEIPT),
                              (self.roll_check, kind is ReportKind.RECEIPT),
                              (self.sale_combo, kind is ReportKind.CARNE),
                              (self.agreement_combo, kind is ReportKind.AGREEMENT),
                              (self.pix_check, kind is ReportKind.STATEMENT)):
            self.customer_form.setRowVisible(widget, shown)
        self._clear_feedback()
        self._update_actions()

    def refresh(self) -> None:
        """Read the customers on a worker; fill the list keeping the one chosen."""
        self._dirty = False
        today = self._today_fn()
        self.reader.read(lambda _p: list_customers(today, include_archived=True),
                         self._fill_customers)

    def _fill_customers(self, customers: list) -> None:
        wanted = self._wanted.pop("customer", None)
        self.picker.blockSignals(True)
        self.picker.set_rows(customers)  # keeps the one chosen while she is still there
        if wanted is not None:
            self.picker.select_id(wanted)
        self.picker.blockSignals(False)
        self._customer_changed()

    def _customer_changed(self, *_args) -> None:
        """Read her payments, sales and agreements on a worker (what each document offers);
        read again for the same customer, the ones she chose stay chosen."""
        cid = self.picker.customer_id()
        self._update_actions()
        if cid is not None and cid != self._choices_of:
            self._clear_feedback()
        if cid is not None and cid == self._choices_of:
            for key, combo in self._choice_combos():
                self._wanted.setdefault(key, combo.currentData())
        self._choices_of = cid
        for _, combo in self._choice_combos():
            combo.clear()
        if cid is None:
            self.choices.drop()  # another customer's documents on their way: not shown
            return
        today = self._today_fn()
        self.choices.read(lambda _p: _customer_choices(cid, today), self._fill_choices)

    def _choice_combos(self):
        return (("payment", self.payment_combo), ("sale", self.sale_combo),
                ("agreement", self.agreement_combo))

    def _fill_choices(self, choices) -> None:
        for (key, combo), items in zip(self._choice_combos(), choices, strict=True):
            for text, item_id in items:
                combo.addItem(text, item_id)
            wanted = self._wanted.pop(key, None)
            if wanted is not None and combo.findData(wanted) >= 0:
                combo.setCurrentIndex(combo.findData(wanted))

    def choose(self, kind: ReportKind, customer_id: int | None = None,
               payment_id: int | None = None, sale_id: int | None = None,
               agreement_id: int | None = None) -> None:
        """Select a document and its customer, payment, sale or agreement (other screens):
        what is not read yet is chosen when it arrives."""
        self.kind_list.setCurrentRow(KINDS.index(kind))
        self._wanted = {key: value for key, value in (
            ("payment", payment_id), ("sale", sale_id), ("agreement", agreement_id))
            if value is not None}
        if customer_id is not None:
            self._wanted["customer"] = customer_id
        if self._dirty or self.reader.waiting():
            if self._dirty:
                self.refresh()
            return  # the customers' paint chooses her
        if customer_id is not None:
            self._wanted.pop("customer")
            self.picker.select_id(customer_id)
        if not self.choices.waiting():  # her documents are on screen: choose now
            for key, combo in self._choice_combos():
                wanted = self._wanted.pop(key, None)
                if wanted is not None:
                    combo.setCurrentIndex(combo.findData(wanted))

    def request(self) -> ReportRequest | None:
        """The chosen document as a request; None (and a hint) when something is missing."""
        kind = self.kind
        if kind is not ReportKind.OVERDUE and kind not in PIECE_KINDS and (
                self.reader.waiting() or self.choices.waiting()):
            self.feedback.setText("Um momento: ainda carregando os dados da cliente.")
            return None
        if kind is ReportKind.OVERDUE:
            standing = self.standing_combo.currentData()
            return ReportRequest(kind, order=self.order_combo.currentData(),
                                 bucket=self.bucket_combo.currentData(), standing=standing,
                                 standing_label=STANDING_LABELS.get(standing, ""))
        if kind in PIECE_KINDS:
            return self._pieces_request(kind)
        cid = self.picker.customer_id()
        missing = ("Escolha a cliente: digite parte do nome e tecle Enter." if cid is None else
                   "Ela não tem pagamentos." if kind is ReportKind.RECEIPT
                   and self.payment_combo.currentData() is None else
                   "Ela não tem vendas." if kind is ReportKind.CARNE
                   and self.sale_combo.currentData() is None else
                   "Ela não tem acordos." if kind is ReportKind.AGREEMENT
                   and self.agreement_combo.currentData() is None else "")
        if missing:
            self.feedback.setText(missing)
            return None
        return ReportRequest(kind, customer_id=cid, payment_id=self.payment_combo.currentData(),
                             sale_id=self.sale_combo.currentData(),
                             agreement_id=self.agreement_combo.currentData(),
                             with_pix=self.pix_check.isChecked(),
                             page=PageFormat.ROLL_80MM if self.roll_check.isChecked()
                             else PageFormat.A4)

    def _pieces_request(self, kind: ReportKind) -> ReportRequest | None:
        start, end = self.start_edit.value(), self.end_edit.value()
        if kind is ReportKind.BEST_SELLERS and end < start:
            self.feedback.setText("O período termina antes de começar: confira as datas.")
            return None
        return ReportRequest(kind, only_low=self.low_check.isChecked(), start=start, end=end)

    # --- actions ----------------------------------------------------------------------------

    def preview(self) -> None:
        request = self.request()
        if request is not None:
            preview_request(self, request, self._today_fn())

    def print_document(self) -> None:
        request = self.request()
        if request is not None:
            print_request(self, request, self._today_fn())

    def save_pdf(self, path=None) -> None:
        request = self.request()
        if request is not None:
            subject = self.picker.customer.name if request.customer_id else ""
            save_pdf_request(self, request, self._today_fn(), path, self._saved, subject)

    def _saved(self, path, document, pages: int) -> None:
        self.feedback.setText(f"{document.window_title} salvo em {path} "
                              f"({plural(pages, 'página')}).")
        self.saved_path = Path(path)
        self.saved_row.show()

    def _clear_feedback(self) -> None:
        """A new choice: the last message and its "Abrir PDF" belong to the last document."""
        self.feedback.clear()
        self.saved_row.hide()


def _customer_choices(cid: int, today) -> tuple[list, list, list]:
    """Worker side: her payments, sales and agreements as (text, id) for the three lists."""
    payments = [(f"{format_date(p.payment_date)} — {format_brl(p.amount_cents + p.fee_cents)} "
                 f"— {p.method_label}" + (" (estornado)" if p.reversed else ""), p.id)
                for p in list_payments(cid)]
    sales = [(f"{format_date(s.sale_date)} — {s.summary} — {format_brl(s.total_cents)}", s.id)
             for s in customer_detail(cid, today).sales]
    agreements = [(f"nº {a.id} de {format_date(a.created_on)} — {format_brl(a.total_cents)} — "
                   f"{a.status_label}", a.id)
                  for a in list_agreements(today, cid, include_undone=True)]
    return payments, sales, agreements
