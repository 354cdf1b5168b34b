"""What an empty list is for, and the next step: shown over a table while it has no rows.

``EmptyOverlay(view, text, actions)`` watches the view's model and appears by itself when
there is nothing to show (``text`` may be a function, e.g. to name the search that found no
one). One line per table: no page has to remember to toggle it. While a ``RowTableModel``
was never given rows (its first read is on a worker) nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractProxyModel, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.kit.style import set_role

Action = tuple[str, Callable[[], None]]


def _loaded(model) -> bool:
    """False while the list's first rows are still being read (no "nothing here" before the
    read has said so)."""
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    return getattr(model, "loaded", True)


class EmptyOverlay(QWidget):
    """A kind sentence and a button or two, centred in an empty table."""

    def __init__(self, view: QAbstractItemView, text: str | Callable[[], str],
                 actions: Sequence[Action] = (), name: str = ""):
        super().__init__(view.viewport())
        self.setObjectName(name or f"{view.objectName()}Empty")
        self.view = view
        self._text = text
        column = QVBoxLayout(self)
        column.addStretch(1)
        self.label = set_role(QLabel(), "empty")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: list[QPushButton] = []
        for caption, slot in actions:
            button = QPushButton(caption)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(2)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self.update_state)
        view.viewport().installEventFilter(self)
        self.update_state()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False

    def update_state(self, *_args) -> None:
        empty = self.view.model().rowCount() == 0 and _loaded(self.view.model())
        if empty:
            self.label.setText(self._text() if callable(self._text) else self._text)
            self.setGeometry(self.view.viewport().rect())
        self.setVisible(empty)

    def text(self) -> str:
        return self.label.text() if self.isVisibleTo(self.view) else ""
