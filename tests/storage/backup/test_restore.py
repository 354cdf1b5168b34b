"""Restore: a copy goes back in place safely, even over a crash-left -wal or a damaged file."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.clock import FixedClock
from app.models.db import close_database, open_database
from app.models.migrations import SCHEMA_VERSION
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.services.storage.backup import backup_database, list_backups
from app.services.storage.dbhealth import Problem, check_integrity
from app.services.storage.lockfile import DatabaseLock
from app.services.storage.restore import RestoreError, describe_backup, restore_backup
from tests.damage import corrupt_page
from tests.places import DATA

V1_FILE = DATA / "caderneta_v1.sqlite3"

CRASH = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
for n in range(40):
    conn.execute("INSERT INTO customer (name, search_key, created_at) "
                 "VALUES (?, 'depois', '2026-11-23')", (f"Depois {n}",))
    conn.commit()
os._exit(0)  # dies without closing: the -wal stays beside the file
"""


def names(path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customer ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def shop(tmp_path, today):
    """A database with two customers, one sale and one payment, and a backup of it."""
    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    ana = save_customer(CustomerInput("Ana Souza"), today)
    save_customer(CustomerInput("Bia Lima"), today)
    create_sale(ana, today, [ItemInput("Vestido", 1, 30000)], today, PlanInput(3, today))
    record_payment(ana, 10000, today, "pix", today)
    copy = backup_database(path, reason="manual", today=today)
    save_customer(CustomerInput("Carla Dias"), today)
    close_database()
    return path, copy


def test_what_a_copy_holds(shop, today):
    _, copy = shop
    contents = describe_backup(copy)
    assert (contents.customers, contents.sales) == (2, 1)
    assert contents.last_payment == today and contents.schema_version == SCHEMA_VERSION


def test_restore_after_a_crash_left_a_wal(shop, today):
    path, copy = shop
    subprocess.run([sys.executable, "-c", CRASH, str(path)], check=True)
    wal = Path(str(path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    result = restore_backup(copy, path, FixedClock(today))
    assert names(path) == ["Ana Souza", "Bia Lima"]
    assert check_integrity(path, full=True).ok
    assert result.contents.customers == 2
    saved = result.saved_current  # the crashed file, with its -wal rows, kept first
    assert "antes-de-restaurar" in saved.name and len(names(saved)) == 43


def test_restore_over_a_damaged_file_keeps_the_damaged_one_apart(shop, today):
    path, copy = shop
    open_database(path, today=today)
    for n in range(60):
        save_customer(CustomerInput(f"Cliente {n}", notes="x" * 200), today)
    close_database()
    corrupt_page(path)
    result = restore_backup(copy, path, FixedClock(today))
    assert result.saved_current.parent.name == "danificados"
    assert result.saved_current.read_bytes()[:16] == b"SQLite format 3\x00"
    assert names(path) == ["Ana Souza", "Bia Lima"] and check_integrity(path).ok
    assert all(b.path.parent.name == "backups" for b in list_backups(path))


def test_a_damaged_copy_is_refused_and_nothing_changes(shop, today):
    path, copy = shop
    bad = copy.with_name("ruim.sqlite3")
    shutil.copyfile(copy, bad)
    corrupt_page(bad)
    before = path.read_bytes()
    with pytest.raises(RestoreError) as caught:
        restore_backup(bad, path, FixedClock(today))
    assert caught.value.problem is Problem.DAMAGED and "danificado" in str(caught.value)
    assert path.read_bytes() == before


def test_an_older_copy_is_migrated(tmp_path, today):
    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    close_database()
    old = tmp_path / "antiga.sqlite3"
    shutil.copyfile(V1_FILE, old)
    result = restore_backup(old, path, FixedClock(today))
    assert result.migrated_from == 1
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == \
            SCHEMA_VERSION
    finally:
        conn.close()
    assert names(path) == names(old)


def test_restore_command(shop, capsys):
    path, copy = shop
    assert main(["--today", "2026-11-23", "restore", str(copy), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 clientes, 1 venda, último pagamento 23/11/2026" in out
    assert "antes-de-restaurar" in out
    assert names(path) == ["Ana Souza", "Bia Lima"]


def test_on_windows_the_restore_command_replaces_the_file_and_its_side_files(
        shop, capsys, monkeypatch):
    """Windows cannot replace or delete a file a handle holds: the command's own
    connections (the checks, the copy of the current file) are all closed before the file,
    its -wal and -shm are replaced (played here on Linux)."""
    from tests.windows_files import play_windows_file_sharing

    path, copy = shop
    refused = play_windows_file_sharing(monkeypatch)
    assert main(["--today", "2026-11-23", "restore", str(copy), "--db", str(path)]) == 0
    assert refused == [] and names(path) == ["Ana Souza", "Bia Lima"]


def test_restore_command_refuses_while_the_window_has_the_file(shop, capsys):
    path, copy = shop
    link = path.with_name("atalho.sqlite3")
    link.symlink_to(path)
    with DatabaseLock(link):  # another spelling of the same file holds the lock
        assert main(["restore", str(copy), "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "aberto no Caderneta" in err and "Traceback" not in err
    assert len(names(path)) == 3


def test_restore_command_with_a_missing_copy(shop, capsys):
    path, _ = shop
    assert main(["restore", str(path.with_name("nada.sqlite3")), "--db", str(path)]) == 2
    assert "não encontrado" in capsys.readouterr().err


def test_a_copy_from_a_newer_version_or_the_file_itself_is_refused(shop, today):
    path, copy = shop
    conn = sqlite3.connect(str(copy))
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, '2027-01-01')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(RestoreError) as newer:
        restore_backup(copy, path, FixedClock(today))
    with pytest.raises(RestoreError) as itself:
        restore_backup(path, path.with_name("..") / path.parent.name / path.name,
                       FixedClock(today))
    assert "versão mais nova" in str(newer.value) and "próprio arquivo" in str(itself.value)
    assert path.read_bytes() == before
