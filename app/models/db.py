"""The SQLite connection: one deferred database, pragmas, opening and closing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from peewee import SqliteDatabase

from app.clock import Clock, FixedClock, SystemClock

# Deferred: bound to a file by open_database(); models use it through BaseModel.
database = SqliteDatabase(None)

PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": "normal",
    "cache_size": -16_000,
    "busy_timeout": 5_000,
}


_clock: Clock = SystemClock()


def stamp() -> datetime:
    """Now, from the clock the database was opened with: every stored timestamp
    (``created_at``, ``applied_at``…) is local wall-clock time from this one place."""
    return _clock.now()


def open_database(
    path: str | Path,
    migrate: bool = True,
    today: date | None = None,
    *,
    clock: Clock | None = None,
    before_migrating: Callable[[Path, int], None] | None = None,
) -> SqliteDatabase:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    ``clock`` stamps what is stored (``today`` alone means a clock stopped on that day, for
    tests; neither means the system clock). ``before_migrating(path, target_version)`` runs
    before the first migration step of an existing file: the caller (a service) passes the
    backup there, so this layer imports nothing above it.
    """
    from app.models.migrations import migrate_database

    global _clock
    _clock = clock or (FixedClock(today) if today else SystemClock())
    if not database.is_closed():
        database.close()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    database.init(str(path), pragmas=PRAGMAS)
    database.connect()
    if migrate:
        migrate_database(database, path, before_migrating=before_migrating, now=_clock.now())
    return database


def close_database() -> None:
    """Close the connection if open."""
    if not database.is_closed():
        database.close()


def database_path() -> Path:
    """The file the open database lives in."""
    return Path(database.database)
