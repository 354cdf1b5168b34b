"""Rewriting a backup copy whole: changed under a temporary name, checked, then renamed.

Rules:
- The copy is duplicated byte for byte to ``<name>.apagando.partial`` beside it; the change
  runs there in one transaction with ``secure_delete`` on; the file is then rebuilt
  (``VACUUM``: nothing freed is left in it), checked (``quick_check``, foreign keys, and the
  caller's own check of the finished file), flushed to disk, given the original's dates (the
  list of copies still says when it was made) and only then renamed over the original, and
  the folder is flushed (``whole_files.replace_durably``: on Windows, a rename written
  through instead). Any failure — a full disk, a damaged copy, a check that refuses —
  leaves the original exactly as it was and no temporary file behind.
- A change that finds nothing to do leaves the copy untouched (not even its date changes).
- A ``.partial`` left by a killed process carries the copy's name and date, so the backup
  service removes it on a later day like any other unfinished copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.services.storage.backup import PARTIAL
from app.services.storage.dbhealth import Problem, check_integrity, classify
from app.services.storage.whole_files import fsync_file, replace_durably

SUFFIX = ".apagando" + PARTIAL


class CopyRewriteError(Exception):
    """The copy could not be rewritten (it is untouched); the text says why in Portuguese."""


def rewrite_copy(path: Path, change: Callable[[sqlite3.Connection], bool],
                 check: Callable[[Path], str]) -> bool:
    """Apply ``change`` (inside one transaction) to the backup copy at ``path``; True when
    the copy was rewritten, False when ``change`` found nothing to do. ``check(temporary)``
    returns "" when the finished file is right, else what is wrong. Raises CopyRewriteError
    when the copy could not be rewritten: the original is then untouched."""
    path = Path(path)
    partial = path.with_name(path.name + SUFFIX)
    try:
        shutil.copyfile(path, partial)
        if not _change(partial, change):
            return False
        report = check_integrity(partial)
        problem = check(partial) if report.ok else (
            f"a cópia refeita não passou na verificação ({report.summary})")
        if problem:
            raise CopyRewriteError(problem)
        stat = path.stat()
        os.utime(partial, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        fsync_file(partial)
        replace_durably(partial, path)
        return True
    except (OSError, sqlite3.Error) as exc:
        raise CopyRewriteError(_why(exc)) from exc
    finally:
        partial.unlink(missing_ok=True)


def _change(partial: Path, change: Callable[[sqlite3.Connection], bool]) -> bool:
    conn = sqlite3.connect(str(partial), isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("BEGIN IMMEDIATE")
        try:
            changed = change(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if changed:
            conn.execute("VACUUM")
        return changed
    finally:
        conn.close()


_REASONS = {
    Problem.DISK_FULL: "o disco está cheio",
    Problem.DAMAGED: "a cópia está danificada e não pôde ser refeita",
    Problem.READ_ONLY: "a pasta não aceita gravação",
    Problem.LOCK_FOLDER: "a pasta não aceita gravação",
    Problem.CANT_OPEN: "a cópia não pôde ser aberta",
    Problem.LOCKED: "outro programa está usando a cópia",
    Problem.IO_ERROR: "o disco falhou ao gravar",
}


def _why(exc: BaseException) -> str:
    return _REASONS.get(classify(exc).code, "não foi possível gravar a cópia")


