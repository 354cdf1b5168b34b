"""One column of the "Propor acordo" dialog: an editable option with its dates and total."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
)

from app.services.core.dates import format_date
from app.services.core.errors import ValidationError
from app.services.core.money import format_brl
from app.services.negotiation.agreement_plans import AgreementBasis, AgreementOption, build_option
from app.services.receivables.installments import INTERVAL_LABELS, Interval
from app.ui.kit.style import set_role
from app.ui.kit.widgets import DateEdit, FieldForm, MoneyEdit


class AgreementOptionBox(QGroupBox):
    """Entrada, desconto, number of installments, first date and interval, recomputed live."""

    changed = Signal()
    edited = Signal(int)  # the reseller changed a field: this option becomes the chosen one

    def __init__(self, index: int, settings, parent=None):
        super().__init__(parent)
        self.index = index
        self.settings = settings
        self.basis: AgreementBasis | None = None
        self.option: AgreementOption | None = None
        self._loading = False
        self.setObjectName(f"option{index}")
        layout = QVBoxLayout(self)
        self.choose = QRadioButton()
        self.choose.setObjectName(f"chooseOption{index}")
        set_role(self.choose, "strong")
        layout.addWidget(self.choose)
        layout.addLayout(self._form())
        self.schedule = QLabel()
        self.schedule.setObjectName(f"schedule{index}")
        self.schedule.setWordWrap(True)
        layout.addWidget(self.schedule)
        self.total = QLabel()
        self.total.setObjectName(f"total{index}")
        set_role(self.total, "emphasis")
        layout.addWidget(self.total)
        layout.addStretch(1)

    def _form(self) -> FieldForm:
        self.form = FieldForm()
        self.discount = self.form.add("discount", "Desconto", MoneyEdit())
        self.down = self.form.add("down_payment", "Entrada", MoneyEdit())
        self.count = self.form.add("count", "Parcelas", QSpinBox())
        self.count.setRange(0, self.settings.agreement_max_installments)
        self.count.setSpecialValueText("só entrada")
        self.first_due = self.form.add("first_due", "1º vencimento", DateEdit())
        self.interval = self.form.add("interval", "Intervalo", QComboBox())
        for value in (Interval.MONTHLY, Interval.BIWEEKLY, Interval.WEEKLY):
            self.interval.addItem(INTERVAL_LABELS[value], value.value)
        for name, widget in (("Discount", self.discount), ("Down", self.down),
                             ("Count", self.count), ("FirstDue", self.first_due),
                             ("Interval", self.interval)):
            widget.setObjectName(f"option{self.index}{name}")
        self.discount.textChanged.connect(self._recompute)
        self.down.textChanged.connect(self._recompute)
        self.count.valueChanged.connect(self._recompute)
        self.first_due.dateChanged.connect(self._recompute)
        self.interval.currentIndexChanged.connect(self._recompute)
        return self.form

    def load(self, basis: AgreementBasis, option: AgreementOption) -> None:
        """Show a proposal (the fields are then the reseller's to edit)."""
        self._loading = True
        self.basis = basis
        self.choose.setText(option.label)
        self.discount.set_cents(option.discount_cents)
        self.down.set_cents(option.down_payment_cents)
        self.count.setValue(option.count)
        self.first_due.set_date(option.first_due_asked or option.first_due
                                or basis.today + timedelta(days=7))
        self.interval.setCurrentIndex(max(self.interval.findData(option.interval), 0))
        self._loading = False
        self._recompute()

    def _recompute(self) -> None:
        if self._loading or self.basis is None:
            return
        if self.sender() is not None and self.sender() is not self:
            self.edited.emit(self.index)
        self.form.clear_errors()
        self.first_due.setEnabled(self.count.value() > 0)
        self.interval.setEnabled(self.count.value() > 1)
        try:
            self.option = build_option(
                self.basis, self.settings, down_payment_cents=self.down.cents_or_zero(),
                count=self.count.value(), first_due=self.first_due.value(),
                interval=self.interval.currentData(),
                discount_cents=self.discount.cents_or_zero())
        except ValidationError as exc:
            self._invalid(exc.errors)
        except ValueError as exc:  # money typed wrong
            self._invalid({"discount" if "desconto" in str(exc) else "down_payment": str(exc)})
        else:
            self.choose.setText(self.option.label)  # "com desconto" only with a discount
            self._show(self.option, self.basis.today)
        self.changed.emit()

    def _invalid(self, errors: dict[str, str]) -> None:
        self.option = None
        for key, label in self.form.errors.items():  # no focus jump while she types
            label.show_error(errors.get(key))
        self.schedule.setText("")
        self.total.setText("Ajuste os valores acima.")

    def _show(self, option: AgreementOption, today: date) -> None:
        lines = []
        for due, cents, _, label in option.schedule(today):
            when = "hoje" if due == today else format_date(due)
            lines.append(f"{label}: <b>{format_brl(cents)}</b> · {when}")
        if option.interest_cents:
            lines.append(f"<i>inclui {format_brl(option.interest_cents)} de juros</i>")
        self.schedule.setText("<br>".join(lines))
        self.total.setText(f"Total: {format_brl(option.total_cents)}")
