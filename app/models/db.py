"""The SQLite connection: one deferred database, pragmas, opening and closing."""

from __future__ import annotations

from pathlib import Path

from peewee import SqliteDatabase

# Deferred: bound to a file by open_database(); models use it through BaseModel.
database = SqliteDatabase(None)

PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": "normal",
    "cache_size": -16_000,
    "busy_timeout": 5_000,
}


def open_database(path: str | Path, migrate: bool = True, today=None) -> SqliteDatabase:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Before any migration of an existing file a backup copy is written next to it.
    """
    from app.models.migrations import migrate_database

    if not database.is_closed():
        database.close()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    database.init(str(path), pragmas=PRAGMAS)
    database.connect()
    if migrate:
        migrate_database(database, path, today=today)
    return database


def close_database() -> None:
    """Close the connection if open."""
    if not database.is_closed():
        database.close()


def database_path() -> Path:
    """The file the open database lives in."""
    return Path(database.database)
