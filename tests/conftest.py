"""Shared fixtures: a fresh SQLite database file per test, a fixed today, offscreen Qt."""

from __future__ import annotations

import gc
import os
from datetime import date

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
gc.disable()  # as the app does (app.ui.shell.gc_guard): no collection on a worker thread

TODAY = date(2026, 11, 23)


@pytest.fixture
def db(tmp_path):
    """A fresh database file with the latest schema, closed after the test."""
    from app.models.db import close_database, open_database

    database = open_database(tmp_path / "caderneta.sqlite3", today=TODAY)
    yield database
    _wait_for_workers()  # a worker still reading must not find the database closed under it
    close_database()


def _wait_for_workers() -> None:
    import sys

    ops = sys.modules.get("app.ui.kit.ops")
    if ops is not None:
        ops.wait_for_workers(10)


@pytest.fixture
def styled(qapp):
    """The real look: the application's stylesheet and palette (grid and selection colours,
    fonts, padding), as the window has them; the stylesheet removed after the test."""
    from app.ui.kit.style import apply_style

    apply_style(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture(autouse=True)
def _operations_finish_inside_their_test():
    """An operation started by a test ends inside that test (it must not land on the next
    test's widgets or database); then what became garbage is collected, on this thread."""
    yield
    _finish_operations()
    from app.ui.shell.gc_guard import collect_due

    collect_due()


def _finish_operations() -> None:
    import sys

    ops = sys.modules.get("app.ui.kit.ops")
    if ops is not None and not ops.idle():
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        ops.wait_for_workers(5)
        deadline = QDeadlineTimer(5000)
        while not ops.idle() and not deadline.hasExpired():
            QCoreApplication.processEvents()


class LinkRecorder:
    """Stands in for the system in tests: records each link the app asks it to open and
    says it opened (``works = False`` plays a machine with no browser, mail program or
    file manager)."""

    def __init__(self):
        self.opened: list[str] = []
        self.works = True

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        return self.works


@pytest.fixture(autouse=True)
def opened_links(monkeypatch) -> LinkRecorder:
    """No test opens a real browser, mail program or folder (issue 20: ``kit.links``)."""
    from app.ui.kit import links

    recorder = LinkRecorder()
    monkeypatch.setattr(links, "open_link", recorder)
    return recorder
