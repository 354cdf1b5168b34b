"""Restore a backup copy in place of the database, keeping the current file first.

Rules (in this order; nothing is touched until the copy is known good):
1. The copy must pass the integrity check and not come from a newer Caderneta, or nothing
   happens (``RestoreError``).
2. The current file is saved first: as an ``antes-de-restaurar`` backup when it is healthy,
   byte for byte into ``backups/danificados/`` when it is damaged or hollow (kept out of the
   list of good copies; a zero-byte file holds nothing to keep). A damaged file already kept
   there byte for byte is not copied again. If it cannot be saved, nothing is restored.
3. The connection is closed; the copy is written beside the target (``.restoring.partial``)
   with SQLite's backup API and checked; the stale ``-wal``/``-shm`` of the old file are
   removed (a leftover ``-wal`` would be replayed over the restored pages and corrupt them);
   the checked copy is flushed and renamed over the target, and the folder flushed
   (``whole_files``: a power cut right after still finds one whole file).
4. When step 3 fails before the old file was touched (a full disk while writing the copy),
   the copy saved in step 2 by this attempt is removed again: the file is as it was, and
   each new attempt on a full disk does not eat more of the room the restore needs.
5. The file is opened and migrated when the copy is older than this program, then closed
   again unless the caller asks to keep it open.
The caller holds the single-writer lock.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.clock import Clock
from app.models.db import close_database, database_path, read_only_uri
from app.models.migrations import SCHEMA_VERSION
from app.services.core.changes import Topic, writes
from app.services.storage.backup import BackupError, backup_database, backups_dir
from app.services.storage.dbhealth import (
    Explanation,
    Problem,
    check_integrity,
    classify,
    holds_caderneta,
)
from app.services.storage.lockfile import real_path
from app.services.storage.opening import open_data
from app.services.storage.whole_files import PARTIAL, whole_file


class RestoreError(Exception):
    """Nothing was restored; the message says why in Portuguese."""

    def __init__(self, message: str, problem: Problem = Problem.OTHER,
                 untouched: bool = False):
        self.problem = problem
        self.untouched = untouched  # the current file was not changed at all
        super().__init__(message)


@dataclass(frozen=True)
class BackupContents:
    customers: int
    sales: int
    last_payment: date | None
    schema_version: int


@dataclass(frozen=True)
class RestoreResult:
    contents: BackupContents
    saved_current: Path | None
    migrated_from: int


def _scalar(conn: sqlite3.Connection, sql: str):
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # a table this old copy does not have yet
        return None


def describe_backup(path: str | Path) -> BackupContents:
    """What a copy holds: customers, sales, last payment date, schema version."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        last = _scalar(conn, "SELECT MAX(payment_date) FROM payment WHERE reversed_at IS NULL")
        return BackupContents(
            customers=_scalar(conn, "SELECT COUNT(*) FROM customer") or 0,
            sales=_scalar(conn, "SELECT COUNT(*) FROM sale") or 0,
            last_payment=date.fromisoformat(str(last)[:10]) if last else None,
            schema_version=_scalar(conn, "SELECT MAX(version) FROM schema_version") or 0,
        )
    finally:
        conn.close()


def _save_current(db_path: Path, today: date) -> Path | None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None  # nothing to keep
    try:
        if holds_caderneta(db_path) and check_integrity(db_path).ok:
            return backup_database(db_path, reason="antes-de-restaurar", today=today)
        return _keep_damaged(db_path, today)
    except (BackupError, OSError) as exc:
        why = exc.explanation if isinstance(exc, BackupError) else classify(exc)
        raise RestoreError(
            "Nada foi restaurado: não foi possível guardar antes uma cópia do arquivo atual. "
            + _sentence(why), why.code, untouched=True) from exc


