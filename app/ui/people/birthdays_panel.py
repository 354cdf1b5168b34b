"""Aniversariantes: the tab in Cobranças de hoje and the Painel card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.configuration.settings import load_settings
from app.services.core.changes import Changes, Topic
from app.services.core.dates import format_date
from app.services.core.text import plural
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import FOREGROUND_SUCCESS, set_role
from app.ui.kit.table_model import Column, RowTableModel
from app.ui.kit.widgets import row_table

if TYPE_CHECKING:
    from app.services.people.birthdays import BirthdayEntry

# ``app.services.people.birthdays`` is imported where it is used: it brings the phone library, which
# the Painel's card does not need to appear (start-up time).

GREEN = FOREGROUND_SUCCESS


class BirthdayTableModel(RowTableModel):
    COLUMNS = (
        Column("Cliente", lambda e: e.name, sort=lambda e: e.name.casefold(), stretch=True),
        Column("Aniversário", lambda e: e.when, sort=lambda e: e.celebrated_on.toordinal(),
               tooltip=lambda e: f"Nasceu em {format_date(e.birthday)}"),
        Column("Telefone", lambda e: e.phone_display),
        Column("Fidelidade", lambda e: e.tier.label if e.tier else "—",
               tooltip=lambda e: e.tier.reason if e.tier else ""),
        Column("Mensagem", lambda e: "enviada" if e.sent else "",
               foreground=lambda e: GREEN),
    )


class BirthdaysPanel(RefreshOnChange, QWidget):
    """Birthdays of the next 7 days with the message ready to copy or send."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.CONTACTS, Topic.SETTINGS, Topic.PAYMENTS})
    open_customer = Signal(int)

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self._dirty = True
        self.model = BirthdayTableModel(self)
        layout = QVBoxLayout(self)
        splitter = QSplitter()
        self.table = row_table(self.model, "birthdaysTable", sortable=False)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show())
        splitter.addWidget(self.table)
        splitter.addWidget(self._detail())
        splitter.setSizes([600, 380])
        layout.addWidget(splitter, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("birthdaysCount")
        layout.addWidget(self.count_label)
        bus.changed.connect(self._on_changed)

    def _detail(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("birthdayMessage")
        self.preview.setReadOnly(True)
        column.addWidget(self.preview, 1)
        row = QHBoxLayout()
        self.copy_button = QPushButton("Copiar mensagem")
        self.copy_button.setObjectName("copyBirthdayButton")
        self.copy_button.clicked.connect(self.copy_message)
        self.whatsapp_button = QPushButton("Abrir WhatsApp")
        self.whatsapp_button.setObjectName("whatsappBirthdayButton")
        self.whatsapp_button.clicked.connect(self.send_whatsapp)
        customer = QPushButton("Abrir cliente")
        customer.clicked.connect(self._open_customer)
        for button in (self.copy_button, self.whatsapp_button, customer):
            row.addWidget(button)
        column.addLayout(row)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        column.addWidget(self.feedback)
        return panel

    def refresh(self) -> None:
        self._dirty = False
        from app.services.people.birthdays import upcoming_birthdays

        entries = upcoming_birthdays(self._today_fn(), load_settings())
        self.model.set_rows(entries)
        self.count_label.setText(
            f"{plural(len(entries), 'aniversariante')} nos próximos 7 dias" if entries else
            "Nenhum aniversário nos próximos 7 dias (cadastre a data em Editar dados).")
        if entries:
            self.table.selectRow(0)
        self._show()

    def selected(self) -> BirthdayEntry | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show(self) -> None:
        entry = self.selected()
        self.preview.setPlainText(entry.message if entry else "")
        self.copy_button.setEnabled(entry is not None)
        self.whatsapp_button.setEnabled(entry is not None and entry.whatsapp_url is not None)

    def copy_message(self) -> None:
        entry = self.selected()
        if entry is not None:
            QGuiApplication.clipboard().setText(entry.message)
            self._log(entry, "copy", "Mensagem copiada e registrada em Contatos.")

    def send_whatsapp(self) -> None:
        entry = self.selected()
        if entry is not None and entry.whatsapp_url:
            self.open_whatsapp(entry.whatsapp_url)
            self._log(entry, "whatsapp", "WhatsApp aberto e registrado em Contatos.")

    def open_whatsapp(self, url: str) -> None:
        """The only place that opens WhatsApp (tests replace it)."""
        QDesktopServices.openUrl(QUrl(url))

    def _log(self, entry: BirthdayEntry, action: str, done: str) -> None:
        from app.services.people.birthdays import log_birthday

        today = self._today_fn()
        Op(self, lambda _: log_birthday(entry, action, today),
           changes=Changes.of(Topic.CONTACTS)).success(
               lambda _: self.feedback.setText(done)).failure(
               validation_or_message(self, lambda exc: self.feedback.setText(str(exc)))).run()

    def _open_customer(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.open_customer.emit(entry.customer_id)


class BirthdayCard(QPushButton):
    """Painel card: who has a birthday this week; a click opens the list."""

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self.setObjectName("birthdayCard")
        set_role(self, "birthday_card")
        self.setMinimumHeight(48)
        self.setToolTip("Ver os aniversariantes e mandar os parabéns")

    def refresh(self) -> None:
        """Read the week's birthdays on a worker (the Painel never waits for the database)."""
        today = self._today_fn()

        def read(_progress):
            from app.services.people.birthdays import upcoming_birthdays  # on the worker

            return upcoming_birthdays(today, load_settings(), messages=False)

        Op(self, read,
           write=False).success(self._show).run()

    def _show(self, entries: list[BirthdayEntry]) -> None:
        self.setVisible(bool(entries))
        names = ", ".join(f"{e.name.split()[0]} ({e.when})" for e in entries[:4])
        more = f" e mais {len(entries) - 4}" if len(entries) > 4 else ""
        self.setText(f"Aniversariantes da semana: {names}{more}")
