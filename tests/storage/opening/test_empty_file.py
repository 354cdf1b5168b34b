"""An empty file is not a new caderneta (issue 17): real files, the commands and the window."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from app.cli import main
from app.clock import FixedClock
from app.models.db import close_database, is_read_only, open_database
from app.models.people import Customer
from app.services.people.customers import CustomerInput, save_customer
from app.services.storage.backup import (
    BackupError,
    backup_database,
    backups_dir,
    list_backups,
    newest_copy_with_customers,
    newest_good_backup,
    prune_backups,
)
from app.services.storage.dbhealth import Problem, customer_count, holds_caderneta
from app.services.storage.opening import hollow_file
from app.ui.kit import ops
from app.ui.shell import app as start
from app.ui.shell.main_window import MainWindow

TODAY_ARG = "2026-11-23"


def _shop(path, today, customers=60, days_ago=1):
    """A caderneta with ``customers`` customers and a good copy of it ``days_ago`` days old."""
    open_database(path, today=today)
    for n in range(customers):
        save_customer(CustomerInput(f"Cliente {n}"), today)
    copy = backup_database(path, reason="diario", today=today - timedelta(days=days_ago))
    close_database()
    return copy


def _emptied(path):
    """The file as a sync tool or a failed copy leaves it: zero bytes, no -wal."""
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"")


def _other_program(path):
    """A SQLite file of another program (no Caderneta table) in place of hers."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE nota (texto TEXT)")
    conn.execute("INSERT INTO nota VALUES ('lista de compras')")
    conn.commit()
    conn.close()


# --- the rule, on the files ------------------------------------------------------------------

def test_an_empty_file_beside_a_copy_with_customers_is_hollow(tmp_path, today):
    path = tmp_path / "caderneta.sqlite3"
    copy = _shop(path, today)
    assert hollow_file(path) is None  # her real file
    _emptied(path)
    hollow = hollow_file(path)
    assert hollow.copy.path == copy and hollow.customers == 60
    assert hollow.what == "está vazio (0 bytes)"
    path.unlink()
    assert hollow_file(path).missing and "não está na pasta" in hollow_file(path).what
    _other_program(path)
    assert "não tem as tabelas" in hollow_file(path).what


def test_an_empty_file_without_copies_with_customers_is_a_new_caderneta(tmp_path, today):
    path = tmp_path / "caderneta.sqlite3"
    open_database(path, today=today)  # a new caderneta, never a customer
    backup_database(path, reason="diario", today=today - timedelta(days=1))
    close_database()
    _emptied(path)
    assert hollow_file(path) is None


def test_a_backup_of_an_empty_file_is_refused_and_files_nothing(tmp_path, today):
    path = tmp_path / "caderneta.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(BackupError) as caught:
        backup_database(path, reason="manual", today=today)
    assert caught.value.problem is Problem.EMPTY
    assert "vazio" in caught.value.explanation.message
    assert not backups_dir(path).exists() or list(backups_dir(path).iterdir()) == []
    _other_program(path)
    with pytest.raises(BackupError):
        backup_database(path, reason="manual", today=today)
    assert list_backups(path) == []


def test_retention_never_lets_the_last_copy_with_customers_go(tmp_path, today):
    """Two months of daily copies of an empty caderneta (made by an older version) after her
    last good copy: every date rule says prune it; it stays, and so does the rule's newest."""
    path = tmp_path / "caderneta.sqlite3"
    good = _shop(path, today, customers=3, days_ago=400)
    empty = tmp_path / "vazia.sqlite3"
    open_database(empty, today=today)
    close_database()
    for day in range(70, 0, -1):
        target = backups_dir(path) / (
            f"caderneta-{(today - timedelta(days=day)).isoformat()}-001-diario.sqlite3")
        shutil.copyfile(empty, target)
    removed = prune_backups(backups_dir(path), "caderneta", today)
    assert good.exists() and good not in removed and removed  # old empty ones did go
    assert newest_copy_with_customers(path).path == good
    assert newest_good_backup(path).path == good  # never the newer empty copies
    kept_dates = sorted(b.day for b in list_backups(path))
    assert kept_dates[0] == today - timedelta(days=400)