def _keep_damaged(db_path: Path, today: date) -> Path:
    """The damaged (or hollow) file, with its ``-wal``/``-shm``, byte for byte into
    ``backups/danificados``; the copy already there when it holds the same bytes."""
    folder = backups_dir(db_path) / "danificados"
    folder.mkdir(parents=True, exist_ok=True)
    sides = [s for s in ("-wal", "-shm") if Path(str(db_path) + s).exists()]
    for kept in sorted(folder.glob(f"{db_path.stem}-*-danificado.sqlite3")):
        if _same_bytes(db_path, kept, sides):
            return kept
    target = folder / f"{db_path.stem}-{today.isoformat()}-{os.getpid()}-danificado.sqlite3"
    for suffix in ("", *sides):  # the main file last: it names a complete set
        with whole_file(Path(str(target) + suffix)) as partial:
            shutil.copyfile(Path(str(db_path) + suffix), partial)
    return target


def _same_bytes(db_path: Path, kept: Path, sides: list[str]) -> bool:
    pairs = [(Path(str(db_path) + s), Path(str(kept) + s)) for s in ("", *sides)]
    return all(b.exists() and filecmp.cmp(a, b, shallow=False) for a, b in pairs)


def _put_in_place(backup: Path, db_path: Path) -> None:
    staging = db_path.with_name(db_path.name + ".restoring" + PARTIAL)
    touched = []

    def clear_old_side_files() -> None:
        touched.append(True)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)

    try:
        with whole_file(db_path, partial=staging, check=_check_staging,
                        before_rename=clear_old_side_files):
            src = sqlite3.connect(read_only_uri(backup), uri=True)
            dest = sqlite3.connect(str(staging))
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
                dest.commit()
            finally:
                dest.close()
                src.close()
    except RestoreError:
        raise
    except (sqlite3.Error, OSError) as exc:
        why: Explanation = classify(exc)
        raise RestoreError("Nada foi restaurado. " + _sentence(why), why.code,
                           untouched=not touched) from exc


def _sentence(why: Explanation) -> str:
    """The cause, for a restore: the file she has stays as it was."""
    if why.code is Problem.DISK_FULL:
        return ("O disco está cheio (o do computador, ou o pen drive onde estão os dados); o "
                "arquivo de dados continua como estava. Apague ou mova arquivos grandes "
                "(vídeos, downloads, a lixeira) e tente de novo.")
    return why.message


def _check_staging(staging: Path) -> None:
    if not check_integrity(staging).ok:
        raise RestoreError("A cópia ficou com defeito ao ser gravada; nada foi restaurado.",
                           Problem.DAMAGED, untouched=True)


@writes(*Topic)  # the whole file is another one: every screen reads it again
def restore_backup(backup: str | Path, db_path: str | Path, clock: Clock,
                   keep_open: bool = False) -> RestoreResult:
    """Put the copy ``backup`` in place of ``db_path`` (see the module rules)."""
    backup, db_path = Path(backup), real_path(db_path)
    report = check_integrity(backup)
    if not report.ok:
        raise RestoreError(
            f"O arquivo de backup {backup.name} está danificado (não passou na verificação); "
            "escolha outra cópia.", Problem.DAMAGED)
    contents = describe_backup(backup)
    if contents.schema_version > SCHEMA_VERSION:
        raise RestoreError(
            f"A cópia {backup.name} foi feita por uma versão mais nova do Caderneta (esquema "
            f"{contents.schema_version}). Atualize o programa para restaurá-la.")
    if real_path(backup) == db_path:
        raise RestoreError("A cópia escolhida é o próprio arquivo de dados; escolha uma cópia "
                           "da pasta backups.")
    saved = _save_current(db_path, clock.today())
    if not _is_closed_or_other(db_path):
        close_database()
    try:
        _put_in_place(backup, db_path)
    except RestoreError as exc:
        if exc.untouched and saved is not None and saved.parent == backups_dir(db_path):
            saved.unlink(missing_ok=True)  # this attempt's copy of a file left as it was
        raise
    try:
        open_data(db_path, clock)
    except Exception as exc:
        why = classify(exc)
        raise RestoreError("A cópia foi restaurada, mas não abriu: " + why.message,
                           why.code) from exc
    if not keep_open:
        close_database()
    return RestoreResult(contents, saved, contents.schema_version)


def _is_closed_or_other(db_path: Path) -> bool:
    from app.models.db import database

    return database.is_closed() or real_path(database_path()) != db_path
