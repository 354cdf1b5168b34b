"""Database errors in the window: one explanation, the dialog stays open, no traceback.

``show_database_error`` is the handler every UI write reaches: operations (``ops.Op``) through
their default failure handler, anything else through the exception hook ``install_handler``
puts in place. A failed operation leaves its dialog open with the typing (the service's
transaction saved nothing). It branches on ``dbhealth.Problem`` codes, never on text.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox, QSizePolicy, QSpacerItem, QWidget

from app.services.storage.dbhealth import Explanation, Problem, classify, is_database_error

ICONS = {
    Problem.DAMAGED: QMessageBox.Icon.Critical,
    Problem.DISK_FULL: QMessageBox.Icon.Critical,
    Problem.IO_ERROR: QMessageBox.Icon.Critical,
}


def message_box(parent: QWidget | None, explanation: Explanation,
                text: str | None = None) -> QMessageBox:
    """A message box (not shown yet) carrying ``explanation`` (``text`` instead of its
    message when given); its objectName is the code."""
    box = QMessageBox(parent)
    box.setObjectName(f"dbError_{explanation.code}")
    box.setWindowTitle(explanation.title)
    box.setIcon(ICONS.get(explanation.code, QMessageBox.Icon.Warning))
    box.setText(f"<b>{explanation.title}</b>")
    box.setInformativeText(explanation.message if text is None else text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    widen(box)
    return box


def widen(box: QMessageBox, width: int = 520) -> None:
    """Give a message box room for a paragraph instead of a narrow column of words."""
    grid = box.layout()
    grid.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Minimum,
                             QSizePolicy.Policy.Expanding), grid.rowCount(), 0, 1,
                 grid.columnCount())


def show_database_error(parent: QWidget | None, exc: BaseException) -> Explanation:
    """Explain ``exc`` in a modal message; return the explanation shown."""
    explanation = classify(exc)
    message_box(parent, explanation).exec()
    return explanation


def install_handler() -> None:
    """Explain any database error that reaches the event loop instead of printing it."""
    previous = sys.excepthook
    if getattr(previous, "explains_database_errors", False):
        return  # already in place (the window was opened before in this process)

    def hook(kind, exc, tb):
        if exc is not None and is_database_error(exc):
            show_database_error(QApplication.activeWindow(), exc)
            return
        previous(kind, exc, tb)

    hook.explains_database_errors = True
    sys.excepthook = hook
