"""Aniversariantes: the tab in Cobranças de hoje and the Painel card.

The message goes by her channel first (issue 24), like a reminder: WhatsApp, e-mail, SMS or
a call, each one click away; a link that did not open is a copy, never a message sent
(issue 20), and every logged contact can be taken back ("Desfazer") for a few seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
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
from app.services.core.changes import Topic
from app.services.core.codes import Channel
from app.services.core.dates import format_date
from app.services.core.text import plural
from app.ui.collection.channel_widgets import (
    CallPanel,
    ChannelButtons,
    not_opened_text,
    opened_text,
    sms_copied_text,
    whose,
)
from app.ui.kit import links
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.ops import Op, Reader, validation_or_message
from app.ui.kit.style import FOREGROUND_SUCCESS, set_primary, set_role
from app.ui.kit.tables.table_model import Column, RowTableModel, refill
from app.ui.kit.undo_bar import UndoBar
from app.ui.kit.widgets import message_label, row_table

if TYPE_CHECKING:
    from app.services.people.birthdays import BirthdayEntry

# ``app.services.people.birthdays`` is imported where it is used: it brings the phone library, which
# the Painel's card does not need to appear (start-up time).

GREEN = FOREGROUND_SUCCESS


class BirthdayTableModel(RowTableModel):
    COLUMNS = (
        Column("Cliente", lambda e: e.name, sort=lambda e: e.name.casefold(), stretch=True,
               tooltip=lambda e: e.name),  # the widest column: other ones give way first
        Column("Aniversário", lambda e: e.when, sort=lambda e: e.celebrated_on.toordinal(),
               tooltip=lambda e: f"Nasceu em {format_date(e.birthday)}"),
        Column("Telefone", lambda e: e.phone_display, give_way=2),  # her page has it
        Column("Fidelidade", lambda e: e.tier.label if e.tier else "—",
               tooltip=lambda e: e.tier.reason if e.tier else "", give_way=1),
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
        self.reader = Reader(self)
        bus.changed.connect(self._on_changed)

    def _detail(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        self.undo_bar = UndoBar()
        column.addWidget(self.undo_bar)
        self.call_panel = CallPanel()
        self.call_panel.called.connect(self.log_call)
        self.call_panel.closed.connect(self.call_panel.hide)
        column.addWidget(self.call_panel)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("birthdayMessage")
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(60)
        column.addWidget(self.preview, 1)
        self.channel_label = message_label("hint", "birthdayChannel")
        column.addWidget(self.channel_label)
        self.channel_buttons = ChannelButtons()
        self.channel_buttons.chosen.connect(self.send_by)
        buttons = self.channel_buttons.buttons
        self.whatsapp_button, self.email_button = buttons[Channel.WHATSAPP], buttons[Channel.EMAIL]
        self.sms_button, self.call_button = buttons[Channel.SMS], buttons[Channel.PHONE]
        column.addWidget(self.channel_buttons)
        row = QHBoxLayout()
        self.copy_button = QPushButton("Copiar mensagem")
        self.copy_button.setObjectName("copyBirthdayButton")
        self.copy_button.clicked.connect(self.copy_message)
        customer = QPushButton("Abrir cliente")
        customer.clicked.connect(self._open_customer)
        for button in (self.copy_button, customer):
            row.addWidget(button)
        column.addLayout(row)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        column.addWidget(self.feedback)
        return panel

    def refresh(self) -> None:
        """Read the week's birthdays on a worker; paint them keeping the one chosen."""
        self._dirty = False
        today = self._today_fn()
        self.reader.read(lambda _p: _upcoming(today, messages=True), self._paint)

    def _paint(self, entries: list[BirthdayEntry]) -> None:
        kept = refill(self.table, self.model, entries, lambda e: e.customer_id)
        self.count_label.setText(
            f"{plural(len(entries), 'aniversariante')} nos próximos 7 dias" if entries else
            "Nenhum aniversário nos próximos 7 dias (cadastre a data em Editar dados).")
        if entries and not kept:
            self.table.selectRow(0)
        self._show()

    def selected(self) -> BirthdayEntry | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show(self) -> None:
        entry = self.selected()
        self.preview.setPlainText(entry.message if entry else "")
        self.copy_button.setEnabled(entry is not None)
        self.call_panel.hide()
        if entry is None:
            self.channel_buttons.disable_all()
            self.channel_label.hide()
            return
        from app.services.br.phones import is_mobile  # loaded with the list, on the worker

        channel = Channel(entry.channel)
        self.channel_buttons.show_for(channel, {
            Channel.WHATSAPP: entry.whatsapp_url is not None, Channel.EMAIL: bool(entry.email_url),
            Channel.SMS: is_mobile(entry.phone), Channel.PHONE: bool(entry.phone)})
        set_primary(self.copy_button, channel is Channel.NONE)
        line = (f"Por e-mail para {entry.email} · Assunto: {entry.email_subject}"
                if channel is Channel.EMAIL else "")
        self.channel_label.setText(line)
        self.channel_label.setVisible(bool(line))
        if channel is Channel.PHONE:
            self.call_panel.show_number(entry.name, entry.phone_display)

    def send_by(self, code: str) -> None:
        """One of her channels' buttons (issue 24)."""
        {Channel.WHATSAPP: self.send_whatsapp, Channel.EMAIL: self.send_email,
         Channel.SMS: self.copy_sms, Channel.PHONE: self.start_call}[Channel(code)]()

    def copy_message(self) -> None:
        entry = self.selected()
        if entry is not None:
            QGuiApplication.clipboard().setText(entry.message)
            self._log(entry, "copy", f"Mensagem {whose(entry.name)} copiada.")

    def send_whatsapp(self) -> None:
        entry = self.selected()
        if entry is not None and entry.whatsapp_url:
            self._open(entry, Channel.WHATSAPP, entry.whatsapp_url)

    def send_email(self) -> None:
        entry = self.selected()
        if entry is not None and entry.email_url:
            self._open(entry, Channel.EMAIL, entry.email_url)

    def _open(self, entry: BirthdayEntry, channel: Channel, url: str) -> None:
        """Open the link; when it does not open, the message is copied and logged as a copy
        on that channel, never as sent (issue 20)."""
        if links.open_or_copy(url, entry.message):
            self._log(entry, channel.value, opened_text(channel, entry.name, entry.email))
        else:
            self._log(entry, "copy", not_opened_text(channel, entry.email),
                      channel=channel.value)

    def copy_sms(self) -> None:
        """"Copiar para SMS": any mobile takes an SMS, even when the WhatsApp link could not
        be built (a message too long for a link)."""
        from app.services.br.phones import is_mobile

        entry = self.selected()
        if entry is not None and is_mobile(entry.phone):
            QGuiApplication.clipboard().setText(entry.sms_text)
            self._log(entry, "copy", sms_copied_text(entry.name, entry.phone_display),
                      channel="sms")

    def start_call(self) -> None:
        entry = self.selected()
        if entry is not None and entry.phone:
            self.call_panel.show_number(entry.name, entry.phone_display)
            self.call_panel.note.setFocus()

    def log_call(self, note: str = "") -> None:
        """"Liguei" (she called to say happy birthday), with what was said."""
        entry = self.selected()
        if entry is not None and entry.phone:
            self.call_panel.hide()
            self._log(entry, "call", f"Ligação para {entry.name} registrada.", note=note)

    def _log(self, entry: BirthdayEntry, action: str, done: str, *,
             channel: str | None = None, note: str = "") -> None:
        """Log the contact, say so, and offer "Desfazer" for a few seconds."""
        from app.services.people.birthdays import log_birthday

        today = self._today_fn()
        self.undo_bar.settle_now()
        self.feedback.clear()
        Op(self, lambda _: log_birthday(entry, action, today, channel=channel, note=note)
           ).success(
               lambda contact_id: self._offer_undo(contact_id, done)).failure(
               validation_or_message(self, lambda exc: self.feedback.setText(str(exc)))).run()

    def _offer_undo(self, contact_id: int, done: str) -> None:
        from app.services.collection.contacts import undo_contact

        def undo() -> None:
            Op(self, lambda _: undo_contact(contact_id)).success(lambda _: self.feedback.setText(
                "Desfeito: o contato saiu do histórico.")).run()

        self.undo_bar.show_done(done, undo, lambda: None)

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
        self.reader = Reader(self, hint=False)  # the Painel shows its own

    def refresh(self) -> None:
        """Read the week's birthdays on a worker (the Painel never waits for the database)."""
        today = self._today_fn()
        self.reader.read(lambda _p: _upcoming(today, messages=False), self._show)

    def _show(self, entries: list[BirthdayEntry]) -> None:
        self.setVisible(bool(entries))
        names = ", ".join(f"{e.name.split()[0]} ({e.when})" for e in entries[:4])
        more = f" e mais {len(entries) - 4}" if len(entries) > 4 else ""
        self.setText(f"Aniversariantes da semana: {names}{more}")


def _upcoming(today, messages: bool) -> list[BirthdayEntry]:
    """Worker side: the birthdays of the next 7 days (``messages``: with each message)."""
    from app.services.people.birthdays import upcoming_birthdays  # the phone library: here

    return upcoming_birthdays(today, load_settings(), messages=messages)
