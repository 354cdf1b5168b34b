"""Windows and dialogs that fit a small laptop (1366×768 at 125%) with their buttons visible.

At 125% text size a 1366×768 screen is 1093×614 logical pixels; a taskbar and a title bar
leave 1093×560 for a window's contents: every page and dialog is usable in that room
(``SMALLEST_SCREEN``). ``when_narrow`` lets a page rearrange itself (a side panel goes under
its table) when it gets narrower than it needs side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QWidget

SMALLEST_SCREEN = QSize(1093, 560)  # 1366×768 at 125%, minus a taskbar and a title bar


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


class StackingSplitter(QSplitter):
    """A list and its side panel: side by side when the splitter is at least ``threshold``
    wide, the panel under the list when narrower. The panel starts at ``side`` pixels
    (its width, or its height when under); the list takes the rest. ``arranged(narrow)``
    tells the panel to rearrange its own insides."""

    arranged = Signal(bool)

    def __init__(self, threshold: int, side: tuple[int, int], parent: QWidget | None = None):
        super().__init__(parent)
        self.threshold = threshold
        self.side = side  # (width beside, height under)
        self.narrow: bool | None = None
        self.setChildrenCollapsible(False)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        narrow = self.width() < self.threshold
        if narrow == self.narrow or self.count() < 2:
            return
        self.narrow = narrow
        self.setOrientation(Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal)
        self.arranged.emit(narrow)  # the panel's new minimum counts in the sizes below
        total = self.height() if narrow else self.width()
        side = self.side[1] if narrow else self.side[0]
        self.setSizes([max(total - side - self.handleWidth(), 1), side])


class _NarrowWatch(QObject):
    """Calls ``arrange(narrow)`` when ``host`` crosses ``threshold`` logical pixels wide."""

    def __init__(self, host: QWidget, threshold: int, arrange: Callable[[bool], None]):
        super().__init__(host)
        self.threshold = threshold
        self.arrange = arrange
        self.narrow: bool | None = None
        host.installEventFilter(self)
        self.check(host.width())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.check(event.size().width())
        return False

    def check(self, width: int) -> None:
        narrow = width < self.threshold
        if narrow != self.narrow:
            self.narrow = narrow
            self.arrange(narrow)


def when_narrow(host: QWidget, threshold: int, arrange: Callable[[bool], None]) -> QObject:
    """Call ``arrange(True)`` whenever ``host`` becomes narrower than ``threshold`` and
    ``arrange(False)`` when it is wide again (and once now, for its current width)."""
    return _NarrowWatch(host, threshold, arrange)
