"""Restore a backup copy in place of the database, keeping the current file first.

Rules (in this order; nothing is touched until the copy is known good):
1. The copy must pass the integrity check and not come from a newer Caderneta, or nothing
   happens (``RestoreError``).
2. The current file is saved first: as an ``antes-de-restaurar`` backup when it is healthy,
   byte for byte into ``backups/danificados/`` when it is damaged (kept out of the list of
   good copies). If it cannot be saved, nothing is restored.
3. The connection is closed; the copy is written beside the target (``.restoring``) with
   SQLite's backup API and checked; the stale ``-wal``/``-shm`` of the old file are removed
   (a leftover ``-wal`` would be replayed over the restored pages and corrupt them); the
   checked copy is renamed over the target.
4. The file is opened and migrated when the copy is older than this program, then closed
   again unless the caller asks to keep it open.
The caller holds the single-writer lock.
"""

from __future__ import annotations

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
from app.services.storage.backup import PARTIAL, BackupError, backup_database, backups_dir
from app.services.storage.dbhealth import Explanation, Problem, check_integrity, classify
from app.services.storage.lockfile import real_path
from app.services.storage.opening import open_data


class RestoreError(Exception):
    """Nothing was restored; the message says why in Portuguese."""

    def __init__(self, message: str, problem: Problem = Problem.OTHER):
        self.problem = problem
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
    if not db_path.exists():
        return None
    try:
        if check_integrity(db_path).ok:
            return backup_database(db_path, reason="antes-de-restaurar", today=today)
        folder = backups_dir(db_path) / "danificados"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{db_path.stem}-{today.isoformat()}-{os.getpid()}-danificado.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(db_path) + suffix)
            if source.exists():
                shutil.copyfile(source, Path(str(target) + suffix))
        return target
    except (BackupError, OSError) as exc:
        why = exc.explanation if isinstance(exc, BackupError) else classify(exc)
        raise RestoreError(
            "Nada foi restaurado: não foi possível guardar antes uma cópia do arquivo atual. "
            + why.message, why.code) from exc


def _put_in_place(backup: Path, db_path: Path) -> None:
    staging = db_path.with_name(db_path.name + ".restoring" + PARTIAL)
    staging.unlink(missing_ok=True)  # left by a restore that was killed half-way
    try:
        src = sqlite3.connect(read_only_uri(backup), uri=True)
        dest = sqlite3.connect(str(staging))
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
            dest.commit()
        finally:
            dest.close()
            src.close()
        if not check_integrity(staging).ok:
            raise RestoreError("A cópia ficou com defeito ao ser gravada; nada foi restaurado.",
                               Problem.DAMAGED)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(staging, db_path)
    except (sqlite3.Error, OSError) as exc:
        why: Explanation = classify(exc)
        raise RestoreError("Nada foi restaurado. " + why.message, why.code) from exc
    finally:
        staging.unlink(missing_ok=True)


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
    _put_in_place(backup, db_path)
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
