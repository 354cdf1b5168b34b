"""Cobranças de hoje: whom to remind today, the message ready to copy or send, and what she said.

This module lays out the list, the groups and the selected reminder; what each button does
(copy, WhatsApp, Pix, call, promise, skip, undo) is in ``worklist_actions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.clock import noon_of
from app.services.collection.worklist import Worklist, WorklistEntry, todays_worklist
from app.services.configuration.first_run import store_name_unconfirmed
from app.services.configuration.settings import load_settings
from app.services.core.changes import Topic
from app.services.core.codes import Channel
from app.services.core.dates import format_date, weekday_name
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.ui.collection.channel_widgets import CallPanel, ChannelButtons, sms_count_text
from app.ui.collection.worklist_actions import WorklistActionsMixin
from app.ui.collection.worklist_table import SHORT_STANDING, WorklistTableModel  # noqa: F401 (re-export)
from app.ui.collection.worklist_widgets import (
    EMPTY_GROUP,
    Group,
    GroupBar,
    PromiseDialog,  # noqa: F401 (re-export: tests use it)
    StoreNameBanner,
    grouped,
)
from app.ui.kit.bus import RefreshOnChange, bus
from app.ui.kit.fitting import StackingSplitter
from app.ui.kit.ops import Reader
from app.ui.kit.style import level_tabs, set_primary
from app.ui.kit.tables.row_delegate import RowTextDelegate
from app.ui.kit.tables.table_model import refill
from app.ui.kit.undo_bar import UndoBar
from app.ui.kit.widgets import (
    ErrorLabel,
    MadeWhenShown,
    message_label,
    named_button,
    row_table,
    title_label,
)
from app.ui.people.birthdays_panel import BirthdaysPanel

CUSTOMER_ID = attrgetter("customer_id")  # what tells a reminder across reads: one a customer


def channel_line(entry: WorklistEntry) -> str:
    """The line under the message saying how it goes by her channel ("" for WhatsApp and a
    call: the highlighted button and the call panel say it)."""
    channel = Channel(entry.channel)
    if channel is Channel.EMAIL:
        return f"Por e-mail para {entry.email} · Assunto: {entry.email_subject}"
    if channel is Channel.SMS:
        return f"Por SMS, a mensagem curta: {sms_count_text(entry.sms_text)}"
    if channel is Channel.NONE:
        return "Sem celular nem e-mail: copie a mensagem para mandar por onde ela estiver."
    return ""


NARROW = 780  # narrower than this, the message goes under the list


class WorklistPage(WorklistActionsMixin, RefreshOnChange, QWidget):
    """Today's reminders on the left; the selected one's message and actions on the right."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.SETTINGS,
                         Topic.CONTACTS, Topic.AGREEMENTS, Topic.CONDITIONALS})

    open_customer = Signal(int)
    change_store_name = Signal()
    open_cadence = Signal()

    def __init__(self, today_fn, parent=None, now_fn=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self._now_fn = now_fn or (lambda: noon_of(self._today_fn()))
        self._dirty = False
        self.worklist: Worklist | None = None
        self._resume_row = 0
        self._store_unconfirmed = False  # as read with the list ("Minha Loja" never seen)
        self._grouped: dict[str, Group] = {}  # each group's reminders, as read
        self.model = WorklistTableModel(self)
        self._build()
        self.reader = Reader(self)
        bus.changed.connect(self._on_changed)
        self._dirty = True  # computed when first shown: the window opens faster

    # layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        """Each part placed before it is filled: a widget the style sheet polished is
        polished again every time it changes parent (issue 18: ~25 ms of the first visit)."""
        layout = QVBoxLayout(self)
        self.heading = title_label("Cobranças de hoje")
        layout.addWidget(self.heading)
        self.banner = message_label("banner", "worklistWarnings")
        layout.addWidget(self.banner)
        self.store_banner = StoreNameBanner()
        self.store_banner.rename.connect(self.change_store_name.emit)
        self.store_banner.keep.connect(self.keep_store_name)
        layout.addWidget(self.store_banner)
        self.tabs = QTabWidget()
        level_tabs(self.tabs)
        layout.addWidget(self.tabs, 1)
        reminders = QWidget()  # issue 12: reminders and birthdays in tabs
        self.tabs.addTab(reminders, "Lembretes")
        self.birthdays_tab = MadeWhenShown(self._make_birthdays)  # ~22 ms of widgets and
        self.tabs.addTab(self.birthdays_tab, "Aniversariantes")  # a read: not on the first visit
        self._reminders_tab(QVBoxLayout(reminders))

    def _build_splitter(self, column: QVBoxLayout) -> None:
        """The list and the message beside it (under it on a narrow window)."""
        self.splitter = splitter = StackingSplitter(NARROW, (340, 190))
        column.addWidget(splitter, 1)
        self.table = row_table(self.model, "worklistTable", sortable=False, parent=splitter)
        self.table.setItemDelegate(RowTextDelegate(self.table))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(self._on_double_clicked)
        splitter.addWidget(self.table)
        detail = QWidget(splitter)
        splitter.addWidget(detail)
        self._build_detail(detail)
        splitter.setStretchFactor(0, 1)  # the list takes the room; the message keeps its own
        splitter.setStretchFactor(1, 0)
        splitter.arranged.connect(self._arrange)

    @property
    def birthdays(self) -> BirthdaysPanel:
        """The Aniversariantes tab's panel, made the first time the tab is shown or the panel
        is asked for (the page's first visit makes only Lembretes: issue 18, the 80 ms)."""
        return self.birthdays_tab.made()

    def _make_birthdays(self) -> BirthdaysPanel:
        panel = BirthdaysPanel(self._today_fn)
        panel.open_customer.connect(self.open_customer)
        return panel

    def _arrange(self, narrow: bool) -> None:
        """Side by side on a wide window; on a narrow one (1366×768 at 125%) the message and
        its buttons go under the list, side by side, so the names keep their room."""
        self.detail_body.setDirection(QBoxLayout.Direction.LeftToRight if narrow
                                      else QBoxLayout.Direction.TopToBottom)
        self.splitter.widget(1).layout().invalidate()  # its new minimum, now

    def _reminders_tab(self, column: QVBoxLayout) -> None:
        """Groups by stage, the "Desfazer" strip, the list and message, or what to do."""
        self.groups = GroupBar()
        self.groups.chosen.connect(self.show_group)
        self.group = "all"
        column.addWidget(self.groups)
        self.undo_bar = UndoBar()
        column.addWidget(self.undo_bar)
        self._build_splitter(column)
        self.empty_label = message_label("empty", "worklistEmpty")
        column.addWidget(self.empty_label)
        self.empty_button = named_button("Ver a régua de cobrança", "openCadenceButton",
                                         self.open_cadence.emit)
        self.empty_button.hide()
        column.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(0)
        self.count_label = QLabel()
        column.addWidget(self.count_label)

    def _build_detail(self, panel: QWidget) -> None:
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 0, 0)
        self.who_label = message_label("subtitle", hidden=False)
        column.addWidget(self.who_label)
        self.call_panel = CallPanel()  # issue 24: "Ligação"
        self.call_panel.called.connect(self.log_call)
        self.call_panel.closed.connect(self.call_panel.hide)
        column.addWidget(self.call_panel)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("messagePreview")
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(60)  # shrinks first on a short screen
        self.detail_body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.detail_body.addWidget(self.preview, 1)
        actions = QVBoxLayout()
        self.channel_label = message_label("hint", "channelLabel")
        actions.addWidget(self.channel_label)
        self.note_label = message_label("warning")
        actions.addWidget(self.note_label)
        self.error_label = ErrorLabel()
        actions.addWidget(self.error_label)
        self.channel_buttons = ChannelButtons()
        self.channel_buttons.chosen.connect(self.send_by)
        buttons = self.channel_buttons.buttons
        self.whatsapp_button, self.email_button = buttons[Channel.WHATSAPP], buttons[Channel.EMAIL]
        self.sms_button, self.call_button = buttons[Channel.SMS], buttons[Channel.PHONE]
        actions.addWidget(self.channel_buttons)
        actions.addLayout(self._action_grid())
        self.detail_body.addLayout(actions)
        column.addLayout(self.detail_body, 1)

    def _action_grid(self) -> QGridLayout:
        """The other actions, two by two, under her channels; "Copiar mensagem" is the main
        one when she has no channel (no phone, no e-mail)."""
        grid = QGridLayout()
        self.copy_button = QPushButton("Copiar mensagem")
        self.copy_button.setObjectName("copyButton")
        self.promise_button = QPushButton("Prometeu pagar em…")
        self.skip_button = QPushButton("Pular")
        self.customer_button = QPushButton("Abrir cliente")
        self.pix_button = named_button("Copiar só o Pix", "copyPixButton", self.copy_pix)
        self.pix_button.setToolTip("Copia só o código Pix, para ela colar no app do banco.")
        self.agreement_button = named_button("Propor acordo…", "worklistAgreementButton",
                                             self._propose_agreement)  # issue 12
        for button, slot in ((self.copy_button, self.copy_message),
                             (self.promise_button, self.log_promise),
                             (self.skip_button, self.skip),
                             (self.customer_button, self._open_selected_customer)):
            button.clicked.connect(slot)
        self.action_buttons = (self.copy_button, self.pix_button, self.promise_button,
                               self.skip_button, self.customer_button, self.agreement_button)
        for n, button in enumerate(self.action_buttons):  # the order they sit in, two by two
            grid.addWidget(button, n // 2, n % 2)
        return grid

    # data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read today's reminders on a worker; the page is painted when they arrive."""
        self._dirty = False
        today, hour = self._today_fn(), self._now_fn().hour
        self.heading.setText(f"Cobranças de hoje — {weekday_name(today)}, {format_date(today)}")
        self.reader.read(lambda _p: _read_worklist(today, hour), self._paint)

    def _paint(self, read: WorklistRead) -> None:
        self.worklist, self._grouped = read.worklist, read.groups
        self._store_unconfirmed = read.store_unconfirmed
        self.banner.setText("\n".join(self.worklist.warnings))
        self.banner.setVisible(bool(self.worklist.warnings))
        self.store_banner.show_name(read.store_name, self._store_unconfirmed)
        self.groups.set_counts(self._grouped)
        self.show_group(self.group)

    def show_group(self, key: str) -> None:
        """Show one group of reminders (Todas, antes do vencimento, vencem hoje, em atraso),
        keeping the chosen customer chosen while she is in it; when she left the list (a
        message sent), the one now in her place is chosen."""
        self.group = key
        self.groups.check(key)
        group = self._grouped.get(key, EMPTY_GROUP)
        rows = group.rows
        kept = refill(self.table, self.model, rows, CUSTOMER_ID)
        self.table.setColumnHidden(  # "Aviso" only when someone has one: room for names
            WorklistTableModel.COL_FLAG, not group.flagged)
        self._update_count(group)
        if rows and not kept:
            self.table.selectRow(min(self._resume_row, len(rows) - 1))
        self._resume_row = 0
        self._show_entry(self.selected_entry())

    def _update_count(self, group: Group) -> None:
        rows = group.rows
        total_count = len(self.worklist.entries) if self.worklist else 0
        self.splitter.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.empty_button.setVisible(not total_count)
        if not total_count:
            self.empty_label.setText(
                "Ninguém para lembrar hoje.\nAqui aparecem, a cada dia, as clientes com "
                "parcelas vencendo ou em atraso, com a mensagem pronta para copiar. Os dias e as "
                "palavras de cada lembrete ficam em Configurações → Régua e mensagens.")
        elif not rows:
            self.empty_label.setText("Ninguém neste grupo hoje. Clique em “Todas” para ver "
                                     "as outras cobranças.")
        if rows:
            self.count_label.setText(f"{plural(len(rows), 'cliente')} para lembrar hoje · "
                                     f"{format_brl(group.total_cents)}")
        else:
            self.count_label.setText("")

    def selected_entry(self) -> WorklistEntry | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select_customer(self, customer_id: int) -> bool:
        for row, entry in enumerate(self.model.rows()):
            if entry.customer_id == customer_id:
                self.table.selectRow(row)
                return True
        return False

    def _on_current_changed(self, current, _previous) -> None:
        self._show_entry(self.model.row_at(current.row()) if current.isValid() else None)

    def _show_entry(self, entry: WorklistEntry | None) -> None:
        self.error_label.show_error(None)
        self.note_label.hide()
        for button in self.action_buttons:
            button.setEnabled(entry is not None)
        if entry is None:
            self.who_label.setText("Selecione uma cliente na lista.")
            self.preview.setPlainText("")
            self.channel_label.hide()
            self.call_panel.hide()
            self.channel_buttons.disable_all()
            return
        self.who_label.setText(f"{entry.name} · {entry.stage.label} · {entry.phone_display}")
        self._show_channel(entry)
        self.pix_button.setEnabled(bool(entry.pix_code))
        for button in (self.promise_button, self.agreement_button):
            button.setEnabled(bool(entry.items))  # a malinha alone has nothing to pay
        self.pix_button.setToolTip("Copia só o código Pix, para ela colar no app do banco."
                                   if entry.pix_code else
                                   "Configure sua chave Pix em Configurações → Pix.")
        if entry.link_too_long:
            self._note("Mensagem longa demais para abrir direto no WhatsApp: ela será copiada "
                       "para você colar na conversa.")

    def _show_channel(self, entry: WorklistEntry) -> None:
        """Her channel first (issue 24): its button highlighted, its text in the preview (the
        short one for SMS), how it goes under it (the address and subject of an e-mail, the
        size of an SMS), the call panel open for who prefers a call."""
        channel = Channel(entry.channel)
        self.channel_buttons.show_for(channel, {
            Channel.WHATSAPP: entry.whatsapp, Channel.EMAIL: bool(entry.email),
            Channel.SMS: entry.whatsapp, Channel.PHONE: bool(entry.phone)})
        set_primary(self.copy_button, channel is Channel.NONE)
        self.preview.setPlainText(entry.sms_text if channel is Channel.SMS else entry.message)
        line = channel_line(entry)
        self.channel_label.setText(line)
        self.channel_label.setVisible(bool(line))
        if channel is Channel.PHONE:
            self.call_panel.show_number(entry.name, entry.phone_display)
        else:
            self.call_panel.hide()

    def _note(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.show()


@dataclass(frozen=True)
class WorklistRead:
    """Cobranças de hoje as read on a worker: the reminders, each group's, and the store
    name that signs them (with whether she has still to confirm it)."""

    worklist: Worklist
    groups: dict[str, Group]
    store_name: str
    store_unconfirmed: bool


def _read_worklist(today, hour: int) -> WorklistRead:
    """Worker side of ``WorklistPage.refresh``."""
    settings = load_settings()
    worklist = todays_worklist(today, settings, now_hour=hour)
    return WorklistRead(worklist, grouped(worklist.entries), settings.store_name,
                        store_name_unconfirmed(settings))
