"""A page for a screen that a later version fills ("em breve")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.style import set_role
from app.ui.widgets import title_label


class PlaceholderPage(QWidget):
    """Title plus a short explanation of what will be here."""

    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(title))
        label = QLabel(f"Em breve. {text}")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop)
        set_role(label, "empty")
        layout.addWidget(label)
        layout.addStretch(1)
