"""Configurações: store data here; fees, régua, Pix and backups in their own tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.db import database_path
from app.services.br.documents import only_digits
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.changes import Changes, Topic
from app.services.core.errors import ValidationError
from app.services.reports.document import format_store_document
from app.ui.conditional.conditional_settings import ConditionalSettingsTab
from app.ui.configuration.about_tab import AboutTab
from app.ui.configuration.agreement_loyalty_settings import AgreementSettingsTab
from app.ui.configuration.backup_settings import BackupSettingsTab
from app.ui.configuration.cadence_settings import CadenceSettingsTab
from app.ui.configuration.fees_settings import FeesSettingsTab
from app.ui.configuration.pix_settings import PixSettingsTab
from app.ui.kit import links
from app.ui.kit.bus import bus
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_primary
from app.ui.kit.widgets import FieldForm, message_label, title_label

STORE_FIELDS = (
    ("store_name", "Nome da loja *", "Aparece nas mensagens e recibos"),
    ("owner_name", "Seu nome", "Quem assina as mensagens"),
    ("city", "Cidade", ""),
    ("default_ddd", "DDD padrão *", "Usado quando o telefone vem sem DDD"),
    ("store_document", "CPF ou CNPJ da loja", "Sai nos recibos, extratos e no resumo de atrasos"),
    ("store_address", "Endereço da loja", "Rua, número, bairro, cidade — sai nos documentos"),
)


class SettingsPage(QWidget):
    """Tabs of settings; each tab saves on its own button and shows errors by the field."""

    saved = Signal()

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Configurações"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._store_tab(), "Loja")
        self.fees_tab = FeesSettingsTab()
        self.tabs.addTab(self.fees_tab, "Multa e juros")
        self.cadence_tab = CadenceSettingsTab(today_fn)
        self.tabs.addTab(self.cadence_tab, "Régua e mensagens")
        self.pix_tab = PixSettingsTab()
        self.tabs.addTab(self.pix_tab, "Pix")
        self.agreement_tab = AgreementSettingsTab()  # issue 12
        self.tabs.addTab(self.agreement_tab, "Acordos e fidelidade")
        self.conditional_tab = ConditionalSettingsTab(today_fn)  # issue 23
        self.tabs.addTab(self.conditional_tab, "Condicional")
        self.backup_tab = BackupSettingsTab(today_fn)
        self.tabs.addTab(self.backup_tab, "Backup")
        self.about_tab = AboutTab()
        self.tabs.addTab(self.about_tab, "Sobre")
        layout.addWidget(self.tabs, 1)
        self.load()
        bus.changed.connect(self._on_changed)

    def _on_changed(self, changed: set) -> None:
        """Settings saved elsewhere (the welcome, "Está certo") show here at once."""
        if Topic.SETTINGS in changed:
            settings = load_settings()
            for key, edit in self.store_inputs.items():
                edit.setText(str(getattr(settings, key)))
            self.sign_check.setChecked(bool(settings.sign_messages))
            self.pix_tab.follow_store(settings.store_name)
            self.cadence_tab.refresh_preview()

    def _store_tab(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.store_form = FieldForm()
        self.store_inputs: dict[str, QLineEdit] = {}
        for key, label, placeholder in STORE_FIELDS:
            edit = QLineEdit(placeholderText=placeholder)
            edit.setObjectName(f"{key}Edit")
            self.store_inputs[key] = self.store_form.add(key, label, edit)
        self.sign_check = self.store_form.add("sign_messages", "Mensagens", QCheckBox(
            "Terminar toda mensagem com o nome e o CPF/CNPJ da loja"))
        self.sign_check.setObjectName("signMessagesCheck")
        self.sign_check.setToolTip(
            "Como nos recibos e extratos impressos: lembretes, recibos, acordos e "
            "aniversários terminam com o nome da loja, o CPF ou CNPJ e o endereço (se "
            "preenchido). O Código de Defesa do Consumidor (art. 42-A) pede que quem cobra "
            "se identifique.")
        form_box = QWidget()
        form_box.setMaximumWidth(640)
        form_box.setLayout(self.store_form)
        layout.addWidget(form_box)
        row = QHBoxLayout()
        self.store_feedback = QLabel()
        self.store_save = set_primary(QPushButton("Salvar"))
        self.store_save.setObjectName("saveStoreButton")
        self.store_save.clicked.connect(self.save_store)
        row.addWidget(self.store_feedback)
        row.addWidget(self.store_save)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self._folder_box())
        layout.addStretch(1)
        return box

    def _folder_box(self) -> QGroupBox:
        """Arquivo: where her data lives, and a button to open that folder."""
        box = QGroupBox("Arquivo")
        box.setMaximumWidth(640)
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setObjectName("dataFolderLabel")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_folder = QPushButton("Abrir pasta")
        open_folder.setObjectName("openFolderButton")
        open_folder.clicked.connect(self.open_data_folder)
        row.addWidget(self.folder_label, 1)
        row.addWidget(open_folder)
        column.addLayout(row)
        self.folder_feedback = message_label("warning", "folderFeedback")
        column.addWidget(self.folder_feedback)
        return box

    def open_data_folder(self) -> None:
        """Show the folder of the data file in the system's file manager; without one, the
        path is copied and she is told so (issue 20: never a click that does nothing)."""
        opened = links.open_folder(database_path().parent)
        self.folder_feedback.setText(
            "" if opened else "Não consegui abrir a pasta; o caminho foi copiado — cole na "
            "barra de endereço do gerenciador de arquivos.")
        self.folder_feedback.setVisible(not opened)

    def load(self) -> None:
        settings = load_settings()
        self.folder_label.setText(f"Seus dados ficam no arquivo {database_path().name}, "
                                  f"na pasta:\n{database_path().parent}")
        for key, edit in self.store_inputs.items():
            edit.setText(str(getattr(settings, key)))
        self.store_inputs["store_document"].setText(
            format_store_document(settings.store_document))
        self.sign_check.setChecked(bool(settings.sign_messages))

    def save_store(self) -> None:
        self.store_form.clear_errors()
        values = {k: e.text().strip() for k, e in self.store_inputs.items()}
        values["store_document"] = only_digits(values["store_document"]) or values["store_document"]
        values["sign_messages"] = int(self.sign_check.isChecked())
        Op(self, lambda _: save_settings(load_settings(), store_name_confirmed=1, **values),
           changes=Changes.of(Topic.SETTINGS), busy=self.store_save,
           ).success(self._store_saved).failure(
               validation_or_message(self, self._store_refused)).run()

    def _store_saved(self, _settings) -> None:
        self.store_feedback.setText("Dados da loja salvos.")
        self.saved.emit()

    def _store_refused(self, exc: ValidationError) -> None:
        self.store_form.show_refusal(exc.errors, self.store_feedback)
