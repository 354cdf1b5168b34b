"""Python's cycle collector runs on whichever thread happens to cross its threshold — a
worker reading 20,000 customers, say. When such a collection frees a reference cycle that
holds a Qt wrapper made on the GUI thread (a closed dialog and the lambdas connected to it),
the C++ object is destroyed on the worker and Qt crashes (a segfault, seen in the suite:
"Garbage-collecting" on a worker while the GUI thread built a dialog). Reference counting
still frees everything not in a cycle at once, on the thread that lets it go.

So the automatic collector is switched off and the GUI thread collects by the rule it would
have followed (the oldest generation whose count passed its threshold), on a timer and
whenever asked (``collect_due``). Anki does the same for the same reason (its
``GarbageCollector``: ``gc.disable()`` and collections on the main thread).

One difference the automatic collector has and ``gc.collect(2)`` does not: it skips a full
collection until the objects that reached the oldest generation since the last one are a
quarter of those that were there (CPython's ``long_lived_pending``), so a program holding much
data rarely walks all of it. Python does not show those counts, so here a full collection
waits at least ``FULL_EVERY_S`` after the previous one (the younger generations are collected
meanwhile). Without it, at 20,000 customers a full collection on the GUI thread every few
seconds stopped the window 100–240 ms (bench_gui_block, issue 18)."""

from __future__ import annotations

import gc
import threading
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1_000  # a collection due waits at most this long (cycles only: a few KB)
FULL_EVERY_S = 60.0  # the least time between two full collections (see the docstring)
_last_full: list[float] = []  # monotonic time of the latest full collection made here


def collect_due() -> int:
    """On the GUI thread: collect what the automatic collector would have by now — the
    oldest generation whose count passed its threshold; returns it (-1: nothing due)."""
    assert threading.current_thread() is threading.main_thread(), "only the GUI thread"
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[0] <= thresholds[0]:
        return -1
    generation = 0
    if counts[1] > thresholds[1]:
        generation = 1
        now = time.monotonic()
        if counts[2] > thresholds[2] and (not _last_full or now - _last_full[-1] >= FULL_EVERY_S):
            generation = 2
            _last_full[:] = [now]
    gc.collect(generation)
    return generation


def install(owner: QObject) -> QTimer:
    """Switch the automatic collector off and collect on the GUI thread every
    ``INTERVAL_MS`` (the timer belongs to ``owner``, the application)."""
    gc.disable()
    timer = QTimer(owner)
    timer.setObjectName("gc_guard")
    timer.timeout.connect(collect_due)
    timer.start(INTERVAL_MS)
    return timer
