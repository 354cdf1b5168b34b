"""Opening her data file: migrate the schema with a backup copy taken first."""

from __future__ import annotations

from pathlib import Path

from peewee import SqliteDatabase

from app.clock import Clock
from app.models.db import open_database
from app.services.storage.backup import backup_database


def open_data(path: str | Path, clock: Clock) -> SqliteDatabase:
    """Open (creating if needed) the database at ``path`` for use by the window or a command.

    When the file was saved by an older version, a copy named ``…-antes-da-versao-N`` is
    written to its backups folder before the first migration step runs.
    """

    def backup_first(file: Path, target: int) -> None:
        backup_database(file, reason=f"antes-da-versao-{target}", today=clock.today())

    return open_database(path, clock=clock, before_migrating=backup_first)
