"""Clientes: the customer list with search-as-you-type and the actions on a customer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from itertools import repeat
from operator import attrgetter, is_

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services.core.changes import Topic
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.people.customers import (
    CustomerRow,
    CustomerSearch,
    list_customers,
    search_matcher,
)
from app.services.people.standing import NO_HISTORY, Standing, standing_all, standing_lookup
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.empty_state import EmptyOverlay
from app.ui.kit.ops import Reader
from app.ui.kit.style import FOREGROUND_ERROR, standing_colour
from app.ui.kit.tables.in_view import InViewReads, first_shown, fitting, rows_in_view
from app.ui.kit.tables.row_delegate import RowTextDelegate
from app.ui.kit.tables.table_model import Column, RowTableModel, refill
from app.ui.kit.widgets import row_table, title_label

RED = FOREGROUND_ERROR
FAR = 10**9
_BALANCE = attrgetter("balance_cents")


def _due_text(r: CustomerRow) -> str:
    return format_date(r.next_due) if r.next_due else "—"


STANDING_ORDER = {"pontual": 0, "em_dia": 1, "atrasada": 2, "recorrente": 3}
_COLOURS: dict[str, QColor] = {}


BASE_COLUMNS = (
    Column("Nome", lambda r: r.name + (" (arquivada)" if r.archived else ""), stretch=True,
           sort=lambda r: r.search_key),
    Column("WhatsApp", lambda r: r.phone_display or "sem telefone",
           sort=lambda r: r.phone or "~"),
    Column("Saldo devedor", lambda r: format_brl(r.balance_cents),
           sort=lambda r: r.balance_cents, align_right=True),
    Column("Em atraso", lambda r: format_brl(r.overdue_cents) if r.overdue_cents else "—",
           sort=lambda r: r.overdue_cents, align_right=True,
           foreground=lambda r: RED if r.overdue_cents else None,
           tooltip=lambda r: (f"Vencida desde {format_date(r.oldest_overdue)}"
                              if r.oldest_overdue else "")),
    Column("Próximo vencimento", _due_text,
           sort=lambda r: r.next_due.toordinal() if r.next_due else FAR, give_way=1),
)


# each column's sort key, for the rows read with the list (Situação has none: not read yet)
BASE_SORT_KEYS = tuple(col.sort or col.display for col in BASE_COLUMNS)
CUSTOMER_ID = attrgetter("id")  # what tells a customer across reads (C speed: 20,000 rows)


def _standings(today: date, customer_ids: set[int] | list[int]) -> dict[int, Standing]:
    """The standing of each of ``customer_ids`` on ``today`` (Em dia for one with no history),
    read through the installments' index for those customers only (worker side)."""
    found = standing_all(today, customer_ids) if customer_ids else {}
    return {customer_id: found.get(customer_id, NO_HISTORY) for customer_id in customer_ids}


class CustomerTableModel(RowTableModel):
    """The customers with their "Situação". A standing is known once read: for everyone
    (``set_standings(lookup)``, when the list is sorted by Situação) or for the rows read so
    far (``set_standings(found, complete=False)``, then ``add_standings`` as she scrolls or
    searches); a row whose standing is on its way shows ``PENDING`` and sorts as Em dia."""

    COL_NAME, COL_PHONE, COL_BALANCE, COL_OVERDUE, COL_NEXT_DUE, COL_STANDING = range(6)
    COLUMNS = BASE_COLUMNS  # each instance adds "Situação", which reads its standings
    PENDING = "…"  # the standing of a row she just scrolled to, on its way

    def __init__(self, parent=None):
        super().__init__(parent)
        self.standing_of: Callable[[int], Standing | None] = lambda _customer_id: NO_HISTORY
        self.complete = True  # every customer's standing is known (no row shows PENDING)
        self._some: dict[int, Standing] = {}
        self.COLUMNS = (*BASE_COLUMNS, Column(
            "Situação", lambda r: s.label if (s := self.standing(r)) else self.PENDING,
            sort=lambda r: STANDING_ORDER.get(s.code, 1) if (s := self.standing(r)) else 1,
            foreground=lambda r: standing_colour(s.code) if (s := self.standing(r)) else None,
            tooltip=lambda r: s.reason if (s := self.standing(r)) else ""))

    def set_standings(self, standings: Callable[[int], Standing] | dict[int, Standing],
                      complete: bool = True) -> None:
        """``standings``: a lookup of everyone (``standing.standing_lookup``: its figures
        read once per refresh, each standing classified when a row shows it or a sort asks);
        with ``complete`` False, the dict of those read so far (the rows on the screen)."""
        self.complete = complete
        if complete:
            self.standing_of = standings
        else:
            self._some = dict(standings)
            self.standing_of = self._some.get
        self.forget_texts()  # the "Situação" texts come from them

    def add_standings(self, found: dict[int, Standing]) -> None:
        """Standings read after the rows (she scrolled, searched, sorted): their cells are
        repainted."""
        if self.complete or not found:
            return
        self._some.update(found)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.COL_STANDING),
                                  self.index(self.rowCount() - 1, self.COL_STANDING))

    def missing(self, rows: Iterable[CustomerRow]) -> list[int]:
        """The ids among ``rows`` whose standing has not been read."""
        if self.complete:
            return []
        some = self._some
        return [r.id for r in rows if r.id not in some]

    def standing(self, row: CustomerRow) -> Standing | None:
        return self.standing_of(row.id)


