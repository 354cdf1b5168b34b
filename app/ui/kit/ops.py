"""Operations: run a service call off the GUI thread, show progress, broadcast what changed.

Modelled on Anki's ``CollectionOp``/``QueryOp``::

    Op(self, lambda progress: record_payment(...))
        .success(self._saved).failure(self._show_errors).run()

- ``work(progress)`` runs on a worker (a small pool of plain Python threads, each given a Qt
  event dispatcher when it starts, for the PDF's text layout: no stray timer warnings). SQLite
  connections are per thread (Peewee's thread-local state): the worker opens its own and
  closes it when done. Writes are serialised by one lock, so two operations never write at
  the same time. A failure reaches the GUI thread with its frames' locals cleared: they hold
  the worker's cursors, and a connection closed under a live cursor keeps its files open
  (see ``_let_go_of_cursors``).
- Qt on a worker, the real rule: a worker never touches a widget or any object the GUI thread
  made, and nothing Qt made on a worker reaches the GUI thread (a result holding a QObject is
  refused: the operation fails). A worker may make its own short-lived paint objects — a
  ``QPdfWriter``, ``QTextDocument``, ``QImage``, ``QPainter`` on them — used and freed before
  its work returns: Qt supports painting on QImage and PDF/printer devices outside the GUI
  thread, and "Salvar PDF" does just that (``app.ui.kit.pdf.write_pdf``). Such objects live
  in a thread without an event loop, so they must not rely on signals, timers or
  ``deleteLater``.
- With ``label`` a progress dialog appears if the work lasts more than a moment; with
  ``cancellable`` it has "Cancelar", which makes the worker's next ``progress(...)`` call raise
  ``Cancelled`` (the service's transaction rolls back).
- Success and failure callbacks run on the GUI thread. What changed is known without the
  screen saying it: every service that writes is marked ``@writes(...)``
  (``app.services.core.changes``) and the worker collects the marks of the calls its work
  made; ``changes=`` and ``result.changes`` add to them (for work that is not a service
  call). On success the changes are broadcast on the bus once, before the success callback
  runs (so a message it shows is not wiped by a refresh); after a failure, what the calls that
  did finish changed is broadcast too. ``announce=False`` keeps them on ``op.changes`` for the
  caller to broadcast later with ``announce(changes)`` ("Desfazer" time in Cobranças de hoje);
  screens never publish otherwise. The default failure handler shows a Portuguese message,
  never a traceback; a database failure is explained by its cause (disk full, read-only,
  damaged…).
- ``Reader``: a page's reads. ``reader.read(work, paint)`` runs ``work`` on a worker and hands
  the result to ``paint`` on the GUI thread, which only paints; the newest read wins (the
  result of a read overtaken by a newer one is dropped, never painted over it); a quiet
  "atualizando…" shows only when a read lasts more than ``HINT_DELAY_MS``; ``refreshed`` is
  emitted after each paint (tests wait for it, or for ``idle()``).
- ``hold_writes()`` closes the write lane (start-up, while the file's integrity check runs):
  a write operation started meanwhile waits on its worker, reads go on; a database error of
  a read is kept, not shown, since the check explains a damaged file itself.
  ``release_writes(explain_held, cancel_waiting)`` opens the lane, shows the kept errors
  when asked, and with ``cancel_waiting`` the waiting writes end as cancelled, unwritten.
- ``forget_reads_on_damaged_file()``: once she has answered the damaged-file dialog
  (restore, read-only or close), the database failures of the operations started before —
  reads that were running on the damaged file — are dropped, kept ones too: the dialog she
  answered was the explanation, and one dialog is shown, never a second one after it. No
  failure callback runs for a dropped one; ``dropped(fn)`` hears it instead, so that a page
  stops waiting for it (``Reader``: no "atualizando…" left, ``waiting()`` False).
- ``in_steps(steps, done)``: GUI-thread work cut in small steps, one per turn of the event
  loop (her clicks and the paints go between them), counted as running for ``idle()``. For
  what must happen on the GUI thread but not all at once: importing the pages' code, which
  defines Qt classes and so is never done on a worker.
- ``idle()`` is True when no operation is running (tests: ``qtbot.waitUntil(ops.idle)``);
  ``settled()`` also waits for every worker to have closed its connection (a restore).
"""

from __future__ import annotations

import itertools
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import peewee
import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

