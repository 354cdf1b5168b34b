"""What every headless command shares: one Portuguese line and exit code 2 for any failure,
and one way to open the database (schema migrated, backup first, errors explained)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path

import peewee

from app.clock import Clock
from app.models.db import close_database
from app.services.storage.dberrors import DbProblem, classify_database_error
from app.services.storage.opening import open_data
from app.services.storage.paths import default_db_path

SQLITE_HEADER = b"SQLite format 3\x00"


class CommandError(Exception):
    """A failure the user can act on: the CLI prints ``message`` (one pt-BR line), exits 2."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_today(text: str | None) -> date | None:
    """``--today aaaa-mm-dd`` (or dd/mm/aaaa); None when not given."""
    if not text:
        return None
    from app.services.core.dates import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(
            f"Data inválida em --today: “{text}”. Use aaaa-mm-dd, por exemplo 2026-03-05."
        ) from None


def check_db_file(path: Path, *, must_exist: bool) -> None:
    """Refuse, with a pt-BR message, a path that cannot be a Caderneta database."""
    if path.is_dir():
        raise CommandError(f"{path} é uma pasta. Informe o arquivo do banco (.sqlite3).")
    if not path.exists():
        if must_exist:
            raise CommandError(f"Arquivo {path} não encontrado. Confira o caminho em --db.")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise CommandError(f"Não foi possível ler {path}: {exc.strerror or exc}.") from None
    if header and header != SQLITE_HEADER:
        raise CommandError(
            f"{path} não é um banco do Caderneta (não é um arquivo SQLite). "
            "Confira o arquivo indicado em --db.")


COMMANDS_EXE = "Caderneta-comandos.exe"  # Windows: the console twin (packaging/caderneta.spec)


def this_program() -> str:
    """What she types in a terminal to run a command of this program, quoted when it has
    spaces: from the source, ``python main.py``; installed, the program itself by its full
    path — on Windows the console twin ``Caderneta-comandos.exe`` beside it when it is there
    (the windowed ``Caderneta.exe`` does not make the terminal wait, nor return the code)."""
    if not getattr(sys, "frozen", False):
        return "python main.py"
    program = Path(sys.executable)
    if (program.with_name(COMMANDS_EXE)).is_file():
        program = program.with_name(COMMANDS_EXE)
    return f'"{program}"' if " " in str(program) else str(program)


def refuse_hollow(path: Path) -> None:
    """Refuse a missing, empty or table-less data file beside copies that have customers:
    it is not a new caderneta (``opening.hollow_file``); say how to restore the copy."""
    from app.services.storage.opening import hollow_file

    hollow = hollow_file(path)
    if hollow is not None:
        raise CommandError(
            f"O arquivo {path} {hollow.what}, mas a pasta backups ao lado tem cópias com "
            f"suas clientes ({hollow.copy_line}). Nada foi alterado. Para trazer essa cópia "
            f"de volta: {this_program()} restore \"{hollow.copy.path}\" --db \"{path}\"")


def explain_database_error(exc: BaseException, path: Path) -> str:
    """One pt-BR sentence for a database failure: what happened and what to do."""
    failure = classify_database_error(exc, path)
    if failure.problem is DbProblem.DAMAGED:
        return (f"O arquivo {path} está danificado. Restaure uma cópia de segurança: "
                f"{this_program()} restore ARQUIVO_DE_BACKUP --db {path}")
    return failure.message


@contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Hold the single-writer lock (the window's too) on ``path`` or raise ``CommandError``."""
    from app.services.storage.lockfile import DatabaseLock, LockBusy, LockError

    lock = DatabaseLock(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except LockBusy:
        raise CommandError(f"O arquivo {path} está aberto no Caderneta. Feche a janela e tente "
                           "de novo.") from None
    except (LockError, OSError):
        raise CommandError(f"A pasta de {path} não aceita gravação (não deu para criar o "
                           "arquivo de trava). Use uma pasta sua, como Documentos.") from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def open_command_db(
    path: Path | None, clock: Clock, *, write: bool = True, must_exist: bool | None = None
) -> Iterator[Path]:
    """Open the database at ``path`` (default: her data folder) for a command; yield the path.

    Writing commands hold the single-writer lock (the window's) meanwhile. Read-only
    commands (``write=False``) need an existing file. Every failure to open
    (a folder, a text file, a newer schema, a damaged or read-only file, a full disk, an
    empty file beside copies with customers) becomes a ``CommandError``; the connection is
    closed on the way out.
    """
    path = Path(path) if path else default_db_path()
    refuse_hollow(path)  # before "not found": a vanished file beside copies is that story
    check_db_file(path, must_exist=(not write) if must_exist is None else must_exist)
    with writer_lock(path) if write else nullcontext(), _opened(path, clock):
        yield path


@contextmanager
def _opened(path: Path, clock: Clock) -> Iterator[None]:
    try:
        try:
            open_data(path, clock)
        except RuntimeError as exc:  # a file from a newer version (migrations refuse it)
            raise CommandError(str(exc)) from None
        except (peewee.DatabaseError, sqlite3.DatabaseError, OSError) as exc:
            raise CommandError(explain_database_error(exc, path)) from None
        try:
            yield
        except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            raise CommandError(explain_database_error(exc, path)) from None
    finally:
        close_database()
