"""One writer at a time, whatever the path: the lock, and the demo that never mixes data."""

from __future__ import annotations

import os

import pytest

from app.cli import main
from app.models.db import close_database, open_database
from app.services.people.customers import CustomerInput, save_customer
from app.services.storage.lockfile import DatabaseLock, LockBusy, LockFolderError, lock_path
from tests.places import DATA


def test_another_spelling_of_the_same_file_gets_the_same_lock(tmp_path):
    path = tmp_path / "dados" / "loja.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"")
    link = tmp_path / "atalho.sqlite3"
    link.symlink_to(path)
    spelled = tmp_path / "dados" / ".." / "dados" / "loja.sqlite3"
    assert lock_path(link) == lock_path(spelled) == lock_path(path)
    with DatabaseLock(path):
        for other in (link, spelled):
            with pytest.raises(LockBusy):
                DatabaseLock(other).acquire()
    with DatabaseLock(link) as again:  # released: free for the next one
        assert again.held


def test_a_lock_left_by_a_dead_process_does_not_block(tmp_path):
    path = tmp_path / "loja.sqlite3"
    pid = os.fork()
    if pid == 0:  # the child takes the lock and dies without releasing it
        DatabaseLock(path).acquire()
        os._exit(0)
    os.waitpid(pid, 0)
    assert lock_path(path).exists()
    with DatabaseLock(path) as lock:
        assert lock.held


def test_a_folder_that_cannot_hold_the_lock_file_is_not_busy(tmp_path):
    blocker = tmp_path / "nao-e-pasta"
    blocker.write_bytes(b"")
    with pytest.raises(LockFolderError):
        DatabaseLock(blocker / "loja.sqlite3").acquire()


def test_demo_refuses_a_database_with_customers(tmp_path, today, capsys):
    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    save_customer(CustomerInput("Ana Souza"), today)
    close_database()
    assert main(["demo", "--db", str(path), "--customers", "3"]) == 2
    assert "use um arquivo novo" in capsys.readouterr().err.lower()


def test_demo_waits_for_nobody_and_refuses_while_the_window_is_open(tmp_path, capsys):
    path = tmp_path / "novo.sqlite3"
    with DatabaseLock(path):
        assert main(["demo", "--db", str(path), "--customers", "3"]) == 2
    assert "aberto no Caderneta" in capsys.readouterr().err
    assert main(["demo", "--db", str(path), "--customers", "3"]) == 0


def test_import_refuses_while_the_window_holds_the_file(tmp_path, capsys):

    sheet = DATA / "import" / "mesma_planilha.xlsx"
    path = tmp_path / "loja.sqlite3"
    with DatabaseLock(path):
        assert main(["import", str(sheet), "--db", str(path)]) == 2
    assert "aberto no Caderneta" in capsys.readouterr().err
    assert not path.exists()
