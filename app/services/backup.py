"""Database backups with SQLite's online backup API, the last 30 kept."""

from __future__ import annotations

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

    Only the ``keep`` newest copies in the folder are kept.
    """
    db_path = Path(db_path)
    folder = Path(target_dir) if target_dir else backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%H%M%S")
    day = (today or date.today()).isoformat()
    target = folder / f"{db_path.stem}-{day}-{stamp}-{reason}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{db_path.stem}-{day}-{stamp}-{reason}-{counter}.sqlite3"
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


def prune_backups(folder: Path, stem: str, keep: int = KEEP) -> list[Path]:
    """Delete all but the ``keep`` newest backups of ``stem``; return the removed paths."""
    copies = sorted(folder.glob(f"{stem}-*.sqlite3"), key=lambda p: (p.stat().st_mtime, p.name))
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
    if any(folder.glob(f"{db_path.stem}-{today.isoformat()}-*.sqlite3")):
        return None
    return backup_database(db_path, reason="diario", today=today)


def list_backups(db_path: str | Path) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    items = [
        BackupInfo(p, datetime.fromtimestamp(p.stat().st_mtime), p.stat().st_size)
        for p in folder.glob(f"{db_path.stem}-*.sqlite3")
    ]
    return sorted(items, key=lambda b: b.created, reverse=True)
