"""Reads off the GUI thread: the newest read wins, a slow read says "atualizando…", and the
workers are held explicitly wherever the order of events matters (no race with the machine)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtWidgets import QWidget

from app.ui.kit import ops


@pytest.fixture
def page(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    return widget


def _held(value, gate: threading.Event, started: threading.Event | None = None):
    """Work that returns ``value`` once ``gate`` is open (and says when it started)."""

    def work(_progress):
        if started is not None:
            started.set()
        assert gate.wait(10), "the test never released this read"
        return value

    return work


def test_the_newest_read_wins_even_when_an_older_one_arrives_last(qtbot, page):
    reader = ops.Reader(page)
    painted = []
    first_gate, first_started = threading.Event(), threading.Event()
    reader.read(_held("antiga", first_gate, first_started), painted.append)
    assert first_started.wait(5)
    with qtbot.waitSignal(reader.refreshed, timeout=5000):
        reader.read(lambda _p: "nova", painted.append)
    assert painted == ["nova"]
    first_gate.set()  # the older read finishes after the newer one was painted
    qtbot.waitUntil(ops.idle)
    assert painted == ["nova"]  # never painted over the newer result
    assert not reader.waiting()


def test_a_chain_of_reads_is_dropped_at_any_step_once_overtaken(qtbot, page):
    reader = ops.Reader(page)
    painted, gate = [], threading.Event()

    def cards(value):
        painted.append(value)
        reader.follow(_held(f"gráficos de {value}", gate), painted.append)

    reader.read(lambda _p: "1º", cards)
    qtbot.waitUntil(lambda: painted == ["1º"])
    reader.read(lambda _p: "2º", lambda value: painted.append(value))
    qtbot.waitUntil(lambda: painted == ["1º", "2º"])
    gate.set()  # the first chain's second step arrives after the newer read
    qtbot.waitUntil(ops.idle)
    assert painted == ["1º", "2º"]


def test_an_overtaken_read_that_fails_says_nothing(qtbot, page, monkeypatch):
    shown = []
    monkeypatch.setattr(ops, "show_failure", lambda parent, exc: shown.append(exc))
    reader = ops.Reader(page)
    gate, painted = threading.Event(), []

    def failing(_progress):
        assert gate.wait(10)
        raise RuntimeError("arquivo sumiu")

    reader.read(failing, painted.append)
    with qtbot.waitSignal(reader.refreshed, timeout=5000):
        reader.read(lambda _p: 7, painted.append)
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert painted == [7] and shown == []
    reader.read(failing, painted.append)  # the newest one failing is explained
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert len(shown) == 1 and isinstance(shown[0], RuntimeError)


def test_dropped_reads_are_never_painted(qtbot, page):
    reader = ops.Reader(page)
    gate, painted = threading.Event(), []
    reader.read(_held("de outra cliente", gate), painted.append)
    reader.drop()
    assert not reader.waiting()
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert painted == []


def test_a_read_whose_failure_is_dropped_after_the_damaged_file_dialog_is_not_waited_for(
        qtbot, page, monkeypatch):
    """A read running on the damaged file when she answered its dialog fails, and its failure
    is dropped, not shown (the dialog was the explanation). The page does not go on waiting
    for it: after "Somente leitura" nothing reads again, and "atualizando…" stayed for the
    rest of the session (Atrasos' faixas did nothing, Relatórios said "ainda carregando")."""
    shown = []
    monkeypatch.setattr(ops, "show_failure", lambda parent, exc: shown.append(exc))
    reader = ops.Reader(page)
    gate, painted = threading.Event(), []

    def failing(_progress):
        assert gate.wait(10)
        raise sqlite3.DatabaseError("database disk image is malformed")

    reader.read(failing, painted.append)
    qtbot.waitUntil(reader.hint_shown, timeout=5000)  # the worker is held: it lasts
    ops.forget_reads_on_damaged_file()  # she answered the damaged-file dialog meanwhile
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert shown == [] and painted == []  # dropped: not shown, not painted
    assert not reader.waiting() and not reader.hint_shown()


def test_atualizando_shows_only_while_a_read_lasts_past_the_delay(qtbot, page):
    reader = ops.Reader(page)
    gate, painted = threading.Event(), []
    reader.read(_held("lista", gate), painted.append)
    assert not reader.hint_shown()  # not at once: a quick read never shows it
    assert reader._timer.isActive() and reader._timer.interval() == ops.HINT_DELAY_MS == 150
    qtbot.waitUntil(reader.hint_shown, timeout=5000)  # the worker is held: it lasts
    hint = page.findChild(QWidget, "busyHint")
    assert hint.text() == "atualizando…" and hint.isVisible()
    assert hint.geometry().right() <= page.width() and hint.y() < 20  # top-right corner
    gate.set()
    qtbot.waitUntil(lambda: painted == ["lista"])
    assert not reader.hint_shown() and not reader._timer.isActive()


def test_a_quick_read_stops_the_hint_before_it_shows(qtbot, page):
    reader = ops.Reader(page)
    with qtbot.waitSignal(reader.refreshed, timeout=5000):
        reader.read(lambda _p: 1, lambda _: None)
    assert not reader._timer.isActive() and not reader.hint_shown()


def test_a_result_holding_a_qt_object_is_refused(qtbot, page, monkeypatch):
    """Nothing Qt made on a worker reaches the GUI thread (see ops, "Qt on a worker")."""
    from PySide6.QtCore import QObject

    failures, results = [], []
    ops.Op(page, lambda _p: (1, QObject()), write=False).success(results.append).failure(
        failures.append).run()
    qtbot.waitUntil(ops.idle)
    assert results == [] and isinstance(failures[0], TypeError)


def test_steps_on_the_gui_thread_let_her_clicks_through_and_count_as_running(qtbot):
    """``in_steps``: one step per turn of the event loop — a click queued meanwhile is handled
    between two steps, not after all of them; a failing step is skipped; ``idle()`` only once
    ``done`` ran."""
    from PySide6.QtCore import QTimer

    order: list[str] = []

    def step(name: str):
        def run():
            order.append(name)
            if name == "a":
                QTimer.singleShot(0, lambda: order.append("clique"))  # her click, queued now
            if name == "b":
                raise ImportError("a module that cannot load ahead of time")
        return run

    ops.in_steps([step("a"), step("b"), step("c"), step("d")], done=lambda: order.append("fim"))
    assert not ops.idle()
    qtbot.waitUntil(ops.idle)
    assert order[-1] == "fim"
    assert [o for o in order if o != "clique"] == ["a", "b", "c", "d", "fim"]
    assert order.index("clique") < order.index("d")  # handled between the steps

