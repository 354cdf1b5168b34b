"""Opening the window's database: lock, integrity first, then the file, then the day's backup.

Order and rules:
1. The single-writer lock on the real path. Taken by another window: refused with a message.
   The folder cannot hold the lock file: explained as such, with "Abrir somente leitura".
2. ``quick_check`` + ``foreign_key_check`` before anything writes. A damaged file gets a
   dialog: "Restaurar a cópia de DD/MM/AAAA" (newest backup passing the check), "Abrir assim
   mesmo (somente leitura)" or "Fechar". Nothing is rewritten without her choosing.
   When it runs (the rule "nothing writes before the check passed" holds either way):
   - Usual start (the file exists, she may write it, the lock is ours and its schema is this
     program's): the file is opened **read-only** (SQLite ``mode=ro``, for every thread) and
     the window appears at once, saying "Verificando o arquivo…" in the status bar, while
     the check runs on a worker. Write operations started meanwhile wait (``ops`` holds the
     write lane); a write that would bypass them is refused by SQLite itself. Passed: the
     file is reopened for writing, the waiting writes go on, then the day's backup.
     Failed: the same dialog over the window; nothing was written, and read errors met
     meanwhile are not shown (the dialog says it). Guaranteed: no byte of the file, and no
     backup copy of it, is written before the check passed. Not guaranteed: what the window
     shows during that second was read from the file being checked (a damaged page makes
     those reads fail, and the Painel keeps its "…"). The check is the whole check, every
     start: nothing is skipped because the file looks unchanged (a pen drive can rot a page
     without changing the file's size or date).
   - Otherwise (a new file, an update of the schema to run, a protected file, a file that
     cannot even be read): the check runs before the window, as the update writes.
   A file that is missing, empty (0 bytes) or has no Caderneta tables while its ``backups``
   folder holds a good copy that has customers is not a new caderneta (``opening``): a
   dialog says so and offers "Restaurar a cópia de DD/MM/AAAA" (that copy) or "Fechar";
   the welcome assistant never appears over it and nothing is written before she chooses.
3. A file she cannot write opens read-only (the window shows it and disables saving).
4. Spill files a killed export left in the app's scratch folder (``scratch``: names and
   CPFs) are removed right after the lock is taken; a failure to remove them never blocks.
5. The day's backup (and its copy in the second folder), on a worker once the window is up
   and the check passed. A failure never blocks opening: it becomes a warning on the
   Painel. The one exception is an update of the file's schema, which never runs without
   its copy first: that is explained and the window does not open.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.clock import Clock
from app.services.storage.backup import (
    BackupError,
    BackupInfo,
    backups_dir,
    daily_backup,
    newest_good_backup,
)
from app.services.storage.dbhealth import Explanation, Problem, check_integrity, classify, explain
from app.services.storage.lockfile import DatabaseLock, LockBusy, LockFolderError
from app.services.storage.opening import HollowFile, hollow_file
from app.services.storage.scratch import remove_leftovers
from app.ui.kit.db_errors import message_box
from app.ui.kit.ops import Op, hold_writes
from app.ui.shell.notices import Banner

UPDATE_NEEDS_COPY = (
    "O arquivo {name} precisa ser atualizado para esta versão do Caderneta, e antes de "
    "atualizar o programa sempre faz uma cópia de segurança — que não pôde ser feita "
    "({reason}). Nada foi alterado. Libere a gravação na pasta {folder} (ou espaço no disco) "
    "e abra o Caderneta de novo.")


class Choice(Enum):
    RESTORE = "restore"
    READ_ONLY = "read_only"
    CLOSE = "close"


@dataclass
class Opened:
    """What the window needs to know about how its database was opened."""

    lock: DatabaseLock | None
    read_only: bool = False
    read_only_reason: str = ""
    restored: BackupInfo | None = None
    needs_backup: bool = False
    check_pending: bool = False  # opened read-only; the check runs once the window is up
    closed_unopened: bool = False  # that check failed and she chose to close

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()


def damaged_dialog(path: Path, good: BackupInfo | None, parent: QWidget | None = None):
    """The dialog for a damaged file (not shown yet); its buttons carry object names."""
    text = (f"O arquivo {path.name} não passou na verificação: uma parte dele não pode ser "
            "lida. Ele não foi alterado e não vai substituir suas cópias de segurança boas.")
    if good:
        text += (f"\n\nA cópia de segurança mais recente que está boa é de {good.when}. "
                 "Restaurar traz os dados daquele momento; o arquivo danificado fica guardado "
                 "à parte.")
    else:
        text += "\n\nNão há nenhuma cópia de segurança boa deste arquivo."
    box = message_box(parent, explain(Problem.DAMAGED), text)
    box.setObjectName("damagedDialog")
    box.setStandardButtons(QMessageBox.StandardButton.NoButton)
    buttons = [("readOnlyButton", "Abrir assim mesmo (somente leitura)",
                QMessageBox.ButtonRole.ActionRole),
               ("closeButton", "Fechar", QMessageBox.ButtonRole.RejectRole)]
    if good:
        buttons.insert(0, ("restoreButton", f"Restaurar a cópia de {good.day:%d/%m/%Y}",
                           QMessageBox.ButtonRole.AcceptRole))
    for name, caption, role in buttons:
        button = box.addButton(caption, role)  # owned by the box
        button.setObjectName(name)
    box.setDefaultButton(box.buttons()[0])
    return box


def hollow_dialog(hollow: HollowFile, parent: QWidget | None = None):
    """The dialog for a hollow file beside copies with customers (not shown yet)."""
    title = (Explanation(Problem.EMPTY, "O arquivo de dados não foi encontrado", "")
             if hollow.missing else explain(Problem.EMPTY))
    text = (f"O arquivo {hollow.path.name} {hollow.what}, mas a pasta backups ao lado tem "
            f"cópias com suas clientes: {hollow.copy_line}. Um programa de sincronização ou "
            "uma cópia interrompida pode deixar o arquivo assim. O Caderneta não começa um "
            "caderno novo por cima das suas cópias.\n\nRestaurar traz de volta os dados "
            "daquela cópia.")
    if hollow.size_bytes:
        text += " O arquivo que está lá agora fica guardado à parte, em backups/danificados."
    box = message_box(parent, title, text)
    box.setObjectName("hollowDialog")
    box.setStandardButtons(QMessageBox.StandardButton.NoButton)
    for name, caption, role in (
            ("restoreButton", f"Restaurar a cópia de {hollow.copy.day:%d/%m/%Y}",
             QMessageBox.ButtonRole.AcceptRole),
            ("closeButton", "Fechar", QMessageBox.ButtonRole.RejectRole)):
        box.addButton(caption, role).setObjectName(name)
    box.setDefaultButton(box.buttons()[0])
    return box


def ask_damaged(path: Path, good: BackupInfo | None, parent: QWidget | None = None) -> Choice:
    return _ask(damaged_dialog(path, good, parent))


def _ask(box: QMessageBox) -> Choice:
    box.exec()
    name = box.clickedButton().objectName() if box.clickedButton() else "closeButton"
    return {"restoreButton": Choice.RESTORE, "readOnlyButton": Choice.READ_ONLY}.get(
        name, Choice.CLOSE)


def _lock_folder_dialog(path: Path) -> bool:
    """Explain the lock folder; True when she chooses to open read-only."""
    why = explain(Problem.LOCK_FOLDER)
    box = message_box(None, why, f"{why.message}\n\nPasta: {path.parent}")
    box.setStandardButtons(QMessageBox.StandardButton.NoButton)
    read_only = box.addButton("Abrir somente leitura", QMessageBox.ButtonRole.AcceptRole)
    read_only.setObjectName("readOnlyButton")
    box.addButton("Fechar", QMessageBox.ButtonRole.RejectRole).setObjectName("closeButton")
    box.exec()
    return box.clickedButton() is read_only


def _take_lock(path: Path) -> Opened | None:
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except LockBusy:
        QMessageBox.warning(None, "Caderneta já está aberto",
                            f"O arquivo {path} já está aberto em outra janela do Caderneta. "
                            "Use a janela que já está aberta (ou feche-a antes).")
        return None
    except LockFolderError:
        if not _lock_folder_dialog(path):
            return None
        return Opened(None, True, explain(Problem.LOCK_FOLDER).message)
    return Opened(lock)


DAMAGED_READ_ONLY = ("O arquivo está danificado e foi aberto somente para consulta. Restaure "
                     "uma cópia em Configurações → Backup.")


def restore_damaged(path: Path, good: BackupInfo, opened: Opened, clock: Clock) -> bool:
    """Put the good copy in place of the damaged file; False when it could not (she was
    told why)."""
    from app.services.storage.restore import RestoreError, restore_backup  # rarely needed at start

    try:
        restore_backup(good.path, path, clock)
    except RestoreError as exc:
        _cannot_open(path, explain(exc.problem), str(exc))
        return False
    opened.restored = good
    return True


def _check_first(path: Path, opened: Opened, clock: Clock) -> bool:
    """Integrity before anything writes; False when she chose to close."""
    hollow = hollow_file(path)
    if hollow is not None:  # not a new caderneta: her customers are in a copy
        if _ask(hollow_dialog(hollow)) is not Choice.RESTORE:
            return False
        return restore_damaged(path, hollow.copy, opened, clock)
    if not path.exists() or check_integrity(path).ok:
        return True
    good = newest_good_backup(path)
    choice = ask_damaged(path, good)
    if choice is Choice.CLOSE:
        return False
    if choice is Choice.READ_ONLY:
        opened.read_only, opened.read_only_reason = True, DAMAGED_READ_ONLY
        return True
    return restore_damaged(path, good, opened, clock)


def _cannot_open(path: Path, why: Explanation, detail: str = "", whole: bool = False) -> None:
    """Say the file could not be opened and why (``whole``: ``detail`` says it all)."""
    text = detail if whole else (
        f"O arquivo {path} não pôde ser aberto.\n\n{detail or why.message}"
        "\n\nSeus backups estão na pasta “backups” ao lado dele.")
    box = message_box(None, why, text)
    box.setWindowTitle("Não foi possível abrir os dados")
    box.exec()


def open_file(path: Path, opened: Opened, clock: Clock) -> bool:
    """Open ``path`` for the window, read-only when it must be (migrating an older file, its
    copy first); False when it cannot be opened (she was told why)."""
    from app.models.db import close_database, open_database
    from app.services.storage.opening import open_data

    if path.exists() and not opened.read_only and not os.access(path, os.W_OK):
        opened.read_only = True
        opened.read_only_reason = explain(Problem.READ_ONLY).message
    try:
        if opened.read_only:
            open_database(path, clock=clock, read_only=True)
        else:
            open_data(path, clock)  # migrates an older file, its copy first
        return True
    except BackupError as exc:  # the copy before an update could not be made
        close_database()
        _cannot_open(path, exc.explanation, UPDATE_NEEDS_COPY.format(
            name=path.name, reason=exc.explanation.title.lower(), folder=backups_dir(path)),
            whole=True)
        return False
    except Exception as exc:  # noqa: BLE001 - explained to her, never a traceback
        close_database()
        why = classify(exc)
        if why.code is Problem.READ_ONLY and not opened.read_only:
            opened.read_only, opened.read_only_reason = True, why.message
            return open_file(path, opened, clock)
        newer = isinstance(exc, RuntimeError)  # a file from a newer Caderneta: its own words
        _cannot_open(path, why, str(exc) if newer else why.message)
        return False


def start_daily_backup(window, path: Path, opened: Opened, clock: Clock):
    """The day's backup on a worker once the window is up (the check already passed); a
    failure, or a second folder out of reach, becomes a banner on the Painel."""
    from app.services.configuration.settings import load_settings

    if not opened.needs_backup:
        return None
    mirror, today = load_settings().backup_mirror_dir, clock.today()

    def warn(text: str, name: str) -> None:
        window.dashboard.add_banner(Banner(text, "warning", name))

    def done(outcome) -> None:
        if outcome is not None and outcome.mirror_problem:
            warn(f"A cópia de hoje foi feita, mas não chegou à segunda pasta de backup "
                 f"({mirror}): ela não está acessível (pen drive fora do computador?). Ela "
                 "recebe a próxima cópia quando estiver de volta.", "mirrorWarning")

    def failed(exc: BaseException) -> None:
        why = exc.explanation if isinstance(exc, BackupError) else classify(exc)
        warn(f"Os backups estão falhando. {why.message}", "backupWarning")

    return Op(window, lambda _: daily_backup(path, today, mirror or None)).success(
        done).failure(failed).run()


def _open_to_check_later(path: Path, opened: Opened, clock: Clock) -> bool:
    """The usual start: open read-only now, check once the window is up (see rule 2)."""
    from app.models.db import close_database, database, open_database
    from app.models.migrations import SCHEMA_VERSION, current_version

    if opened.read_only or not path.exists() or not os.access(path, os.W_OK):
        return False
    try:
        open_database(path, clock=clock, read_only=True)
        if current_version(database) == SCHEMA_VERSION:
            opened.check_pending = True
            hold_writes()  # until the check passed (check_after_showing)
            return True
    except Exception:  # noqa: BLE001 - unreadable: the check before the window explains it
        pass
    close_database()
    return False


def open_for_window(path: Path, clock: Clock) -> Opened | None:
    """Lock, check and open ``path``; None when it must not open (she was told).

    With ``check_pending`` the file is open read-only and ``check_after_showing`` must run
    once the window is up."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _cannot_open(path, classify(exc), str(exc))
        return None
    opened = _take_lock(path)
    if opened is None:
        return None
    try:
        remove_leftovers(path)
    except OSError:
        pass  # a folder she cannot write: the export that spilled there failed too
    if _open_to_check_later(path, opened, clock):
        return opened
    existed = path.exists()  # a brand-new empty file needs no copy
    if not (_check_first(path, opened, clock) and open_file(path, opened, clock)):
        opened.release()
        return None
    opened.needs_backup = (existed or opened.restored is not None) and not opened.read_only
    return opened
