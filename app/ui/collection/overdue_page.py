"""Em atraso: everyone with something overdue, aging buckets, filters, most late first."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.collection.overdue import (
    BUCKETS,
    OverdueReport,
    OverdueRow,
    overdue_places,
    overdue_report,
)
from app.services.configuration.settings import load_settings
from app.services.core.changes import Topic
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import fold, plural
from app.services.people.standing import ATRASADA, LABELS, RECORRENTE
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.empty_state import EmptyOverlay
from app.ui.kit.fitting import flow_row
from app.ui.kit.ops import Reader
from app.ui.kit.style import FOREGROUND_ERROR, set_role, standing_colour
from app.ui.kit.tables.table_model import Column, RowTableModel, SourceSortProxy, refill
from app.ui.kit.widgets import row_table, title_label
from app.ui.negotiation.agreement_dialog import open_agreement_dialog

RED = FOREGROUND_ERROR
CUSTOMER_ID = attrgetter("customer_id")  # what tells a row across reads
BUCKET_TITLES = {bucket: f"{bucket} dias" for bucket in BUCKETS}
STANDING_CHOICES = (("Todas as situações", None), (LABELS[ATRASADA], ATRASADA),
                    (LABELS[RECORRENTE], RECORRENTE))


def _fees(r: OverdueRow) -> int:
    return r.fee_cents + r.interest_cents


class OverdueTableModel(RowTableModel):
    # The oldest due date is the tooltip of "Dias de atraso" (the same fact twice cost the name
    # column its room at 1280 px, with multa and juros shown).
    (COL_NAME, COL_PHONE, COL_COUNT, COL_DAYS, COL_PRINCIPAL, COL_FEES, COL_TOTAL,
     COL_STANDING) = range(8)
    COLUMNS = (
        Column("Cliente", lambda r: r.name, sort=lambda r: fold(r.name), stretch=True),
        Column("Telefone", lambda r: r.phone_display, sort=lambda r: r.phone or "~",
               give_way=2),
        Column("Parcelas", lambda r: str(r.late_count), sort=lambda r: r.late_count,
               align_right=True, give_way=1),
        Column("Dias de atraso", lambda r: str(r.days_late), sort=lambda r: r.days_late,
               align_right=True, foreground=lambda r: RED,
               tooltip=lambda r: f"Vencida desde {format_date(r.oldest_due)}"),
        Column("Principal", lambda r: format_brl(r.principal_cents),
               sort=lambda r: r.principal_cents, align_right=True),
        Column("Multa+juros", lambda r: format_brl(_fees(r)) if _fees(r) else "—",
               sort=_fees, align_right=True),
        Column("Total", lambda r: format_brl(r.total_cents), sort=lambda r: r.total_cents,
               align_right=True, foreground=lambda r: RED),
        Column("Situação", lambda r: r.standing.label + (" · acordo quebrado"
                                                          if r.broken_agreement else ""),
               sort=lambda r: r.standing.label,
               foreground=lambda r: standing_colour(r.standing.code),
               tooltip=lambda r: r.standing.reason + (
                   f" Acordo nº {r.broken_agreement} quebrado: uma parcela dele venceu e não "
                   "foi paga." if r.broken_agreement else "")),
    )


class OverduePage(RefreshOnChange, QWidget):
    """Em atraso: bucket cards that filter, standing/bairro/cidade filters, a table, totals."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.SETTINGS,
                         Topic.AGREEMENTS})

    open_customer = Signal(int)

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self._bucket: str | None = None
        self._dirty = False
        self.report: OverdueReport | None = None
        self._read: OverdueRead | None = None
        self.model = OverdueTableModel(self)
        self.proxy = SourceSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.reader = Reader(self)
        bus.changed.connect(self._on_changed)
        self._dirty = True  # computed when first shown: the window opens faster

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Em atraso"))
        cards = QHBoxLayout()
        self.bucket_buttons: dict[str, QPushButton] = {}
        for bucket in BUCKETS:
            button = QPushButton()
            button.setObjectName(f"bucket{BUCKETS.index(bucket)}")
            button.setCheckable(True)
            set_role(button, "bucket_card")
            button.setMinimumHeight(70)
            button.setToolTip("Clique para ver só esta faixa; clique de novo para ver todas.")
            button.clicked.connect(self._on_bucket_clicked)
            self.bucket_buttons[bucket] = button
            cards.addWidget(button, 1)
        layout.addLayout(cards)
        self.standing_combo = QComboBox()
        for text, code in STANDING_CHOICES:
            self.standing_combo.addItem(text, code)
        self.hood_combo = QComboBox()
        self.hood_combo.setMinimumWidth(160)
        self.city_combo = QComboBox()
        self.city_combo.setMinimumWidth(160)
        filters = []  # each label with its list, wrapping as pairs on a narrow window
        for label, combo in (("Situação:", self.standing_combo), ("Bairro:", self.hood_combo),
                             ("Cidade:", self.city_combo)):
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(QLabel(label))
            row.addWidget(combo)
            filters.append(pair)
        layout.addWidget(flow_row(*filters, name="overdueFilters"))
        for combo in (self.standing_combo, self.hood_combo, self.city_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.table = row_table(self.proxy, "overdueTable")
        self.table.sortByColumn(OverdueTableModel.COL_DAYS, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        layout.addWidget(self.table, 1)
        self.empty = EmptyOverlay(self.table, self._empty_text,
                                  (("Ver todas", self.clear_filters),))
        self.empty.buttons[0].setObjectName("clearOverdueFilters")
        self.footer = QLabel()
        self.footer.setObjectName("overdueFooter")
        set_role(self.footer, "footer")
        bottom = QHBoxLayout()  # issue 12: "Propor acordo" for the selected customer
        bottom.addWidget(self.footer, 1)
        self.agreement_button = QPushButton("Propor acordo…")
        self.agreement_button.setObjectName("overdueAgreementButton")
        self.agreement_button.clicked.connect(self._propose_agreement)
        bottom.addWidget(self.agreement_button)
        layout.addLayout(bottom)

    # data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the report for the filters chosen now on a worker; paint it when it arrives
        (a filter changed meanwhile: only the newest read is painted)."""
        self._dirty = False
        today = self._today_fn()
        standing, hood, city = (self.standing_combo.currentData(), self.hood_combo.currentData(),
                                self.city_combo.currentData())
        self.reader.read(lambda _p: _read_overdue(today, standing, hood, city), self._paint)

    def _paint(self, read: OverdueRead) -> None:
        self._read = read
        self.report = read.report
        self._fill_places(*read.places)
        self._show_report()

    def _show_report(self) -> None:
        """The report read last, through the faixa chosen (a faixa reads nothing)."""
        shown = self._read.shown[self._bucket]
        refill(self.table, self.model, shown.rows, CUSTOMER_ID)
        self.table.setColumnHidden(OverdueTableModel.COL_FEES, not self.report.fees_enabled)
        self._update_cards()
        self._update_footer(shown)

    def _fill_places(self, hoods, cities) -> None:
        for combo, values, everyone in ((self.hood_combo, hoods, "Todos os bairros"),
                                        (self.city_combo, cities, "Todas as cidades")):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for value in values:
                combo.addItem(value, value)
            index = combo.findData(current) if current is not None else 0
            if index < 0:  # that place has nothing overdue any more
                combo.addItem(current, current)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _update_cards(self) -> None:
        for total in self.report.buckets:
            button = self.bucket_buttons[total.label]
            button.setText(f"{BUCKET_TITLES[total.label]}\n{format_brl(total.total_cents)}\n"
                           f"{plural(total.customers, 'cliente')}")
            button.setChecked(total.label == self._bucket)

    def _update_footer(self, shown: Shown) -> None:
        principal, fees = shown.principal_cents, shown.fees_cents
        text = f"{plural(len(shown.rows), 'cliente')} · Principal {format_brl(principal)}"
        if self.report.fees_enabled:
            text += f" · Multa+juros {format_brl(fees)}"
        self.footer.setText(f"{text} · Total {format_brl(principal + fees)}")

    # events ----------------------------------------------------------------------------
    def _on_bucket_clicked(self) -> None:
        button = self.sender()
        bucket = next(b for b, w in self.bucket_buttons.items() if w is button)
        self.set_bucket(None if bucket == self._bucket else bucket)

    def set_bucket(self, bucket: str | None) -> None:
        """Show only customers whose oldest overdue installment is in ``bucket`` (None: all):
        the report read last is filtered again, nothing is read."""
        self._bucket = bucket
        if self.report is None or self.reader.waiting():
            for name, button in self.bucket_buttons.items():
                button.setChecked(name == bucket)
            return  # the read on its way is painted with this faixa
        self._show_report()

    def _filtered(self) -> bool:
        return self._bucket is not None or any(
            combo.currentIndex() > 0
            for combo in (self.standing_combo, self.hood_combo, self.city_combo))

    def _empty_text(self) -> str:
        if self._filtered():
            return "Ninguém em atraso com os filtros escolhidos."
        return ("Ninguém em atraso.\nQuando uma parcela passar do vencimento sem ser paga, "
                "a cliente aparece aqui, com os dias de atraso e o valor.")

    def clear_filters(self) -> None:
        """Back to everyone in atraso (no faixa, situação, bairro or cidade)."""
        for combo in (self.standing_combo, self.hood_combo, self.city_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for button in self.bucket_buttons.values():
            button.setChecked(False)
        self._bucket = None
        self.refresh()  # read again: the report on screen was read with the filters

    def _on_filter_changed(self, _index: int) -> None:
        self.refresh()

    def _propose_agreement(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.footer.setText("Escolha uma cliente na lista para propor o acordo.")
            return
        customer_id = self.model.row_at(self.proxy.mapToSource(rows[0]).row()).customer_id
        open_agreement_dialog(self, customer_id, self._today_fn())

    def _open_index(self, index) -> None:
        row = self.proxy.mapToSource(index).row()
        self.open_customer.emit(self.model.row_at(row).customer_id)


@dataclass(frozen=True)
class Shown:
    """The rows of one faixa (or of all: ``None``) and their totals, for the footer."""

    rows: list[OverdueRow]
    principal_cents: int
    fees_cents: int


@dataclass(frozen=True)
class OverdueRead:
    """Em atraso as read on a worker: the bairros and cidades to filter by, the report, and
    each faixa's rows with their totals (a click on a faixa card only paints)."""

    places: tuple[tuple[str, ...], tuple[str, ...]]
    report: OverdueReport
    shown: dict[str | None, Shown]


def _read_overdue(today, standing, hood, city) -> OverdueRead:
    """Worker side of ``OverduePage.refresh``."""
    report = overdue_report(today, load_settings(), standing=standing, neighbourhood=hood,
                            city=city)
    by_bucket: dict = {bucket: [] for bucket in BUCKETS}
    for row in report.rows:  # one pass: each row's band is looked up once
        by_bucket.setdefault(row.bucket, []).append(row)
    shown = {bucket: Shown(rows, sum(r.principal_cents for r in rows),
                           sum(map(_fees, rows))) for bucket, rows in by_bucket.items()}
    shown[None] = Shown(list(report.rows), sum(s.principal_cents for s in shown.values()),
                        sum(s.fees_cents for s in shown.values()))
    return OverdueRead(overdue_places(today), report, shown)
