"""Database failures explained: a code to decide on and one pt-BR sentence saying what to do.

A thin face over ``dbhealth.classify`` (the one classifier: it reads the whole exception
chain, so a disk-full hidden behind "cannot rollback" still says disk full).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.storage.dbhealth import Problem, classify

DbProblem = Problem


@dataclass(frozen=True)
class DbFailure:
    problem: DbProblem
    message: str


def classify_database_error(exc: BaseException, path: Path | str | None = None) -> DbFailure:
    """What kind of database failure ``exc`` is, with a message for the reseller."""
    explanation = classify(exc)
    where = f" (arquivo {path})" if path else ""
    return DbFailure(explanation.code, f"{explanation.title}{where}: {explanation.message}")