class QuietLine(QWidget):
    """Holds a one-line label whose text changes often (the count under the list) so that
    a new text repaints the line and nothing else. A label in a layout asks the whole
    window to lay itself out again on every setText (through every page of the stack):
    on a search keystroke that cost more than painting the rows."""

    def __init__(self, label: QLabel):
        super().__init__()
        self.label = label
        label.setParent(self)  # not in a layout: its size changes stop here
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, self.label.sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.label.setGeometry(self.rect())


class CustomersPage(RefreshOnChange, QWidget):
    """List, search, and open customers."""

    open_customer = Signal(int)
    new_customer = Signal()
    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.AGREEMENTS})
    import_requested = Signal()

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self.model = CustomerTableModel(self)  # shown as is: it sorts and filters itself
        self._search: CustomerSearch | None = None
        self._everyone = (0, 0)  # how many customers, and what they owe in all (centavos)
        self._list_today = today_fn()
        self._brings_everyone = False  # the newest read brings everyone's standing
        self._build()
        self.reader = Reader(self)
        bus.changed.connect(self._on_changed)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Clientes"))
        bar = QHBoxLayout()
        self.search = QLineEdit(placeholderText="Buscar por nome, telefone ou e-mail…  (Ctrl+F)")
        self.search.setObjectName("customerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        bar.addWidget(self.search, 1)
        self.show_archived = QCheckBox("Mostrar arquivadas")
        self.show_archived.toggled.connect(self.refresh)
        bar.addWidget(self.show_archived)
        self.new_button = QPushButton("Nova cliente")
        self.new_button.setObjectName("newCustomerButton")
        self.new_button.clicked.connect(self.new_customer)
        bar.addWidget(self.new_button)
        layout.addLayout(bar)
        self.table = row_table(self.model, "customerTable")
        self.table.setItemDelegate(RowTextDelegate(self.table))
        self.table.sortByColumn(CustomerTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._open_index)
        self.standing_reads = InViewReads(  # the rows she scrolls to get their standing
            self.table, self.model.missing,
            partial(_standings, self._list_today),
            self.model.add_standings)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sorted)
        self.table.activated.connect(self._open_index)
        layout.addWidget(self.table, 1)
        self.empty = EmptyOverlay(self.table, self._empty_text, (
            ("Nova cliente", self.new_customer.emit),
            ("Importar minha planilha", self.import_requested.emit),
        ))
        self.count_label = QLabel()
        layout.addWidget(QuietLine(self.count_label))

    def refresh(self) -> None:
        """Read the list on a worker with the standings of the rows she will see (the rows on
        the screen, her choice, and the first screenful as the list will be sorted and
        searched); paint them, her search, choice and scroll kept. The other rows' standings
        are read as she scrolls or searches to them (``read_standings``): at 20,000 customers
        reading everyone's was ~80 ms of CPU, most of the read, for ~25 rows on the screen.
        Sorted by Situação, everyone's are read and classified there, since the paint sorts
        by them."""
        self._dirty = False
        today, archived = self._today_fn(), self.show_archived.isChecked()
        self._list_today = today  # the day of the list: its rows' standings are of that day
        self.standing_reads.new_list(partial(_standings, today))
        header = self.table.horizontalHeader()
        sort = (header.sortIndicatorSection(),
                header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
        by_standing = self._brings_everyone = sort[0] == CustomerTableModel.COL_STANDING
        search, count = self._search, fitting(self.table)
        seen = {r.id for r in rows_in_view(self.table)}
        if (chosen := self._selected_row()) is not None:
            seen.add(chosen.id)

        def work(_progress):
            rows = list_customers(today, include_archived=archived)
            owed = sum(map(attrgetter("balance_cents"), rows))  # here, not on the GUI thread
            if by_standing:
                standing_of = standing_lookup(today)
                for customer_id in map(CUSTOMER_ID, rows):
                    standing_of(customer_id)  # classified and kept now
            else:
                standing_of = _standings(today, seen | {
                    r.id for r in first_shown(rows, BASE_SORT_KEYS, sort, search, count)})
            return rows, standing_of, (len(rows), owed)

        self.reader.read(work, self._paint)

    def _paint(self, read) -> None:
        rows, standings, everyone = read
        self.model.set_standings(standings, complete=not isinstance(standings, dict))
        refill(self.table, self.model, rows, CUSTOMER_ID)
        self._everyone = everyone
        self._update_count()
        self.read_standings()

    def _on_sorted(self, column: int, _order) -> None:
        """Sorted by another column: the standings of the rows now on the screen are read.
        Sorted by Situação, the order needs everyone's: read them all, on a worker (the rows
        are sorted again, as the header says then, when they arrive; the ones on their way
        sort as Em dia meanwhile). Only the standings are read, not the list again, unless a
        read of the list that brings only some is on its way (started sorted by another
        column: it is read again, with everyone's); nothing is read when everyone's are
        known, or on their way."""
        if column != CustomerTableModel.COL_STANDING:
            self.read_standings()
            return
        if self.reader.waiting():
            if not self._brings_everyone:
                self.refresh()
            return
        if self.model.complete:
            return
        today, ids = self._list_today, list(map(CUSTOMER_ID, self.model.all_rows()))

        def work(_progress):
            standing_of = standing_lookup(today)
            for customer_id in ids:
                standing_of(customer_id)  # classified and kept now: the paint sorts by them
            return standing_of

        self._brings_everyone = True
        self.reader.read(work, self._paint_standings)

    def _paint_standings(self, standing_of: Callable[[int], Standing]) -> None:
        self.model.set_standings(standing_of)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def read_standings(self, *_args) -> None:
        """Read, on a worker, the standings of the rows on the screen not read yet (after a
        scroll, a search, a sort: ``kit.tables.in_view``)."""
        self.standing_reads.request()

    def _on_search(self, text: str) -> None:
        """Each keystroke: look only among those already shown when the search just got
        longer, keep the chosen customer chosen while she is still found."""
        search, before = search_matcher(text), self._search
        chosen = self._selected_row()
        self._search = search
        self.model.set_filter(search, narrows=search is not None and search.narrows(before))
        self._select(chosen)
        self.empty.update_state()
        self._update_count()
        self.read_standings()

    def _select(self, row: CustomerRow | None) -> None:
        """Select this row again if it is still shown (a reset forgets the selection). A
        search keeps the rows themselves, so she is found by identity in one C-speed pass
        over the list, without reading 20,000 rows (~0.1 ms instead of ~1 ms)."""
        if row is None:
            return
        try:
            found = list(map(is_, self.model.rows(), repeat(row))).index(True)
        except ValueError:
            return
        self.table.selectRow(found)

    def _empty_text(self) -> str:
        search = self.search.text().strip()
        if search:
            return (f"Nenhuma cliente com “{search}”.\nConfira a grafia (acentos não importam) "
                    "ou cadastre uma nova cliente.")
        return ("Aqui ficam suas clientes, com quanto cada uma deve e quando vence a próxima "
                "parcela.\nCadastre a primeira ou traga todas da sua planilha.")

    def _update_count(self) -> None:
        (total, owed), shown = self._everyone, self.model.rowCount()
        if not self.model.loaded:  # the list is still being read: no count yet
            self.count_label.setText("")
            return
        if not shown and self.search.text().strip():
            self.count_label.setText(f"Nenhuma cliente com “{self.search.text().strip()}”")
            return
        if shown == total:
            self.count_label.setText(f"{plural(total, 'cliente')} · total a receber "
                                     f"{format_brl(owed)}")
            return
        listed = sum(map(_BALANCE, self.model.rows()))  # what the list shows
        self.count_label.setText(f"{shown} de {plural(total, 'cliente')} · a receber nesta "
                                 f"busca {format_brl(listed)} (de todas: {format_brl(owed)})")

    def _open_index(self, index) -> None:
        self.open_customer.emit(self.model.row_at(index.row()).id)

    def selected_customer_id(self) -> int | None:
        row = self._selected_row()
        return row.id if row is not None else None

    def _selected_row(self) -> CustomerRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def today(self) -> date:
        return self._today_fn()
