"""Database health: damaged files found before anything else, every database error explained."""

from __future__ import annotations

import sqlite3

import pytest
from peewee import DatabaseError

from app.models.db import close_database, database, database_path, open_database
from app.models.people import Customer
from app.services.people.customers import CustomerInput, save_customer
from app.services.storage.dbhealth import Problem, check_integrity, classify, is_database_error
from app.services.storage.lockfile import LockBusy, LockFolderError
from tests.damage import corrupt_page


def fill_disk(db) -> None:
    """A full disk, for real: SQLite may not grow the file by a single page any more."""
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")


def test_a_healthy_file_passes(db, today):
    save_customer(CustomerInput("Ana Souza"), today)
    assert check_integrity(database_path()).ok


def test_a_damaged_page_is_found_and_reads_fail_as_damaged(db, today):
    for n in range(60):
        save_customer(CustomerInput(f"Cliente {n}", notes="x" * 200), today)
    path = database_path()
    close_database()
    corrupt_page(path)
    report = check_integrity(path)
    assert not report.ok and "malformed" in report.summary
    open_database(path, today=today, migrate=False)
    with pytest.raises(DatabaseError) as caught:
        list(Customer.select().order_by(Customer.notes))
    explained = classify(caught.value)
    assert explained.code is Problem.DAMAGED
    assert "danificado" in explained.message and "Restaurar" in explained.message


def test_a_file_that_is_not_a_database_is_damaged(tmp_path):
    path = tmp_path / "caderneta.sqlite3"
    path.write_bytes(b"isto nao e um banco sqlite" * 200)
    assert not check_integrity(path).ok


def test_orphan_rows_fail_the_check(db, today):
    customer = save_customer(CustomerInput("Ana Souza"), today)
    database.execute_sql("PRAGMA foreign_keys = OFF")
    database.execute_sql(
        "INSERT INTO sale (customer_id, sale_date, total_cents, created_at) "
        "VALUES (?, '2026-11-23', 1000, '2026-11-23')", (customer + 99,))
    report = check_integrity(database_path())
    assert not report.ok and "sale" in report.summary


def test_disk_full_during_a_save_says_disk_full_and_saves_nothing(db, today):
    save_customer(CustomerInput("Ana Souza"), today)
    fill_disk(db)
    with pytest.raises(DatabaseError) as caught:
        with database.atomic():
            for n in range(400):
                Customer.create(name=f"Nova {n}", search_key="nova", notes="y" * 500)
    explained = classify(caught.value)
    assert explained.code is Problem.DISK_FULL
    assert "disco" in explained.message and "cheio" in explained.message
    assert Customer.select().count() == 1


def test_disk_full_hidden_behind_a_failed_rollback_is_still_disk_full():
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError(  # noqa: B904 - the implicit chain is the point
                "cannot rollback - no transaction is active")
    except sqlite3.OperationalError as exc:
        assert classify(exc).code is Problem.DISK_FULL


def test_read_only_file_is_explained(db, today):
    path = database_path()
    close_database()
    open_database(path, read_only=True)
    with pytest.raises(DatabaseError) as caught:
        save_customer(CustomerInput("Ana Souza"), today)
    assert classify(caught.value).code is Problem.READ_ONLY
    assert "somente leitura" in classify(caught.value).message


def test_locked_by_another_program_is_explained(db, today):
    other = sqlite3.connect(str(database_path()), timeout=0)
    other.execute("BEGIN IMMEDIATE")
    database.execute_sql("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(DatabaseError) as caught:
            save_customer(CustomerInput("Ana Souza"), today)
    finally:
        other.rollback()
        other.close()
    assert classify(caught.value).code is Problem.LOCKED
    assert "Outro programa" in classify(caught.value).message


def test_lock_errors_have_their_own_codes():
    assert classify(LockFolderError("x")).code is Problem.LOCK_FOLDER
    assert classify(LockBusy("x")).code is Problem.LOCKED
    assert "trava" in classify(LockFolderError("x")).message


def test_only_database_and_disk_errors_count():
    assert is_database_error(sqlite3.DatabaseError("database disk image is malformed"))
    assert is_database_error(OSError(28, "No space left on device"))
    assert not is_database_error(ValueError("valor inválido"))


def test_checking_never_changes_the_file_even_with_a_leftover_wal(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "caderneta.sqlite3"
    crash = ("import os, sqlite3, sys\n"
             "c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=wal')\n"
             "c.execute('PRAGMA wal_autocheckpoint=0'); c.execute('CREATE TABLE t (x)')\n"
             "c.execute('INSERT INTO t VALUES (1)'); c.commit(); os._exit(0)\n")
    subprocess.run([sys.executable, "-c", crash, str(path)], check=True)
    wal = path.with_name(path.name + "-wal")
    before = (path.read_bytes(), wal.read_bytes())
    assert check_integrity(path).ok
    assert (path.read_bytes(), wal.read_bytes()) == before  # no checkpoint, nothing rewritten
