"""Database backups with SQLite's online backup API, the last 30 kept."""

from __future__ import annotations

import glob
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

KEEP = 30


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size_bytes: int


def backups_dir(db_path: str | Path) -> Path:
    """The backups folder next to the database file."""
    db_path = Path(db_path)
    return db_path.parent / "backups"


def backup_database(
    db_path: str | Path,
    reason: str = "diario",
    today: date | None = None,
    target_dir: str | Path | None = None,
    keep: int = KEEP,
) -> Path:
    """Copy the live database with ``sqlite3.Connection.backup``; return the new file's path.

    The copy is named ``<stem>-<today>-<nnn>-<reason>.sqlite3`` (``nnn`` counts that day's
    copies; the date is left out when ``today`` is not given: the caller owns the clock).
    Only the ``keep`` newest copies of this database in the folder are kept.
    """
    db_path = Path(db_path)
    folder = Path(target_dir) if target_dir else backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{db_path.stem}-{today.isoformat()}" if today else db_path.stem
    taken = [int(m.group(1)) for p in folder.glob(f"{glob.escape(prefix)}-*.sqlite3")
             if (m := re.match(re.escape(prefix) + r"-(\d{3,})-", p.name))]
    target = folder / f"{prefix}-{max(taken, default=0) + 1:03d}-{reason}.sqlite3"
    source = sqlite3.connect(str(db_path))
    dest = sqlite3.connect(str(target))
    try:
        with dest:
            source.backup(dest)
    finally:
        dest.close()
        source.close()
    prune_backups(folder, db_path.stem, keep)
    return target


def _copies(folder: Path, stem: str) -> list[Path]:
    """This database's backups in ``folder`` (not those of ``<stem>-other.sqlite3``)."""
    own = re.compile(re.escape(stem) + r"-(\d{4}-\d{2}-\d{2}-)?(\d{3}|\d{6})-.*\.sqlite3")
    return [p for p in folder.glob(f"{glob.escape(stem)}-*.sqlite3") if own.fullmatch(p.name)]


def _age_key(path: Path) -> tuple:
    """Oldest first: by file time, then by the day and the copy number in the name."""
    numbers = tuple(int(n) for n in re.findall(r"\d+", path.name[: -len(".sqlite3")]))
    return (path.stat().st_mtime, numbers, path.name)


def prune_backups(folder: Path, stem: str, keep: int = KEEP) -> list[Path]:
    """Delete all but the ``keep`` newest backups of ``stem``; return the removed paths."""
    copies = sorted(_copies(folder, stem), key=_age_key)
    removed = copies[:-keep] if len(copies) > keep else []
    for old in removed:
        old.unlink()
    return removed


def daily_backup(db_path: str | Path, today: date) -> Path | None:
    """Make today's backup unless one exists already; return it (None if not needed)."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    folder = backups_dir(db_path)
    if any(folder.glob(f"{glob.escape(db_path.stem)}-{today.isoformat()}-*.sqlite3")):
        return None
    return backup_database(db_path, reason="diario", today=today)


def list_backups(db_path: str | Path) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    db_path = Path(db_path)
    items = [
        BackupInfo(p, datetime.fromtimestamp(p.stat().st_mtime), p.stat().st_size)
        for p in _copies(backups_dir(db_path), db_path.stem)
    ]
    return sorted(items, key=lambda b: b.created, reverse=True)
