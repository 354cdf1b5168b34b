"""Progress and cancellation for long services (import, export, reports, demo), without Qt.

A long service takes ``progress: Progress = NO_PROGRESS`` and calls
``progress(done, total, text)`` every few hundred rows. The caller's progress function raises
``Cancelled`` once the user asked to stop; the service does its writes in one transaction,
so a cancel rolls everything back and leaves the database exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Cancelled(Exception):
    """The user clicked "Cancelar": stop, and let the transaction roll back."""


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, text: str = "") -> None: ...


def NO_PROGRESS(done: int, total: int | None = None, text: str = "") -> None:  # noqa: N802
    """A progress function that reports nowhere and never cancels."""


class CancelFlag:
    """A progress function for threads: ``cancel()`` from one side, the worker's next
    progress call raises ``Cancelled``; ``report`` (optional) receives each update."""

    def __init__(self, report: Callable[[int, int | None, str], None] | None = None):
        self.cancelled = False
        self._report = report

    def cancel(self) -> None:
        self.cancelled = True

    def __call__(self, done: int, total: int | None = None, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        if self._report is not None:
            self._report(done, total, text)
