"""Configurações › Régua e mensagens: reminder stages, their two messages, the e-mail subject
and the SMS of each (issue 24), tone warnings. Two régua are edited here, one at a time: the
installments' and the malinha's (issue 23, ``rulers.Ruler``)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.collection.cadence import (
    MAX_OFFSET,
    MAX_STAGES,
    MIN_OFFSET,
    CadenceStage,
)
from app.services.collection.messages import (
    PLACEHOLDERS,
    tone_warnings,
    validate_template,
)
from app.services.configuration.settings import load_settings
from app.services.core.errors import ValidationError
from app.services.receivables.discounts import reminder_lead_warning
from app.ui.collection.channel_widgets import sms_count_text
from app.ui.conditional.malinha_ruler import MALINHA
from app.ui.configuration.rulers import INSTALLMENTS
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import ErrorLabel, FieldForm, ask

GENTLE_LABEL = "Mensagem gentil (atrasada / lembrete)"
FIRM_LABEL = "Mensagem firme (inadimplente recorrente)"
SMS_LABEL = "SMS (curto, sem o código Pix)"
FIELDS = ("offset", "name", "gentle", "firm", "subject", "sms")
def placeholder_table(placeholders: dict[str, str]) -> str:
    rows = "".join(f"<tr><td><code>{{{name}}}</code>&nbsp;&nbsp;</td><td>{meaning}</td></tr>"
                   for name, meaning in placeholders.items())
    return f"<table>{rows}</table>"


def _template_edit(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setMinimumHeight(110)
    return edit


class CadenceSettingsTab(QWidget):
    """Edit the régua: a list of stages on the left, the selected stage on the right."""

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self.rulers = (INSTALLMENTS, MALINHA)
        self.ruler = INSTALLMENTS
        self.stages: list[CadenceStage] = []
        self.errors: dict[str, str] = {}
        self._loading = False
        self._build()
        self.load()

    # ---- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.ruler_combo = QComboBox()
        self.ruler_combo.setObjectName("rulerCombo")
        for ruler in self.rulers:
            self.ruler_combo.addItem(ruler.label)
        self.ruler_combo.currentIndexChanged.connect(self.choose_ruler)
        left.addWidget(self.ruler_combo)
        left.addWidget(QLabel("Etapas da régua"))
        self.stage_list = QListWidget()
        self.stage_list.setObjectName("stageList")
        self.stage_list.setMinimumWidth(220)
        self.stage_list.setMaximumWidth(260)
        self.stage_list.currentRowChanged.connect(self._show_stage)
        left.addWidget(self.stage_list, 1)
        self.list_error = ErrorLabel()
        left.addWidget(self.list_error)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Adicionar etapa")
        self.add_button.setObjectName("addStageButton")
        self.add_button.clicked.connect(self.add_stage)
        self.remove_button = QPushButton("Remover")
        self.remove_button.setObjectName("removeStageButton")
        self.remove_button.clicked.connect(self.remove_stage)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        self.reset_button = QPushButton("Restaurar padrão")
        self.reset_button.setObjectName("resetStagesButton")
        self.reset_button.clicked.connect(self.ask_restore_default)
        left.addWidget(self.reset_button)
        self.save_button = set_primary(QPushButton("Salvar régua"))
        self.save_button.setObjectName("saveStagesButton")
        self.save_button.clicked.connect(self.save)
        left.addWidget(self.save_button)
        self.feedback = QLabel()
        self.feedback.setObjectName("cadenceFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setMaximumWidth(260)
        left.addWidget(self.feedback)
        outer.addLayout(left)

        editor = QWidget()
        column = QVBoxLayout(editor)
        self.form = FieldForm()
        self.offset_spin = QSpinBox()
        self.offset_spin.setObjectName("stageOffset")
        self.offset_spin.setRange(MIN_OFFSET, MAX_OFFSET)
        self.offset_spin.setSuffix(" dias do vencimento")
        self.offset_spin.setToolTip("−5 = cinco dias antes do vencimento; 0 = no dia; "
                                    "7 = uma semana depois.")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("stageName")
        self.gentle_edit = _template_edit("gentleEdit")
        self.firm_edit = _template_edit("firmEdit")
        self.subject_edit = QLineEdit(placeholderText="Vazio: Lembrete de pagamento — {loja}")
        self.subject_edit.setObjectName("subjectEdit")
        self.sms_edit = _template_edit("smsEdit")
        self.sms_edit.setMinimumHeight(70)
        self.sms_edit.setPlaceholderText("Vazio: o SMS padrão desta etapa.")
        self.form.add("offset", "Dia", self.offset_spin)
        self.form.add("name", "Nome da etapa", self.name_edit)
        self.form.add("gentle", GENTLE_LABEL.replace(" (", "\n("), self.gentle_edit)
        self.form.add("firm", FIRM_LABEL.replace(" (", "\n("), self.firm_edit)
        self.form.add("subject", "Assunto do e-mail", self.subject_edit)
        self.form.add("sms", SMS_LABEL.replace(" (", "\n("), self.sms_edit)
        column.addLayout(self.form)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("toneWarnings")
        self.warning_label.setWordWrap(True)
        set_role(self.warning_label, "suggestion")
        self.warning_label.hide()
        column.addWidget(self.warning_label)
        column.addWidget(QLabel("<b>Prévia</b> (dados de exemplo)"))
        previews = QHBoxLayout()
        self.gentle_preview = self._preview_label("gentlePreview")
        self.firm_preview = self._preview_label("firmPreview")
        previews.addWidget(self.gentle_preview, 1)
        previews.addWidget(self.firm_preview, 1)
        column.addLayout(previews)
        self.sms_preview = self._preview_label("smsPreview")
        column.addWidget(self.sms_preview)
        self.sms_size = QLabel()
        self.sms_size.setObjectName("smsSize")
        set_role(self.sms_size, "hint")
        column.addWidget(self.sms_size)
        column.addWidget(QLabel("<b>Campos que você pode usar</b> (escreva entre chaves)"))
        self.placeholder_label = QLabel(placeholder_table(PLACEHOLDERS))
        self.placeholder_label.setObjectName("placeholderList")
        self.placeholder_label.setWordWrap(True)
        self.placeholder_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.placeholder_label)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(editor)
        outer.addWidget(scroll, 1)

        self.offset_spin.valueChanged.connect(self._edited)
        self.name_edit.textChanged.connect(self._edited)
        self.gentle_edit.textChanged.connect(self._edited)
        self.firm_edit.textChanged.connect(self._edited)
        self.subject_edit.textChanged.connect(self._edited)
        self.sms_edit.textChanged.connect(self._edited)

    @staticmethod
    def _preview_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop)
        label.setTextFormat(Qt.TextFormat.PlainText)
        set_role(label, "success_box")
        return label

    # ---- data ---------------------------------------------------------------------------
    def choose_ruler(self, index: int) -> None:
        """Edit the installments' régua or the malinha's (what was not saved is dropped)."""
        self.ruler = self.rulers[index]
        self.offset_spin.setRange(self.ruler.min_offset, MAX_OFFSET)
        self.offset_spin.setSuffix(self.ruler.suffix)
        self.placeholder_label.setText(placeholder_table(self.ruler.placeholders))
        self.feedback.clear()
        self.load()

    def load(self, stages=None) -> None:
        self.stages = list(stages if stages is not None else self.ruler.load())
        self.errors = {}
        self.list_error.show_error(None)
        self._fill_list(0)

    def _fill_list(self, select: int) -> None:
        self._loading = True
        self.stage_list.clear()
        for stage in self.stages:
            self.stage_list.addItem(f"{stage.code}  {stage.name}")
        self._loading = False
        if self.stages:
            self.stage_list.setCurrentRow(max(0, min(select, len(self.stages) - 1)))
        self._show_stage(self.stage_list.currentRow())
        self.remove_button.setEnabled(len(self.stages) > 1)
        self.add_button.setEnabled(len(self.stages) < MAX_STAGES)

    def current_index(self) -> int:
        return self.stage_list.currentRow()

    def _show_stage(self, row: int) -> None:
        if self._loading:
            return
        has = 0 <= row < len(self.stages)
        for widget in (self.offset_spin, self.name_edit, self.gentle_edit, self.firm_edit,
                       self.subject_edit, self.sms_edit):
            widget.setEnabled(has)
        if not has:
            return
        stage = self.stages[row]
        self._loading = True
        self.offset_spin.setValue(stage.offset)
        self.name_edit.setText(stage.name)
        self.gentle_edit.setPlainText(stage.gentle)
        self.firm_edit.setPlainText(stage.firm)
        self.subject_edit.setText(stage.subject)
        self.sms_edit.setPlainText(stage.sms)
        self._loading = False
        self._show_errors_for(row)
        self._update_live()

    def _edited(self) -> None:
        if self._loading:
            return
        row = self.current_index()
        if not 0 <= row < len(self.stages):
            return
        stage = replace(self.stages[row], offset=self.offset_spin.value(),
                        name=self.name_edit.text(), gentle=self.gentle_edit.toPlainText(),
                        firm=self.firm_edit.toPlainText(), subject=self.subject_edit.text(),
                        sms=self.sms_edit.toPlainText())
        self.stages[row] = stage
        item = self.stage_list.item(row)
        if item is not None:
            item.setText(f"{stage.code}  {stage.name}")
        self.feedback.clear()
        self._update_live()

    def refresh_preview(self) -> None:
        """The settings changed (store name, signature): the preview shows them."""
        self._update_live()

    def _update_live(self) -> None:
        row = self.current_index()
        if not 0 <= row < len(self.stages):
            return
        stage = self.stages[row]
        settings = load_settings()
        warnings = [f"{kind}: {w}" for kind, text in (("Gentil", stage.gentle),
                                                      ("Firme", stage.firm), ("SMS", stage.sms),
                                                      ("Assunto", stage.subject))
                    for w in tone_warnings(text, settings.store_name)]
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warning_label.setVisible(bool(warnings))
        self.gentle_preview.setText(self._render(stage.gentle, stage.offset, settings))
        self.firm_preview.setText(self._render(stage.firm, stage.offset, settings))
        sms = self._render(stage.sms, stage.offset, settings, sms=True)
        self.sms_preview.setText(f"SMS: {sms}")
        self.sms_size.setText(sms_count_text(sms))

    def _render(self, template: str, offset: int, settings, sms: bool = False) -> str:
        """The message as a customer would read it (the régua's own sample)."""
        try:
            validate_template(template, placeholders=self.ruler.placeholders)
        except ValidationError as exc:
            return next(iter(exc.errors.values()))
        return self.ruler.sample(template, offset, settings, self._today_fn(), sms)

    def _show_errors_for(self, row: int) -> None:
        prefix = f"stage{row + 1}_"
        self.form.show_errors({k[len(prefix):]: v for k, v in self.errors.items()
                               if k.startswith(prefix)})

    # ---- actions ------------------------------------------------------------------------
    def add_stage(self) -> None:
        if len(self.stages) >= MAX_STAGES:
            return
        used = {s.offset for s in self.stages}
        offset = max(used, default=0) + 7
        while offset in used or offset > MAX_OFFSET:
            offset = offset - 1 if offset > MAX_OFFSET else offset + 1
        base = self.stages[-1] if self.stages else None
        self.stages.append(self.ruler.stage(offset, "Nova etapa", base.gentle if base else
                                            self.ruler.first_gentle,
                                            base.firm if base else self.ruler.first_firm,
                                            base.subject if base else "",
                                            base.sms if base else ""))
        self.errors = {}
        self._fill_list(len(self.stages) - 1)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def remove_stage(self) -> None:
        row = self.current_index()
        if len(self.stages) <= 1 or not 0 <= row < len(self.stages):
            return
        del self.stages[row]
        self.errors = {}
        self._fill_list(row)

    def save(self) -> None:
        """Store the régua or show each problem next to its field (typing is kept)."""
        self.feedback.clear()
        self.list_error.show_error(None)
        stages, save = list(self.stages), self.ruler.save
        Op(self, lambda _: save(stages), busy=self.save_button).success(self._saved).failure(
               validation_or_message(self, self._refused)).run()

    def _saved(self, saved) -> None:
        self.load(saved)
        warning = reminder_lead_warning(load_settings(), saved)
        self.feedback.setText("Régua salva." + (f"\n⚠ {warning}" if warning else ""))

    def _refused(self, exc: ValidationError) -> None:
        self.errors = exc.errors
        self.list_error.show_error(exc.errors.get("stages"))
        bad = sorted(int(k[5:].split("_")[0]) - 1 for k in exc.errors
                     if k.startswith("stage") and k[5:6].isdigit())
        if bad:
            self.stage_list.setCurrentRow(bad[0])
            self._show_errors_for(bad[0])
            self.feedback.setText("A régua não foi salva: corrija "
                                  f"{'a etapa marcada' if len(set(bad)) == 1 else 'as etapas'}"
                                  " em vermelho.")

    def ask_restore_default(self) -> None:
        if ask(self, self.ruler.label,
               "Voltar para a régua e as mensagens padrão? Suas mudanças serão perdidas.",
               "&Voltar ao padrão"):  # Enter: Cancelar
            self.restore_default()

    def restore_default(self) -> None:
        reset = self.ruler.reset
        Op(self, lambda _: reset(), busy=self.reset_button).success(self._restored).run()

    def _restored(self, stages) -> None:
        self.load(stages)
        self.feedback.setText("Régua padrão restaurada.")
