"""Cadastro de cliente: create or edit a customer, with messages next to each field.

The e-mail is checked as she types (issue 24): a definite mistake (a space, a second @, a
finished provider that cannot be one) shows at once, an unfinished address only when she
leaves the field, and a provider one letter off a common one offers the fix. "Canal
preferido" says what automático means for the phone and e-mail typed, and refuses at once a
channel they cannot serve.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from app.services.br.documents import format_cpf
from app.services.br.phones import format_phone, normalize_phone
from app.services.core.dates import format_date
from app.services.core.errors import SharedPhoneConfirmation, ValidationError
from app.services.core.money import format_brl
from app.services.people.channels import (
    CHOICES,
    channel_problem,
    channel_text,
    email_problem,
    email_suggestion,
    normalize_email,
)
from app.services.people.customers import CustomerInput, get_customer, save_customer
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import ErrorLabel, FieldForm

FIELDS = (
    ("name", "Nome *", "Nome completo"),
    ("phone", "WhatsApp / telefone", "(11) 98765-4321"),
    ("email", "E-mail", "maria@gmail.com (opcional)"),
    ("cpf", "CPF", "000.000.000-00 (opcional)"),
    ("birthday", "Aniversário", "dd/mm/aaaa"),
    ("address", "Endereço", "Rua, número, complemento"),
    ("neighbourhood", "Bairro", ""),
    ("city", "Cidade", ""),
    ("credit_limit", "Limite de crédito", "R$ (vazio = sem limite)"),
)


class CustomerDialog(QDialog):
    """Create (customer_id=None) or edit a customer."""

    def __init__(self, today, default_ddd: str, customer_id: int | None = None, parent=None):
        super().__init__(parent)
        self.today = today
        self.default_ddd = default_ddd
        self.customer_id = customer_id
        self.saved_id: int | None = None
        self._phone_warned = False
        self.setWindowTitle("Editar cliente" if customer_id else "Nova cliente")
        self.setMinimumWidth(460)
        self._build()
        if customer_id:
            self._load(customer_id)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.form = FieldForm()
        self.inputs: dict[str, QLineEdit] = {}
        for key, label, placeholder in FIELDS:
            edit = QLineEdit(placeholderText=placeholder)
            edit.setObjectName(f"{key}Edit")
            self.inputs[key] = self.form.add(key, label, edit)
            if key == "email":
                self._channel_rows()
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notesEdit")
        self.notes.setPlaceholderText("Preferências, tamanho, melhor horário para falar…")
        self.notes.setFixedHeight(70)
        self.form.add("notes", "Observações", self.notes)
        layout.addLayout(self.form)
        self.general_error = ErrorLabel()
        layout.addWidget(self.general_error)
        hint = QLabel(f"Telefone sem DDD usa o DDD padrão ({self.default_ddd}).")
        set_role(hint, "hint")
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Salvar", QDialogButtonBox.ButtonRole.AcceptRole)
        set_primary(self.save_button)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.inputs["phone"].textEdited.connect(self._phone_changed)
        self.inputs["email"].textEdited.connect(lambda: self._check_email(finished=False))
        self.inputs["email"].editingFinished.connect(lambda: self._check_email(finished=True))
        for edit in (self.inputs["phone"], self.inputs["email"]):
            edit.textChanged.connect(self._check_channel)
        self.inputs["name"].setFocus()

    def _channel_rows(self) -> None:
        """Under the e-mail: the fix for a provider typed one letter off, then the channel."""
        self.email_hint = QLabel()
        self.email_hint.setObjectName("emailHint")
        set_role(self.email_hint, "hint")
        self.email_hint.setTextFormat(Qt.TextFormat.RichText)
        self.email_hint.linkActivated.connect(self._use_suggestion)
        self.email_hint.hide()
        self.form.addRow("", self.email_hint)
        self.channel = QComboBox()
        self.channel.setObjectName("channelCombo")
        for code, label in CHOICES:
            self.channel.addItem(label, code.value)
        self.form.add("channel", "Canal preferido", self.channel)
        # after the form's own "edited: clear the message", so the check has the last word
        self.channel.currentIndexChanged.connect(self._check_channel)
        self._check_channel()

    def _typed_contact(self) -> tuple[str | None, str]:
        """(phone in E.164 or None, e-mail or "") as typed so far (unusable text: none)."""
        try:
            phone = normalize_phone(self.inputs["phone"].text(), self.default_ddd)
        except ValueError:
            phone = None
        try:
            email = normalize_email(self.inputs["email"].text())
        except ValueError:
            email = ""
        return phone, email

    def _check_channel(self) -> None:
        """Automático names the channel it means now; a choice the typed phone and e-mail
        cannot serve is said next to the field at once."""
        phone, email = self._typed_contact()
        self.channel.setItemText(0, channel_text("", phone, email))
        code = self.channel.currentData() or ""
        self.form.errors["channel"].show_error(
            channel_problem(code, phone, email) if code else None)

    def _check_email(self, finished: bool) -> None:
        """Say what is wrong with the address: at once when more typing cannot fix it (a
        space, a second @, a character that cannot be there), when she leaves the field
        for an address that is just not finished ("maria@gmail")."""
        text = self.inputs["email"].text().strip()
        problem = email_problem(text)
        local, at, domain = text.partition("@")
        definite = (any(ch.isspace() for ch in text) or text.count("@") > 1
                    or bool(at and email_problem(f"{local}@exemplo.com"))
                    or any(not (ch.isalnum() or ch in ".-") for ch in domain))
        self.form.errors["email"].show_error(problem if problem and (finished or definite)
                                             else None)
        fix = email_suggestion(text)
        self.email_hint.setText(f"Quis dizer <a href='{fix}'>{fix}</a>? Clique para corrigir."
                                if fix else "")
        self.email_hint.setVisible(bool(fix))

    def _use_suggestion(self, address: str) -> None:
        self.inputs["email"].setText(address)
        self._check_email(finished=True)

    def _load(self, customer_id: int) -> None:
        c = get_customer(customer_id)
        values = {
            "name": c.name, "phone": format_phone(c.phone), "cpf": format_cpf(c.cpf),
            "birthday": format_date(c.birthday), "address": c.address,
            "neighbourhood": c.neighbourhood, "city": c.city, "email": c.email,
            "credit_limit": format_brl(c.credit_limit_cents, symbol=False)
            if c.credit_limit_cents is not None else "",
        }
        for key, value in values.items():
            self.inputs[key].setText(value)
        self.notes.setPlainText(c.notes)
        self.channel.setCurrentIndex(max(self.channel.findData(c.channel_choice), 0))

    def _phone_changed(self) -> None:
        self._phone_warned = False
        self.save_button.setText("Salvar")

    def collect(self) -> CustomerInput:
        return CustomerInput(notes=self.notes.toPlainText(), channel=self.channel.currentData(),
                             **{k: e.text() for k, e in self.inputs.items()})

    def save(self) -> None:
        """Validate and save; on problems show them next to the fields and stay open."""
        self.form.clear_errors()
        data, today, ddd, cid = self.collect(), self.today, self.default_ddd, self.customer_id
        shared_ok = self._phone_warned
        Op(self, lambda _: save_customer(data, today, ddd, cid, accept_shared_phone=shared_ok),
           busy=self.save_button,
           ).success(self._saved).failure(validation_or_message(self, self._refused)).run()

    def _saved(self, customer_id: int) -> None:
        self.saved_id = customer_id
        self.accept()

    def _refused(self, exc: ValidationError) -> None:
        errors = dict(exc.errors)
        if isinstance(exc, SharedPhoneConfirmation):
            errors["phone"] += " Se for o mesmo telefone da família, clique em Salvar de novo."
            self._phone_warned = True
            self.save_button.setText("Salvar mesmo assim")
        self.form.show_errors(errors)
