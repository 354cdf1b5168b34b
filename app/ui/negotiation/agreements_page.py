"""Acordos: open, broken and completed agreements with progress and next due date."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.changes import Topic
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.negotiation.agreements import (
    AgreementStatus,
    list_agreements,
    undo_agreement,
)
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.ops import Op, Reader, validation_or_message
from app.ui.kit.style import (
    FOREGROUND_ERROR,
    FOREGROUND_MUTED,
    FOREGROUND_SUCCESS,
    coloured_span,
    set_role,
)
from app.ui.kit.tables.table_model import Column, RowTableModel, SourceSortProxy, refill
from app.ui.kit.widgets import ask, row_table, title_label

STATUS_COLOURS = {AgreementStatus.BROKEN: FOREGROUND_ERROR,
                  AgreementStatus.COMPLETED: FOREGROUND_SUCCESS,
                  AgreementStatus.RENEGOTIATED: FOREGROUND_MUTED,
                  AgreementStatus.UNDONE: FOREGROUND_MUTED}
FILTERS = (("Abertos e quebrados", (AgreementStatus.OPEN, AgreementStatus.BROKEN)),
           ("Quebrados", (AgreementStatus.BROKEN,)),
           ("Cumpridos", (AgreementStatus.COMPLETED,)),
           ("Renegociados", (AgreementStatus.RENEGOTIATED,)),
           ("Desfeitos", (AgreementStatus.UNDONE,)),
           ("Todos", tuple(AgreementStatus)))


def _status_text(r) -> str:
    if r.status is AgreementStatus.BROKEN:
        return f"Quebrado ({plural(r.days_late, 'dia')} de atraso)"
    return r.status_label


class AgreementTableModel(RowTableModel):
    COLUMNS = (
        Column("Cliente", lambda r: r.name, sort=lambda r: r.name.casefold(), stretch=True),
        Column("Nº", lambda r: str(r.id), sort=lambda r: r.id, give_way=2),
        Column("Fechado em", lambda r: format_date(r.created_on),
               sort=lambda r: r.created_on.toordinal(), give_way=1),
        Column("Total", lambda r: format_brl(r.total_cents), sort=lambda r: r.total_cents,
               align_right=True),
        Column("Pago", lambda r: format_brl(r.paid_cents), sort=lambda r: r.paid_cents,
               align_right=True, give_way=3),
        Column("Parcelas", lambda r: r.progress, sort=lambda r: r.installments_paid),
        Column("Próximo vencimento",
               lambda r: (f"{format_date(r.next_due)} · {format_brl(r.next_due_cents)}"
                          if r.next_due else "—"),
               sort=lambda r: r.next_due.toordinal() if r.next_due else 0),
        Column("Situação", _status_text, sort=lambda r: r.status.value,
               foreground=lambda r: STATUS_COLOURS.get(r.status)),
    )


class AgreementsPage(RefreshOnChange, QWidget):
    """The list of agreements; opens the customer, copies the text, undoes unpaid ones."""

    WATCHED = frozenset({Topic.AGREEMENTS, Topic.PAYMENTS, Topic.CUSTOMERS})
    open_customer = Signal(int)

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self._dirty = True
        self.model = AgreementTableModel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Acordos"))
        self.summary = QLabel()
        self.summary.setObjectName("agreementsSummary")
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(QLabel("Mostrar:"))
        self.filter = QComboBox()
        self.filter.setObjectName("agreementFilter")
        for label, _ in FILTERS:
            self.filter.addItem(label)
        self.filter.currentIndexChanged.connect(lambda _: self._show())
        row.addWidget(self.filter)
        row.addStretch(1)
        layout.addLayout(row)
        proxy = SourceSortProxy(self.model)
        proxy.setSourceModel(self.model)
        self.table = row_table(proxy, "agreementsTable")
        self.table.doubleClicked.connect(lambda _: self._open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_undo())
        layout.addWidget(self.table, 1)
        self.empty = QLabel("Nenhum acordo aqui. Para propor um, abra a cliente em atraso "
                            "(ou Em atraso / Cobranças de hoje) e clique em “Propor acordo”.")
        self.empty.setObjectName("agreementsEmpty")
        self.empty.setWordWrap(True)
        set_role(self.empty, "empty")
        self.empty.hide()  # until the agreements were read
        layout.addWidget(self.empty)
        layout.addLayout(self._buttons())
        self._every: list | None = None  # every agreement, as read last
        self.reader = Reader(self)
        bus.changed.connect(self._on_changed)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, name, slot in (("Abrir cliente", "openAgreementCustomer", self._open_selected),
                                 ("Copiar texto do acordo", "copyAgreementText", self._copy),
                                 ("Desfazer acordo…", "undoAgreementButton", self._undo)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.undo_button = button  # offered only where undo works (issue 19)
        self.undo_button.setEnabled(False)
        self.feedback = QLabel()
        self.feedback.setObjectName("agreementsFeedback")
        row.addWidget(self.feedback, 1)
        return row

    def refresh(self) -> None:
        """Read every agreement on a worker; paint the chosen filter when they arrive."""
        self._dirty = False
        today = self._today_fn()
        self.reader.read(lambda _p: list_agreements(today, include_undone=True), self._paint)

    def _paint(self, every) -> None:
        self._every = every
        self._show()

    def _show(self) -> None:
        """The agreements read last, through the chosen filter (a filter reads nothing)."""
        every = self._every
        if every is None:
            return  # not read yet: the read on its way paints the filter chosen
        wanted = FILTERS[self.filter.currentIndex()][1]
        rows = [r for r in every if r.status in wanted]
        refill(self.table, self.model, rows, lambda r: r.id)
        self._update_undo()
        self.empty.setVisible(not rows)
        counts = {s: sum(1 for r in every if r.status is s) for s in AgreementStatus}
        open_cents = sum(r.total_cents - r.paid_cents for r in every
                         if r.status in (AgreementStatus.OPEN, AgreementStatus.BROKEN))
        broken = coloured_span(f"<b>{counts[AgreementStatus.BROKEN]}</b> quebrados", "error")
        self.summary.setText(
            f"<b>{counts[AgreementStatus.OPEN]}</b> em dia · {broken} · "
            f"<b>{counts[AgreementStatus.COMPLETED]}</b> cumpridos · "
            f"a receber dos acordos: <b>{format_brl(open_cents)}</b>")

    def selected(self, quiet: bool = False):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            if not quiet:
                self.feedback.setText("Escolha um acordo na lista.")
            return None
        return self.model.row_at(self.table.model().mapToSource(rows[0]).row())

    def _update_undo(self) -> None:
        """"Desfazer" only for the newest agreement of a chain with nothing paid; the
        tooltip says why not."""
        row = self.selected(quiet=True)
        self.undo_button.setEnabled(row is not None and row.can_undo)
        self.undo_button.setToolTip(
            "Escolha um acordo na lista." if row is None else row.undo_note
            or "Devolve as parcelas originais exatamente como estavam.")

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_customer.emit(row.customer_id)

    def _copy(self) -> None:
        row = self.selected()
        if row is not None:
            QGuiApplication.clipboard().setText(row.text)
            self.feedback.setText("Texto do acordo copiado.")

    def _undo(self) -> None:
        row = self.selected()
        if row is None:
            return
        if ask(self, "Desfazer acordo",
               f"Desfazer o acordo nº {row.id} de {row.name}? As parcelas originais voltam "
               "exatamente como estavam.", "&Desfazer o acordo"):  # Enter: Cancelar
            self.undo(row.id)

    def undo(self, agreement_id: int) -> None:
        """Undo without asking (the button asks first)."""
        today = self._today_fn()
        Op(self, lambda _: undo_agreement(agreement_id, today)).success(
            lambda _: self.feedback.setText(
               "Acordo desfeito; parcelas originais de volta.")).failure(
               validation_or_message(self, lambda exc: self.feedback.setText(str(exc)))).run()
