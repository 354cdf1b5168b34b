"""Configurações › Condicional: how many days she gives to return a malinha (calendar or business
days), and whether a late malinha blocks a new one. The malinha's messages are on the
"Régua e mensagens" tab."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.conditional.conditional import default_return_by
from app.services.configuration.settings import load_settings, save_settings
from app.services.configuration.validation import MAX_CONDITIONAL_DAYS
from app.services.core.dates import format_date, weekday_name
from app.services.core.errors import ValidationError
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import FieldForm


class ConditionalSettingsTab(QWidget):
    """Prazo de devolução, dias úteis, bloqueio; an example date says what they mean."""

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        layout = QVBoxLayout(self)
        intro = QLabel("Condicional (malinha): peças que a cliente leva para provar em casa e "
                       "devolve até a data combinada. O que ela ficar vira uma venda no acerto.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._form())
        self.example = set_role(QLabel(), "hint")
        self.example.setObjectName("conditionalExample")
        self.example.setWordWrap(True)
        layout.addWidget(self.example)
        messages = set_role(QLabel("As mensagens que lembram a cliente da malinha ficam em "
                                   "Régua e mensagens → Régua da malinha."), "hint")
        messages.setWordWrap(True)
        layout.addWidget(messages)
        row = QHBoxLayout()
        self.save_button = set_primary(QPushButton("Salvar"))
        self.save_button.setObjectName("saveConditionalSettings")
        self.save_button.clicked.connect(self.save)
        self.feedback = QLabel()
        self.feedback.setObjectName("conditionalSettingsFeedback")
        row.addWidget(self.save_button)
        row.addWidget(self.feedback, 1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.load()
        for signal in (self.days.valueChanged, self.business.toggled):
            signal.connect(self._example)

    def _form(self) -> QWidget:
        self.form = FieldForm()
        self.days = QSpinBox(minimum=0, maximum=MAX_CONDITIONAL_DAYS)
        self.days.setObjectName("conditionalDays")
        self.days.setSuffix(" dias")
        self.days.setMaximumWidth(160)
        self.business = QCheckBox("Contar só dias úteis")
        self.business.setObjectName("conditionalBusinessDays")
        self.business.setToolTip("Sábados, domingos e feriados nacionais não contam.")
        self.block = QCheckBox("Bloquear nova malinha")
        self.block.setObjectName("conditionalBlockLate")
        self.block.setToolTip("Quem está com uma malinha atrasada só leva outra depois de "
                              "acertar a atrasada.")
        self.form.add("conditional_return_days", "Prazo para devolver", self.days)
        self.form.add("conditional_business_days", "", self.business)
        self.form.add("conditional_block_late", "Com malinha atrasada", self.block)
        box = QWidget()
        box.setMaximumWidth(720)
        box.setLayout(self.form)
        return box

    def load(self) -> None:
        self._settings = settings = load_settings()
        self.days.setValue(settings.conditional_return_days)
        self.business.setChecked(bool(settings.conditional_business_days))
        self.block.setChecked(bool(settings.conditional_block_late))
        self._example()

    def _values(self) -> dict[str, int]:
        return {"conditional_return_days": self.days.value(),
                "conditional_business_days": int(self.business.isChecked()),
                "conditional_block_late": int(self.block.isChecked())}

    def _example(self) -> None:
        today: date = self._today_fn()
        back = default_return_by(today, replace(self._settings, **self._values()))
        self.example.setText(
            f"Exemplo: uma malinha que sai hoje ({weekday_name(today)}, {format_date(today)}) "
            f"volta até {weekday_name(back)}, {format_date(back)}. Você pode mudar a data em "
            "cada condicional.")

    def save(self) -> None:
        self.form.clear_errors()
        values = self._values()
        Op(self, lambda _: save_settings(load_settings(), **values),
           busy=self.save_button).success(
            self._saved).failure(
            validation_or_message(self, self._refused)).run()

    def _saved(self, settings) -> None:
        self._settings = settings
        self.feedback.setText("Configurações da condicional salvas.")

    def _refused(self, exc: ValidationError) -> None:
        self.form.show_refusal(exc.errors, self.feedback)
