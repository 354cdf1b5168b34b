"""One writer at a time: an operating-system lock on ``<real path of the database>.lock``.

Rules:
- The lock is named after the *resolved* path of the database, so a symlink or another
  spelling of the same file (``./dados/../dados/loja.sqlite3``) takes the same lock.
- The window and every headless command that writes (demo, restore, import) take it.
- The lock is held by the operating system (``fcntl.flock`` / ``msvcrt.locking``), so a
  process that dies (even ``kill -9`` or a power cut) leaves no stale lock behind.
- A folder where the lock file cannot be created is reported as ``LockFolderError`` — a
  different story from "already open in another window" (``LockBusy``).
"""

from __future__ import annotations

import os
from pathlib import Path

from app.services.storage.dbhealth import Problem

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockError(Exception):
    """The database cannot be locked for writing."""


class LockBusy(LockError):
    """Another window or command has the database open for writing."""

    problem = Problem.LOCKED


class LockFolderError(LockError):
    """The lock file cannot be created in the database's folder."""

    problem = Problem.LOCK_FOLDER


def real_path(path: str | Path) -> Path:
    """The database's canonical path: symlinks resolved, ``..`` removed, absolute."""
    return Path(os.path.realpath(Path(path).expanduser()))


def lock_path(db_path: str | Path) -> Path:
    """``<real path>.lock``, beside the real file."""
    real = real_path(db_path)
    return real.with_name(real.name + ".lock")


class DatabaseLock:
    """The single-writer lock of one database file; use ``acquire`` or ``with``."""

    def __init__(self, db_path: str | Path):
        self.path = lock_path(db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> DatabaseLock:
        """Take the lock now or raise ``LockBusy`` / ``LockFolderError``."""
        if self._fd is not None:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise LockFolderError(str(exc)) from exc
        if not _try_lock(fd):
            os.close(fd)
            raise LockBusy(str(self.path))
        self._fd = fd
        try:  # who holds it, for a person looking at the folder; not needed by the lock
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
