"""Backups that are always good: copied, checked, then named; kept by age, not by count.

Rules:
- A copy is made with SQLite's online backup API into ``<name>.partial``, checked with
  ``quick_check``, switched to a single-file journal, flushed to disk, and only then renamed
  to ``<stem>-<aaaa-mm-dd>-<nnn>-<reason>.sqlite3``. A failed or interrupted copy leaves no
  ``.sqlite3`` behind and therefore never counts as the day's backup; a ``.partial`` left by
  a killed process is removed by a backup on a later day.
- A damaged database is never copied (``BackupError`` with ``Problem.DAMAGED``): a bad copy
  would push good ones out. Nor is a hollow one, empty or without Caderneta's tables
  (``Problem.EMPTY``): a "backup" of a zero-byte file left by a sync tool would become the
  newest copy and, day after day, push out every copy that has her customers.
- Kept by age: every ``diario`` copy for 30 days; then the newest copy of each month for 12
  months; every ``antes-…`` copy (before an update, before a restore) for a year; ``manual``
  copies have their own quota (the 30 newest, none older than a year), so clicking
  "Fazer backup agora" never pushes out a daily or a pre-update copy. The newest copy is
  always kept, however old, and so is the newest copy that has customers, whatever the
  dates: after weeks of copies of an empty file, her customers are still in one copy.
- The copy offered for a damaged or hollow file is the newest that passes the check and
  has customers (``newest_copy_with_customers``); for a damaged file with no such copy, the
  newest that passes the check and holds Caderneta's tables.
- The backups folder is ``backups`` beside the *real* file (symlinks resolved).
- A second folder (pen drive, Google Drive, OneDrive) gets the same checked copy when it is
  reachable; when it is not, the main backup still counts and the reason is returned.
- An old copy (or a stale ``.partial``) that cannot be deleted now stays until a later
  backup deletes it: on Windows a file another program holds open (a sync tool uploading
  it, an antivirus, a copy she opened) cannot be deleted, and that must not fail the new
  copy already made. Pruning only ever keeps more, never less.
"""

from __future__ import annotations

import glob
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.services.core.changes import Topic, writes
from app.services.storage.dbhealth import (
    Explanation,
    Problem,
    check_integrity,
    classify,
    customer_count,
    explain,
    holds_caderneta,
)
from app.services.storage.lockfile import real_path
from app.services.storage.whole_files import PARTIAL, whole_file

KEEP = 30  # daily copies kept (days) and manual copies kept (count)
MONTHS = 12
YEAR = timedelta(days=365)
REASON_LABELS = {
    "diario": "diária",
    "manual": "manual",
    "antes-de-restaurar": "antes de restaurar",
}


class BackupError(Exception):
    """The copy was not made; ``explanation`` says why in Portuguese."""

    def __init__(self, explanation: Explanation, detail: str = ""):
        self.explanation = explanation
        self.problem = explanation.code
        super().__init__(detail or explanation.message)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size_bytes: int
    day: date
    reason: str

    @property
    def when(self) -> str:
        """``dd/mm/aaaa às HH:MM`` (the hour only when the file's time is on the copy's day)."""
        text = self.day.strftime("%d/%m/%Y")
        if self.created.date() == self.day:
            text += self.created.strftime(" às %H:%M")
        return text

    @property
    def label(self) -> str:
        if self.reason.startswith("antes-da-versao"):
            return "antes de atualizar"
        return REASON_LABELS.get(self.reason, self.reason)


@dataclass(frozen=True)
class BackupOutcome:
    path: Path
    mirror: Path | None = None
    mirror_problem: str = ""


def backups_dir(db_path: str | Path) -> Path:
    """The backups folder next to the real database file."""
    return real_path(db_path).parent / "backups"


def _next_name(folder: Path, stem: str, today: date | None, reason: str) -> Path:
    prefix = f"{stem}-{today.isoformat()}" if today else stem
    taken = [int(m.group(1)) for p in folder.glob(f"{glob.escape(prefix)}-*")
             if (m := re.match(re.escape(prefix) + r"-(\d{3,})-", p.name))]
    return folder / f"{prefix}-{max(taken, default=0) + 1:03d}-{reason}.sqlite3"


def _check_copy(partial: Path) -> None:
    """Refuse a finished copy that does not pass the integrity check."""
    report = check_integrity(partial)
    if not report.ok:
        raise BackupError(explain(Problem.DAMAGED), f"cópia com defeito: {report.summary}")


def _copy_with_sqlite(source: Path, partial: Path, progress: Callable | None) -> None:
    src = sqlite3.connect(str(source), timeout=10)
    dest = sqlite3.connect(str(partial))
    try:
        def step(_status, remaining, total):
            if progress is not None:
                progress(total - remaining, total)

        src.backup(dest, pages=256, progress=step)
        dest.execute("PRAGMA journal_mode=DELETE")
        dest.commit()
    finally:
        dest.close()
        src.close()


