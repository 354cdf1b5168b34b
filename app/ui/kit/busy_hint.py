"""The quiet "atualizando…" a page shows while a read of its data takes longer than a moment."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.kit.style import set_role

MARGIN = 8


class BusyHint(QLabel):
    """A small grey word in the page's top-right corner, over the title row: it takes no
    room in the layout, catches no click and never covers what she is reading."""

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
        self.move(max(0, page.width() - self.width() - MARGIN), MARGIN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place(watched)
        return False
