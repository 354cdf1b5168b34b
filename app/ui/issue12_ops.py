"""Writes of the acordos/fidelidade screens, in one place until ``app.ui.ops`` lands.

When ``app.ui.ops.Op`` exists the work runs there (worker thread, change broadcast, failure
shown in Portuguese); otherwise it runs here and the change is broadcast on the bus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.services.changes import Topic
from app.services.errors import ValidationError
from app.ui.bus import bus

AGREEMENTS = Topic.AGREEMENTS


def run_write(parent: QWidget, work: Callable[[], object], topics: tuple[str, ...],
              on_success: Callable[[object], None],
              on_error: Callable[[ValidationError], None]) -> None:
    """Run ``work``; then ``on_success(result)`` and broadcast ``topics``, or
    ``on_error(exc)`` for a ValidationError (the reseller's input to fix)."""
    try:
        result = work()
    except ValidationError as exc:
        on_error(exc)
        return
    bus.notify(*topics)
    on_success(result)