def backup_database(
    db_path: str | Path,
    reason: str = "diario",
    today: date | None = None,
    target_dir: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Copy the live database, check the copy, name it; return its path.

    ``progress(done_pages, total_pages)`` is called while copying; if it raises, the copy is
    abandoned and nothing is left behind. Raises ``BackupError`` (folder not writable, disk
    full, source or copy damaged, source hollow). Old copies are pruned when ``today`` is
    given.
    """
    db_path = real_path(db_path)
    if not holds_caderneta(db_path):
        raise BackupError(explain(Problem.EMPTY), f"{db_path.name} não tem dados do Caderneta")
    folder = Path(target_dir) if target_dir else backups_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(folder_problem(folder), str(exc)) from exc
    _remove_stale_partials(folder, db_path.stem, today)
    try:
        target = _next_name(folder, db_path.stem, today, reason)
        with whole_file(target, check=_check_copy) as partial:
            _copy_with_sqlite(db_path, partial, progress)
    except BackupError:
        raise
    except Exception as exc:
        raise BackupError(_why(exc, folder), str(exc)) from exc
    if today is not None:
        prune_backups(folder, db_path.stem, today)
    return target


def _remove_stale_partials(folder: Path, stem: str, today: date | None) -> None:
    """Delete ``.partial`` copies from earlier days (left by a killed process); today's may
    belong to a copy still being written by another process (``backup`` command)."""
    if today is None:
        return
    for stale in folder.glob(f"{glob.escape(stem)}-*{PARTIAL}*"):  # with its -journal
        day = re.match(re.escape(stem) + r"-(\d{4}-\d{2}-\d{2})-", stale.name)
        if day and date.fromisoformat(day.group(1)) < today:
            _delete_if_free(stale)


def _why(exc: BaseException, folder: Path) -> Explanation:
    found = classify(exc)
    if found.code in (Problem.READ_ONLY, Problem.CANT_OPEN) or (
            found.code is Problem.OTHER and isinstance(exc, OSError)):
        return folder_problem(folder)
    return found


def folder_problem(folder: Path) -> Explanation:
    """Why a backups folder cannot take copies, in Portuguese."""
    return Explanation(
        Problem.READ_ONLY, "A pasta de backups não aceita gravação",
        f"A pasta de backups {folder} não pode ser criada ou gravada, então as cópias de "
        "segurança não estão sendo feitas. Seus dados abrem normalmente. Libere a gravação "
        "nessa pasta (ou mova o arquivo de dados para a pasta Documentos).")


def mirror_backup(copy: Path, mirror_dir: str | Path, today: date, stem: str) -> Path:
    """Copy a finished backup of ``stem`` into the second folder (checked, then renamed);
    prune that folder's copies of ``stem`` by the same rules."""
    mirror_dir = Path(mirror_dir)
    if not mirror_dir.is_dir():
        raise BackupError(explain(Problem.CANT_OPEN), f"pasta {mirror_dir} não encontrada")
    target = mirror_dir / copy.name
    try:
        with whole_file(target, check=_check_copy) as partial:
            shutil.copyfile(copy, partial)
    except BackupError:
        raise
    except Exception as exc:
        raise BackupError(_why(exc, mirror_dir), str(exc)) from exc
    prune_backups(mirror_dir, stem, today)
    return target


@writes(Topic.BACKUPS)
def make_backup(db_path: str | Path, reason: str, today: date,
                mirror_dir: str | Path | None = None) -> BackupOutcome:
    """A backup in the backups folder, then its mirror in the second folder when set."""
    path = backup_database(db_path, reason=reason, today=today)
    if not mirror_dir:
        return BackupOutcome(path)
    try:
        return BackupOutcome(path, mirror_backup(path, mirror_dir, today,
                                                 real_path(db_path).stem))
    except BackupError as exc:
        return BackupOutcome(path, None, f"{exc.explanation.title}: {exc}")


_OWN = r"-(?:(\d{4}-\d{2}-\d{2})-)?(\d{3}|\d{6})-(.+)\.sqlite3"


def _copies(folder: Path, stem: str) -> list[BackupInfo]:
    """This database's finished backups in ``folder`` (not those of ``<stem>-other``)."""
    own = re.compile(re.escape(stem) + _OWN)
    found = []
    for p in folder.glob(f"{glob.escape(stem)}-*.sqlite3") if folder.is_dir() else ():
        if not (m := own.fullmatch(p.name)):
            continue
        stat = p.stat()
        created = datetime.fromtimestamp(stat.st_mtime)
        day = date.fromisoformat(m.group(1)) if m.group(1) else created.date()
        found.append(BackupInfo(p, created, stat.st_size, day, m.group(3)))
    return found


def _order(info: BackupInfo) -> tuple:
    numbers = tuple(int(n) for n in re.findall(r"\d+", info.path.name[: -len(".sqlite3")]))
    return (info.day, numbers, info.created)


def _keepers(copies: list[BackupInfo], today: date) -> set[Path]:
    keep: set[Path] = set()
    months: dict[tuple[int, int], BackupInfo] = {}
    manual = []
    for info in sorted(copies, key=_order):
        age = today - info.day
        if info.reason.startswith("antes-"):
            if age <= YEAR:
                keep.add(info.path)
        elif info.reason == "diario":
            if age <= timedelta(days=KEEP):
                keep.add(info.path)
            months[(info.day.year, info.day.month)] = info  # the month's newest wins
        elif age <= YEAR:
            manual.append(info.path)
    first_month = _month_index(today) - MONTHS + 1
    keep |= {i.path for key, i in months.items() if key[0] * 12 + key[1] - 1 >= first_month}
    keep |= set(manual[-KEEP:])
    if copies:  # the newest copy stays, however old: never prune down to nothing
        keep.add(max(copies, key=_order).path)
    return keep


def _newest_with_customers(copies: list[BackupInfo]) -> set[Path]:
    """The newest copy that has customers (usually the newest of all: one count)."""
    for info in sorted(copies, key=_order, reverse=True):
        if customer_count(info.path) > 0:
            return {info.path}
    return set()


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def prune_backups(folder: Path, stem: str, today: date) -> list[Path]:
    """Delete the copies of ``stem`` the age rules no longer keep; return the removed paths."""
    copies = _copies(folder, stem)
    keep = _keepers(copies, today) | _newest_with_customers(copies)
    return [i.path for i in copies if i.path not in keep and _delete_if_free(i.path)]


def _delete_if_free(path: Path) -> bool:
    """Delete ``path``; False when it cannot be now (held open by another program on
    Windows): it is deleted by a later backup (see the module rules)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return False
    return True


@writes(Topic.BACKUPS)
def daily_backup(db_path: str | Path, today: date,
                 mirror_dir: str | Path | None = None) -> BackupOutcome | None:
    """Make today's backup unless a finished one exists already (None if not needed)."""
    db_path = real_path(db_path)
    if not db_path.exists():
        return None
    if any(i.day == today for i in _copies(backups_dir(db_path), db_path.stem)):
        return None
    return make_backup(db_path, "diario", today, mirror_dir)


def list_backups(db_path: str | Path) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    db_path = real_path(db_path)
    return sorted(_copies(backups_dir(db_path), db_path.stem), key=_order, reverse=True)


def newest_copy_with_customers(db_path: str | Path) -> BackupInfo | None:
    """The newest backup that passes the integrity check and has customers (or None)."""
    for info in list_backups(db_path):
        if customer_count(info.path) > 0 and check_integrity(info.path).ok:
            return info
    return None


def copies_in(folder: str | Path, stem: str) -> list[BackupInfo]:
    """The finished copies of the database ``stem`` in ``folder`` (the backups folder or the
    second folder), newest first; none when the folder is not reachable."""
    return sorted(_copies(Path(folder), stem), key=_order, reverse=True)


def kept_until(info: BackupInfo, copies: list[BackupInfo]) -> date:
    """The last day the age rules keep ``info`` while a copy is made every day from now on
    (the same rules as ``prune_backups``; ``copies`` are the others in its folder).

    A copy before an update or a restore, and a manual one: a year after it was made. A
    daily copy: 30 days, or, when no later daily copy of its month exists, until the end of
    the 12th month counted from its own (it may be that month's copy). Later copies of that
    month can only make it go sooner, so this is the latest day, never an early promise."""
    if info.reason != "diario":
        return info.day + YEAR
    daily = info.day + timedelta(days=KEEP)
    month = (info.day.year, info.day.month)
    later = any(o.reason == "diario" and (o.day.year, o.day.month) == month
                and _order(o) > _order(info) for o in copies)
    if later:
        return daily
    last_month = _month_index(info.day) + MONTHS - 1
    year, month0 = divmod(last_month + 1, 12)  # the month after the last one kept
    return max(daily, date(year, month0 + 1, 1) - timedelta(days=1))


def newest_good_backup(db_path: str | Path) -> BackupInfo | None:
    """The copy to offer for a damaged file: the newest that passes the integrity check and
    has customers; when no copy has any, the newest that passes and holds Caderneta's tables
    (None when there is none)."""
    fallback = None
    for info in list_backups(db_path):
        if not holds_caderneta(info.path) or not check_integrity(info.path).ok:
            continue
        if customer_count(info.path) > 0:
            return info
        fallback = fallback or info
    return fallback