from app.models.db import database
from app.services.core.changes import NOTHING, Changes, collecting
from app.services.core.errors import ValidationError
from app.services.core.progress import CancelFlag, Cancelled
from app.services.storage.dberrors import classify_database_error
from app.services.storage.dbhealth import is_database_error
from app.ui.kit.bus import bus
from app.ui.kit.db_errors import show_database_error
from app.ui.kit.style import set_role

_WRITE_LOCK = threading.Lock()
_WRITES_OPEN = threading.Event()
_WRITES_OPEN.set()
_HELD_ERRORS: list[tuple[QWidget | None, BaseException]] = []  # while writes are held
_LANE = {"cancel_waiting": False}
_RUNNING: dict[int, Op] = {}  # op id → operation, from run() until its result is handled
_NEXT_ID = itertools.count(1)
_BUSY: set[Future] = set()  # worker jobs not yet returned
_FILE_EPOCH = {"n": 0}  # bumped when the damaged-file dialog is answered
PROGRESS_DELAY_MS = 400
HINT_DELAY_MS = 150  # a read lasting longer than this shows "atualizando…"
HINT_MARGIN = 8  # between "atualizando…" and the corner of the page


def idle() -> bool:
    """True when no operation is running."""
    return not _RUNNING


def settled() -> bool:
    """True when no operation is running and every worker has returned, its connection to
    the file closed. ``idle`` turns True when a result is handed to the window, a moment
    before its worker closes that connection: what replaces or deletes the file itself (a
    restore) waits for ``settled`` — Windows refuses to replace a file a connection holds."""
    return not _RUNNING and not _BUSY


class _Steps:
    """``in_steps`` work as ``_RUNNING`` sees it: a read, never a write."""

    _write = False


def in_steps(steps: list[Callable[[], Any]], done: Callable[[], Any] | None = None) -> None:
    """Run ``steps`` on the GUI thread one per turn of the event loop, then ``done``; counts
    as a running operation until ``done`` returned. A step that fails is skipped (what it
    prepared is done again, on demand, when needed) and the others go on."""
    key = next(_NEXT_ID)
    _RUNNING[key] = _Steps()  # type: ignore[assignment]
    pending = list(steps)

    def next_step() -> None:
        if pending:
            try:
                pending.pop(0)()
            except Exception:  # noqa: BLE001 - an ahead-of-time step: done again when used
                pass
            QTimer.singleShot(0, next_step)
            return
        try:
            if done is not None:
                done()
        finally:
            _RUNNING.pop(key, None)

    QTimer.singleShot(0, next_step)


def writing() -> bool:
    """True while a write operation is running (or waiting for the lane)."""
    return any(op._write for op in _RUNNING.values())


def hold_writes() -> None:
    """Write operations started from now on wait until ``release_writes()``."""
    _LANE["cancel_waiting"] = False
    _WRITES_OPEN.clear()


def writes_held() -> bool:
    return not _WRITES_OPEN.is_set()


def release_writes(explain_held: bool = True, cancel_waiting: bool = False) -> None:
    """Let the waiting writes go on (or end unwritten, ``cancel_waiting``); show the
    database errors kept meanwhile when ``explain_held`` (False when the start-up check
    already explained a damaged file)."""
    _LANE["cancel_waiting"] = cancel_waiting
    _WRITES_OPEN.set()
    held = list(_HELD_ERRORS)
    _HELD_ERRORS.clear()
    for parent, exc in held if explain_held else ():
        if parent is None or shiboken6.isValid(parent):
            show_database_error(parent, exc)


def forget_reads_on_damaged_file() -> None:
    """She answered the damaged-file dialog: operations started before it ran on the damaged
    file, and their database failures (kept or still to come) are dropped, not shown."""
    _FILE_EPOCH["n"] += 1
    _HELD_ERRORS.clear()


class _Dispatcher(QObject):
    """One object, living as long as the program, that carries every worker's report to the
    GUI thread (queued signals tagged with the operation's id). A per-operation QObject would
    risk being freed while its own signal is delivered, or from the worker thread."""

    finished = Signal(int, object)  # op id, (result, changes collected on the worker)
    failed = Signal(int, object)  # op id, (exception, changes collected on the worker)
    progressed = Signal(int, int, int, str)  # op id, done, total (−1: unknown), text

    def __init__(self):
        super().__init__()
        queued = Qt.ConnectionType.QueuedConnection
        self.finished.connect(lambda op_id, done: _deliver(op_id, "_finished", *done), queued)
        self.failed.connect(lambda op_id, failed: _deliver(op_id, "_failed", *failed), queued)
        self.progressed.connect(
            lambda op_id, done, total, text: _deliver(op_id, "_progressed", done, total, text,
                                                      keep=True), queued)


