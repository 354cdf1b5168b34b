"""Windows and dialogs that fit a small laptop screen (1280×720) with their buttons visible."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

SMALLEST_SCREEN = QSize(1280, 690)  # 1280×720 minus a taskbar: every screen must fit this


def available_size(widget: QWidget | None = None) -> QSize:
    """The room the screen gives a window (taskbar excluded)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return SMALLEST_SCREEN
    return screen.availableGeometry().size()


def fit_size(wanted: QSize, room: QSize, margin: int = 24) -> QSize:
    """``wanted`` made no larger than ``room`` minus a margin for the window frame."""
    return QSize(min(wanted.width(), room.width() - margin),
                 min(wanted.height(), room.height() - margin - 16))


def resize_to_fit(window: QWidget, width: int, height: int, room: QSize | None = None) -> None:
    """Resize to ``width``×``height``, or less when the screen is smaller."""
    window.resize(fit_size(QSize(width, height), room or available_size(window)))


def scrolling(content: QWidget, name: str = "") -> QScrollArea:
    """``content`` inside a frameless vertical scroll area (long forms on short screens)."""
    area = QScrollArea()
    if name:
        area.setObjectName(name)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
