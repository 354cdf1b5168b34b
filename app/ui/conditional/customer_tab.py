"""The customer page's "Condicionais" tab: her malinhas (open first), and Nova condicional, the
acerto and the termo of the chosen one. (The notes about malinhas returned late sit under her
name, beside her standing, never in it: ``people.customer_header``.)
"""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from app.services.conditional.conditional_list import customer_conditionals
from app.ui.conditional.conditionals_page import ConditionalTableModel
from app.ui.conditional.termo_actions import termo_button
from app.ui.kit.ops import Reader
from app.ui.kit.saved_file import SavedFileBar
from app.ui.kit.tables.table_model import refill
from app.ui.kit.widgets import let_go, message_label, named_button, row_table


class CustomerConditionalsTab(QWidget):
    """Her malinhas; ``new_conditional`` asks the window for Nova condicional."""

    new_conditional = Signal()

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self.customer_id: int | None = None
        self.reader = Reader(self, hint=False)
        self.model = ConditionalTableModel(self)
        column = QVBoxLayout(self)
        self.table = row_table(self.model, "customerConditionals")
        self.table.setColumnHidden(0, True)  # her name: it is her page
        self.table.horizontalHeader().setSectionResizeMode(  # so her situation fills the row
            self.model.column_named("Situação"), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.open_settle())
        column.addWidget(self.table, 1)
        self.empty = message_label("empty", "customerConditionalsEmpty")
        self.empty.setText("Nenhuma condicional: peças que ela leva para provar em casa "
                           "aparecem aqui.")
        column.addWidget(self.empty)
        row = QHBoxLayout()
        row.addWidget(named_button("Nova condicional", "customerNewConditional",
                                   self.new_conditional.emit))
        self.settle_button = named_button("Acertar…", "customerSettleButton", self.open_settle)
        row.addWidget(self.settle_button)
        self.saved = SavedFileBar()  # after "Salvar termo em PDF": Abrir PDF, Abrir pasta
        row.addWidget(termo_button(self, self.selected_id, today_fn, self.tell,
                                   "customerTermoButton", saved=self.saved))
        self.feedback = message_label("hint", "customerConditionalFeedback")
        row.addWidget(self.feedback, 1)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.saved)

    def show_for(self, customer_id: int) -> None:
        """Read her malinhas on a worker (the newest read wins)."""
        self.customer_id = customer_id
        today = self._today_fn()
        self.reader.read(lambda _: customer_conditionals(customer_id, today), self._show)

    def _show(self, rows) -> None:
        """Her malinhas; on a refresh of her page the one she chose stays chosen (and the
        scroll stays), otherwise the first is chosen."""
        if not refill(self.table, self.model, rows, attrgetter("id")) and rows:
            self.table.selectRow(0)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def tell(self, text: str) -> None:
        self.feedback.setText(text)
        self.feedback.setVisible(bool(text))

    def open_settle(self):
        """"Acertar condicional" for the chosen open malinha (returns the dialog)."""
        from app.ui.conditional.settle_dialog import SettleDialog

        rows = self.table.selectionModel().selectedRows()
        k = self.model.row_at(rows[0].row()) if rows else None
        if k is None or not k.is_open:
            self.tell("Escolha uma condicional aberta." if k is None else
                      f"A malinha nº {k.id} já foi acertada.")
            return None
        let_go(getattr(self, "settle_dialog", None))  # the one before, closed
        self.settle_dialog = SettleDialog(k.id, self._today_fn(), self)
        self.settle_dialog.accepted.connect(lambda: self.tell(self.settle_dialog.summary))
        self.settle_dialog.open()
        return self.settle_dialog
