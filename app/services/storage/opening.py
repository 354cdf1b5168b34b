"""Opening her data file: migrate the schema with a backup copy taken first; a hollow file
beside copies that have customers is not a new caderneta.

Rule (issue 17): a data file that is missing, empty (0 bytes) or has none of Caderneta's
tables, while its ``backups`` folder holds a good copy that has customers, is *hollow*: a
sync tool, a failed copy or a deleted file, not a brand-new caderneta. It is treated as a
damaged file (the window offers that copy, the commands refuse with the way to restore it)
and is never opened, migrated or backed up as if it were new. With no such copy it is a new
caderneta, as on the first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peewee import SqliteDatabase

from app.clock import Clock
from app.models.db import open_database
from app.services.core.text import plural
from app.services.storage.backup import BackupInfo, backup_database, newest_copy_with_customers
from app.services.storage.dbhealth import check_integrity, customer_count, holds_caderneta
from app.services.storage.lockfile import real_path


def open_data(path: str | Path, clock: Clock) -> SqliteDatabase:
    """Open (creating if needed) the database at ``path`` for use by the window or a command.

    When the file was saved by an older version, a copy named ``…-antes-da-versao-N`` is
    written to its backups folder before the first migration step runs.
    """

    def backup_first(file: Path, target: int) -> None:
        backup_database(file, reason=f"antes-da-versao-{target}", today=clock.today())

    return open_database(path, clock=clock, before_migrating=backup_first)


@dataclass(frozen=True)
class HollowFile:
    """A data file that is not a caderneta, beside a good copy that has her customers."""

    path: Path
    missing: bool
    size_bytes: int
    copy: BackupInfo
    customers: int  # in that copy

    @property
    def what(self) -> str:
        """What is wrong with the file, in Portuguese: "não está na pasta", "está vazio"…"""
        if self.missing:
            return f"não está na pasta {self.path.parent}"
        if self.size_bytes == 0:
            return "está vazio (0 bytes)"
        return "não tem as tabelas do Caderneta (é de outro programa ou foi apagado por dentro)"

    @property
    def copy_line(self) -> str:
        """"a mais recente é de 22/11/2026 às 10:00, com 60 clientes"."""
        return f"a mais recente é de {self.copy.when}, com {plural(self.customers, 'cliente')}"


def hollow_file(path: str | Path) -> HollowFile | None:
    """``path`` as a ``HollowFile`` when it is missing, empty or without Caderneta's tables
    while its backups folder holds a good copy with customers; None otherwise (a caderneta,
    a damaged file, which has its own story, or a really new caderneta)."""
    path = real_path(path)
    if holds_caderneta(path):
        return None
    missing = not path.exists()
    if not missing and path.stat().st_size and not check_integrity(path).ok:
        return None  # not a database at all: the damaged-file story
    copy = newest_copy_with_customers(path)
    if copy is None:
        return None
    size = 0 if missing else path.stat().st_size
    return HollowFile(path, missing, size, copy, customer_count(copy.path))
