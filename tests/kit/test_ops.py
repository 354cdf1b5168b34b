"""Operations: work runs off the GUI thread, the window keeps processing events, progress can
cancel (and roll back), failures become Portuguese sentences, changes reach open screens."""

from __future__ import annotations

import threading

import peewee
from PySide6.QtCore import QTimer

from app.models.db import database
from app.models.people import Customer
from app.services.core.changes import Changes, Topic
from app.services.core.errors import ValidationError
from app.services.core.progress import Cancelled
from app.services.people.customers import CustomerInput, save_customer
from app.ui.kit import ops
from app.ui.kit.bus import bus


def test_a_long_query_runs_on_a_worker_while_the_gui_keeps_processing_events(qtbot, db, today):
    for n in range(50):
        save_customer(CustomerInput(f"Cliente {n}"), today)
    release = threading.Event()
    gui_thread = threading.get_ident()
    seen = {}

    def work(progress):
        seen["thread"] = threading.get_ident()
        release.wait(5)  # holds the worker until the GUI thread has ticked
        return database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]

    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: (ticks.append(1), len(ticks) >= 3 and release.set()))
    timer.start(1)
    results = []
    ops.Op(None, work, write=False).success(results.append).run()
    qtbot.waitUntil(ops.idle, timeout=5000)
    timer.stop()
    assert results == [50]
    assert len(ticks) >= 3  # the event loop ran while the worker waited
    assert seen["thread"] != gui_thread


def test_changes_are_broadcast_once_after_a_write(qtbot, db, today):
    heard = []
    bus.changed.connect(heard.append)
    try:
        ops.Op(None, lambda _: save_customer(CustomerInput("Ana"), today),
               changes=Changes.of(Topic.CUSTOMERS)).run()
        qtbot.waitUntil(ops.idle)
    finally:
        bus.changed.disconnect(heard.append)
    assert heard == [frozenset({Topic.CUSTOMERS})]
    assert Customer.select().count() == 1


def test_cancel_rolls_back_everything_the_work_wrote(qtbot, db, today):
    started = threading.Event()

    def work(progress):
        with database.atomic():
            for n in range(1000):
                save_customer(CustomerInput(f"Importada {n}"), today)
                started.set()
                progress(n, 1000, "Importando…")
        return "done"

    failures, successes = [], []
    op = ops.Op(None, work, label="Importando…", cancellable=True)
    op.success(successes.append).failure(failures.append).run()
    started.wait(5)
    op.cancel()
    qtbot.waitUntil(ops.idle, timeout=5000)
    assert successes == []
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    assert Customer.select().count() == 0


def test_failures_become_portuguese_sentences():
    damaged = peewee.DatabaseError("database disk image is malformed")
    assert "danificado" in ops.describe_failure(damaged)
    full = peewee.OperationalError("database or disk is full")
    assert "disco está cheio" in ops.describe_failure(full)
    field = ValidationError({"name": "Informe o nome da cliente."})
    assert ops.describe_failure(field) == "Informe o nome da cliente."
    assert "Traceback" not in ops.describe_failure(RuntimeError("boom"))


def test_validation_problems_go_to_the_fields_not_to_a_message_box(qtbot, db, today):
    shown = []
    ops.Op(None, lambda _: save_customer(CustomerInput(""), today)).failure(
        ops.validation_or_message(None, lambda exc: shown.append(exc.codes))).run()
    qtbot.waitUntil(ops.idle)
    assert shown == [{"name": "invalid"}]


def test_writes_are_serialised(qtbot, db, today):
    inside, overlaps = [0], []

    def work(_):
        inside[0] += 1
        overlaps.append(inside[0])
        save_customer(CustomerInput("Cliente"), today)
        inside[0] -= 1

    for _ in range(6):
        ops.Op(None, work).run()
    qtbot.waitUntil(ops.idle, timeout=5000)
    assert max(overlaps) == 1
    assert Customer.select().count() == 6


def _heard(qtbot, run) -> list:
    heard = []
    bus.changed.connect(heard.append)
    try:
        run()
        qtbot.waitUntil(ops.idle)
    finally:
        bus.changed.disconnect(heard.append)
    return heard


def test_the_service_says_what_changed_not_the_screen(qtbot, db, today):
    heard = _heard(qtbot, lambda: ops.Op(None, lambda _: save_customer(
        CustomerInput("Ana"), today)).run())
    assert heard == [frozenset({Topic.CUSTOMERS})]


def test_changes_held_by_the_screen_are_told_when_it_says_so(qtbot, db, today):
    held = []

    def run():
        op = ops.Op(None, lambda _: save_customer(CustomerInput("Ana"), today), announce=False)
        held.append(op)
        op.run()

    assert _heard(qtbot, run) == [] and Customer.select().count() == 1  # saved, not told
    assert held[0].changes == Changes.of(Topic.CUSTOMERS)  # kept for the screen to tell
    heard = _heard(qtbot, lambda: ops.announce(held[0].changes))
    assert heard == [frozenset({Topic.CUSTOMERS})]


def test_what_finished_before_a_failure_is_still_told(qtbot, db, today):
    def work(_):
        save_customer(CustomerInput("Ana"), today)  # committed
        save_customer(CustomerInput(""), today)  # refused

    failures = []
    heard = _heard(qtbot, lambda: ops.Op(None, work).failure(failures.append).run())
    assert isinstance(failures[0], ValidationError)
    assert heard == [frozenset({Topic.CUSTOMERS})]  # Ana is saved: the list must show her


def test_a_failed_read_leaves_no_connection_open_behind_it(qtbot, db, today):
    """A read that fails half-way through its rows: its report (kept by the screen here)
    must not keep the worker's cursor, and so its connection and the file, open — on Python
    3.11 a connection closed under a live cursor stays open, and Windows cannot replace or
    delete a held file (a restore after a failed read was refused there)."""
    from app.models.db import close_database, database_path
    from tests.windows_files import handles

    for n in range(3):
        save_customer(CustomerInput(f"Cliente {n}"), today)
    close_database()  # the GUI thread's: the worker's is the only connection left to watch

    def work(_progress):
        rows = database.execute_sql("SELECT name FROM customer")
        rows.fetchone()  # one row of three: the statement is still running
        raise RuntimeError("a leitura parou no meio")

    kept = []
    ops.Op(None, work, write=False).failure(kept.append).run()
    qtbot.waitUntil(ops.idle)
    assert ops.wait_for_workers()
    assert [str(e) for e in kept] == ["a leitura parou no meio"]
    assert handles(database_path()) == 0
