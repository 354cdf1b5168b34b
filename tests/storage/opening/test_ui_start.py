"""Starting the app: database created, daily backup, migration, second instance refused."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from app.clock import FixedClock
from app.models.db import close_database
from app.ui.kit import ops
from app.ui.shell import app as start


def test_start_creates_database_and_backs_up_once_a_day(qtbot, tmp_path, today, monkeypatch):
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    path = tmp_path / "dados" / "caderneta.sqlite3"
    assert start.run_gui(path, FixedClock(today)) == 0
    qtbot.waitUntil(ops.idle)  # the day's backup runs once the window is up
    close_database()
    assert path.exists()
    assert not list((path.parent / "backups").glob("*.sqlite3"))  # nothing to copy yet
    assert start.run_gui(path, FixedClock(today)) == 0  # second start of the day: one copy
    qtbot.waitUntil(ops.idle)
    close_database()
    assert len(list((path.parent / "backups").glob("*.sqlite3"))) == 1
    assert start.run_gui(path, FixedClock(today)) == 0
    qtbot.waitUntil(ops.idle)  # the day's backup runs once the window is up
    close_database()
    assert len(list((path.parent / "backups").glob("*.sqlite3"))) == 1
    for widget in QApplication.topLevelWidgets():
        widget.close()


def test_second_instance_is_refused_with_a_message(qtbot, tmp_path, today, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    path = tmp_path / "caderneta.sqlite3"
    lock = start.acquire_lock(path)
    try:
        assert start.run_gui(path, FixedClock(today)) == 1
    finally:
        lock.release()
    assert "já está aberto em outra janela" in shown[0]
