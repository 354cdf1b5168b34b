"""À vista or na caderneta with its plan and live preview: the form Nova venda and Acertar share.

What she sees, top to bottom: the two choices (À vista, Na caderneta), the payment method
(worded "Forma da entrada" on the caderneta, "Forma de pagamento" à vista) and, on the
caderneta only, the plan: entrada, how many installments, the interval, the first due date, the
day of the month (monthly only) or the dates she chooses (custom only, which take the place of
the first due date), a red line for what cannot be, and the installments the sale will create.

The host dialog owns the total: it connects ``changed`` (any field edited) to its own update,
which calls ``update_for(customer_id, total_cents)``. The credit-limit warning and its "Vender a
prazo mesmo assim" box belong to the form (``credit_label``, ``credit_override``) but sit where
the host places them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.dates import add_months, format_date, parse_date
from app.services.core.money import format_brl
from app.services.receivables.installments import INTERVAL_LABELS, Interval
from app.services.receivables.payments import METHODS
from app.services.receivables.sales import PlanInput, credit_check, preview_plan
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import DateEdit, ErrorLabel, MoneyEdit
from app.ui.receivables.sale_parts import items_table


class PlanPreviewTableModel(RowTableModel):
    COLUMNS = (
        Column("Parcela", lambda r: f"{r[0]}/{r[3]}"),
        Column("Vencimento", lambda r: format_date(r[1])),
        Column("Valor", lambda r: format_brl(r[2]), align_right=True),
    )


class PlanForm(QWidget):
    """How the sale is paid; ``changed`` whenever she edits any of it."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = today
        self.preview = PlanPreviewTableModel(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._kind_row())
        column.addLayout(self._method_row())
        self.plan_area = QWidget(self)  # made in place (``items_table`` says why)
        self.plan_area.setObjectName("planArea")
        column.addWidget(self.plan_area, 1)
        self._plan_fields(QGridLayout(self.plan_area))
        self.credit_label = ErrorLabel()  # placed by the host, with the box below
        self.credit_override = QCheckBox("Vender a prazo mesmo assim")
        self.credit_override.setObjectName("creditOverride")
        self.credit_override.hide()
        self._show_fields()

    # -- building -------------------------------------------------------------------------
    def _kind_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.cash = QRadioButton("À vista (pago agora)")
        self.cash.setObjectName("cashRadio")
        self.credit = QRadioButton("Na caderneta (parcelado)")
        self.credit.setObjectName("creditRadio")
        self.credit.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.cash)
        group.addButton(self.credit)
        self.cash.toggled.connect(self._edited)
        top.addWidget(self.cash)
        top.addWidget(self.credit)
        top.addStretch(1)
        return top

    def _method_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.method_label = QLabel("Forma da entrada")
        self.method = QComboBox()
        self.method.setObjectName("methodCombo")
        for key, label in METHODS.items():
            self.method.addItem(label, key)
        self.method.setCurrentIndex(self.method.findData("pix"))
        row.addWidget(self.method_label)
        row.addWidget(self.method, 1)
        return row

    def _plan_fields(self, grid: QGridLayout) -> None:
        grid.setContentsMargins(0, 0, 0, 0)
        self.down = MoneyEdit()
        self.down.setObjectName("downPayment")
        self.down.setPlaceholderText("0,00 (opcional)")
        self.count = QSpinBox(minimum=0, maximum=9999, value=3)
        self.count.setObjectName("installmentCount")
        self.interval = QComboBox()
        self.interval.setObjectName("intervalCombo")
        for key, label in INTERVAL_LABELS.items():
            self.interval.addItem(label, key.value)
        self.first_due = DateEdit(add_months(self.today, 1))
        self.first_due.setObjectName("firstDue")
        self.day = QSpinBox(minimum=1, maximum=31, value=add_months(self.today, 1).day)
        self.day.setObjectName("dayOfMonth")
        self.custom = QLineEdit(placeholderText="dd/mm/aaaa; dd/mm/aaaa; …")
        self.custom.setObjectName("customDates")
        for n, (label, widget) in enumerate((
            ("Entrada (R$)", self.down), ("Parcelas", self.count),
            ("Intervalo", self.interval), ("1º vencimento", self.first_due),
            ("Todo dia", self.day),
        )):
            grid.addWidget(QLabel(label), n // 2, (n % 2) * 2)
            grid.addWidget(widget, n // 2, (n % 2) * 2 + 1)
        self.custom_label = QLabel("Datas escolhidas")
        grid.addWidget(self.custom_label, 3, 0)
        grid.addWidget(self.custom, 3, 1, 1, 3)
        self.day_label = grid.itemAtPosition(2, 0).widget()
        self.plan_error = ErrorLabel()
        self.plan_error.setObjectName("planError")
        grid.addWidget(self.plan_error, 4, 0, 1, 4)
        self.preview_table = items_table(self.preview, self.plan_area)
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setMinimumHeight(96)
        grid.addWidget(QLabel("Parcelas que serão lançadas:"), 5, 0, 1, 4)
        grid.addWidget(self.preview_table, 6, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for signal in (self.count.valueChanged, self.interval.currentIndexChanged,
                       self.first_due.dateChanged, self.day.valueChanged,
                       self.custom.textChanged, self.down.textChanged):
            signal.connect(self._edited)
        self.first_due.dateChanged.connect(lambda: self.day.setValue(self.first_due.value().day))

    # -- reading --------------------------------------------------------------------------
    def is_credit(self) -> bool:
        """Whether the sale goes on the caderneta (False: à vista)."""
        return self.credit.isChecked()

    def method_key(self) -> str:
        """The payment method's code (of the entrada on the caderneta)."""
        return self.method.currentData()

    def plan(self) -> PlanInput | None:
        """The plan as typed (None for à vista); ValueError for unreadable custom dates."""
        if self.cash.isChecked():
            return None
        interval = Interval(self.interval.currentData())
        custom: tuple[date, ...] = ()
        if interval is Interval.CUSTOM:
            parts = [p for p in self.custom.text().replace(",", ";").split(";") if p.strip()]
            custom = tuple(parse_date(p) for p in parts)
        first = custom[0] if custom else self.first_due.value()
        return PlanInput(self.count.value(), first, interval, self.day.value(), custom)

    def down_cents(self) -> int:
        """The entrada in centavos (0 à vista or left empty); ValueError when unreadable."""
        return self.down.cents_or_zero() if self.is_credit() else 0

    def terms(self) -> tuple[PlanInput | None, int]:
        """The plan and the entrada to save; ValueError (shown with ``show_error``) when one
        cannot be read."""
        down = self.down_cents()
        return self.plan(), down

    # -- showing --------------------------------------------------------------------------
    def update_for(self, customer_id: int | None, total_cents: int) -> None:
        """Fields, preview and credit warning for a sale of ``total_cents`` (after any
        discount) to this customer."""
        self._show_fields()
        self.preview.set_rows([])
        self.plan_error.show_error(None)
        credit = self.is_credit()
        if credit and total_cents:
            self._show_preview(total_cents)
        self._show_credit_warning(customer_id, total_cents if credit else 0)

    def show_error(self, text: str | None) -> None:
        """A problem with the plan or the entrada, in red under the plan's fields."""
        self.plan_error.show_error(text)

    def show_refusal(self, errors: dict[str, str], confirm: bool) -> None:
        """What the service refused, by its code; a credit limit or a blocked customer (a
        confirmation, not an error) shows "Vender a prazo mesmo assim"."""
        self.show_error(errors.get("plan") or errors.get("method") or errors.get("discount"))
        if confirm:
            self.credit_label.show_error(errors.get("credit"))
            self.credit_override.show()

    def _edited(self) -> None:
        self._show_fields()
        self.changed.emit()

    def _show_fields(self) -> None:
        """Only what this choice and this interval use."""
        credit = self.is_credit()
        self.plan_area.setVisible(credit)
        self.method_label.setText("Forma da entrada" if credit else "Forma de pagamento")
        monthly = self.interval.currentData() == Interval.MONTHLY.value
        custom = self.interval.currentData() == Interval.CUSTOM.value
        for widget, shown in ((self.day, monthly), (self.day_label, monthly),
                              (self.custom, custom), (self.custom_label, custom)):
            widget.setVisible(shown)
        self.first_due.setEnabled(not custom)  # the chosen dates say when the first is due

    def _show_preview(self, total: int) -> None:
        try:
            schedule = preview_plan(total, self.down.cents_or_zero(), self.plan())
        except ValueError as exc:
            self.plan_error.show_error(str(exc))
            return
        count = len(schedule)
        self.preview.set_rows([(n, d, c, count) for n, (d, c) in enumerate(schedule, 1)])

    def _show_credit_warning(self, customer_id: int | None, total: int) -> None:
        warning = None
        if customer_id and total:
            try:
                financed = total - self.down.cents_or_zero()
            except ValueError:
                financed = total
            warning = credit_check(customer_id, financed)
        self.credit_label.show_error(warning)
        self.credit_override.setVisible(bool(warning))
