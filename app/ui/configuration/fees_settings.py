"""Configurações › Multa e juros: the late fee (≤ 2%, CDC art. 52 § 1º) and juros de mora."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.core.money import format_brl, format_percent, parse_percent
from app.services.receivables.fees import installment_fees
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import FieldForm

EXAMPLE_CENTS, EXAMPLE_DAYS = 10_000, 15


def _bp_text(bp: int) -> str:
    return format_percent(bp).rstrip("%")


class FeesSettingsTab(QWidget):
    """Multa (%) and juros de mora (% ao mês); 0 turns each one off."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Multa e juros são cobrados só sobre o valor em atraso. A multa é de no máximo 2% "
            "(Código de Defesa do Consumidor, art. 52, § 1º) e os juros de no máximo 1% ao mês "
            "(Lei de Usura). Você sempre pode dispensar na hora de receber.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = FieldForm()
        self.fee_edit = QLineEdit(placeholderText="0 = desligado")
        self.fee_edit.setObjectName("lateFeeEdit")
        self.interest_edit = QLineEdit(placeholderText="0 = desligado")
        self.interest_edit.setObjectName("lateInterestEdit")
        for edit in (self.fee_edit, self.interest_edit):
            edit.setMaximumWidth(160)  # a percentage, not a paragraph
        self.form.add("late_fee_bp", "Multa por atraso (%)", self.fee_edit)
        self.form.add("late_interest_bp", "Juros de mora (% ao mês)", self.interest_edit)
        form_box = QWidget()
        form_box.setMaximumWidth(640)
        form_box.setLayout(self.form)
        layout.addWidget(form_box)
        hint = QLabel("0 = desligado. Exemplos: 2 para multa de 2%; 1 ou 0,5 para juros ao mês "
                      "(calculados por dia de atraso).")
        set_role(hint, "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.example_label = QLabel()
        self.example_label.setObjectName("feesExample")
        self.example_label.setWordWrap(True)
        layout.addWidget(self.example_label)
        row = QHBoxLayout()
        self.save_button = set_primary(QPushButton("Salvar"))
        self.save_button.setObjectName("saveFeesButton")
        self.save_button.clicked.connect(self.save)
        self.feedback = QLabel()
        self.feedback.setObjectName("feesFeedback")
        row.addWidget(self.save_button)
        row.addWidget(self.feedback, 1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.form.edited.connect(self.feedback.clear)  # "salvos" no longer true
        self.fee_edit.textChanged.connect(self._update_example)
        self.interest_edit.textChanged.connect(self._update_example)
        self.load()

    def load(self) -> None:
        settings = load_settings()
        self.fee_edit.setText(_bp_text(settings.late_fee_bp))
        self.interest_edit.setText(_bp_text(settings.late_interest_bp))
        self.form.clear_errors()
        self.feedback.clear()
        self._update_example()

    def _values(self) -> tuple[dict[str, int], dict[str, str]]:
        values, errors = {}, {}
        for key, edit in (("late_fee_bp", self.fee_edit),
                          ("late_interest_bp", self.interest_edit)):
            try:
                values[key] = parse_percent(edit.text())
            except ValueError as exc:
                errors[key] = str(exc)
        return values, errors

    def _update_example(self) -> None:
        values, errors = self._values()
        if errors:
            self.example_label.setText("")
            return
        fee_bp, interest_bp = values["late_fee_bp"], values["late_interest_bp"]
        if fee_bp <= 0 and interest_bp <= 0:
            self.example_label.setText("Multa e juros desligados: atrasos não geram acréscimo.")
            return
        trial = replace(load_settings(), late_fee_bp=fee_bp, late_interest_bp=interest_bp)
        today = date(2026, 1, 31)
        fees = installment_fees(0, today - timedelta(days=EXAMPLE_DAYS), EXAMPLE_CENTS,
                                today, trial)
        self.example_label.setText(
            f"Exemplo: parcela de {format_brl(EXAMPLE_CENTS)} com {EXAMPLE_DAYS} dias de atraso: "
            f"multa {format_brl(fees.fee_cents)} + juros {format_brl(fees.interest_cents)} "
            f"= {format_brl(fees.total_cents)}.")

    def save(self) -> None:
        """Store both values or show what is wrong next to the field; typing is kept."""
        self.form.clear_errors()
        self.feedback.clear()
        values, errors = self._values()
        if errors:
            self.form.show_errors(errors)
            return
        Op(self, lambda _: save_settings(load_settings(), **values),
           busy=self.save_button,
           ).success(lambda _: self.feedback.setText("Multa e juros salvos.")).failure(
               validation_or_message(self, self._refused)).run()

    def _refused(self, exc: ValidationError) -> None:
        self.form.show_refusal(exc.errors, self.feedback)
