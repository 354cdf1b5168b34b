"""The app's own scratch folder: where long writes spill, instead of the system temp folder.

Rules:
- A spreadsheet export streams each sheet into a file before zipping them (openpyxl's
  write-only mode); those files hold names, phones and CPFs. They go to ``temporarios``
  beside her data file (the app's own folder), never to the system temp folder, where a
  killed or failed export used to leave them for anyone to read.
- Each writer works in a session folder ``temporarios/<id>/`` held by an operating-system
  lock on ``temporarios/<id>.lock`` (``lockfile``), and removes it when done, whatever
  happened.
- At start-up (the window, ``remove_leftovers``) every session whose lock is free (its
  process died: a kill, a power cut) is removed with its files; a session still held by a
  running command is left alone.
- With no data file open (a tool), the folder is the default data folder's.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from app.services.storage.lockfile import DatabaseLock, LockError, real_path
from app.services.storage.paths import data_dir

FOLDER = "temporarios"


def scratch_dir(db_path: str | Path | None = None) -> Path:
    """``temporarios`` beside the data file (the one opened last when ``db_path`` is None)."""
    db_path = db_path or _opened_file()
    base = real_path(db_path).parent if db_path else data_dir()
    return base / FOLDER


def _opened_file() -> Path | None:
    from app.models.db import database_path

    try:
        return database_path()
    except TypeError:  # no data file was opened in this process
        return None


class ScratchSession:
    """One writer's folder of spill files; ``close`` removes it (also after a failure)."""

    def __init__(self, db_path: str | Path | None = None):
        root = scratch_dir(db_path)
        root.mkdir(parents=True, exist_ok=True)
        self.folder = root / secrets.token_hex(6)
        self._lock = DatabaseLock(self.folder).acquire()
        self.folder.mkdir()
        self._count = 0

    def new_file(self, suffix: str = "") -> Path:
        """A fresh file name inside the session folder (the file is not created)."""
        self._count += 1
        return self.folder / f"{self._count:04d}{suffix}"

    def close(self) -> None:
        """Remove the session's files and its lock. A lock file another process has open at
        that moment (a window starting, checking whether this session is alive) cannot be
        deleted on Windows: it stays, harmless and unlocked, and the next start-up removes
        it; the writer's work (an export already written) never fails for it."""
        shutil.rmtree(self.folder, ignore_errors=True)
        lock = self._lock.path
        self._lock.release()
        try:
            lock.unlink(missing_ok=True)
        except OSError:
            pass


def remove_leftovers(db_path: str | Path) -> int:
    """Remove the sessions left by dead writers in ``db_path``'s scratch folder; return how
    many were removed (a session still held by a running process stays)."""
    root = scratch_dir(db_path)
    if not root.is_dir():
        return 0
    removed = 0
    for entry in list(root.iterdir()):
        if entry.suffix == ".lock":
            continue
        lock = DatabaseLock(entry)
        try:
            lock.acquire()
        except LockError:
            continue  # a writer still at work
        try:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
        finally:
            lock.release()
            lock.path.unlink(missing_ok=True)
    for orphan in root.glob("*.lock"):  # a lock whose folder is gone
        lock = DatabaseLock(orphan.with_suffix(""))
        try:
            lock.acquire()
        except LockError:
            continue
        lock.release()
        orphan.unlink(missing_ok=True)
    return removed