_dispatcher: _Dispatcher | None = None


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()  # made on the GUI thread by the first Op.run()
    return _dispatcher


def _deliver(op_id: int, method: str, *args, keep: bool = False) -> None:
    op = _RUNNING.get(op_id) if keep else _RUNNING.pop(op_id, None)
    if op is not None:
        getattr(op, method)(*args)


def _give_the_thread_an_event_dispatcher() -> None:
    """Worker start: Qt's text layout (a PDF's QTextDocument) starts timers; on a plain Python
    thread, without an event dispatcher, each start printed "QBasicTimer::start: current
    thread's event dispatcher has already been destroyed" on stderr. Making a QEventLoop
    gives this thread its dispatcher (no loop runs: the layout is finished synchronously)."""
    QEventLoop()


_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="caderneta-op",
                           initializer=_give_the_thread_an_event_dispatcher)


def _wait_for_the_lane() -> None:
    """Worker side: a write waits while writes are held (start-up check); it ends unwritten
    (``Cancelled``) when told so, or when the program ends meanwhile."""
    if _WRITES_OPEN.is_set():
        return
    while not _WRITES_OPEN.wait(0.1):
        if not threading.main_thread().is_alive():  # exiting: never keep the process up
            raise Cancelled
    if _LANE["cancel_waiting"]:
        raise Cancelled


def _run_in_worker(op_id: int, work: Callable[[Any], Any], flag: CancelFlag,
                   write: bool) -> None:
    """Worker thread body (a plain Python thread; see "Qt on a worker" above)."""
    dispatcher = _dispatcher
    made = None
    try:
        with collecting() as made:
            if write:
                _wait_for_the_lane()
                with _WRITE_LOCK:
                    result = work(flag)
            else:
                result = work(flag)
        _refuse_qt_objects(result)
    except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
        _let_go_of_cursors(exc)
        dispatcher.failed.emit(op_id, (exc, made.changes if made else NOTHING))
    else:
        dispatcher.finished.emit(op_id, (result, made.changes))
    finally:
        if not database.is_closed():
            database.close()  # this thread's connection only


def _let_go_of_cursors(exc: BaseException) -> None:
    """Clear the locals of the finished frames in ``exc``'s tracebacks (and its causes').

    They hold the worker's SQLite cursors, and on Python 3.11 ``close()`` leaves a connection
    open while a cursor of it that was not run to the end is alive: the database, its
    ``-wal`` and ``-shm`` stay held until the cursor goes. The failure travelling to the GUI
    thread kept it alive there, and Windows refuses to replace or delete a held file: after a
    read failed on a damaged file, "Restaurar a cópia" was refused there. The message, type
    and causes of ``exc`` are kept; only those locals go."""
    todo, seen = [exc], []
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        traceback.clear_frames(item.__traceback__)  # a frame still running (the worker) stays
        todo += [item.__cause__, item.__context__]
        todo += [a for a in item.args if isinstance(a, BaseException)]


def _refuse_qt_objects(result: Any) -> None:
    """A QObject made on a worker must not reach the GUI thread (it would belong to a thread
    without an event loop, and be freed from the wrong one)."""
    parts = result if isinstance(result, tuple | list) else (result,)
    if any(isinstance(part, QObject) for part in parts):
        raise TypeError("uma operação devolveu um objeto Qt feito fora da tela")


def announce(changes: Changes) -> None:
    """Broadcast ``changes`` now (GUI thread): for an operation run with ``announce=False``
    whose changes become final later (the contact kept when "Desfazer" times out)."""
    bus.publish(changes)


def wait_for_workers(timeout_s: float = 10.0) -> bool:
    """Block until no worker is running (tests, and closing the program); True if none is."""
    deadline = time.monotonic() + timeout_s
    while _BUSY and time.monotonic() < deadline:
        time.sleep(0.005)
    return not _BUSY


