"""The SQLite connection: one deferred database, pragmas, opening and closing.

``synchronous=FULL`` in WAL mode: a commit is on the disk before the screen says "salvo", so
a payment confirmed on screen survives a power cut (NORMAL could lose the last commits).
A database can be opened read-only (``mode=ro``): reads work, every write raises
"attempt to write a readonly database".

``secure_delete`` is on for every connection the app opens (each thread's included): what is
deleted or overwritten is zeroed in the file, not left in free space — anonymising a customer
must erase her, whatever the SQLite build's default (some have it on, most do not).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path, PurePath

from peewee import SqliteDatabase

from app.clock import Clock, FixedClock, SystemClock

# Deferred: bound to a file by open_database(); models use it through BaseModel.
database = SqliteDatabase(None)

PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": "full",
    "cache_size": -16_000,
    "busy_timeout": 5_000,
    "secure_delete": 1,
}
READ_ONLY_PRAGMAS = {k: v for k, v in PRAGMAS.items() if k not in ("journal_mode", "synchronous")}

_state = {"path": None, "read_only": False}


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
    read_only: bool = False,
) -> SqliteDatabase:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    ``clock`` stamps what is stored (``today`` alone means a clock stopped on that day, for
    tests; neither means the system clock). ``before_migrating(path, target_version)`` runs
    before the first migration step of an existing file: the caller (a service) passes the
    backup there, so this layer imports nothing above it. ``read_only`` opens an existing
    file without ever writing to it (``mode=ro``, no migration).
    """
    from app.models.migrations import migrate_database

    global _clock
    _clock = clock or (FixedClock(today) if today else SystemClock())
    if not database.is_closed():
        database.close()
    path = Path(path)
    if read_only:
        database.init(read_only_uri(path), pragmas=READ_ONLY_PRAGMAS, uri=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        database.init(str(path), pragmas=PRAGMAS)
    _state.update(path=path, read_only=read_only)
    database.connect()
    if migrate and not read_only:
        migrate_database(database, path, before_migrating=before_migrating, now=_clock.now())
    return database


def read_only_uri(path: str | Path) -> str:
    """``file:…?mode=ro`` for ``path`` (see ``file_uri``): every read-only connection."""
    return file_uri(Path(path).resolve()) + "?mode=ro"


def file_uri(path: PurePath) -> str:
    """The ``file:`` URI SQLite opens for the absolute ``path``, percent-encoded (spaces,
    accents, ``#``, ``%``): ``file:///home/ana/…``; on Windows ``file:///C:/Users/…``. A
    network path (``\\\\nas\\loja\\…``, and a mapped drive letter, which ``resolve()`` turns
    into one) becomes ``file:////nas/loja/…``, never ``file://nas/loja/…``: SQLite refuses
    a URI naming a host ("invalid uri authority"; Python's builds do not allow one) and
    reads four slashes as the path ``//nas/loja/…``."""
    uri = path.as_uri()
    if not uri.startswith("file:///"):  # file://host/share/…
        uri = "file:////" + uri[len("file://"):]
    return uri


def close_database() -> None:
    """Close the connection if open."""
    if not database.is_closed():
        database.close()


def database_path() -> Path:
    """The file the open database lives in."""
    return Path(_state["path"] or database.database)


def is_read_only() -> bool:
    """True when the open database was opened read-only."""
    return bool(_state["read_only"])
