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
seconds stopped the window 100–240 ms (bench_gui_block, issue 18).

How often it looks matters as much: a young collection walks everything made since the
previous one, and the automatic collector looks every 700 new objects. A worker reading
20,000 customers or a catalogue of 50,000 cells makes hundreds of thousands in a second; looked
at once a second, they made young collections of 50–70 ms and a middle one of 160 ms, on the
GUI thread, in the middle of a click. So the guard looks every ``BUSY_MS`` while it finds
something to collect, and waits longer (doubling, up to ``IDLE_MS``) once it does not: the
young generation stays small while the workers read (young collections ≤ ~8 ms, middle ones
≤ ~30 ms at 20,000 customers) and the window is left alone when nothing happens."""

from __future__ import annotations

import gc
import threading
import time

from PySide6.QtCore import QObject, QTimer

BUSY_MS = 25  # between two looks while collections are due (see the docstring)
IDLE_MS = 200  # the longest wait between two looks, once nothing is due
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
    """Switch the automatic collector off and collect on the GUI thread, on a timer that
    belongs to ``owner`` (the application) and ticks by ``tick``."""
    gc.disable()
    timer = QTimer(owner)
    timer.setObjectName("gc_guard")
    timer.timeout.connect(lambda: tick(timer))
    timer.start(IDLE_MS)
    return timer


def tick(timer: QTimer) -> int:
    """Collect what is due; look again in ``BUSY_MS`` if something was, else wait twice as
    long as the last time, up to ``IDLE_MS``. Returns what ``collect_due`` did."""
    made = collect_due()
    timer.setInterval(BUSY_MS if made >= 0 else min(2 * timer.interval(), IDLE_MS))
    return made
