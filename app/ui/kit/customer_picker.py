"""Choosing a customer by typing: any part of the name or phone, accents ignored, Enter picks.

``CustomerPicker`` is the one way to choose a customer anywhere in the app (Nova venda,
Relatórios, "Receber pagamento"): the list of matches is the same filter as Clientes; Enter
takes the first match (or the one the arrows chose); any typing drops the choice until she
picks again, so the box never shows one name while another customer is chosen; text that
matches no one says so. ``CustomerPickerDialog`` wraps it for "Receber pagamento" (Ctrl+R).

``CustomerPicker.reading(today, …)`` reads the customers on a worker (Nova venda, Nova
condicional, Receber pagamento: thousands of them are never read on the GUI thread). Until they
arrive the box says "carregando clientes…" and stays usable: what she types is kept and filters
the list when it arrives; an Enter meanwhile takes the first match of the list that arrived (the
same she would have had), and typing again after it cancels it; nobody is ever picked from a
list not read yet. A customer chosen beforehand (the dialog opened from her page) is read
alone, by id, and shows at once.

The read starts at the next turn of the event loop, once the dialog holding the picker is
built, not while it is: the worker is a Python thread and shares the interpreter's lock with
the GUI thread, so a read running beside the building made every call from Qt into Python
wait for its turn (at 5,000 customers, opening Nova venda stopped the window 150–300 ms
instead of ~90, issue 18). Until it starts it counts as running (``ops.idle()`` is False).
"""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.money import format_brl
from app.services.core.text import fold
from app.services.people.customers import (
    CustomerRow,
    customer_row,
    list_customers,
    search_matcher,
)
from app.ui.kit.fitting import resize_to_fit
from app.ui.kit.ops import HINT_DELAY_MS, Reader, in_steps, show_failure
from app.ui.kit.style import COLOURS, set_primary, set_role, set_standing
from app.ui.kit.tables.columns import match_list
from app.ui.kit.tables.table_model import Column, RowTableModel

VISIBLE_MATCHES = 6
PLACEHOLDER = "Digite parte do nome ou do telefone"
LOADING = "carregando clientes…"
# The widest text of each fixed column (the name column takes the rest): widths come from the
# font, never from asking every row (ResizeToContents made 58,000 data calls to open "Receber
# pagamento" at 5,000 customers, most of its 0.8 s on the GUI thread).
COLUMN_SAMPLES = {1: ("(00) 00000-0000", "sem telefone"), 2: (format_brl(99_999_99),)}


class PickerTableModel(RowTableModel):
    COLUMNS = (
        Column("Cliente", lambda r: r.name),
        Column("Telefone", lambda r: r.phone_display or "sem telefone"),
        Column("Deve", lambda r: format_brl(r.balance_cents) if r.balance_cents else "—",
               align_right=True),
    )


