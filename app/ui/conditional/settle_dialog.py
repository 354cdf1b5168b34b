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
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
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
from app.services.core.dates import format_date
from app.services.core.errors import NeedsConfirmation, NotFound, ValidationError
from app.services.core.money import format_brl
from app.ui.kit.fitting import resize_to_fit, scrolling
from app.ui.kit.ops import Op, Reader, describe_failure, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import ErrorLabel, named_button
from app.ui.receivables.loyalty_discount import LoyaltyDiscountBar
from app.ui.receivables.plan_form import PlanForm


class SettleDialog(QDialog):
    """Acertar one malinha; ``summary`` says what was done once it is saved."""

    def __init__(self, conditional_id: int, today: date, parent=None):
        super().__init__(parent)
        self.today = today
        self.conditional: ConditionalView | None = None  # read on the worker
        self.lines: list[ConditionalLine] = []  # the lines with pieces still out
        self.summary = ""
        self.setWindowTitle(f"Acertar condicional nº {conditional_id}")
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
        self.plan_form = PlanForm(self.today)  # à vista or na caderneta, as in Nova venda
        self.plan_form.changed.connect(self._update)
        column.addWidget(self.plan_form, 1)
        self.loyalty = LoyaltyDiscountBar(self.today)  # as in Nova venda (issue 12)
        self.loyalty.changed.connect(self._update)
        column.addWidget(self.loyalty)
        self.total_label = set_role(QLabel(), "lead")
        self.total_label.setObjectName("settleTotal")
        column.addWidget(self.total_label)
        column.addWidget(self.plan_form.credit_label)
        column.addWidget(self.plan_form.credit_override)
        return box

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
        self.loyalty.update_for(self.conditional.customer_id, total)
        total -= self.loyalty.discount_cents(total)
        self.total_label.setText(f"Venda: {format_brl(total)}" if total else
                                 "Ela não ficou com nenhuma peça: não há venda.")
        self.plan_form.update_for(self.conditional.customer_id, total)
        credit, column = self.plan_form.is_credit(), self.payment_box.layout()
        column.setStretchFactor(self.plan_form, int(credit))  # spare height: to the plan,
        column.setStretchFactor(self.total_label, int(not credit))  # à vista to the total

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

    def save(self) -> None:
        """Register the acerto in one transaction, or show what is wrong (typing kept)."""
        if self.conditional is None:
            return  # still being read ("Registrar acerto" is off meanwhile)
        self.items_error.show_error(None)
        self.plan_form.show_error(None)
        kept, returned = self.kept(), self.returned()
        try:
            plan, down = self.plan_form.terms() if kept else (None, 0)
        except ValueError as exc:
            self.plan_form.show_error(str(exc))
            return
        k, today, method = self.conditional.id, self.today, self.plan_form.method_key()
        discount = self.loyalty.discount_cents(self.kept_total()) if kept else 0
        override = self.plan_form.credit_override.isChecked()
        Op(self, lambda _: settle(k, kept, today, plan, down, returned=returned,
                                  payment_method=method, discount_cents=discount,
                                  override_credit=override),
           busy=self.save_button).success(self._saved).failure(
            validation_or_message(self, self._refused)).run()

    def _refused(self, exc: ValidationError) -> None:
        errors = exc.errors
        self.items_error.show_error(errors.get("items") or errors.get("conditional")
                                    or errors.get("date") or errors.get("stock"))
        self.plan_form.show_refusal(errors, isinstance(exc, NeedsConfirmation))

    def _saved(self, sale) -> None:
        back = sum(self.returned().values())
        parts = [f"{'voltou' if back == 1 else 'voltaram'} {pieces_text(back)}" if back else "",
                 f"venda de {format_brl(sale.total_cents)}" + (
                     " na caderneta" if self.plan_form.is_credit() else " à vista")
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
