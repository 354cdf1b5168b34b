"""Configurações → Backup: the copies, "Fazer backup agora", a second folder, and restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import Clock, noon_of
from app.models.db import database_path, is_read_only
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.changes import EVERYTHING, Topic
from app.services.core.dates import format_date
from app.services.core.text import plural
from app.services.storage.backup import BackupError, BackupInfo, list_backups, make_backup
from app.services.storage.restore import RestoreError, describe_backup, restore_backup
from app.ui.kit import ops
from app.ui.kit.bus import bus
from app.ui.kit.db_errors import widen
from app.ui.kit.empty_state import EmptyOverlay
from app.ui.kit.files import ask_folder
from app.ui.kit.style import set_role

RETRY_MS = 50  # a restore waiting for the screens' reads looks again this often


class _ScreenClock(Clock):
    """The screen's ``today_fn`` as a Clock (restore reopens and may migrate the file)."""

    def __init__(self, today_fn):
        self._today_fn = today_fn

    def today(self):
        return self._today_fn()

    def now(self):
        return noon_of(self._today_fn())


def _describe(info: BackupInfo) -> str:
    return (f"{info.when} — cópia {info.label} "
            f"({max(1, info.size_bytes // 1024)} KB)")


class BackupSettingsTab(QWidget):
    """The backups of the open file, newest first, with the actions on them."""

    restored = Signal()  # before the change broadcast: the window leaves vanished records

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        layout = QVBoxLayout(self)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        layout.addLayout(self._mirror_row())
        self.backup_list = QListWidget()
        self.backup_list.setObjectName("backupList")
        self.backup_list.currentRowChanged.connect(self._on_selected)
        layout.addWidget(self.backup_list, 1)
        layout.addLayout(self._actions_row())
        EmptyOverlay(self.backup_list, "Nenhuma cópia ainda. Uma cópia é feita sozinha a cada "
                     "dia em que você abre o programa; para fazer uma agora:",
                     (("Fazer backup agora", self.make_backup),))  # issue 13: empty state
        self.reader = ops.Reader(self)
        bus.changed.connect(self._on_changed)
        self.load()

    def _on_changed(self, topics: frozenset) -> None:
        if Topic.BACKUPS in topics:  # the day's backup finished in the background
            self.load()

    def _mirror_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Segunda pasta:"))
        self.mirror_edit = QLineEdit(readOnly=True, placeholderText=(
            "nenhuma — escolha um pen drive ou uma pasta do Google Drive/OneDrive"))
        self.mirror_edit.setObjectName("mirrorEdit")
        row.addWidget(self.mirror_edit, 1)
        choose = QPushButton("Escolher pasta…")
        choose.setObjectName("chooseMirrorButton")
        choose.clicked.connect(self._choose_mirror)
        clear = QPushButton("Sem segunda pasta")
        clear.setObjectName("clearMirrorButton")
        clear.clicked.connect(lambda: self.set_mirror(""))
        row.addWidget(choose)
        row.addWidget(clear)
        return row

    def _actions_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.feedback = QLabel()
        self.feedback.setObjectName("backupFeedback")
        self.feedback.setWordWrap(True)
        self.restore_button = QPushButton("Restaurar esta cópia…")
        self.restore_button.setObjectName("restoreBackupButton")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.ask_restore)
        self.make_button = QPushButton("Fazer backup agora")
        self.make_button.setObjectName("backupButton")
        self.make_button.clicked.connect(self.make_backup)
        row.addWidget(self.feedback, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.make_button)
        return row

    def load(self) -> None:
        """Read the copies (the backups folder) and the second folder on a worker; paint
        them keeping the copy she chose."""
        path = database_path()
        self.info.setText(
            f"Seus dados ficam em {path}. Uma cópia é feita todo dia ao abrir o programa, antes "
            "de cada atualização e antes de restaurar. Ficam guardadas as cópias de cada dia do "
            "último mês, uma por mês do último ano e as de antes de atualizar por um ano, na "
            "pasta “backups” ao lado dos dados. Cada cópia é conferida antes de ser guardada.")
        self.reader.read(lambda _p: (load_settings().backup_mirror_dir, list_backups(path)),
                         self._paint)

    def _paint(self, read: tuple[str, list[BackupInfo]]) -> None:
        mirror, backups = read
        chosen = self.selected_backup()
        self.mirror_edit.setText(mirror)
        self.backup_list.clear()
        for info in backups:
            item = QListWidgetItem(_describe(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.backup_list.addItem(item)
            if info.path == chosen:
                self.backup_list.setCurrentItem(item)
        self._on_selected(self.backup_list.currentRow())

    def _on_selected(self, row: int) -> None:
        self.restore_button.setEnabled(row >= 0)

    def _say(self, text: str, ok: bool) -> None:
        set_role(self.feedback, "ok" if ok else "error")
        self.feedback.setText(text)

    def _choose_mirror(self) -> None:
        folder = ask_folder(self, "Segunda pasta para os backups")
        if folder is not None:
            self.set_mirror(str(folder))

    def set_mirror(self, folder: str) -> None:
        """Store the second folder ("" for none) and say what happens next."""
        ops.Op(self, lambda _: save_settings(load_settings(), backup_mirror_dir=folder)).success(
                   lambda _: self._mirror_saved(folder)).run()

    def _mirror_saved(self, folder: str) -> None:
        self.mirror_edit.setText(folder)
        self._say(f"Cada backup também será copiado para {folder} quando ela estiver "
                  "acessível." if folder else "Os backups ficam só na pasta “backups”.", True)

    def make_backup(self) -> None:
        """A manual copy on a worker (serialised with the day's backup and every write)."""
        path, today = database_path(), self._today_fn()

        def work(_progress):
            mirror = load_settings().backup_mirror_dir
            return make_backup(path, "manual", today, mirror or None), mirror

        ops.Op(self, work, label="Fazendo o backup…", busy=self.make_button).success(
            lambda made: self._backup_made(*made)).failure(self._backup_failed).run()

    def _backup_made(self, outcome, mirror: str) -> None:
        text = f"Backup salvo e conferido: {outcome.path.name}."
        if outcome.mirror:
            text += " Cópia também na segunda pasta."
        elif mirror:
            text += f" A segunda pasta ({mirror}) não está acessível agora."
        self._say(text, not (mirror and not outcome.mirror))

    def _backup_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, BackupError):
            ops.show_failure(self, exc)
            return
        self._say(f"O backup não foi feito. {exc.explanation.message}", False)

    def selected_backup(self) -> Path | None:
        item = self.backup_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def confirm_text(self, copy: Path) -> str:
        """The question before restoring ``copy`` (reads the copy: call it on a worker)."""
        info = next(i for i in list_backups(database_path()) if i.path == copy)
        c = describe_backup(copy)
        last = (f"o último pagamento registrado nela é de {format_date(c.last_payment)}"
                if c.last_payment else "ela não tem nenhum pagamento")
        return (f"Restaurar a cópia de {info.when}?\n\n"
                f"Ela tem {plural(c.customers, 'cliente')} e {plural(c.sales, 'venda')}; "
                f"{last}.\n\n"
                "Antes, o arquivo de agora é guardado como cópia “antes de restaurar” — nada "
                "se perde. O que foi lançado depois dessa cópia deixa de aparecer nas telas.")

    def ask_restore(self) -> None:
        """Read what the chosen copy holds (on a worker), then ask before restoring it."""
        copy = self.selected_backup()
        if copy is None:
            return
        ops.Op(self, lambda _: self.confirm_text(copy), write=False,
               busy=self.restore_button).success(lambda text: self._confirm(copy, text)).run()

    def _confirm(self, copy: Path, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Restaurar cópia", text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmRestore")
        widen(box, 460)
        yes = box.addButton("Restaurar", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is yes:
            self.restore(copy)

    def restore(self, copy: Path) -> bool:
        """Put ``copy`` in place of the open file; every screen refreshes. Refused while
        something is being saved; while screens are still reading (on workers, with their
        own connections to the file) it waits for them — until each worker has closed its
        connection, not only handed its result over (``ops.settled``: Windows refuses to
        replace a held file) — then goes in by itself."""
        if ops.writing():
            self._say("Espere terminar o que está sendo salvo e clique de novo.", False)
            return False
        if not ops.settled():
            self._say("Restaurando assim que as telas terminarem de ler os dados…", True)
            QTimer.singleShot(RETRY_MS, self, lambda: self.restore(copy))
            return False
        was_read_only = is_read_only()
        try:
            result = restore_backup(copy, database_path(), _ScreenClock(self._today_fn),
                                    keep_open=True)
        except RestoreError as exc:
            self._say(str(exc), False)
            return False
        c = result.contents
        text = (f"Cópia restaurada: {plural(c.customers, 'cliente')}, "
                f"{plural(c.sales, 'venda')}.")
        if was_read_only:
            text += " Feche e abra o Caderneta para voltar a salvar."
        self._say(text, True)
        self.restored.emit()
        # Published here, not by an Op: a restore swaps the GUI thread's own connection, so it
        # runs on this thread while no operation is running.
        ops.announce(EVERYTHING)
        self.load()
        return True
