"""Progress and cancellation for long services (reports), without Qt.

Local stand-in with the names of issue 8's module (``Cancelled``, ``Progress``,
``NO_PROGRESS``) until it lands on main; the merge takes main's version.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user clicked "Cancelar": stop."""


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, text: str = "") -> None: ...


def NO_PROGRESS(done: int, total: int | None = None, text: str = "") -> None:  # noqa: N802
    """A progress function that reports nowhere and never cancels."""