class CustomerPicker(QWidget):
    """A search box and the customers matching it; ``chosen`` carries the id (or None)."""

    chosen = Signal(object)

    def __init__(self, rows: list[CustomerRow], parent=None, *, always_list: bool = False):
        super().__init__(parent)
        self.always_list = always_list
        self.customer: CustomerRow | None = None
        self.model = PickerTableModel(self)
        self.model.set_rows(rows)
        self._alphabetical = list(rows)
        self._loading: dict | None = None  # while ``reading``: today, the filter, Enter
        self.reader: Reader | None = None  # ``reading``'s
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.search = QLineEdit(placeholderText=PLACEHOLDER)
        self.search.setObjectName("customerSearchEdit")
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._on_edited)
        self.search.installEventFilter(self)
        column.addWidget(self.search)
        self.list = self._matches_view()
        column.addWidget(self.list)
        self.empty = set_role(QLabel(), "hint")
        self.empty.setObjectName("pickerEmpty")
        column.addWidget(self.empty)
        self.loading_hint = set_role(QLabel(LOADING), "hint")
        self.loading_hint.setObjectName("pickerLoading")
        self.loading_hint.hide()
        column.addWidget(self.loading_hint)
        self._on_edited("")

    @classmethod
    def reading(cls, today: date, parent=None, *, always_list: bool = False,
                owing_only: bool = False) -> CustomerPicker:
        """A picker whose customers (not archived; ``owing_only``: those who owe) are read on
        a worker; usable at once (see the module docstring)."""
        picker = cls([], parent, always_list=always_list)
        picker._loading = {"today": today, "owing_only": owing_only, "enter": False}
        picker.search.setPlaceholderText(LOADING)
        QTimer.singleShot(HINT_DELAY_MS, picker, picker._show_loading)  # a quick read: no hint
        picker.reader = Reader(picker, hint=False)
        in_steps([picker._start_reading])  # once the dialog is built (module docstring)
        return picker

    def _start_reading(self) -> None:
        if not shiboken6.isValid(self) or self._loading is None:
            return  # the dialog was closed before its read started
        today, owing_only = self._loading["today"], self._loading["owing_only"]
        self.reader.read(lambda _p: _customers(today, owing_only), self._arrived,
                         self._not_read)

    def release(self) -> None:
        """The dialog holding the picker closed: let the customers go now (the one chosen
        stays). Python frees a closed dialog only when its collector finds the reference
        cycles Qt's wrappers make (a child keeping its parent); by then the dialog has
        reached the oldest generation, and a full collection freeing a few closed dialogs of
        20,000 customers each stopped the window 190–350 ms (issue 18). Dropped here, the
        rows are freed at once by reference counting."""
        self._loading = None  # closed before its read started: it never starts
        if self.reader is not None:
            self.reader.drop()  # a read on its way is never painted
        self._alphabetical = []
        self.model.unload()

    def loading(self) -> bool:
        """True until the customers read by ``reading`` arrived."""
        return self._loading is not None

    def _show_loading(self) -> None:
        if self.loading():
            self.loading_hint.show()

    def _loaded(self) -> bool:
        """The read ended: no more "carregando"; whether she pressed Enter meanwhile."""
        enter = self._loading["enter"]
        self._loading = None
        self.loading_hint.hide()
        self.search.setPlaceholderText(PLACEHOLDER)
        return enter

    def _not_read(self, exc: BaseException) -> None:
        self._loaded()
        show_failure(self, exc)  # why, in Portuguese; the box keeps what she typed

    def _arrived(self, rows: list[CustomerRow]) -> None:
        enter = self._loaded()
        self.set_rows(rows)  # what she typed meanwhile filters them now
        if enter and self.customer is None and self.model.rowCount():
            self.pick_row(0)  # her Enter: the first match, as if the list had been there

    def _matches_view(self) -> QTableView:
        view = match_list(self.model, "customerMatches")
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        for col in COLUMN_SAMPLES:
            header.setSectionResizeMode(col, header.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(24)
        view.setMaximumHeight(24 * VISIBLE_MATCHES + 4)
        view.clicked.connect(lambda index: self.pick_row(index.row()))
        return view

    def _fit_columns(self) -> None:
        """Phone and "Deve" as wide as their widest possible text in the list's font."""
        self.list.ensurePolished()  # the style sheet's font
        metrics = self.list.fontMetrics()
        padding = 2 * metrics.horizontalAdvance("0")
        for col, samples in COLUMN_SAMPLES.items():
            width = max(metrics.horizontalAdvance(text) for text in samples) + padding
            self.list.horizontalHeader().resizeSection(col, width)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._fit_columns()  # the font is known once the style is applied
        super().showEvent(event)

    # behaviour ---------------------------------------------------------------------------
    def set_rows(self, rows: list[CustomerRow]) -> None:
        """New customers to choose from (after a change); the one chosen stays chosen while
        she is among them, and what is typed keeps filtering."""
        chosen = self.customer_id()
        self._alphabetical = list(rows)
        self.model.set_rows(rows)
        still = next((r for r in rows if r.id == chosen), None)
        if chosen is not None and still is not None:
            self.customer = still
            self.list.setVisible(self.always_list)
        elif chosen is not None:
            self.set_customer(None)
        else:
            self._filter(self.search.text())

    def _on_edited(self, text: str) -> None:
        if self._loading is not None:
            self._loading["enter"] = False  # typing again: that Enter was not for this text
        if self.customer is not None:
            self.customer = None
            self.chosen.emit(None)
        self._filter(text)

    def _filter(self, text: str) -> None:
        self.model.set_filter(search_matcher(text))  # the same search as Clientes
        self._rank_matches(text)
        searching = bool(text.strip())
        shown = self.model.rowCount()
        self.list.setVisible(self.always_list or (searching and shown > 0))
        if shown:
            self.list.selectRow(0)
        if self._loading is not None:
            self.loading_hint.setVisible(searching or not self.loading_hint.isHidden())
            searching = False  # nobody yet is not "nobody matches"
        if searching and not shown:
            self.empty.setText(f"Nenhuma cliente com “{text.strip()}”. Confira a grafia ou "
                               "cadastre-a em Clientes → Nova cliente.")
        self.empty.setVisible(searching and not shown)

    def _rank_matches(self, text: str) -> None:
        """Names that start with what she typed first ("ana" → Ana Lima before Adriana)."""
        needle = fold(text)
        if not needle:
            return
        rows = self.model.all_rows()

        def rank(row: CustomerRow) -> int:
            if row.search_key.startswith(needle):
                return 0
            return 1 if f" {needle}" in f" {row.search_key}" else 2

        ranked = sorted(self._alphabetical, key=rank)  # stable: alphabetical inside a rank
        if ranked != rows:
            self.model.set_rows(ranked)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if obj is self.search and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.isVisible():
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if (key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.customer is None
                    and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                rows = self.list.selectionModel().selectedRows()
                if self._loading is not None:
                    self._loading["enter"] = bool(self.search.text().strip())
                    self.loading_hint.show()
                elif rows and self.list.isVisible():
                    self.pick_row(rows[0].row())
                return True  # Enter here never presses a dialog button
        return super().eventFilter(obj, event)

    def _move(self, step: int) -> None:
        rows = self.list.selectionModel().selectedRows()
        current = rows[0].row() if rows else -1
        target = max(0, min(self.model.rowCount() - 1, current + step))
        self.list.selectRow(target)

    def pick_row(self, shown_row: int) -> None:
        """Choose the customer shown at ``shown_row`` of the matches."""
        self.set_customer(self.model.row_at(shown_row))

    def set_customer(self, row: CustomerRow | None) -> None:
        self.customer = row
        self.search.setText(row.name if row else "")
        self.list.setVisible(self.always_list)
        self.empty.hide()
        self.chosen.emit(row.id if row else None)

    def select_id(self, customer_id: int | None) -> bool:
        """Choose her by id; while the list is being read, she is read alone (at once)."""
        for row in self.model.all_rows():
            if row.id == customer_id:
                self.set_customer(row)
                return True
        if self._loading is None or customer_id is None:
            return False
        row = customer_row(customer_id, self._loading["today"])
        if row is None or not _offered(row, self._loading["owing_only"]):
            return False
        self.set_customer(row)  # the list keeps her chosen when it arrives
        return True

    def customer_id(self) -> int | None:
        return self.customer.id if self.customer else None


class CustomerPickerDialog(QDialog):
    """"De qual cliente?": type to find her, Enter (or double click) to choose."""

    def __init__(self, today: date, parent=None, *, owing_only: bool = False,
                 title: str = "Receber pagamento"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.picked_id: int | None = None
        self.owing_only = owing_only
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("De qual cliente? Digite parte do nome ou do telefone e "
                                "tecle Enter."))
        self.picker = CustomerPicker.reading(today, self, always_list=True,
                                             owing_only=owing_only)
        self.picker.reader.refreshed.connect(self._arrived)
        self.picker.list.setMaximumHeight(16_777_215)
        self.picker.list.doubleClicked.connect(lambda i: self.picker.pick_row(i.row()))
        self.picker.chosen.connect(self._on_chosen)
        layout.addWidget(self.picker, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton("Cancelar")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        set_primary(cancel, False)
        resize_to_fit(self, 560, 460)
        self.picker.search.setFocus()

    def done(self, result: int) -> None:
        super().done(result)
        self.picker.release()  # ``picked_id`` is all the caller reads after

    def _arrived(self) -> None:
        if self.owing_only and not self.picker.model.all_rows():
            self.picker.empty.setText("Ninguém deve nada no momento.")
            self.picker.empty.show()

    def _on_chosen(self, customer_id) -> None:
        if customer_id is not None:
            self.picked_id = customer_id
            self.accept()


def _offered(row: CustomerRow, owing_only: bool) -> bool:
    """Whether a picker reading customers lists her: not archived (and owing, if asked)."""
    return not row.archived and (row.balance_cents > 0 or not owing_only)


def _customers(today: date, owing_only: bool) -> list[CustomerRow]:
    """Worker side of ``CustomerPicker.reading``."""
    return [r for r in list_customers(today) if _offered(r, owing_only)]


class CustomerSummary(QWidget):
    """Beside the chosen customer: what she owes, what is late, and her standing badge."""

    def __init__(self, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName("customerSummary")
        self.badge = QLabel()
        self.badge.setObjectName("standingBadge")
        row.addWidget(self.text)
        row.addWidget(self.badge)
        row.addStretch(1)
        self.show_customer(None, None)

    def show_customer(self, row: CustomerRow | None, standing) -> None:
        self.setVisible(row is not None)
        if row is None:
            return
        parts = [f"Deve {format_brl(row.balance_cents)}" if row.balance_cents
                 else "Não deve nada"]
        if row.overdue_cents:
            parts.append(f"<span style='color:{COLOURS.error}'><b>em atraso "
                         f"{format_brl(row.overdue_cents)}</b></span>")
        self.text.setText(" · ".join(parts))
        self.badge.setText(standing.label)
        self.badge.setToolTip(standing.reason)
        set_standing(self.badge, standing.code)
