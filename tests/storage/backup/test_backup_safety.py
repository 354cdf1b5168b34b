"""Backups are always good: checked before named, kept by age, mirrored, never over a bad file."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from datetime import timedelta

import pytest

from app.models.db import close_database, database_path
from app.services.people.customers import CustomerInput, save_customer
from app.services.storage.backup import (
    BackupError,
    backup_database,
    backups_dir,
    daily_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    prune_backups,
)
from app.services.storage.dbhealth import Problem, check_integrity
from tests.damage import corrupt_page


def customers(path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
    finally:
        conn.close()


def everything_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_backup_is_a_checked_single_file(db, today):
    save_customer(CustomerInput("Ana Souza"), today)
    target = backup_database(database_path(), reason="manual", today=today)
    assert everything_in(target.parent) == [target.name]  # no -wal, no .partial beside it
    assert check_integrity(target).ok and customers(target) == 1


def test_an_interrupted_backup_leaves_nothing_and_is_not_the_days_copy(db, today):
    for n in range(200):
        save_customer(CustomerInput(f"Cliente {n}", notes="n" * 300), today)
    path = database_path()
    calls = []

    def writer_dies(done, total):
        calls.append(done)
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(BackupError):
        backup_database(path, today=today, progress=writer_dies)
    assert calls and everything_in(backups_dir(path)) == []
    made = daily_backup(path, today)  # the day's copy is still to be made
    assert made is not None and customers(made.path) == 200


def test_a_leftover_partial_from_a_crash_never_looks_like_a_backup(db, today):
    path = database_path()
    folder = backups_dir(path)
    folder.mkdir()
    yesterday = (today - timedelta(days=1)).isoformat()
    (folder / f"{path.stem}-{yesterday}-001-diario.sqlite3.partial").write_bytes(b"x")
    (folder / f"{path.stem}-{today.isoformat()}-001-diario.sqlite3.partial").write_bytes(b"x")
    assert list_backups(path) == []
    made = daily_backup(path, today)
    assert made is not None and made.path.name.endswith("-002-diario.sqlite3")
    assert everything_in(folder) == sorted([  # yesterday's leftover is gone
        made.path.name, f"{path.stem}-{today.isoformat()}-001-diario.sqlite3.partial"])


def test_disk_full_while_copying_says_disk_full_and_leaves_nothing(db, today):
    path = database_path()

    def disk_full(done, total):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(BackupError) as caught:
        backup_database(path, today=today, progress=disk_full)
    assert caught.value.problem is Problem.DISK_FULL
    assert "cheio" in caught.value.explanation.message
    assert everything_in(backups_dir(path)) == []


def test_a_damaged_database_is_never_backed_up_over_good_copies(db, today):
    for n in range(60):
        save_customer(CustomerInput(f"Cliente {n}", notes="x" * 200), today)
    path = database_path()
    good = backup_database(path, today=today - timedelta(days=1))
    close_database()
    corrupt_page(path)
    with pytest.raises(BackupError) as caught:
        backup_database(path, today=today)
    assert caught.value.problem is Problem.DAMAGED
    assert [b.path for b in list_backups(path)] == [good]
    assert newest_good_backup(path).path == good


def test_newest_good_backup_skips_a_damaged_copy(db, today):
    for n in range(60):
        save_customer(CustomerInput(f"Cliente {n}", notes="x" * 200), today)
    path = database_path()
    older = backup_database(path, today=today - timedelta(days=2))
    newer = backup_database(path, today=today - timedelta(days=1))
    corrupt_page(newer)
    assert newest_good_backup(path).path == older


def test_an_unwritable_backups_folder_is_explained(db, today):
    path = database_path()
    backups_dir(path).write_bytes(b"")  # a file where the folder should be
    with pytest.raises(BackupError) as caught:
        daily_backup(path, today)
    assert "pasta de backups" in caught.value.explanation.message
    assert str(backups_dir(path)) in caught.value.explanation.message


def _fake_copies(path, today, days, reason):
    """Name-only copies (retention reads names), made by copying one real backup."""
    folder = backups_dir(path)
    one = backup_database(path, reason="modelo", today=today)
    made = []
    for n, day in enumerate(days):
        when = (today - timedelta(days=day)).isoformat()
        target = folder / f"{path.stem}-{when}-{n + 1:03d}-{reason}.sqlite3"
        shutil.copyfile(one, target)
        made.append(target)
    one.unlink()
    return made


def test_retention_by_age_daily_monthly_and_pre_update(db, today):
    path = database_path()
    dailies = _fake_copies(path, today, range(0, 500), "diario")
    updates = _fake_copies(path, today, (10, 200, 364, 366), "antes-da-versao-8")
    prune_backups(backups_dir(path), path.stem, today)
    kept = {b.path for b in list_backups(path)}
    assert set(dailies[:31]) <= kept  # every day of the last 30
    monthly = {b.day.replace(day=1) for b in list_backups(path)
               if b.reason == "diario" and (today - b.day).days > 30}
    assert len(monthly) == len([b for b in list_backups(path)
                                if b.reason == "diario" and (today - b.day).days > 30])
    months = {b.day.replace(day=1) for b in list_backups(path) if b.reason == "diario"}
    assert len(months) == 12 and min(months).isoformat() == "2025-12-01"  # a year of months
    assert all((today - b.day).days <= 365 for b in list_backups(path))
    assert set(updates[:3]) <= kept and updates[3] not in kept


def test_thirty_clicks_on_backup_now_never_push_out_daily_or_pre_update(db, today):
    path = database_path()
    dailies = _fake_copies(path, today, range(1, 31), "diario")
    update = _fake_copies(path, today, (40,), "antes-da-versao-8")
    for _ in range(35):
        backup_database(path, reason="manual", today=today)
    kept = {b.path for b in list_backups(path)}
    assert set(dailies) | set(update) <= kept
    assert len([b for b in list_backups(path) if b.reason == "manual"]) == 30


def test_second_folder_gets_a_checked_copy_when_reachable(db, today, tmp_path):
    save_customer(CustomerInput("Ana Souza"), today)
    pen = tmp_path / "pendrive"
    pen.mkdir()
    outcome = make_backup(database_path(), "manual", today, pen)
    assert outcome.mirror == pen / outcome.path.name and customers(outcome.mirror) == 1
    assert everything_in(pen) == [outcome.path.name]


def test_second_folder_missing_still_makes_the_main_backup(db, today, tmp_path):
    outcome = make_backup(database_path(), "manual", today, tmp_path / "pendrive-fora")
    assert outcome.path.exists() and outcome.mirror is None
    assert "não encontrada" in outcome.mirror_problem


def test_a_symlink_gets_the_same_backups_folder(db, today, tmp_path):
    path = database_path()
    link = tmp_path / "atalho" / "loja.sqlite3"
    link.parent.mkdir()
    link.symlink_to(path)
    assert backups_dir(link) == backups_dir(path)
    made = backup_database(link, reason="manual", today=today)
    assert made.name.startswith(path.stem + "-")


def test_the_second_folder_is_kept_by_the_same_age_rules(db, today, tmp_path):
    path = database_path()
    pen = tmp_path / "pendrive"
    pen.mkdir()
    one = backup_database(path, reason="modelo", today=today)
    old = [pen / f"{path.stem}-{(today - timedelta(days=d)).isoformat()}-001-diario.sqlite3"
           for d in (40, 41, 42, 400)]
    for target in old:
        shutil.copyfile(one, target)
    other = pen / "planilha-da-loja.sqlite3"
    other.write_bytes(b"x")
    outcome = make_backup(path, "manual", today, pen)
    kept = sorted(p.name for p in pen.iterdir())
    assert outcome.mirror.name in kept and other.name in kept
    assert old[0].name in kept  # the newest copy of October stands for its month
    assert not any(p.name in kept for p in old[1:])
