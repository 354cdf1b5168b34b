"""Operations: run a service call off the GUI thread, show progress, broadcast what changed.

Modelled on Anki's ``CollectionOp``/``QueryOp``::

    Op(self, lambda progress: record_payment(...), changes=Changes.of(Topic.PAYMENTS))
        .success(self._saved).failure(self._show_errors).run()

- ``work(progress)`` runs on a worker (a small pool of plain Python threads, each given a Qt
  event dispatcher when it starts, for the PDF's text layout; no widget is made there).
  SQLite connections are per thread (Peewee's thread-local state): the worker opens its own
  and closes it when done. Writes are serialised by one lock, so
  two operations never write at the same time.
- With ``label`` a progress dialog appears if the work lasts more than a moment; with
  ``cancellable`` it has "Cancelar", which makes the worker's next ``progress(...)`` call raise
  ``Cancelled`` (the service's transaction rolls back).
- Success and failure callbacks run on the GUI thread. On success the changes (declared with
  ``changes=``, and/or ``result.changes``) are broadcast on the bus once, before the success
  callback runs (so a message it shows is not wiped by a refresh); screens never publish.
  The default failure handler shows a Portuguese message, never a traceback; a database
  failure is explained by its cause (disk full, read-only, damaged…).
- ``hold_writes()`` closes the write lane (start-up, while the file's integrity check runs):
  a write operation started meanwhile waits on its worker, reads go on; a database error of
  a read is kept, not shown, since the check explains a damaged file itself.
  ``release_writes(explain_held, cancel_waiting)`` opens the lane, shows the kept errors
  when asked, and with ``cancel_waiting`` the waiting writes end as cancelled, unwritten.
- ``forget_reads_on_damaged_file()``: once she has answered the damaged-file dialog
  (restore, read-only or close), the database failures of the operations started before —
  reads that were running on the damaged file — are dropped, kept ones too: the dialog she
  answered was the explanation, and one dialog is shown, never a second one after it.
- ``idle()`` is True when no operation is running (tests: ``qtbot.waitUntil(ops.idle)``).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import peewee
import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.models.db import database
from app.services.core.changes import Changes
from app.services.core.errors import ValidationError
from app.services.core.progress import CancelFlag, Cancelled
from app.services.storage.dberrors import classify_database_error
from app.services.storage.dbhealth import is_database_error
from app.ui.kit.bus import bus
from app.ui.shell.db_errors import show_database_error

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


def idle() -> bool:
    """True when no operation is running."""
    return not _RUNNING


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

    finished = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int, str)  # op id, done, total (−1: unknown), text

    def __init__(self):
        super().__init__()
        queued = Qt.ConnectionType.QueuedConnection
        self.finished.connect(lambda op_id, result: _deliver(op_id, "_finished", result), queued)
        self.failed.connect(lambda op_id, exc: _deliver(op_id, "_failed", exc), queued)
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
    """Worker thread body (a plain Python thread: no Qt object is created or freed here)."""
    dispatcher = _dispatcher
    try:
        if write:
            _wait_for_the_lane()
            with _WRITE_LOCK:
                result = work(flag)
        else:
            result = work(flag)
    except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
        dispatcher.failed.emit(op_id, exc)
    else:
        dispatcher.finished.emit(op_id, result)
    finally:
        if not database.is_closed():
            database.close()  # this thread's connection only


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
    ):
        self._parent, self._work, self._changes = parent, work, changes or Changes()
        self._busy = busy  # disabled while running (no double click saves twice)
        self._label, self._cancellable, self._write = label, cancellable, write
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
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

    def cancel(self) -> None:
        """Ask the worker to stop at its next progress report."""
        self._flag.cancel()

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

    def _finished(self, result: Any) -> None:
        self._close_dialog()
        changes = self._changes | getattr(result, "changes", Changes())
        if changes:
            bus.publish(changes)  # screens refresh first; the caller's reaction comes last
        if self._on_success is not None and not self._parent_gone():
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        self._close_dialog()
        if self._parent_gone():
            return
        if self._epoch != _FILE_EPOCH["n"] and is_database_error(exc):
            return  # it ran on the damaged file, already explained by the dialog she answered
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            show_failure(self._parent, exc)
