"""Configurações › Acordos e fidelidade: negotiation room, early-payment discount, loyalty
tiers, birthdays and their messages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.collection.cadence import load_stages
from app.services.collection.messages import tone_warnings
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.core.money import format_brl, format_percent, parse_brl, parse_percent
from app.services.receivables.discounts import reminder_lead_warning
from app.services.receivables.installments import INTERVAL_LABELS, Interval
from app.ui.kit.fitting import when_narrow
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import FieldForm

TWO_COLUMNS = 920  # the groups side by side from this width on


def _percent_text(bp: int) -> str:
    return format_percent(bp).rstrip("%")


def _int(text: str) -> int:
    raw = (text or "").strip()
    if not raw.isdigit():
        raise ValueError(f"“{text}” não é um número inteiro.")
    return int(raw)


# field → (label, parse, show, hint)
PERCENT = (parse_percent, _percent_text)
MONEY = (parse_brl, lambda c: format_brl(c, symbol=False))
COUNT = (_int, str)
GROUPS: tuple[tuple[str, tuple[tuple[str, str, tuple[Callable, Callable], str], ...]], ...] = (
    ("Acordos (margem de negociação)", (
        ("agreement_max_fee_discount_bp", "Desconto máximo na multa e juros (%)", PERCENT,
         "100 = pode dispensar tudo"),
        ("agreement_max_principal_discount_bp", "Desconto máximo no valor (%)", PERCENT,
         "dado na proposta à vista; 0 = nenhum"),
        ("agreement_min_installment_cents", "Parcela mínima (R$)", MONEY, ""),
        ("agreement_max_installments", "Máximo de parcelas", COUNT, ""),
        ("agreement_interest_bp", "Juros do parcelamento (% ao mês)", PERCENT,
         "0 = sem juros no acordo"),
        ("agreement_cash_fee_waiver_bp", "Multa e juros perdoados à vista (%)", PERCENT,
         "100 = tudo"),
        ("agreement_two_fee_waiver_bp", "Multa e juros perdoados em 2x (%)", PERCENT,
         "50 = metade"),
        ("agreement_three_fee_waiver_bp", "Multa e juros perdoados em 3x (%)", PERCENT,
         "0 = nada"),
    )),
    ("Desconto por antecipação", (
        ("early_discount_bp", "Desconto (%)", PERCENT, "0 = desligado"),
        ("early_discount_days", "Pagando pelo menos (dias antes)", COUNT, ""),
    )),
    ("Fidelidade (meses com pagamento em dia, nos últimos 12, sem atraso)", (
        ("loyalty_bronze_min", "Bronze a partir de", COUNT, "meses em dia"),
        ("loyalty_bronze_bp", "Desconto Bronze (%)", PERCENT, ""),
        ("loyalty_silver_min", "Prata a partir de", COUNT, "meses em dia"),
        ("loyalty_silver_bp", "Desconto Prata (%)", PERCENT, ""),
        ("loyalty_gold_min", "Ouro a partir de", COUNT, "meses em dia"),
        ("loyalty_gold_bp", "Desconto Ouro (%)", PERCENT, ""),
    )),
    ("Aniversariantes", (
        ("birthday_skip_overdue_cents", "Deixar de fora quem deve em atraso mais de (R$)", MONEY,
         "0 = mostrar todas"),
    )),
)
TEMPLATES = (("birthday_template", "Mensagem de aniversário"),
             ("loyalty_thanks_template", "Agradecimento (carnê pago em dia)"),
             ("agreement_broken_template", "Lembrete de acordo quebrado"))


class AgreementSettingsTab(QWidget):
    """Every issue-12 setting on one scrollable tab, saved by one button."""

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.form = FieldForm()  # errors by field; the groups only hold the rows visually
        self.edits: dict[str, QLineEdit] = {}
        self.grid = QGridLayout()
        self.groups = [self._group(title, rows) for title, rows in GROUPS]
        layout.addLayout(self.grid)
        when_narrow(scroll, TWO_COLUMNS, self._arrange)  # one column on a 125% laptop
        layout.addWidget(self._templates())
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.save_button = set_primary(QPushButton("Salvar"))  # like every tab's Salvar
        self.save_button.setObjectName("saveAgreementSettingsButton")
        self.save_button.clicked.connect(self.save)
        self.feedback = QLabel()
        self.feedback.setObjectName("agreementSettingsFeedback")
        self.feedback.setWordWrap(True)
        row.addWidget(self.save_button)
        row.addWidget(self.feedback, 1)
        outer.addLayout(row)
        self.load()

    def _arrange(self, narrow: bool) -> None:
        """The groups two by two when there is room, one under the other when not."""
        for n, box in enumerate(self.groups):
            self.grid.removeWidget(box)
            self.grid.addWidget(box, n if narrow else n // 2, 0 if narrow else n % 2)

    def _group(self, title: str, rows) -> QGroupBox:
        box = QGroupBox(title)
        form = FieldForm(box)
        for key, label, _, hint in rows:
            edit = QLineEdit(placeholderText=hint)
            edit.setObjectName(f"{key}Edit")
            self.edits[key] = form.add(key, label, edit)
            self.form.errors[key], self.form.fields[key] = form.errors[key], edit
        if any(key == "early_discount_bp" for key, *_ in rows):  # issue 19: said where the
            self.discount_warning = QLabel()  # discount is set
            self.discount_warning.setObjectName("discountReminderWarning")
            self.discount_warning.setWordWrap(True)
            set_role(self.discount_warning, "caution")
            form.addRow(self.discount_warning)
        if any(key == "agreement_max_installments" for key, *_ in rows):  # the plan's group
            self.interval = QComboBox()
            self.interval.setObjectName("agreementIntervalCombo")
            for value in (Interval.MONTHLY, Interval.BIWEEKLY, Interval.WEEKLY):
                self.interval.addItem(INTERVAL_LABELS[value], value.value)
            form.add("agreement_interval", "Intervalo das parcelas", self.interval)
        if any(key == "early_discount_bp" for key, *_ in rows):  # issue 19: off for agreements
            self.agreement_early = QCheckBox("Também nas parcelas de acordo")
            self.agreement_early.setObjectName("agreementEarlyDiscountCheck")
            self.agreement_early.setToolTip("De início, não: o valor do acordo já foi "
                                            "negociado.")
            form.addRow(self.agreement_early)
        return box

    def _templates(self) -> QGroupBox:
        box = QGroupBox("Mensagens (campos: {nome}, {loja}, {fidelidade}, {total}, {parcelas}…)")
        form = FieldForm(box)
        self.templates: dict[str, QPlainTextEdit] = {}
        for key, label in TEMPLATES:
            edit = QPlainTextEdit()
            edit.setObjectName(f"{key}Edit")
            edit.setFixedHeight(64)
            self.templates[key] = form.add(key, label, edit)
            self.form.errors[key], self.form.fields[key] = form.errors[key], edit
        self.tone = QLabel()
        set_role(self.tone, "caution")
        self.tone.setWordWrap(True)
        form.addRow(self.tone)
        return box

    def load(self) -> None:
        s = load_settings()
        for _, rows in GROUPS:
            for key, _, (_, show), _ in rows:
                self.edits[key].setText(show(getattr(s, key)))
        self.interval.setCurrentIndex(max(self.interval.findData(s.agreement_interval), 0))
        self.agreement_early.setChecked(bool(s.agreement_early_discount))
        for key, edit in self.templates.items():
            edit.setPlainText(getattr(s, key))
        self._show_discount_warning(s)
        self.form.clear_errors()
        self.feedback.clear()

    def _show_discount_warning(self, settings) -> None:
        """When the discount needs more notice than the first reminder gives (issue 19)."""
        warning = reminder_lead_warning(settings, load_stages())
        self.discount_warning.setText(warning)
        self.discount_warning.setVisible(bool(warning))

    def _values(self) -> tuple[dict, dict[str, str]]:
        values: dict = {"agreement_interval": self.interval.currentData(),
                        "agreement_early_discount": int(self.agreement_early.isChecked())}
        errors: dict[str, str] = {}
        for _, rows in GROUPS:
            for key, _, (parse, _), _ in rows:
                try:
                    values[key] = parse(self.edits[key].text())
                except ValueError as exc:
                    errors[key] = str(exc)
        for key, edit in self.templates.items():
            values[key] = edit.toPlainText().strip()
        return values, errors

    def save(self) -> None:
        """Store everything or show what is wrong next to the field; typing is kept."""
        self.form.clear_errors()
        self.feedback.clear()
        values, errors = self._values()
        if errors:
            self.form.show_errors(errors)
            return
        Op(self, lambda _: save_settings(load_settings(), **values),
           busy=self.save_button).success(
               lambda saved: self._saved([w for key in self.templates
                                          for w in tone_warnings(values[key],
                                                                 saved.store_name)],
                                         saved)).failure(
               validation_or_message(self, self._refused)).run()

    def _saved(self, warnings: list[str], saved) -> None:
        self.tone.setText(" ".join(warnings))
        self._show_discount_warning(saved)
        self.feedback.setText("Acordos e fidelidade salvos.")

    def _refused(self, exc: ValidationError) -> None:
        self.form.show_refusal(exc.errors, self.feedback)
