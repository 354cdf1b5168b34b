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
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.db import database_path
from app.services.br.documents import only_digits
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.changes import Topic
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
from app.ui.kit.fitting import scrolling
from app.ui.kit.ops import Op, Reader, validation_or_message
from app.ui.kit.style import level_tabs, set_primary
from app.ui.kit.widgets import FieldForm, message_label, title_label

STORE_FIELDS = (
    ("store_name", "Nome da loja *", "Aparece nas mensagens e recibos"),
    ("owner_name", "Seu nome", "Quem assina as mensagens"),
    ("city", "Cidade", ""),
    ("default_ddd", "DDD padrão *", "Usado quando o telefone vem sem DDD"),
    ("store_document", "CPF ou CNPJ da loja", "Sai nos recibos, extratos e no resumo de atrasos"),
    ("store_address", "Endereço da loja", "Rua, número, bairro, cidade — sai nos documentos"),
)


# Tabs built the first time they are shown or asked for (``page.cadence_tab``): the page
# opens with Loja alone, and a tab's many fields cost only when she chooses it.
LAZY_TABS = (
    ("fees_tab", "Multa e juros", lambda page: FeesSettingsTab()),
    ("cadence_tab", "Régua e mensagens", lambda page: CadenceSettingsTab(page._today_fn)),
    ("pix_tab", "Pix", lambda page: PixSettingsTab()),
    ("agreement_tab", "Acordos e fidelidade", lambda page: AgreementSettingsTab()),  # issue 12
    ("conditional_tab", "Condicional", lambda page: ConditionalSettingsTab(page._today_fn)),
)


def _lazy_tab(name: str) -> property:
    return property(lambda page: page.tab(name))


class SettingsPage(QWidget):
    """Tabs of settings; each tab saves on its own button and shows errors by the field."""

    saved = Signal()
    fees_tab = _lazy_tab("fees_tab")
    cadence_tab = _lazy_tab("cadence_tab")
    pix_tab = _lazy_tab("pix_tab")
    agreement_tab = _lazy_tab("agreement_tab")
    conditional_tab = _lazy_tab("conditional_tab")  # issue 23

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self._tabs_built: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Configurações"))
        self.tabs = QTabWidget()  # placed, then filled: a widget the style sheet polished
        level_tabs(self.tabs)  # is polished again when it changes parent (issue 18)
        layout.addWidget(self.tabs, 1)
        store = scrolling(QWidget(), "storeTab")  # a short window scrolls it, never grows
        self.tabs.addTab(store, "Loja")
        for _, title, _ in LAZY_TABS:
            self.tabs.addTab(QWidget(), title)  # its place, until it is built
        self.backup_tab = BackupSettingsTab(today_fn)
        self.tabs.addTab(self.backup_tab, "Backup")
        self.about_tab = AboutTab()
        self.tabs.addTab(self.about_tab, "Sobre")
        self.tabs.currentChanged.connect(self._build_shown_tab)
        self._store_tab(store.widget())
        self.load()
        self.reader = Reader(self, hint=False)
        bus.changed.connect(self._on_changed)
        self.backup_tab.restored.connect(self._after_restore)

    def tab(self, name: str) -> QWidget:
        """The tab ``name`` (``LAZY_TABS``), built now if it was not yet."""
        if name not in self._tabs_built:
            row = [n for n, _, _ in LAZY_TABS].index(name)
            _, title, build = LAZY_TABS[row]
            widget = self._tabs_built[name] = build(self)
            shown, placeholder = self.tabs.currentIndex(), self.tabs.widget(row + 1)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(row + 1)
            self.tabs.insertTab(row + 1, widget, title)
            self.tabs.setCurrentIndex(shown)
            self.tabs.blockSignals(False)
            placeholder.deleteLater()
            from app.ui.shell.notices import page_built

            page_built(self.window(), widget)  # read-only mode: its Salvar stays disabled
        return self._tabs_built[name]

    def _build_shown_tab(self, index: int) -> None:
        if 1 <= index <= len(LAZY_TABS):
            self.tab(LAZY_TABS[index - 1][0])

    def _on_changed(self, changed: set) -> None:
        """Settings saved elsewhere (the welcome, "Está certo") show here at once (read on
        a worker)."""
        if Topic.SETTINGS in changed:
            self.reader.read(lambda _p: load_settings(), self._show_changed)

    def _show_changed(self, settings) -> None:
        """The Loja fields, and the tabs already built that show the store name."""
        self._show_store(settings)
        if "pix_tab" in self._tabs_built:  # the receiver name follows the store name
            self.pix_tab.follow_store(settings.store_name)
        if "cadence_tab" in self._tabs_built:  # previews are signed with the store's name
            self.cadence_tab.refresh_preview()

    def _after_restore(self) -> None:
        """A restored copy brings its own settings: every tab built shows them, and no
        message left from before ("Dados da loja salvos.") speaks about values no longer
        there."""
        self.load()
        for tab in self._tabs_built.values():
            tab.load()
            tab.feedback.clear()


    def _store_tab(self, box: QWidget) -> None:
        layout = QVBoxLayout(box)
        self.store_form = FieldForm()
        self.store_form.edited.connect(lambda: self.store_feedback.clear())
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
        self._returns_rows()
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

    def _returns_rows(self) -> None:
        """Issue 22: where she sells (the CDC art. 49 seven days) and the return limit."""
        self.outside_check = self.store_form.add("sales_outside_store", "Vendas", QCheckBox(
            "Vendo fora de loja (porta a porta, WhatsApp)"))
        self.outside_check.setObjectName("salesOutsideStoreCheck")
        self.outside_check.setToolTip(
            "Compra feita fora de loja pode ser desfeita em até 7 dias, com todo o dinheiro "
            "de volta (Código de Defesa do Consumidor, art. 49): a devolução avisa e oferece.")
        self.return_limit = self.store_form.add("return_limit_days", "Devoluções", QSpinBox(
            minimum=1, maximum=3_650, suffix=" dias depois da compra pedem confirmação"))
        self.return_limit.setObjectName("returnLimitSpin")

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
        self.store_form.clear_errors()
        self.store_feedback.clear()
        self._show_store(load_settings())

    def _show_store(self, settings) -> None:
        self.folder_label.setText(f"Seus dados ficam no arquivo {database_path().name}, "
                                  f"na pasta:\n{database_path().parent}")
        for key, edit in self.store_inputs.items():
            edit.setText(str(getattr(settings, key)))
        self.store_inputs["store_document"].setText(
            format_store_document(settings.store_document))
        self.sign_check.setChecked(bool(settings.sign_messages))
        self.outside_check.setChecked(bool(settings.sales_outside_store))
        self.return_limit.setValue(settings.return_limit_days)

    def save_store(self) -> None:
        self.store_form.clear_errors()
        values = {k: e.text().strip() for k, e in self.store_inputs.items()}
        values["store_document"] = only_digits(values["store_document"]) or values["store_document"]
        values["sign_messages"] = int(self.sign_check.isChecked())
        values["sales_outside_store"] = int(self.outside_check.isChecked())
        values["return_limit_days"] = self.return_limit.value()
        Op(self, lambda _: save_settings(load_settings(), store_name_confirmed=1, **values),
           busy=self.store_save,
           ).success(self._store_saved).failure(
               validation_or_message(self, self._store_refused)).run()

    def _store_saved(self, _settings) -> None:
        self.store_feedback.setText("Dados da loja salvos.")
        self.saved.emit()

    def _store_refused(self, exc: ValidationError) -> None:
        self.store_form.show_refusal(exc.errors, self.store_feedback)
