"""The integrity check of the usual start, once the window is up (rule 2 of ``startup``).

The window says "Verificando o arquivo…" in its status bar while the check runs on a worker;
the file is open read-only meanwhile and write operations wait (``ops.hold_writes``). Passed:
the file is reopened for writing, the waiting writes go on, the day's backup starts. Failed:
the damaged-file dialog over the window — restore the newest good copy, keep looking
read-only, or close — and nothing was written to the file.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QLabel

from app.clock import Clock
from app.services.core.changes import EVERYTHING
from app.services.storage.backup import newest_good_backup
from app.services.storage.dbhealth import IntegrityReport, check_integrity
from app.ui.kit import ops
from app.ui.shell.notices import apply_read_only, show_start_notices
from app.ui.shell.startup import (
    DAMAGED_READ_ONLY,
    Choice,
    Opened,
    ask_damaged,
    open_file,
    restore_damaged,
    start_daily_backup,
)

CHECKING = "  Verificando o arquivo…  "


def check_after_showing(window, path: Path, opened: Opened, clock: Clock) -> ops.Op:
    """Run the check for the window just shown; the outcome is handled on the GUI thread."""
    window.checking = True
    mark = QLabel(CHECKING)
    mark.setObjectName("checkingMark")
    mark.setToolTip("O Caderneta confere se o arquivo de dados está inteiro antes de "
                    "gravar qualquer coisa. Você já pode consultar; o que for salvo agora "
                    "espera essa conferência (um instante).")
    window.statusBar().addPermanentWidget(mark)

    def finish(report: IntegrityReport) -> None:
        if not shiboken6.isValid(window):  # closed meanwhile: nothing more to do
            ops.release_writes(explain_held=False, cancel_waiting=True)
            return
        window.checking = False
        window.statusBar().removeWidget(mark)
        mark.deleteLater()
        opened.check_pending = False
        if report.ok:
            _passed(window, path, opened, clock)
        else:
            _damaged(window, path, opened, clock)

    # No parent: the outcome must be handled even if the window was closed meanwhile.
    return ops.Op(None, lambda _progress: check_integrity(path), write=False).success(
        finish).failure(lambda exc: finish(IntegrityReport(False, (str(exc),)))).run()


def _passed(window, path: Path, opened: Opened, clock: Clock) -> None:
    if not open_file(path, opened, clock):  # she was told why
        _close(window, opened)
        return
    if opened.read_only:
        apply_read_only(window, opened.read_only_reason)
    ops.release_writes(explain_held=True)
    opened.needs_backup = not opened.read_only
    start_daily_backup(window, path, opened, clock)
    window.maybe_welcome()


def _damaged(window, path: Path, opened: Opened, clock: Clock) -> None:
    good = newest_good_backup(path)
    choice = ask_damaged(path, good, window)
    ops.forget_reads_on_damaged_file()  # one dialog, always: her answer was the explanation
    if choice is Choice.READ_ONLY:
        opened.read_only, opened.read_only_reason = True, DAMAGED_READ_ONLY
        apply_read_only(window, DAMAGED_READ_ONLY)
        ops.release_writes(explain_held=False)  # the connection is read-only: refused
        return
    if choice is Choice.RESTORE:
        ops.wait_for_workers()  # the reads started with the window end on the old file
        if restore_damaged(path, good, opened, clock) and open_file(path, opened, clock):
            show_start_notices(window, opened)
            window._after_restore()
            ops.release_writes(explain_held=False)
            ops.announce(EVERYTHING)  # every screen shows the restored copy
            opened.needs_backup = not opened.read_only
            start_daily_backup(window, path, opened, clock)
            return
    _close(window, opened)


def _close(window, opened: Opened) -> None:
    """The window closes without having written anything; the program ends with code 1."""
    ops.release_writes(explain_held=False, cancel_waiting=True)
    opened.closed_unopened = True
    window.close()
