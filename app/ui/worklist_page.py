"""Cobranças de hoje: whom to remind today, the message ready to copy or send, and what she said."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.clock import noon_of
from app.services.changes import Changes, Topic
from app.services.dates import format_date
from app.services.money import format_brl
from app.services.settings import load_settings
from app.services.text import fold
from app.services.worklist import (
    Worklist,
    WorklistEntry,
    log_entry_action,
    promise_entry,
    skip_entry,
    todays_worklist,
)
from app.ui.agreement_dialog import open_agreement_dialog
from app.ui.birthdays_panel import BirthdaysPanel
from app.ui.bus import RefreshOnChange, bus
from app.ui.ops import Op, validation_or_message
from app.ui.table_model import Column, RowTableModel
from app.ui.widgets import DateEdit, ErrorLabel, row_table, title_label

WEEKDAYS = ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
            "sábado", "domingo")
RED = QColor("#b3261e")
BANNER_STYLE = ("background: #fff8e1; border: 1px solid #f3d27a; border-radius: 6px; "
                "padding: 8px; color: #5d4500;")
NOTE_STYLE = "color: #5d4500; font-size: 12px;"


def _days_text(e: WorklistEntry) -> str:
    if e.days_from_due < 0:
        return f"faltam {-e.days_from_due}"
    return "vence hoje" if e.days_from_due == 0 else str(e.days_from_due)


def _days_tooltip(e: WorklistEntry) -> str:
    if e.days_from_due < 0:
        return f"Vence em {format_date(e.group_due)}"
    return f"Vencida em {format_date(e.group_due)}"


def _flag_text(e: WorklistEntry) -> str:
    if e.broken_agreement:  # issue 12
        return "acordo quebrado"
    if e.broken_promise is None:
        return ""
    return "promessa não cumprida"


SHORT_STANDING = {"recorrente": "Recorrente", "atrasada": "Atrasada", "em_dia": "Em dia",
                  "pontual": "Pontual"}


class WorklistTableModel(RowTableModel):
    COL_NAME, COL_STAGE, COL_PHONE, COL_AMOUNT, COL_DAYS, COL_STANDING, COL_FLAG = range(7)
    COLUMNS = (
        Column("Cliente", lambda e: e.name, sort=lambda e: fold(e.name), stretch=True),
        Column("Etapa", lambda e: e.stage.name, sort=lambda e: e.stage.offset,
               tooltip=lambda e: e.stage.label),
        Column("Telefone", lambda e: e.phone_display, sort=lambda e: e.phone or "~"),
        Column("Valor", lambda e: format_brl(e.total_cents), sort=lambda e: e.total_cents,
               align_right=True),
        Column("Dias", _days_text, tooltip=_days_tooltip, sort=lambda e: e.days_from_due,
               align_right=True,
               foreground=lambda e: RED if e.days_from_due > 0 else None),
        Column("Situação", lambda e: SHORT_STANDING.get(e.standing.code, e.standing.label),
               sort=lambda e: e.standing.label,
               foreground=lambda e: QColor(e.standing.colour),
               tooltip=lambda e: f"{e.standing.label}: {e.standing.reason}"),
        Column("Aviso", _flag_text, sort=lambda e: e.broken_promise is None,
               foreground=lambda e: RED,
               tooltip=lambda e: ("Uma parcela do acordo venceu e não foi paga: a mensagem "
                                  "lembra o acordo" if e.broken_agreement else
                                  f"Prometeu pagar em {format_date(e.broken_promise)} e não pagou"
                                  if e.broken_promise else "")),
    )


class PromiseDialog(QDialog):
    """"Prometeu pagar em…": a date (and an optional note)."""

    def __init__(self, name: str, today: date, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Prometeu pagar")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Quando {name} prometeu pagar?"))
        self.date_edit = DateEdit(today + timedelta(days=7))
        form.addRow("Data:", self.date_edit)
        self.note_edit = QLineEdit(placeholderText="Opcional")
        form.addRow("Anotação:", self.note_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Registrar promessa")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class WorklistPage(RefreshOnChange, QWidget):
    """Today's reminders on the left; the selected one's message and actions on the right."""

    WATCHED = frozenset({Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.SETTINGS,
                         Topic.CONTACTS, Topic.AGREEMENTS})

    open_customer = Signal(int)

    def __init__(self, today_fn, parent=None, now_fn=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self._now_fn = now_fn or (lambda: noon_of(self._today_fn()))
        self._dirty = False
        self.worklist: Worklist | None = None
        self.model = WorklistTableModel(self)
        self._build()
        bus.changed.connect(self._on_changed)
        self._dirty = True  # computed when first shown: the window opens faster

    # layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = title_label("Cobranças de hoje")
        layout.addWidget(self.heading)
        self.banner = QLabel()
        self.banner.setObjectName("worklistWarnings")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        layout.addWidget(self.banner)
        splitter = QSplitter()
        self.table = row_table(self.model, "worklistTable", sortable=False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(self._on_double_clicked)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([730, 250])
        self.count_label = QLabel()
        reminders = QWidget()  # issue 12: reminders and birthdays in tabs
        column = QVBoxLayout(reminders)
        column.addWidget(splitter, 1)
        column.addWidget(self.count_label)
        self.tabs = QTabWidget()
        self.tabs.addTab(reminders, "Lembretes")
        self.birthdays = BirthdaysPanel(self._today_fn)
        self.birthdays.open_customer.connect(self.open_customer)
        self.tabs.addTab(self.birthdays, "Aniversariantes")
        layout.addWidget(self.tabs, 1)

    def _build_detail(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 0, 0)
        self.who_label = QLabel()
        self.who_label.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.who_label.setWordWrap(True)
        column.addWidget(self.who_label)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("messagePreview")
        self.preview.setReadOnly(True)
        column.addWidget(self.preview, 1)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(NOTE_STYLE)
        self.note_label.hide()
        column.addWidget(self.note_label)
        self.error_label = ErrorLabel()
        column.addWidget(self.error_label)
        grid = QGridLayout()
        self.copy_button = QPushButton("Copiar mensagem")
        self.whatsapp_button = QPushButton("Abrir WhatsApp")
        self.call_button = QPushButton("Liguei")
        self.promise_button = QPushButton("Prometeu pagar em…")
        self.skip_button = QPushButton("Pular")
        self.customer_button = QPushButton("Abrir cliente")
        self.agreement_button = QPushButton("Propor acordo…")  # issue 12
        self.agreement_button.setObjectName("worklistAgreementButton")
        self.copy_button.setDefault(True)
        for n, (button, slot) in enumerate((
            (self.copy_button, self.copy_message),
            (self.whatsapp_button, self.send_whatsapp),
            (self.call_button, self.log_call),
            (self.promise_button, self.log_promise),
            (self.skip_button, self.skip),
            (self.customer_button, self._open_selected_customer),
            (self.agreement_button, self._propose_agreement),
        )):
            button.clicked.connect(slot)
            grid.addWidget(button, n // 2, n % 2)
        column.addLayout(grid)
        self.action_buttons = (self.copy_button, self.whatsapp_button, self.call_button,
                               self.promise_button, self.skip_button, self.customer_button,
                               self.agreement_button)
        return panel

    # data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._dirty = False
        today = self._today_fn()
        self.heading.setText(
            f"Cobranças de hoje — {WEEKDAYS[today.weekday()]}, {format_date(today)}")
        self.worklist = todays_worklist(today, load_settings(), now_hour=self._now_fn().hour)
        self.banner.setText("\n".join(self.worklist.warnings))
        self.banner.setVisible(bool(self.worklist.warnings))
        self.model.set_rows(list(self.worklist.entries))
        count = len(self.worklist.entries)
        if count:
            total = sum(e.total_cents for e in self.worklist.entries)
            people = "cliente" if count == 1 else "clientes"
            self.count_label.setText(f"{count} {people} para lembrar hoje · {format_brl(total)}")
        else:
            self.count_label.setText("Ninguém para lembrar hoje. 🎉")
        if count:
            self.table.selectRow(0)
        self._show_entry(self.selected_entry())

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
            return
        self.who_label.setText(f"{entry.name} · {entry.stage.label} · {entry.phone_display}")
        self.preview.setPlainText(entry.message)
        self.whatsapp_button.setEnabled(entry.whatsapp)
        self.whatsapp_button.setToolTip(
            "" if entry.whatsapp else "Sem celular cadastrado: copie a mensagem ou ligue.")
        self.call_button.setEnabled(bool(entry.phone))
        if entry.link_too_long:
            self._note("Mensagem longa demais para abrir direto no WhatsApp: ela será copiada "
                       "para você colar na conversa.")

    def _note(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.show()

    # actions ---------------------------------------------------------------------------
    def copy_message(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        QGuiApplication.clipboard().setText(entry.message)
        self._done(entry, "copy")

    def send_whatsapp(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.whatsapp:
            return
        url = entry.whatsapp_url
        if url is None:  # too long for a link: copy instead
            QGuiApplication.clipboard().setText(entry.message)
            self._done(entry, "copy")
            self._note("A mensagem era longa demais para o link do WhatsApp e foi copiada: "
                       "abra a conversa e cole.")
            return
        self.open_whatsapp(url)
        self._done(entry, "whatsapp")

    def open_whatsapp(self, url: str) -> None:
        """The only place that opens the browser/WhatsApp (tests replace it)."""
        QDesktopServices.openUrl(QUrl(url))

    def ask_call_note(self, entry: WorklistEntry) -> str | None:
        """What she said on the phone (None: cancelled)."""
        text, ok = QInputDialog.getText(self, "Liguei", f"Como foi a ligação com {entry.name}?")
        return text if ok else None

    def ask_promise(self, entry: WorklistEntry) -> tuple[date, str] | None:
        """The promised date and a note (None: cancelled)."""
        dialog = PromiseDialog(entry.name, self._today_fn(), self)
        if not dialog.exec():
            return None
        return dialog.date_edit.value(), dialog.note_edit.text()

    def log_call(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        note = self.ask_call_note(entry)
        if note is not None:
            self._done(entry, "call", note=note)

    def log_promise(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        answer = self.ask_promise(entry)
        if answer is None:
            return
        today, now = self._today_fn(), self._now_fn()
        self._log(lambda _: promise_entry(entry, answer[0], today, note=answer[1], now=now))

    def skip(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            today, now = self._today_fn(), self._now_fn()
            self._log(lambda _: skip_entry(entry, today, now=now))

    def _done(self, entry: WorklistEntry, action: str, note: str = "") -> None:
        today, now = self._today_fn(), self._now_fn()
        self._log(lambda _: log_entry_action(entry, action, today, note=note, now=now))

    def _log(self, work) -> None:
        """Write the contact on a worker; she leaves the list (the bus refreshes the page
        and every other screen that shows contacts)."""
        Op(self, work, changes=Changes.of(Topic.CONTACTS)).failure(validation_or_message(
            self, lambda exc: self.error_label.show_error(str(exc)))).run()

    def _open_selected_customer(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.open_customer.emit(entry.customer_id)

    def _propose_agreement(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            open_agreement_dialog(self, entry.customer_id, self._today_fn())

    def _on_double_clicked(self, index) -> None:
        self.open_customer.emit(self.model.row_at(index.row()).customer_id)

