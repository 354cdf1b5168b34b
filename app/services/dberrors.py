"""Database failures explained: a code to decide on and one pt-BR sentence saying what to do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class DbProblem(StrEnum):
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    LOCKED = "locked"
    DAMAGED = "damaged"
    OTHER = "other"


@dataclass(frozen=True)
class DbFailure:
    problem: DbProblem
    message: str


def classify_database_error(exc: BaseException, path: Path | str | None = None) -> DbFailure:
    """What kind of database failure ``exc`` is, with a message for the reseller."""
    where = f"o arquivo {path}" if path else "o banco de dados"
    text = str(exc).lower()
    if ("disk" in text and "full" in text) or "no space" in text:
        return DbFailure(DbProblem.DISK_FULL,
                         f"O disco está cheio: não foi possível gravar em {where}. "
                         "Libere espaço (apague arquivos que não usa) e tente de novo; "
                         "nada foi gravado pela metade.")
    if "readonly" in text or "read-only" in text or "permission" in text:
        return DbFailure(DbProblem.READ_ONLY,
                         f"Não é possível gravar: {where} está somente leitura (ou a pasta não "
                         "permite gravar). Copie-o para uma pasta sua ou ajuste as permissões.")
    if "locked" in text or "busy" in text:
        return DbFailure(DbProblem.LOCKED,
                         f"{where[0].upper()}{where[1:]} está em uso por outro programa. "
                         "Feche o outro programa (ou a outra janela do Caderneta) e tente de "
                         "novo.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DbFailure(DbProblem.DAMAGED,
                         f"{where[0].upper()}{where[1:]} está danificado. Restaure uma cópia "
                         "de segurança (Configurações → Backup → Restaurar).")
    return DbFailure(DbProblem.OTHER, f"Não foi possível usar {where}: {exc}.")
