"""Condicionais: the malinhas out (no prazo, devolvem hoje, atrasadas) and the settled ones, with
the customer, the pieces and their value; the selected one's pieces and acertos beside the list,
and what can be done with it: acertar, undo the last acerto, the termo, open the customer.

The list is read on a worker (``ops.Reader``: the newest read wins, "atualizando…" when it
lasts) and painted keeping the selected malinha and the rows in view (``refill``); with nothing
chosen, the first one is. Every write goes through an operation and the page refreshes on the
broadcast.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.conditional.conditional import undo_settle
from app.services.conditional.conditional_list import (
    ConditionalStatus,
    ConditionalView,
    conditionals_page,
    pieces_text,
)
from app.services.core.changes import Topic
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import fold
from app.ui.conditional.termo_actions import termo_button
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.ops import Op, Reader, validation_or_message
from app.ui.kit.saved_file import SavedFileBar
from app.ui.kit.style import FOREGROUND_CAUTION, FOREGROUND_ERROR, FOREGROUND_MUTED, set_primary
from app.ui.kit.tables.table_model import Column, RowTableModel, SourceSortProxy, refill
from app.ui.kit.widgets import ask, let_go, message_label, named_button, row_table, title_label

# (label, list read, status kept: None = every one of that list)
FILTERS = (("Abertas", "open", None),
           ("No prazo", "open", ConditionalStatus.IN_TIME),
           ("Devolvem hoje", "open", ConditionalStatus.DUE_TODAY),
           ("Atrasadas", "open", ConditionalStatus.LATE),
           ("Acertadas", "settled", None),
           ("Todas", "all", None))
STATUS_COLOURS = {ConditionalStatus.LATE: FOREGROUND_ERROR,
                  ConditionalStatus.DUE_TODAY: FOREGROUND_CAUTION,
                  ConditionalStatus.SETTLED: FOREGROUND_MUTED}
_ORDER = {ConditionalStatus.LATE: 0, ConditionalStatus.DUE_TODAY: 1,
          ConditionalStatus.IN_TIME: 2, ConditionalStatus.SETTLED: 3}


def shown_value(k: ConditionalView) -> int:
    """Open: the pieces still out; settled: everything that went out."""
    return k.value_out_cents if k.is_open else k.value_total_cents


class ConditionalTableModel(RowTableModel):
    COLUMNS = (
        Column("Cliente", lambda k: k.customer_name, sort=lambda k: fold(k.customer_name),
               stretch=True, tooltip=lambda k: k.customer_name),
        Column("Nº", lambda k: str(k.id), sort=lambda k: k.id, align_right=True),
        Column("Saiu em", lambda k: format_date(k.sent_on), sort=lambda k: k.sent_on),
        Column("Devolver até", lambda k: format_date(k.return_by), sort=lambda k: k.return_by),
        Column("Situação", lambda k: k.status_text,
               sort=lambda k: (_ORDER[k.status], -k.days_late),
               foreground=lambda k: STATUS_COLOURS.get(k.status)),
        Column("Peças", lambda k: k.pieces_label, sort=lambda k: k.pieces_out),
        Column("Valor", lambda k: format_brl(shown_value(k)), sort=shown_value,
               align_right=True,
               tooltip=lambda k: f"Ficou com {pieces_text(k.pieces_kept)} "
                                 f"({format_brl(k.value_kept_cents)})" if k.pieces_kept else ""),
    )


class LineTableModel(RowTableModel):
    COLUMNS = (
        Column("Peça", lambda line: line.description, stretch=True, elide_right=True,
               tooltip=lambda line: line.name),
        Column("Variação", lambda line: line.variant_label or "—", elide_right=True,
               tooltip=lambda line: line.name),  # "P off-white": three Biquínis told apart
        Column("Saiu", lambda line: str(line.quantity), align_right=True),
        Column("Voltou", lambda line: str(line.returned), align_right=True),
        Column("Ficou", lambda line: str(line.kept), align_right=True),
        Column("Com ela", lambda line: str(line.out), align_right=True,
               foreground=lambda line: FOREGROUND_ERROR if line.out else None),
        Column("Preço", lambda line: format_brl(line.unit_price_cents), align_right=True),
    )


class ConditionalsPage(RefreshOnChange, QWidget):
    """The list of malinhas and the selected one's detail and actions."""

    WATCHED = frozenset({Topic.CONDITIONALS, Topic.CUSTOMERS, Topic.PIECES})
    open_customer = Signal(int)
    new_conditional = Signal()

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self._dirty = True
        self.data = None
        self.model = ConditionalTableModel(self)
        self.lines = LineTableModel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Condicionais"))
        self.summary = QLabel()
        self.summary.setObjectName("conditionalsSummary")
        layout.addWidget(self.summary)
        layout.addLayout(self._filters())
        self.splitter = QSplitter(Qt.Orientation.Vertical)  # the list, its detail below
        proxy = SourceSortProxy(self.model)
        proxy.setSourceModel(self.model)
        self.table = row_table(proxy, "conditionalsTable")
        self.table.sortByColumn(self.model.column_named("Situação"),
                                Qt.SortOrder.AscendingOrder)  # the most late first
        self.table.doubleClicked.connect(lambda _: self.open_settle())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self._detail())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        self.empty = message_label("empty", "conditionalsEmpty")
        layout.addWidget(self.empty)
        self.feedback = message_label("hint", "conditionalsFeedback")
        layout.addWidget(self.feedback)
        layout.addWidget(self.saved)  # after "Salvar termo em PDF": Abrir PDF, Abrir pasta
        self.reader = Reader(self)
        bus.changed.connect(self._on_changed)

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Mostrar:"))
        self.filter = QComboBox()
        self.filter.setObjectName("conditionalFilter")
        for label, _, _ in FILTERS:
            self.filter.addItem(label)
        self.filter.currentIndexChanged.connect(lambda _: self.refresh())
        row.addWidget(self.filter)
        self.search = QLineEdit(placeholderText="Buscar cliente")
        self.search.setObjectName("conditionalSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _: self._apply_search())
        row.addWidget(self.search, 1)
        new = set_primary(named_button("Nova condicional", "newConditionalButton",
                                       self.new_conditional.emit))
        row.addWidget(new)
        return row

    def _detail(self) -> QWidget:
        """Who has the malinha chosen and its acertos across the top; under them its pieces,
        as wide as the page leaves beside one column of buttons (the pieces' names whole)."""
        panel = QWidget()
        top = QVBoxLayout(panel)
        top.setContentsMargins(0, 4, 0, 0)
        self.who = message_label("subtitle", "conditionalWho", hidden=False)
        top.addWidget(self.who)
        self.history = message_label("hint", "conditionalHistory")
        top.addWidget(self.history)
        row = QHBoxLayout()
        top.addLayout(row, 1)
        self.lines_table = row_table(self.lines, "conditionalLines", sortable=False)
        self.lines_table.setMinimumHeight(80)
        row.addWidget(self.lines_table, 1)
        column = QVBoxLayout()
        row.addLayout(column)
        self.settle_button = set_primary(named_button("Acertar…", "settleButton",
                                                      self.open_settle))
        self.undo_button = named_button("Desfazer último acerto…", "undoSettleButton",
                                        self.ask_undo)
        self.saved = SavedFileBar()
        self.termo = termo_button(self, self.selected_id, self._today_fn, self.tell,
                                  saved=self.saved)
        self.customer_button = named_button("Abrir cliente", "openConditionalCustomer",
                                            self._open_customer)
        for button in (self.settle_button, self.undo_button, self.termo, self.customer_button):
            column.addWidget(button)
        column.addStretch(1)
        return panel

    # data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the chosen list on a worker; the newest read wins."""
        self._dirty = False
        today, which = self._today_fn(), FILTERS[self.filter.currentIndex()][1]
        self.reader.read(lambda _: conditionals_page(today, which), self._paint)

    def _paint(self, data) -> None:
        self.data = data
        wanted = FILTERS[self.filter.currentIndex()][2]
        rows = [k for k in data.rows if wanted is None or k.status is wanted]
        kept = refill(self.table, self.model, rows, lambda k: k.id)
        if not kept and self.model.rowCount():
            self.table.selectRow(0)
        self._show_empty()
        self._show_detail()
        t = data.totals
        opened = "malinha aberta" if t.open_count == 1 else "malinhas abertas"
        late = f" · <b>{t.late_count}</b> {'atrasada' if t.late_count == 1 else 'atrasadas'}"
        self.summary.setText(
            f"<b>{t.open_count}</b> {opened}{late if t.late_count else ''} · "
            f"{pieces_text(t.pieces_out)} com clientes, <b>{format_brl(t.value_out_cents)}</b>")

    def _apply_search(self) -> None:
        needle = fold(self.search.text())
        keep = self.selected_id()
        self.model.set_filter((lambda k: needle in fold(k.customer_name)) if needle else None)
        where = self.model.position(lambda k: k.id == keep) if keep else None
        if self.model.rowCount():  # the one chosen while she is still found, else the first
            self.table.selectRow(where if where is not None else 0)
        self._show_empty()
        self._show_detail()

    def _show_empty(self) -> None:
        needle = fold(self.search.text())
        shown = self.model.rowCount()
        self.splitter.setVisible(bool(shown))
        self.empty.setText(
            "Nenhuma condicional aqui. Para emprestar peças a uma cliente, clique em “Nova "
            "condicional” (ou, na página da cliente, em “Nova condicional”)." if not needle
            else f"Nenhuma condicional de “{self.search.text().strip()}” nesta lista.")
        self.empty.setVisible(not shown)

    def selected(self) -> ConditionalView | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        row = self.table.model().mapToSource(index).row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def selected_id(self) -> int | None:
        k = self.selected()
        return k.id if k else None

    def _show_detail(self) -> None:
        k = self.selected()
        for button in (self.settle_button, self.undo_button, self.termo, self.customer_button):
            button.setEnabled(k is not None)
        if k is None or self.data is None:
            self.lines.set_rows([])
            self.who.setText("Escolha uma condicional na lista.")
            self.history.hide()
            return
        self.settle_button.setEnabled(k.is_open)
        done = [s for s in self.data.settlements.get(k.id, ()) if s.undone_on is None]
        self.undo_button.setEnabled(bool(done))
        self.who.setText(f"Malinha nº {k.id} · {k.customer_name} · {k.status_text}")
        self.lines.set_rows(list(self.data.lines.get(k.id, ())))
        notes = [s.text for s in self.data.settlements.get(k.id, ())]
        if k.note:
            notes.append(f"Observação: {k.note}")
        self.history.setText("Acertos: " + " · ".join(notes) if notes else "")
        self.history.setVisible(bool(notes))

    # actions ---------------------------------------------------------------------------
    def tell(self, text: str) -> None:
        self.feedback.setText(text)
        self.feedback.setVisible(bool(text))

    def _open_customer(self) -> None:
        k = self.selected()
        if k is not None:
            self.open_customer.emit(k.customer_id)

    def open_settle(self):
        """Open "Acertar condicional" for the selected open malinha (returns the dialog)."""
        from app.ui.conditional.settle_dialog import SettleDialog

        k = self.selected()
        if k is None or not k.is_open:
            self.tell("Escolha uma condicional aberta na lista." if k is None else
                      f"A malinha nº {k.id} já foi acertada.")
            return None
        let_go(getattr(self, "settle_dialog", None))  # the one before, closed
        self.settle_dialog = SettleDialog(k.id, self._today_fn(), self)
        self.settle_dialog.accepted.connect(
            lambda: self.tell(self.settle_dialog.summary))
        self.settle_dialog.open()
        return self.settle_dialog

    def ask_undo(self) -> None:
        k = self.selected()
        if k is None:
            return
        if ask(self, "Desfazer acerto",
               f"Desfazer o último acerto da malinha nº {k.id} de {k.customer_name}? As peças "
               "voltam a ficar com ela e a venda desse acerto (se houver) deixa de existir.",
               "&Desfazer o acerto"):  # Enter: Cancelar
            self.undo(k.id)

    def undo(self, conditional_id: int) -> None:
        """Undo the newest acerto without asking (the button asks first)."""
        today = self._today_fn()
        Op(self, lambda _: undo_settle(conditional_id, today)).success(
            lambda _: self.tell("Acerto desfeito: as peças estão com ela de novo.")).failure(
            validation_or_message(self, lambda exc: self.tell(str(exc)))).run()

    def select_conditional(self, conditional_id: int) -> bool:
        """Select the malinha in the list (False when it is not shown)."""
        where = self.model.position(lambda k: k.id == conditional_id)
        if where is None:
            return False
        self.table.selectRow(where)
        return True
