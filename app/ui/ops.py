"""Operations: run a service call off the GUI thread, show progress, broadcast what changed.

Modelled on Anki's ``CollectionOp``/``QueryOp``::

    Op(self, lambda progress: record_payment(...), changes=Changes.of(Topic.PAYMENTS))
        .success(self._saved).failure(self._show_errors).run()

- ``work(progress)`` runs on a ``QThreadPool`` worker. SQLite connections are per thread
  (Peewee's thread-local state): the worker opens its own and closes it when done. Writes are
  serialised by one lock, so two operations never write at the same time.
- With ``label`` a progress dialog appears if the work lasts more than a moment; with
  ``cancellable`` it has "Cancelar", which makes the worker's next ``progress(...)`` call raise
  ``Cancelled`` (the service's transaction rolls back).
- Success and failure callbacks run on the GUI thread. On success the changes (declared with
  ``changes=``, and/or ``result.changes``) are broadcast on the bus once, before the success
  callback runs (so a message it shows is not wiped by a refresh); screens never publish.
  The default failure handler shows a Portuguese message, never a traceback; a database
  failure is explained by its cause (disk full, read-only, damaged…).
- ``idle()`` is True when no operation is running (tests: ``qtbot.waitUntil(ops.idle)``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import peewee
import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.models.db import database
from app.services.changes import Changes
from app.services.dberrors import classify_database_error
from app.services.dbhealth import is_database_error
from app.services.errors import ValidationError
from app.services.progress import CancelFlag, Cancelled
from app.ui.bus import bus
from app.ui.db_errors import show_database_error

_WRITE_LOCK = threading.Lock()
_RUNNING: set[Op] = set()
PROGRESS_DELAY_MS = 400


def idle() -> bool:
    """True when no operation is running."""
    return not _RUNNING


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)  # done, total (−1: unknown), text


class _Runner(QRunnable):
    def __init__(self, work: Callable[[Any], Any], flag: CancelFlag, signals: _Signals,
                 write: bool):
        super().__init__()
        self.setAutoDelete(True)
        self._work, self._flag, self._signals, self._write = work, flag, signals, write

    def run(self) -> None:  # worker thread
        try:
            if self._write:
                with _WRITE_LOCK:
                    result = self._work(self._flag)
            else:
                result = self._work(self._flag)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)
        finally:
            if not database.is_closed():
                database.close()  # this thread's connection only


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
        self._signals = _Signals()
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
        _RUNNING.add(self)
        if self._busy is not None:
            self._busy.setEnabled(False)
        connection = Qt.ConnectionType.QueuedConnection
        self._signals.finished.connect(self._finished, connection)
        self._signals.failed.connect(self._failed, connection)
        self._signals.progressed.connect(self._progressed, connection)
        if self._label:
            self._dialog = self._progress_dialog()
        QThreadPool.globalInstance().start(
            _Runner(self._work, self._flag, self._signals, self._write))
        return self

    def _emit_progress(self, done: int, total: int | None, text: str) -> None:
        self._signals.progressed.emit(done, -1 if total is None else total, text)

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
        if self._dialog is None:
            return
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total >= 0 else 0)
        if text:
            self._dialog.setLabelText(text)

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
        _RUNNING.discard(self)
        changes = self._changes | getattr(result, "changes", Changes())
        if changes:
            bus.publish(changes)  # screens refresh first; the caller's reaction comes last
        if self._on_success is not None and not self._parent_gone():
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        self._close_dialog()
        _RUNNING.discard(self)
        if self._parent_gone():
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            show_failure(self._parent, exc)