def test_customer_count_reads_copies_without_writing_them(tmp_path, today):
    path = tmp_path / "caderneta.sqlite3"
    copy = _shop(path, today, customers=4)
    before = copy.read_bytes()
    assert customer_count(copy) == 4 and holds_caderneta(copy)
    assert copy.read_bytes() == before
    assert customer_count(tmp_path / "nada.sqlite3") == 0


# --- the headless commands -------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["export", "clientes", "{dir}/clientes.xlsx"],
    ["report", "atrasos", "--pdf", "{dir}/atrasos.pdf"],
    ["acordos"],
    ["backup"],
    ["demo", "--customers", "5"],
])
def test_every_command_refuses_an_empty_file_beside_copies(tmp_path, today, capsys, command):
    path = tmp_path / "caderneta.sqlite3"
    copy = _shop(path, today)
    _emptied(path)
    args = [a.format(dir=tmp_path) for a in command]
    assert main([*args, "--db", str(path), "--today", TODAY_ARG]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"O arquivo {path} está vazio (0 bytes), mas a pasta backups")
    assert f'python main.py restore "{copy}" --db "{path}"' in err and "60 clientes" in err
    assert len(err.splitlines()) == 1
    assert path.stat().st_size == 0 and [b.path for b in list_backups(path)] == [copy]


def test_a_missing_file_beside_copies_is_explained_not_created(tmp_path, today, capsys):
    path = tmp_path / "caderneta.sqlite3"
    _shop(path, today)
    path.unlink()
    assert main(["export", "clientes", str(tmp_path / "c.xlsx"), "--db", str(path)]) == 2
    assert "não está na pasta" in capsys.readouterr().err and not path.exists()


def test_backup_of_an_empty_file_without_copies_exits_2_with_a_sentence(tmp_path, capsys):
    path = tmp_path / "caderneta.sqlite3"
    path.write_bytes(b"")
    assert main(["backup", "--db", str(path), "--today", TODAY_ARG]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"O arquivo {path} não tem dados do Caderneta")
    assert "nenhuma cópia foi feita" in err and list_backups(path) == []


def test_backup_of_another_programs_file_without_copies_exits_2_with_a_sentence(tmp_path,
                                                                               capsys):
    """A SQLite file that is not empty but holds no Caderneta table (her other program's
    file picked by mistake) is not backed up as if it were her caderneta."""
    path = tmp_path / "caderneta.sqlite3"
    _other_program(path)
    assert main(["backup", "--db", str(path), "--today", TODAY_ARG]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"O arquivo {path} não tem dados do Caderneta")
    assert "nenhuma cópia foi feita" in err and "Traceback" not in err
    assert list_backups(path) == []
    assert not backups_dir(path).exists() or list(backups_dir(path).iterdir()) == []
    conn = sqlite3.connect(str(path))  # her other program's data is untouched
    assert conn.execute("SELECT texto FROM nota").fetchall() == [("lista de compras",)]
    conn.close()


def test_the_restore_command_brings_the_copy_back_over_an_empty_file(tmp_path, today, capsys):
    path = tmp_path / "caderneta.sqlite3"
    copy = _shop(path, today)
    _emptied(path)
    assert main(["restore", str(copy), "--db", str(path), "--today", TODAY_ARG]) == 0
    assert "Restaurado: 60 clientes" in capsys.readouterr().out
    assert customer_count(path) == 60 and hollow_file(path) is None
    assert not (backups_dir(path) / "danificados").exists()  # zero bytes: nothing to keep


def test_a_file_of_another_program_is_kept_apart_by_the_restore(tmp_path, today, capsys):
    path = tmp_path / "caderneta.sqlite3"
    copy = _shop(path, today)
    _other_program(path)
    assert main(["restore", str(copy), "--db", str(path), "--today", TODAY_ARG]) == 0
    kept = list((backups_dir(path) / "danificados").glob("*-danificado.sqlite3"))
    conn = sqlite3.connect(str(kept[0]))
    assert conn.execute("SELECT texto FROM nota").fetchone() == ("lista de compras",)
    conn.close()
    assert customer_count(path) == 60 and list_backups(path)[0].path == copy


# --- the window ------------------------------------------------------------------------------

