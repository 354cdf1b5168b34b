"""Acertar condicional: for each piece still with her, how many came back and how many she keeps;
what she keeps becomes one sale in the same step — à vista, or on the caderneta with the usual
plan and the loyalty discount offered as in Nova venda.

A piece neither returned nor kept stays with her (the malinha stays open); returns on
different days are acertos of their own. The service refuses what cannot be (more than is with
her, a malinha already settled) and nothing is saved half; problems show by their field.

The malinha and its lines are read on a worker when the dialog opens (``reader``); until they
arrive the dialog says so and "Registrar acerto" waits.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.conditional.conditional import settle
from app.services.conditional.conditional_list import (
    ConditionalLine,
    ConditionalView,
    conditional_lines,
    get_conditional,
    pieces_text,
)
from app.services.core.dates import format_date, parse_date
from app.services.core.errors import NeedsConfirmation, NotFound, ValidationError
from app.services.core.money import format_brl
from app.services.receivables.installments import Interval
from app.services.receivables.payments import METHODS
from app.services.receivables.sales import PlanInput, credit_check, preview_plan
from app.ui.kit.fitting import resize_to_fit, scrolling
from app.ui.kit.ops import Op, Reader, describe_failure, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import ErrorLabel, named_button
from app.ui.receivables.loyalty_discount import LoyaltyDiscountBar
from app.ui.receivables.sale_parts import PlanFieldsMixin, PlanPreviewTableModel


class SettleDialog(PlanFieldsMixin, QDialog):
    """Acertar one malinha; ``summary`` says what was done once it is saved."""

    def __init__(self, conditional_id: int, today: date, parent=None):
        super().__init__(parent)
        self.today = today
        self.conditional: ConditionalView | None = None  # read on the worker
        self.lines: list[ConditionalLine] = []  # the lines with pieces still out
        self.summary = ""
        self.setWindowTitle(f"Acertar condicional nº {conditional_id}")
        self.preview = PlanPreviewTableModel(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("Carregando a malinha…")
        self.heading.setObjectName("settleHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        columns = QHBoxLayout()
        columns.addWidget(self._pieces_box(), 6)
        columns.addWidget(self._payment_box(), 5)
        layout.addLayout(columns, 1)
        outer = QVBoxLayout(self)
        outer.addWidget(scrolling(body, "settleScroll"), 1)
        outer.addLayout(self._buttons())
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        resize_to_fit(self, 1080, 600)
        self.payment_box.setEnabled(False)
        self.save_button.setEnabled(False)
        self.reader = Reader(self, hint=False)  # the heading says it is loading
        self.reader.read(lambda _p: _read_malinha(conditional_id, today), self._loaded,
                         self._not_loaded)

    # -- building -------------------------------------------------------------------------
    def _loaded(self, read: tuple[ConditionalView, list[ConditionalLine]]) -> None:
        """The malinha arrived from the worker: her heading, a row per piece still out."""
        self.conditional, self.lines = read
        k = self.conditional
        late = f" · <b>{k.status_text.lower()}</b>" if k.late else ""
        self.heading.setText(f"<b>{k.customer_name}</b> · saiu em {format_date(k.sent_on)} · "
                             f"devolução até {format_date(k.return_by)}{late} · "
                             f"{pieces_text(k.pieces_out)} com ela")
        self._piece_rows()
        self.save_button.setEnabled(True)
        self._update()

    def _not_loaded(self, exc: BaseException) -> None:
        """The malinha could not be read (removed meanwhile, or the file failed)."""
        self.heading.setText("Não consegui abrir esta malinha: " + (
            str(exc) if isinstance(exc, NotFound) else describe_failure(exc)))

    def _pieces_box(self) -> QGroupBox:
        box = QGroupBox("O que voltou e o que ela ficou")
        column = QVBoxLayout(box)
        self.pieces_grid = grid = QGridLayout()
        for n, text in enumerate(("Peça", "Preço", "Com ela", "Voltou", "Ficou")):
            grid.addWidget(set_role(QLabel(text), "hint"), 0, n)
        self.back_spins: list[QSpinBox] = []
        self.kept_spins: list[QSpinBox] = []
        grid.setColumnStretch(0, 1)
        column.addLayout(grid)
        quick = QHBoxLayout()
        quick.addWidget(named_button("Voltou tudo", "allBackButton", lambda: self.fill(False)))
        quick.addWidget(named_button("Ficou com tudo", "allKeptButton", lambda: self.fill(True)))
        quick.addStretch(1)
        column.addLayout(quick)
        self.outcome = set_role(QLabel(), "lead")
        self.outcome.setObjectName("settleOutcome")
        self.outcome.setWordWrap(True)
        column.addWidget(self.outcome)
        self.items_error = ErrorLabel()
        column.addWidget(self.items_error)
        column.addStretch(1)
        return box

    def _piece_rows(self) -> None:
        """One row per piece still with her: price, how many, and the two spin boxes."""
        grid = self.pieces_grid
        for row, line in enumerate(self.lines, 1):
            grid.addWidget(QLabel(line.name), row, 0)
            grid.addWidget(QLabel(format_brl(line.unit_price_cents)), row, 1)
            grid.addWidget(QLabel(str(line.out)), row, 2)
            for spins, name in ((self.back_spins, "back"), (self.kept_spins, "kept")):
                spin = QSpinBox(minimum=0, maximum=line.out)
                spin.setObjectName(f"{name}Spin{row}")
                spin.valueChanged.connect(self._update)
                spins.append(spin)
                grid.addWidget(spin, row, 3 if name == "back" else 4)

    def _payment_box(self) -> QGroupBox:
        self.payment_box = box = QGroupBox("O que ela ficou vira uma venda")
        column = QVBoxLayout(box)
        column.addLayout(self._kind_row())
        method_row = QHBoxLayout()
        self.method_label = QLabel("Forma da entrada")
        self.method = QComboBox()
        self.method.setObjectName("methodCombo")
        for key, label in METHODS.items():
            self.method.addItem(label, key)
        self.method.setCurrentIndex(self.method.findData("pix"))
        method_row.addWidget(self.method_label)
        method_row.addWidget(self.method, 1)
        column.addLayout(method_row)
        self.plan_area = QWidget()
        grid = QGridLayout(self.plan_area)
        grid.setContentsMargins(0, 0, 0, 0)
        self._plan_fields(grid)
        column.addWidget(self.plan_area, 1)
        self.loyalty = LoyaltyDiscountBar(self.today)  # as in Nova venda (issue 12)
        self.loyalty.changed.connect(self._update)
        column.addWidget(self.loyalty)
        self.total_label = set_role(QLabel(), "lead")
        self.total_label.setObjectName("settleTotal")
        column.addWidget(self.total_label)
        self.credit_label = ErrorLabel()
        self.credit_override = QCheckBox("Vender a prazo mesmo assim")
        self.credit_override.setObjectName("creditOverride")
        self.credit_override.hide()
        column.addWidget(self.credit_label)
        column.addWidget(self.credit_override)
        return box

    def _kind_row(self) -> QHBoxLayout:
        """À vista or na caderneta, as in Nova venda."""
        top = QHBoxLayout()
        self.cash = QRadioButton("À vista (pago agora)")
        self.cash.setObjectName("cashRadio")
        self.credit = QRadioButton("Na caderneta (parcelado)")
        self.credit.setObjectName("creditRadio")
        self.credit.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.cash)
        group.addButton(self.credit)
        self.cash.toggled.connect(self._update)
        top.addWidget(self.cash)
        top.addWidget(self.credit)
        top.addStretch(1)
        return top

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(set_role(QLabel("O que não for marcado continua com ela."), "hint"))
        row.addStretch(1)
        row.addWidget(named_button("Cancelar", "cancelSettleButton", self.reject))
        self.save_button = set_primary(named_button("Registrar acerto", "saveSettleButton",
                                                    self.save))
        row.addWidget(self.save_button)
        return row

    # -- behaviour ------------------------------------------------------------------------
    def fill(self, kept: bool) -> None:
        """Every piece came back (``kept=False``) or she keeps them all."""
        for line, back, mine in zip(self.lines, self.back_spins, self.kept_spins, strict=True):
            back.setValue(0 if kept else line.out)
            mine.setValue(line.out if kept else 0)

    def kept(self) -> dict[int, int]:
        return {line.variant_id: spin.value()
                for line, spin in zip(self.lines, self.kept_spins, strict=True) if spin.value()}

    def returned(self) -> dict[int, int]:
        return {line.variant_id: spin.value()
                for line, spin in zip(self.lines, self.back_spins, strict=True) if spin.value()}

    def kept_total(self) -> int:
        prices = {line.variant_id: line.unit_price_cents for line in self.lines}
        return sum(prices[v] * q for v, q in self.kept().items())

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

    def _update(self) -> None:
        if self.conditional is None:
            self.outcome.setText("")
            return  # still being read: nothing to count yet
        for line, back, mine in zip(self.lines, self.back_spins, self.kept_spins, strict=True):
            back.setMaximum(line.out - mine.value())  # never more than is with her
            mine.setMaximum(line.out - back.value())
        self._show_outcome()
        total = self.kept_total()
        self.payment_box.setEnabled(total > 0)
        credit = self.credit.isChecked()
        self.plan_area.setVisible(credit)
        self.method_label.setText("Forma da entrada" if credit else "Forma de pagamento")
        monthly = self.interval.currentData() == "monthly"
        custom = self.interval.currentData() == Interval.CUSTOM.value
        for widget, shown in ((self.day, monthly), (self.day_label, monthly),
                              (self.custom, custom), (self.custom_label, custom)):
            widget.setVisible(shown)
        self.loyalty.update_for(self.conditional.customer_id, total)
        total -= self.loyalty.discount_cents(total)
        self.total_label.setText(f"Venda: {format_brl(total)}" if total else
                                 "Ela não ficou com nenhuma peça: não há venda.")
        self.preview.set_rows([])
        self.plan_error.show_error(None)
        if credit and total:
            self._preview(total)
        self._credit_warning(total if credit else 0)

    def _show_outcome(self) -> None:
        back, kept = sum(self.returned().values()), sum(self.kept().values())
        left = sum(line.out for line in self.lines) - back - kept
        parts = [f"{'volta' if back == 1 else 'voltam'} {pieces_text(back)}" if back else "",
                 f"ela fica com {pieces_text(kept)} ({format_brl(self.kept_total())})"
                 if kept else "",
                 f"{pieces_text(left)} {'continua' if left == 1 else 'continuam'} com ela "
                 "(a malinha fica aberta)" if left and (back or kept) else ""]
        text = " · ".join(p for p in parts if p)
        self.outcome.setText(text[:1].upper() + text[1:] if text else
                             "Marque o que voltou e o que ela ficou.")

    def _preview(self, total: int) -> None:
        try:
            schedule = preview_plan(total, self.down.cents_or_zero(), self.plan())
        except ValueError as exc:
            self.plan_error.show_error(str(exc))
            return
        count = len(schedule)
        self.preview.set_rows([(n, d, c, count) for n, (d, c) in enumerate(schedule, 1)])

    def _credit_warning(self, total: int) -> None:
        warning = None
        if total:
            try:
                financed = total - self.down.cents_or_zero()
            except ValueError:
                financed = total
            warning = credit_check(self.conditional.customer_id, financed)
        self.credit_label.show_error(warning)
        self.credit_override.setVisible(bool(warning))

    def save(self) -> None:
        """Register the acerto in one transaction, or show what is wrong (typing kept)."""
        if self.conditional is None:
            return  # still being read ("Registrar acerto" is off meanwhile)
        self.items_error.show_error(None)
        self.plan_error.show_error(None)
        kept, returned = self.kept(), self.returned()
        try:
            plan = self.plan() if kept else None
            down = self.down.cents_or_zero() if kept and self.credit.isChecked() else 0
        except ValueError as exc:
            self.plan_error.show_error(str(exc))
            return
        k, today, method = self.conditional.id, self.today, self.method.currentData()
        discount = self.loyalty.discount_cents(self.kept_total()) if kept else 0
        override = self.credit_override.isChecked()
        Op(self, lambda _: settle(k, kept, today, plan, down, returned=returned,
                                  payment_method=method, discount_cents=discount,
                                  override_credit=override),
           busy=self.save_button).success(self._saved).failure(
            validation_or_message(self, self._refused)).run()

    def _refused(self, exc: ValidationError) -> None:
        errors = exc.errors
        self.items_error.show_error(errors.get("items") or errors.get("conditional")
                                    or errors.get("date") or errors.get("stock"))
        self.plan_error.show_error(errors.get("plan") or errors.get("method")
                                   or errors.get("discount"))
        if isinstance(exc, NeedsConfirmation):
            self.credit_label.show_error(errors.get("credit"))
            self.credit_override.show()

    def _saved(self, sale) -> None:
        back = sum(self.returned().values())
        parts = [f"{'voltou' if back == 1 else 'voltaram'} {pieces_text(back)}" if back else "",
                 f"venda de {format_brl(sale.total_cents)}" + (
                     " à vista" if self.cash.isChecked() else " na caderneta")
                 if sale is not None else ""]
        self.summary = "Acerto registrado: " + "; ".join(p for p in parts if p) + "."
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.save()
            return
        super().keyPressEvent(event)


def _read_malinha(conditional_id: int, today: date) -> tuple[ConditionalView,
                                                             list[ConditionalLine]]:
    """Worker side: the malinha as of ``today`` and its lines with pieces still out."""
    return (get_conditional(conditional_id, today),
            [line for line in conditional_lines(conditional_id) if line.out])
