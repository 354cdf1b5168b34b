"""Database health: integrity checks and plain-Portuguese explanations of database errors.

Rules:
- A file is *healthy* when ``PRAGMA quick_check`` says ``ok`` and ``PRAGMA foreign_key_check``
  finds no row pointing at a missing one. Anything else (or "file is not a database") is
  ``DAMAGED``: it is never backed up over good copies and never opened as if it were fine.
- A database error met anywhere is classified by ``classify`` into one ``Problem`` code; the
  UI branches on the code and shows the message. The whole exception chain is read, because a
  failed write is often followed by a failed rollback ("cannot rollback - no transaction is
  active") that hides the real cause: disk full must say disk full.
- A file that is empty (0 bytes) or has no Caderneta table of customers is *hollow*
  (``holds_caderneta`` is False): it is not a caderneta, whatever ``quick_check`` says
  (an empty file passes it). It is never backed up (``EMPTY``); beside copies that have
  customers it is treated as damaged (``backup.newest_copy_with_customers``).
- A write refused because the file cannot grow there (``EFBIG``: a quota, a size cap of
  the disk) is a full disk for her: the same cause, the same remedy.
- Priority when the chain holds several causes: disk full, damaged, empty, read-only,
  disk I/O, locked, lock folder, cannot open, other.
- Windows says "being used by another process" (``winerror`` 32, a sharing violation; 33,
  a locked region) with the errno of a protected file (``EACCES``): that is ``LOCKED``
  (an open spreadsheet, an antivirus, a sync tool holding the file), not read-only.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.models.db import read_only_uri


class Problem(StrEnum):
    DISK_FULL = "disk_full"
    DAMAGED = "damaged"
    EMPTY = "empty"
    READ_ONLY = "read_only"
    IO_ERROR = "io_error"
    LOCKED = "locked"
    LOCK_FOLDER = "lock_folder"
    CANT_OPEN = "cant_open"
    OTHER = "other"


TITLES = {
    Problem.DISK_FULL: "Disco cheio",
    Problem.DAMAGED: "O arquivo de dados está danificado",
    Problem.EMPTY: "O arquivo de dados está vazio",
    Problem.READ_ONLY: "Arquivo somente leitura",
    Problem.IO_ERROR: "O disco falhou ao gravar",
    Problem.LOCKED: "Arquivo ocupado por outro programa",
    Problem.LOCK_FOLDER: "A pasta dos dados não aceita gravação",
    Problem.CANT_OPEN: "Não foi possível abrir o arquivo",
    Problem.OTHER: "Não foi possível concluir",
}

MESSAGES = {
    Problem.DISK_FULL: (
        "O disco está cheio (o do computador, ou o pen drive onde estão os dados), então nada "
        "foi salvo. Apague ou mova arquivos grandes (vídeos, downloads, a lixeira) e tente de "
        "novo — o que você digitou continua na tela."),
    Problem.DAMAGED: (
        "O arquivo de dados está danificado (uma parte dele não pode ser lida). Nada foi "
        "alterado. Feche o Caderneta e abra de novo: ele oferece restaurar a cópia de "
        "segurança mais recente que está boa (Configurações → Backup → Restaurar esta cópia…)."),
    Problem.EMPTY: (
        "O arquivo de dados está vazio ou não tem as tabelas do Caderneta (um programa de "
        "sincronização ou uma cópia interrompida pode deixá-lo assim). Nada foi alterado e "
        "nenhuma cópia dele foi feita: uma cópia vazia empurraria as suas cópias boas para "
        "fora. Restaure uma cópia de segurança (Configurações → Backup)."),
    Problem.READ_ONLY: (
        "O arquivo de dados está como somente leitura (ou está numa pasta protegida), então "
        "nada foi salvo. Copie o arquivo para a pasta Documentos ou tire a proteção contra "
        "gravação e abra de novo."),
    Problem.IO_ERROR: (
        "O disco não conseguiu gravar (um pen drive retirado ou um disco com defeito podem "
        "causar isso), então nada foi salvo. Verifique o disco e tente de novo."),
    Problem.LOCKED: (
        "Outro programa está usando o arquivo de dados há alguns segundos (um antivírus, um "
        "programa de sincronização ou outra cópia do Caderneta), então nada foi salvo. "
        "Espere um pouco e tente de novo — o que você digitou continua na tela."),
    Problem.LOCK_FOLDER: (
        "O Caderneta não consegue criar o arquivo de trava na pasta dos dados (a pasta não "
        "aceita gravação). Não é outra janela aberta: mova o arquivo para uma pasta sua, como "
        "Documentos, ou peça a quem cuida do computador a permissão de gravar nessa pasta."),
    Problem.CANT_OPEN: (
        "O arquivo de dados não pôde ser aberto (a pasta sumiu, o pen drive foi retirado ou "
        "falta permissão). Verifique se o arquivo está no lugar e tente de novo."),
    Problem.OTHER: (
        "O arquivo de dados respondeu com um erro, então nada foi salvo. Tente de novo; se "
        "continuar, faça um backup em Configurações → Backup e feche e abra o Caderneta."),
}


@dataclass(frozen=True)
class Explanation:
    code: Problem
    title: str
    message: str


def explain(code: Problem) -> Explanation:
    """The Portuguese title and message for ``code``."""
    return Explanation(code, TITLES[code], MESSAGES[code])


_SQLITE_NAMES = {
    "SQLITE_FULL": Problem.DISK_FULL,
    "SQLITE_CORRUPT": Problem.DAMAGED,
    "SQLITE_NOTADB": Problem.DAMAGED,
    "SQLITE_READONLY": Problem.READ_ONLY,
    "SQLITE_IOERR": Problem.IO_ERROR,
    "SQLITE_BUSY": Problem.LOCKED,
    "SQLITE_LOCKED": Problem.LOCKED,
    "SQLITE_CANTOPEN": Problem.CANT_OPEN,
}
_TEXTS = (
    ("disk is full", Problem.DISK_FULL),
    ("malformed", Problem.DAMAGED),
    ("not a database", Problem.DAMAGED),
    ("readonly database", Problem.READ_ONLY),
    ("read-only", Problem.READ_ONLY),
    ("disk i/o error", Problem.IO_ERROR),
    ("database is locked", Problem.LOCKED),
    ("database table is locked", Problem.LOCKED),
    ("unable to open database", Problem.CANT_OPEN),
)
_ERRNOS = {
    errno.ENOSPC: Problem.DISK_FULL,
    errno.EDQUOT: Problem.DISK_FULL,
    errno.EFBIG: Problem.DISK_FULL,
    errno.EROFS: Problem.READ_ONLY,
    errno.EACCES: Problem.READ_ONLY,
    errno.EPERM: Problem.READ_ONLY,
    errno.EIO: Problem.IO_ERROR,
}
_HELD_BY_ANOTHER_PROGRAM = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_PRIORITY = list(Problem)


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc``, its causes and contexts, and the sqlite3 errors peewee wraps in ``args``."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        todo += [item.__cause__, item.__context__]
        todo += [a for a in getattr(item, "args", ()) if isinstance(a, BaseException)]
    return seen


def _code_of(exc: BaseException) -> Problem | None:
    if getattr(exc, "problem", None) in _PRIORITY:
        return exc.problem
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, code in _SQLITE_NAMES.items():
        if name == prefix or name.startswith(prefix + "_"):
            return code
    if isinstance(exc, OSError) and getattr(exc, "winerror", None) in _HELD_BY_ANOTHER_PROGRAM:
        return Problem.LOCKED
    if isinstance(exc, OSError) and exc.errno in _ERRNOS:
        return _ERRNOS[exc.errno]
    text = str(exc).lower()
    for fragment, code in _TEXTS:
        if fragment in text:
            return code
    return None


def is_database_error(exc: BaseException) -> bool:
    """True when ``exc`` (or its chain) is a database or file-system failure we can explain."""
    return any(_code_of(e) is not None or _is_db_type(e) for e in _chain(exc))


def _is_db_type(exc: BaseException) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return "DatabaseError" in names or isinstance(exc, sqlite3.Error)


def classify(exc: BaseException) -> Explanation:
    """The one problem code behind ``exc`` with its Portuguese explanation."""
    found = {code for e in _chain(exc) if (code := _code_of(e)) is not None}
    code = min(found, key=_PRIORITY.index) if found else Problem.OTHER
    return explain(code)


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    details: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return "; ".join(self.details[:3])


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that never writes the file (no checkpoint of a leftover ``-wal`` on
    close); a plain one only when SQLite cannot open it read-only (a ``-wal`` without its
    ``-shm`` in a folder it may not write)."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return conn
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc):
            raise
        return sqlite3.connect(str(path), timeout=10)


def check_integrity(path: str | Path, full: bool = False) -> IntegrityReport:
    """Run ``quick_check`` (``integrity_check`` when ``full``) and ``foreign_key_check``.

    Opens its own read-only connection, so checking a damaged file never changes it; a
    missing file is reported as not ok.
    """
    path = Path(path)
    if not path.is_file():
        return IntegrityReport(False, (f"arquivo {path} não encontrado",))
    try:
        conn = _read_only_connection(path)
    except sqlite3.Error as exc:
        return IntegrityReport(False, (str(exc),))
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        if rows != ["ok"]:
            return IntegrityReport(False, tuple(rows))
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            return IntegrityReport(False, tuple(
                f"{table} linha {rowid} aponta para {parent} inexistente"
                for table, rowid, parent, _ in orphans))
        return IntegrityReport(True)
    except sqlite3.DatabaseError as exc:
        return IntegrityReport(False, (str(exc),))
    finally:
        conn.close()


CADERNETA_TABLE = "customer"  # every schema since version 1 has it


def holds_caderneta(path: str | Path) -> bool:
    """True when ``path`` is a SQLite file with Caderneta's table of customers; False for a
    missing, empty (0 bytes) or unreadable file, or one of another program."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        conn = _read_only_connection(path)
    except sqlite3.Error:
        return False
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (CADERNETA_TABLE,)).fetchone() is not None
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def customer_count(path: str | Path) -> int:
    """How many customers the file at ``path`` holds (0 when it holds none or cannot say)."""
    if not holds_caderneta(path):
        return 0
    try:
        conn = _read_only_connection(Path(path))
    except sqlite3.Error:
        return 0
    try:
        return conn.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0
    finally:
        conn.close()
