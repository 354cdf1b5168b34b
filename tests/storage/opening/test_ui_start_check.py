"""The usual start: the window first, the file's check on a worker, writes waiting for it."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from app.clock import FixedClock
from app.models.db import close_database, is_read_only, open_database
from app.services.core.changes import Changes, Topic
from app.services.people.customers import CustomerInput, save_customer
from app.services.storage.backup import backup_database, list_backups
from app.ui.kit import ops
from app.ui.shell import app as start
from app.ui.shell import startup_check
from app.ui.shell.main_window import MainWindow
from tests.damage import corrupt_page
from tests.places import DATA


@pytest.fixture
def slow_check(qtbot, monkeypatch):
    """The file's check waits for ``gate.set()`` (a big file on a slow disk)."""
    gate = threading.Event()
    real = startup_check.check_integrity

    def check(path, full=False):
        gate.wait(20)
        return real(path, full)

    monkeypatch.setattr(startup_check, "check_integrity", check)
    real_start = startup_check.check_after_showing

    def start_check(window, *args):
        gate.windows.append(window)
        return real_start(window, *args)

    gate.windows = []  # the window each start showed
    monkeypatch.setattr(startup_check, "check_after_showing", start_check)
    yield gate
    gate.set()  # a failed test: its check ends here, while the test's answers still hold
    qtbot.waitUntil(ops.idle)
    for widget in QApplication.topLevelWidgets():
        widget.close()
    close_database()


def _shop(path, today):
    """Her file with 30 customers and yesterday's good copy."""
    open_database(path, today=today)
    for n in range(30):
        save_customer(CustomerInput(f"Cliente {n}"), today)
    backup_database(path, reason="diario", today=today - timedelta(days=1))
    close_database()


def _names(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customer")]
    finally:
        conn.close()


def _save_bia(window, today, saved: list) -> None:
    ops.Op(window, lambda _p: save_customer(CustomerInput("Bia Nova"), today),
           changes=Changes.of(Topic.CUSTOMERS)).success(saved.append).run()


def _lane_watch(monkeypatch) -> threading.Event:
    """Set once a write has reached the lane where it waits for the check (worker side),
    the lane closed then (``closed``, True): from then on, whatever it saves could only be
    saved by the lane opening."""
    reached, wait = threading.Event(), ops._wait_for_the_lane

    def watched():
        reached.closed = ops.writes_held()
        reached.set()
        wait()

    monkeypatch.setattr(ops, "_wait_for_the_lane", watched)
    return reached


def test_the_window_is_up_while_the_check_runs_and_a_write_waits_for_it(
        qtbot, tmp_path, today, slow_check, monkeypatch):
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    path = tmp_path / "caderneta.sqlite3"
    _shop(path, today)
    assert start.run_gui(path, FixedClock(today)) == 0
    window = slow_check.windows[-1]
    assert window.isVisible() and window.checking
    assert "Verificando o arquivo" in window.findChild(QLabel, "checkingMark").text()
    assert is_read_only() and ops.writes_held()  # SQLite itself refuses a write meanwhile
    qtbot.waitUntil(lambda: "…" not in window.dashboard.cards["receivable"].value.text())
    assert "30 clientes ativas" in window.dashboard.cards["receivable"].detail.text()
    saved: list = []
    reached = _lane_watch(monkeypatch)
    _save_bia(window, today, saved)
    qtbot.waitUntil(reached.is_set)  # the write is on its worker, at the lane
    assert reached.closed
    assert saved == [] and "Bia Nova" not in _names(path)  # waiting for the check
    assert len(list_backups(path)) == 1  # and no copy of an unchecked file either
    slow_check.set()
    qtbot.waitUntil(ops.idle)
    assert saved and "Bia Nova" in _names(path)
    assert not window.checking and window.findChild(QLabel, "checkingMark") is None
    assert not is_read_only() and not window.read_only
    assert len(list_backups(path)) == 2  # the day's copy, made after the check passed


def test_a_damaged_file_found_after_the_window_appeared_gets_the_dialog_and_nothing_written(
        qtbot, tmp_path, today, slow_check, monkeypatch):
    path = tmp_path / "caderneta.sqlite3"
    _shop(path, today)
    corrupt_page(path)  # the customer table: the Painel's reads fail too
    before = path.read_bytes()
    texts, saved = [], []

    def answer(box):
        texts.append(box.informativeText())
        box.findChild(QPushButton, "closeButton").click()
        return 0

    def event_loop(_app):  # she tries to save while the check runs, then it finds the damage
        window = slow_check.windows[-1]
        assert window.isVisible() and window.checking
        _save_bia(window, today, saved)
        qtbot.waitUntil(reached.is_set)  # the write waits at the lane
        assert reached.closed
        slow_check.set()
        qtbot.waitUntil(ops.idle)
        return 0

    reached = _lane_watch(monkeypatch)
    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert start.run_gui(path, FixedClock(today)) == 1
    assert len(texts) == 1 and "não passou na verificação" in texts[0]  # only the dialog
    assert not slow_check.windows[-1].isVisible() and saved == []
    assert path.read_bytes() == before and len(list_backups(path)) == 1


def test_database_errors_of_reads_during_the_check_are_shown_once_it_passed(qtbot, db,
                                                                            monkeypatch):
    shown = []
    monkeypatch.setattr("app.ui.kit.ops.show_database_error", lambda parent, exc: shown.append(exc))

    def locked(_progress):
        raise sqlite3.OperationalError("database is locked")

    ops.hold_writes()
    try:
        ops.Op(None, locked, write=False).run()
        qtbot.waitUntil(ops.idle)
        assert shown == []  # kept: a damaged file would get its own dialog
    finally:
        ops.release_writes(explain_held=True)
    assert len(shown) == 1 and "locked" in str(shown[0])


def test_an_older_file_is_checked_before_the_window_since_its_update_writes(
        qtbot, tmp_path, today, monkeypatch):
    import shutil

    from app.ui.shell import startup

    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    windows_at_check = []
    real = startup.check_integrity

    def check(file, full=False):
        windows_at_check.append(len(_windows()))
        return real(file, full)

    monkeypatch.setattr(startup, "check_integrity", check)
    path = tmp_path / "caderneta.sqlite3"
    shutil.copyfile(DATA / "caderneta_v1.sqlite3", path)
    try:
        assert start.run_gui(path, FixedClock(today)) == 0
        assert windows_at_check == [0] and not _windows()[-1].checking  # before the window
        assert not ops.writes_held() and not is_read_only()
    finally:
        ops.wait_for_workers()
        for widget in QApplication.topLevelWidgets():
            widget.close()
        close_database()


def _windows() -> list:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()]