def describe_failure(exc: BaseException) -> str:
    """The Portuguese sentence shown for a failed operation."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.errors.values())
    if isinstance(exc, peewee.DatabaseError | peewee.InterfaceError):
        return classify_database_error(exc).message
    if isinstance(exc, OSError):
        return (f"Não foi possível ler ou gravar o arquivo ({exc.strerror or exc}). "
                "Confira a pasta e o espaço no disco e tente de novo.")
    return (f"Algo deu errado e a operação parou ({type(exc).__name__}). Nada foi gravado "
            "pela metade; tente de novo.")


def show_failure(parent: QWidget | None, exc: BaseException) -> None:
    """Default failure handler: a message box in Portuguese (nothing for a cancel)."""
    if isinstance(exc, Cancelled):
        return
    if is_database_error(exc):  # issue 9: the cause by name, in the one database message
        if writes_held():  # the start-up check is running and explains a damaged file
            _HELD_ERRORS.append((parent, exc))
            return
        show_database_error(parent, exc)
        return
    QMessageBox.warning(parent, "Não deu certo", describe_failure(exc))


def validation_or_message(
    parent: QWidget | None, show: Callable[[ValidationError], None]
) -> Callable[[BaseException], None]:
    """A failure handler: field problems go to ``show`` (next to the fields, typing kept);
    anything else is explained in a message box."""

    def handle(exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            show(exc)
        else:
            show_failure(parent, exc)

    return handle


class Op:
    """One operation: ``work(progress) -> result`` on a worker, callbacks on the GUI thread."""

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Any], Any],
        *,
        changes: Changes | None = None,
        label: str | None = None,
        cancellable: bool = False,
        write: bool = True,
        busy: QWidget | None = None,
        announce: bool = True,
    ):
        self._parent, self._work, self._changes = parent, work, changes or Changes()
        self._announce = announce
        self.changes = NOTHING  # what it changed, once finished (``announce=False``: to say)
        self._busy = busy  # disabled while running (no double click saves twice)
        self._label, self._cancellable, self._write = label, cancellable, write
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_dropped: Callable[[], None] | None = None
        self._dialog: QProgressDialog | None = None
        self._id = next(_NEXT_ID)
        self._epoch = _FILE_EPOCH["n"]
        self._flag = CancelFlag(self._emit_progress)

    def success(self, fn: Callable[[Any], None]) -> Op:
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> Op:
        self._on_failure = fn
        return self

    def dropped(self, fn: Callable[[], None]) -> Op:
        """``fn()`` in place of the failure callback when the failure is dropped (see
        ``forget_reads_on_damaged_file``)."""
        self._on_dropped = fn
        return self

    def cancel(self) -> None:
        """Ask the worker to stop at its next progress report."""
        self._flag.cancel()

    def running(self) -> bool:
        """True from ``run()`` until its result was handled: its callbacks ran, or were
        skipped (the screen was closed, or its database failure was dropped after the
        damaged-file dialog, when no callback runs at all)."""
        return _RUNNING.get(self._id) is self

    def run(self) -> Op:
        """Start the work on the thread pool; return self."""
        _get_dispatcher()
        _RUNNING[self._id] = self
        if self._busy is not None:
            self._busy.setEnabled(False)
        if self._label:
            self._dialog = self._progress_dialog()
        future = _POOL.submit(_run_in_worker, self._id, self._work, self._flag, self._write)
        _BUSY.add(future)
        future.add_done_callback(_BUSY.discard)
        return self

    def _emit_progress(self, done: int, total: int | None, text: str) -> None:
        _dispatcher.progressed.emit(self._id, done, -1 if total is None else total, text)

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(self._label, "Cancelar" if self._cancellable else None,
                                 0, 0, self._parent)
        dialog.setWindowTitle("Caderneta")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self._cancellable:
            dialog.canceled.connect(self.cancel)
        return dialog

    def _progressed(self, done: int, total: int, text: str) -> None:
        # A modal QProgressDialog's setValue() processes events: the op may finish or be
        # cancelled in there and drop the dialog, so each step re-checks it.
        dialog = self._dialog
        if dialog is None:
            return
        if text:
            dialog.setLabelText(text)
        dialog.setMaximum(max(total, 0))
        if self._dialog is dialog:
            dialog.setValue(min(done, total) if total >= 0 else 0)

    def _close_dialog(self) -> None:
        if self._busy is not None and shiboken6.isValid(self._busy):
            self._busy.setEnabled(True)
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _parent_gone(self) -> bool:
        """True when the screen that started the operation was closed meanwhile: its
        callbacks would touch deleted widgets, so they are skipped (the data is saved and
        the changes are still broadcast)."""
        return self._parent is not None and not shiboken6.isValid(self._parent)

    def _finished(self, result: Any, made: Changes) -> None:
        self._close_dialog()
        changes = self.changes = self._changes | made | getattr(result, "changes", NOTHING)
        if changes and self._announce:
            bus.publish(changes)  # screens refresh first; the caller's reaction comes last
        if self._on_success is not None and not self._parent_gone():
            self._on_success(result)

    def _failed(self, exc: BaseException, made: Changes) -> None:
        self._close_dialog()
        self.changes = made
        if made:
            bus.publish(made)  # the calls that finished before the failure did write
        if self._parent_gone():
            return
        if self._epoch != _FILE_EPOCH["n"] and is_database_error(exc):
            if self._on_dropped is not None:  # it ran on the damaged file, already explained
                self._on_dropped()  # by the dialog she answered: nothing to show
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            show_failure(self._parent, exc)


class BusyHint(QLabel):
    """The quiet "atualizando…" of a page whose read takes longer than a moment: a small grey
    word in the page's top-right corner, over the title row; it takes no room in the layout,
    catches no click and never covers what she is reading."""

    def __init__(self, page: QWidget):
        super().__init__("atualizando…", page)
        self.setObjectName("busyHint")
        set_role(self, "hint")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName("Atualizando os dados da tela")
        self.hide()
        page.installEventFilter(self)

    def show_over(self, page: QWidget) -> None:
        """Show in the corner of ``page`` (its parent)."""
        self._place(page)
        self.raise_()
        self.show()

    def _place(self, page: QWidget) -> None:
        self.adjustSize()
        self.move(max(0, page.width() - self.width() - HINT_MARGIN), HINT_MARGIN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place(watched)
        return False


class Reader(QObject):
    """A page's reads, newest result wins (see the module docstring)::

        self.reader = Reader(self)
        self.reader.read(lambda _p: overdue_report(today, settings), self._paint)

    A read overtaken by a newer one is never painted; ``follow`` chains a further read to the
    current one (the Painel: cards, then charts) under the same rule. ``hint`` False: no
    "atualizando…" (a card, a panel inside a page that shows its own)."""

    refreshed = Signal()  # a result was painted

    def __init__(self, page: QWidget, hint: bool = True):
        super().__init__(page)
        self._page = page
        self._generation = 0  # of the newest read started
        self._painted = 0  # of the newest read painted (or dropped)
        self._hint = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HINT_DELAY_MS)
        if hint:
            self._timer.timeout.connect(self._show_hint)

    def read(self, work: Callable[[Any], Any], paint: Callable[[Any], None],
             failed: Callable[[BaseException], None] | None = None, **options) -> Op:
        """Run ``work(progress)`` on a worker; ``paint(result)`` on the GUI thread unless a
        newer read was started meanwhile. ``failed``: instead of the default message;
        ``options``: the Op's ``label`` and ``cancellable`` (a long read with a dialog)."""
        self._generation += 1
        if not self._timer.isActive() and not self.hint_shown():
            self._timer.start()
        return self._run(work, paint, failed, options)

    def follow(self, work: Callable[[Any], Any], paint: Callable[[Any], None]) -> Op:
        """A further read of the one being painted (call it from ``paint``)."""
        return self._run(work, paint, None, {})

    def drop(self) -> None:
        """Nothing to read now: the reads on their way are never painted."""
        self._generation += 1
        self._current(self._generation)

    def waiting(self) -> bool:
        """True while the newest read has not been painted yet."""
        return self._painted < self._generation

    def hint_shown(self) -> bool:
        return self._hint is not None and self._hint.isVisible()

    def _run(self, work, paint, failed, options) -> Op:
        generation = self._generation
        return Op(self._page, work, write=False, **options).success(
            lambda result: self._arrived(generation, paint, result)).failure(
            lambda exc: self._failed(generation, exc, failed)).dropped(
            lambda: self._current(generation)).run()  # not waited for any more

    def _current(self, generation: int) -> bool:
        if generation != self._generation:
            return False  # a newer read is on its way: this result is already old
        self._painted = generation
        self._timer.stop()
        if self._hint is not None:
            self._hint.hide()
        return True

    def _arrived(self, generation: int, paint, result) -> None:
        if self._current(generation):
            paint(result)
            self.refreshed.emit()

    def _failed(self, generation: int, exc: BaseException, failed) -> None:
        if self._current(generation):
            (failed or (lambda e: show_failure(self._page, e)))(exc)

    def _show_hint(self) -> None:
        if self._hint is None:
            self._hint = BusyHint(self._page)
        self._hint.show_over(self._page)
