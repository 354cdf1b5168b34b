"""Cadastro de cliente: create or edit a customer, with messages next to each field."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from app.services.br.documents import format_cpf
from app.services.br.phones import format_phone
from app.services.core.dates import format_date
from app.services.core.errors import SharedPhoneConfirmation, ValidationError
from app.services.core.money import format_brl
from app.services.people.customers import CustomerInput, get_customer, save_customer
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import ErrorLabel, FieldForm

FIELDS = (
    ("name", "Nome *", "Nome completo"),
    ("phone", "WhatsApp / telefone", "(11) 98765-4321"),
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
        self.inputs["name"].setFocus()

    def _load(self, customer_id: int) -> None:
        c = get_customer(customer_id)
        values = {
            "name": c.name, "phone": format_phone(c.phone), "cpf": format_cpf(c.cpf),
            "birthday": format_date(c.birthday), "address": c.address,
            "neighbourhood": c.neighbourhood, "city": c.city,
            "credit_limit": format_brl(c.credit_limit_cents, symbol=False)
            if c.credit_limit_cents is not None else "",
        }
        for key, value in values.items():
            self.inputs[key].setText(value)
        self.notes.setPlainText(c.notes)

    def _phone_changed(self) -> None:
        self._phone_warned = False
        self.save_button.setText("Salvar")

    def collect(self) -> CustomerInput:
        return CustomerInput(notes=self.notes.toPlainText(),
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
