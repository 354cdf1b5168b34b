"""Boas-vindas: on a new database, the few things that make her messages hers (all skippable)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.configuration.first_run import WelcomeInput, save_welcome, skip_welcome
from app.services.configuration.settings import load_settings
from app.services.core.errors import ValidationError
from app.ui.configuration.pix_settings import key_feedback
from app.ui.kit.fitting import resize_to_fit, scrolling
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import FieldForm

INTRO = ("Bem-vinda ao Caderneta! Cinco respostas rápidas e seus lembretes de cobrança já saem "
         "com o nome da sua loja e o seu Pix. Tudo pode ser mudado depois em Configurações; "
         "se preferir, clique em “Pular”.")
FIELDS = (
    ("store_name", "Nome da loja", "Ex.: Natália Modas — assina mensagens e recibos"),
    ("owner_name", "Seu nome", "Ex.: Natália"),
    ("default_ddd", "DDD da sua cidade", "Ex.: 11 (usado quando o telefone vem sem DDD)"),
    ("city", "Cidade", "Ex.: Campinas (vai no código Pix)"),
    ("pix_key", "Chave Pix", "CPF, celular, e-mail ou chave aleatória (opcional)"),
)


class WelcomeDialog(QDialog):
    """Store name, her name, DDD, city and Pix key; "Importar minha planilha" goes to import."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Bem-vinda ao Caderneta")
        self.wants_import = False
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(set_role(QLabel("Vamos deixar o Caderneta com a sua cara"), "title"))
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = FieldForm()
        self.inputs: dict[str, QLineEdit] = {}
        settings = load_settings()
        for key, label, placeholder in FIELDS:
            edit = QLineEdit(placeholderText=placeholder)
            edit.setObjectName(f"welcome_{key}")
            self.inputs[key] = self.form.add(key, label, edit)
        self.inputs["default_ddd"].setText(settings.default_ddd)
        self.inputs["default_ddd"].setMaxLength(2)
        self.pix_check = set_role(QLabel(), "hint")
        self.pix_check.setObjectName("welcomePixCheck")
        self.pix_check.setWordWrap(True)
        self.form.addRow("", self.pix_check)
        self.inputs["pix_key"].textChanged.connect(self._check_pix)
        layout.addLayout(self.form)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addWidget(scrolling(body), 1)
        outer.addLayout(self._buttons())
        resize_to_fit(self, 620, 380)
        self.inputs["store_name"].setFocus()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.import_button = QPushButton("Importar minha planilha")
        self.import_button.setObjectName("welcomeImport")
        self.import_button.setToolTip("Salva o que você digitou e abre Importar/Exportar.")
        self.import_button.clicked.connect(self._save_and_import)
        self.skip_button = QPushButton("Pular")
        self.skip_button.setObjectName("welcomeSkip")
        self.skip_button.clicked.connect(self.skip)
        self.save_button = set_primary(QPushButton("Salvar e começar"))
        self.save_button.setObjectName("welcomeSave")
        self.save_button.clicked.connect(self.save)
        self.save_button.setDefault(True)
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(self.skip_button)
        row.addWidget(self.save_button)
        return row

    def _check_pix(self, text: str) -> None:
        ok, message = key_feedback(text)
        set_role(self.pix_check, "hint" if ok else "error")
        self.pix_check.setText(message)

    def save(self) -> None:
        """Save what was typed (blank fields keep the current value), or show what is wrong
        next to the field and keep the typing."""
        self.form.clear_errors()
        data = WelcomeInput(**{k: e.text() for k, e in self.inputs.items()})
        Op(self, lambda _: save_welcome(data), busy=self.save_button).success(
            lambda _: self.accept()).failure(validation_or_message(self, self._refused)).run()

    def _refused(self, exc: ValidationError) -> None:
        self.wants_import = False
        errors = dict(exc.errors)
        for field in ("pix_city", "pix_name"):
            if field in errors:  # the welcome asks the city once, for both
                errors.setdefault("city", errors.pop(field))
        self.form.show_errors(errors)

    def _save_and_import(self) -> None:
        self.wants_import = True
        self.save()

    def skip(self) -> None:
        Op(self, lambda _: skip_welcome()).success(
            lambda _: self.reject()).run()