@pytest.fixture
def answered(monkeypatch):
    """Every message box is recorded (object name, texts, buttons) and ``answer`` clicked."""
    record = {"boxes": [], "answer": None, "windows": []}

    def exec_(box):
        record["boxes"].append((box.objectName(), box.text() + "\n" + box.informativeText(),
                                [b.objectName() or b.text() for b in box.buttons()]))
        button = box.findChild(QPushButton, record["answer"] or "-")
        if button is not None:
            button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(MainWindow, "show", lambda self: record["windows"].append(self))
    def welcome(window):
        from app.services.configuration.first_run import needs_welcome
        from app.services.configuration.settings import load_settings

        if needs_welcome(load_settings()):  # the assistant would open: recorded instead
            record["boxes"].append(("welcome", "", []))

    monkeypatch.setattr(MainWindow, "maybe_welcome", welcome)
    yield record
    ops.wait_for_workers()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    close_database()


def test_the_window_offers_the_copy_with_customers_and_restores_it(qtbot, tmp_path, today,
                                                                   answered):
    path = tmp_path / "caderneta.sqlite3"
    copy = _shop(path, today)
    _emptied(path)
    answered["answer"] = "restoreButton"
    assert start.run_gui(path, FixedClock(today)) == 0
    qtbot.waitUntil(ops.idle)
    name, text, buttons = answered["boxes"][0]
    assert name == "hollowDialog" and buttons == ["restoreButton", "closeButton"]
    assert "está vazio (0 bytes)" in text and "22/11/2026" in text and "60 clientes" in text
    assert [b[0] for b in answered["boxes"]] == ["hollowDialog"]  # no welcome, no second box
    assert Customer.select().count() == 60 and not is_read_only()
    window = answered["windows"][-1]
    assert window.dashboard.findChild(QLabel, "restoredBanner") is not None
    assert copy.exists() and copy in [b.path for b in list_backups(path)]


def test_closing_the_dialog_leaves_the_empty_file_and_the_copies_alone(qtbot, tmp_path, today,
                                                                       answered):
    path = tmp_path / "caderneta.sqlite3"
    copy = _shop(path, today)
    _emptied(path)
    answered["answer"] = "closeButton"
    assert start.run_gui(path, FixedClock(today)) == 1
    assert [b[0] for b in answered["boxes"]] == ["hollowDialog"] and not answered["windows"]
    assert path.stat().st_size == 0 and [b.path for b in list_backups(path)] == [copy]


def test_a_missing_file_beside_copies_is_offered_its_copy(qtbot, tmp_path, today, answered):
    path = tmp_path / "caderneta.sqlite3"
    _shop(path, today)
    path.unlink()
    answered["answer"] = "restoreButton"
    assert start.run_gui(path, FixedClock(today)) == 0
    qtbot.waitUntil(ops.idle)
    name, text, _ = answered["boxes"][0]
    assert name == "hollowDialog" and "não foi encontrado" in text
    assert Customer.select().count() == 60


def test_a_file_of_another_program_gets_the_same_dialog_in_the_window(qtbot, tmp_path, today,
                                                                     answered):
    """A SQLite file without Caderneta's tables (another program's, or hers emptied from
    inside) is not a new caderneta either: the window offers the copy with customers, keeps
    that file apart in backups/danificados, and no welcome or second box follows."""
    path = tmp_path / "caderneta.sqlite3"
    copy = _shop(path, today)
    _other_program(path)
    answered["answer"] = "restoreButton"
    assert start.run_gui(path, FixedClock(today)) == 0
    qtbot.waitUntil(ops.idle)
    name, text, buttons = answered["boxes"][0]
    assert name == "hollowDialog" and buttons == ["restoreButton", "closeButton"]
    assert "não tem as tabelas do Caderneta" in text and "60 clientes" in text
    assert "backups/danificados" in text
    assert [b[0] for b in answered["boxes"]] == ["hollowDialog"]
    assert Customer.select().count() == 60 and not is_read_only()
    (kept,) = (backups_dir(path) / "danificados").glob("*-danificado.sqlite3")
    conn = sqlite3.connect(str(kept))
    assert conn.execute("SELECT texto FROM nota").fetchone() == ("lista de compras",)
    conn.close()
    assert copy in [b.path for b in list_backups(path)]


def test_a_really_new_caderneta_still_gets_the_welcome(qtbot, tmp_path, today, answered):
    path = tmp_path / "caderneta.sqlite3"
    assert start.run_gui(path, FixedClock(today)) == 0
    qtbot.waitUntil(ops.idle)
    assert [b[0] for b in answered["boxes"]] == ["welcome"]
