"""Backups: a readable copy of the live database, one a day, in its own folder."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta

from app.models.db import database, database_path
from app.models.people import Customer
from app.services.people.customers import CustomerInput, save_customer
from app.services.storage.backup import (
    KEEP,
    backup_database,
    backups_dir,
    daily_backup,
    list_backups,
    prune_backups,
)


def rows(path, table="customer") -> int:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def names(path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customer ORDER BY id")]
    finally:
        conn.close()


def add(today, name) -> int:
    return save_customer(CustomerInput(name), today)


def test_backup_copies_recent_writes_still_in_the_wal(db, today):
    for n in range(5):
        add(today, f"Cliente {n}")
    path = database_path()
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the writes are (at least) in the WAL
    assert rows(path) == 5  # another connection sees them
    target = backup_database(path, reason="manual", today=today)
    assert target.exists()
    assert target.parent == backups_dir(path)
    assert "2026-11-23" in target.name and "manual" in target.name
    assert rows(target) == 5
    conn = sqlite3.connect(str(target))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_backup_during_an_open_transaction_has_only_committed_rows(db, today):
    add(today, "Ana")
    with database.atomic() as txn:
        Customer.create(name="Rascunho", search_key="rascunho")
        target = backup_database(database_path(), reason="manual", today=today)
        txn.rollback()
    assert names(target) == ["Ana"]
    assert Customer.select().count() == 1
    add(today, "Bia")  # the live database still works after the backup
    assert Customer.select().count() == 2


def test_backup_is_independent_of_later_changes(db, today):
    add(today, "Ana")
    target = backup_database(database_path(), today=today)
    add(today, "Bia")
    assert names(target) == ["Ana"]


def test_backup_to_another_folder(db, today, tmp_path):
    add(today, "Ana")
    target = backup_database(database_path(), reason="manual", today=today,
                             target_dir=tmp_path / "pendrive")
    assert target.parent == tmp_path / "pendrive"
    assert rows(target) == 1


def test_backup_without_a_date_still_makes_a_readable_copy(db, today):
    add(today, "Ana")
    target = backup_database(database_path(), reason="manual")
    assert rows(target) == 1
    assert [b.path for b in list_backups(database_path())] == [target]


def test_prune_leaves_other_files_alone(db, today):
    path = database_path()
    folder = backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    other = folder / "notas-da-loja.sqlite3"
    other.write_bytes(b"x")
    for n in range(3):
        backup_database(path, today=today - timedelta(days=400 + n))
    assert prune_backups(folder, path.stem, today) and other.exists()
    assert len(list(folder.glob(f"{path.stem}-*.sqlite3"))) == 1


def test_on_windows_an_old_copy_held_open_is_kept_and_the_new_one_counts(
        db, today, monkeypatch):
    """Windows cannot delete a file another program holds open (a sync tool uploading the
    copy to OneDrive, an antivirus): pruning skips it this time, the new copy is made and
    named all the same, and a later backup deletes the old one."""
    from tests.windows_files import play_windows_file_sharing

    path = database_path()
    add(today, "Ana")
    old = backup_database(path, today=today - timedelta(days=400))
    refused = play_windows_file_sharing(monkeypatch)
    with old.open("rb"):  # the sync tool, reading it
        new = backup_database(path, reason="manual", today=today)
    assert refused == [str(old)] and old.exists() and rows(new) == 1
    assert prune_backups(backups_dir(path), path.stem, today) == [old] and not old.exists()


def test_daily_backup_once_per_day(db, today):
    path = database_path()
    add(today, "Ana")
    first = daily_backup(path, today)
    assert first is not None and rows(first.path) == 1
    assert daily_backup(path, today) is None
    assert len(list_backups(path)) == 1
    tomorrow = daily_backup(path, today + timedelta(days=1))
    assert tomorrow is not None
    assert "2026-11-24" in tomorrow.path.name
    assert len(list_backups(path)) == 2


def test_daily_backup_of_missing_file(tmp_path, today):
    assert daily_backup(tmp_path / "nao-existe.sqlite3", today) is None


def test_list_backups_newest_first(db, today):
    path = database_path()
    made = [backup_database(path, today=today - timedelta(days=n)) for n in range(4)]
    base = 1_790_000_000
    for n, p in enumerate(made):  # made[0] is the newest
        os.utime(p, (base - n * 86_400, base - n * 86_400))
    infos = list_backups(path)
    assert [b.path for b in infos] == made
    assert all(b.size_bytes > 0 for b in infos)
    assert infos[0].created > infos[-1].created


def test_list_backups_empty(db):
    assert list_backups(database_path()) == []


def test_backups_of_another_database_in_the_same_folder_are_left_alone(db, today):
    """caderneta.sqlite3 and caderneta-antiga.sqlite3 side by side share the backups folder."""
    path = database_path()
    other = path.with_name(f"{path.stem}-antiga.sqlite3")
    conn = sqlite3.connect(str(other))
    conn.execute("CREATE TABLE customer (name TEXT)")
    conn.execute("INSERT INTO customer VALUES ('Cliente antiga')")
    conn.commit()
    conn.close()
    old_copy = backup_database(other, today=today - timedelta(days=10))
    os.utime(old_copy, (1_700_000_000, 1_700_000_000))  # the oldest file in the folder
    for n in range(KEEP):
        backup_database(path, today=today - timedelta(days=n))
    assert old_copy.exists()
    assert [b.path for b in list_backups(other)] == [old_copy]
    assert old_copy not in [b.path for b in list_backups(path)]
    assert len(list_backups(path)) == KEEP
