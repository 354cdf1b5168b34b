"""No Qt object is ever freed by a garbage collection on a worker thread (that crashed the
suite: a worker crossing the collector's threshold freed a closed dialog made on the GUI
thread). The automatic collector is off; the GUI thread collects by the same rule."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.ui.shell import gc_guard
from app.ui.shell.app import application


def test_the_application_switches_the_automatic_collector_off_and_collects_on_a_timer():
    app = application()
    assert not gc.isenabled()
    timer = app.findChild(QTimer, "gc_guard")
    assert timer is not None and timer.isActive()
    assert gc_guard.BUSY_MS <= timer.interval() <= gc_guard.IDLE_MS


def test_the_timer_looks_often_while_there_is_something_to_collect_and_rests_after():
    """A worker reading thousands of rows: the young generation is collected in small
    pieces (every ``BUSY_MS``), not in one long stop; nothing to collect: it rests."""
    timer = QTimer()
    timer.setInterval(gc_guard.IDLE_MS)
    gc.collect()
    garbage = [[] for _ in range(gc.get_threshold()[0] + 10)]
    assert gc_guard.tick(timer) >= 0 and timer.interval() == gc_guard.BUSY_MS
    del garbage
    waits = []
    for _ in range(6):
        gc.collect()  # nothing new for the next look
        assert gc_guard.tick(timer) == -1
        waits.append(timer.interval())
    assert waits == sorted(waits) and waits[0] == 2 * gc_guard.BUSY_MS
    assert waits[-1] == gc_guard.IDLE_MS


def test_a_closed_window_in_a_cycle_is_freed_on_the_gui_thread_never_by_a_worker(qtbot):
    widget = QWidget()
    widget.myself = widget  # a reference cycle, as a lambda connected to it makes
    gone = weakref.ref(widget)
    destroyed_on = []
    widget.destroyed.connect(
        lambda: destroyed_on.append(threading.current_thread() is threading.main_thread()))
    del widget

    def busy_worker():  # far past every threshold of the collector, with cycles of its own
        for _ in range(200_000):
            pair = [None]
            pair[0] = pair

    worker = threading.Thread(target=busy_worker)
    worker.start()
    worker.join()
    assert gone() is not None and destroyed_on == []  # nothing collected on the worker
    while gone() is not None and gc_guard.collect_due() != -1:
        pass
    gc.collect()  # whatever the thresholds left: still here, on the GUI thread
    assert gone() is None and destroyed_on in ([], [True])


def test_collect_due_follows_the_thresholds():
    gc.collect()
    assert gc_guard.collect_due() == -1  # nothing new since
    garbage = [[] for _ in range(gc.get_threshold()[0] + 10)]
    assert gc_guard.collect_due() >= 0
    del garbage


def test_the_guard_is_the_gui_thread_s_alone():
    failures = []

    def from_a_worker():
        try:
            gc_guard.collect_due()
        except AssertionError:
            failures.append("refused")

    worker = threading.Thread(target=from_a_worker)
    worker.start()
    worker.join()
    assert failures == ["refused"]
    assert isinstance(application(), QObject)


def test_a_full_collection_waits_its_time_after_the_previous_one(monkeypatch):
    """The oldest generation is walked at most once every ``FULL_EVERY_S`` (the automatic
    collector, too, skips most full collections on a big heap); the younger ones as due."""
    clock = [1_000.0]
    monkeypatch.setattr(gc_guard.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(gc_guard, "_last_full", [])

    def due_everywhere():
        """Counts past every threshold: gen-1 collections raise the oldest generation's
        count, gen-0 ones the middle's, new objects the youngest's."""
        young, middle, old = gc.get_threshold()
        for _ in range(old + 1):
            gc.collect(1)
        for _ in range(middle + 1):
            gc.collect(0)
        return [[] for _ in range(2 * young)]

    kept = [due_everywhere()]  # kept: objects freed would lower the youngest count
    assert gc_guard.collect_due() == 2  # the first full collection
    kept.append(due_everywhere())
    clock[0] += gc_guard.FULL_EVERY_S - 1
    assert gc_guard.collect_due() == 1  # too soon: the younger generations only
    kept.append(due_everywhere())
    clock[0] += 2
    assert gc_guard.collect_due() == 2
    del kept
