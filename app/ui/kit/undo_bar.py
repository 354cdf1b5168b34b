"""A confirmation strip with "Desfazer": says what was just done, offers to undo for a while.

``show_done(text, undo, settle)``: ``undo()`` runs if she clicks "Desfazer" before the timer
ends; ``settle()`` runs when the time is up (or ``settle_now()`` is called, e.g. by the next
action). Tests fire ``timer.timeout`` instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from app.ui.kit.style import set_role

UNDO_SECONDS = 6


class UndoBar(QFrame):
    """"Mensagem da Natália copiada  [Desfazer]" for a few seconds."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("undoBar")
        set_role(self, "toast")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setObjectName("undoText")
        self.label.setWordWrap(True)
        self.undo_button = QPushButton("Desfazer")
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo)
        row.addWidget(self.label, 1)
        row.addWidget(self.undo_button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(UNDO_SECONDS * 1000)
        self.timer.timeout.connect(self.settle_now)
        self._undo: Callable[[], None] | None = None
        self._settle: Callable[[], None] | None = None
        self.hide()

    @property
    def pending(self) -> bool:
        return self._settle is not None

    def show_done(self, text: str, undo: Callable[[], None],
                  settle: Callable[[], None]) -> None:
        self.settle_now()
        self.label.setText(text)
        self._undo, self._settle = undo, settle
        self.undo_button.show()
        self.show()
        self.timer.start()

    def undo(self) -> None:
        undo, self._undo, self._settle = self._undo, None, None
        self.timer.stop()
        self.hide()
        if undo is not None:
            undo()

    def settle_now(self) -> None:
        """Time is up (or the next action started): keep what was done."""
        settle, self._undo, self._settle = self._settle, None, None
        self.timer.stop()
        if settle is not None:
            self.hide()
            settle()
