"""Windows and dialogs that fit a small laptop (1366×768 at 125%) with their buttons visible.

At 125% text size a 1366×768 screen is 1093×614 logical pixels; a taskbar and a title bar
leave 1093×560 for a window's contents: every page and dialog is usable in that room
(``SMALLEST_SCREEN``). ``StackingSplitter`` puts a side panel under its list when the page
gets narrower than it needs side by side; ``when_narrow`` lets any widget rearrange itself at a
width. ``FlowLayout`` places items left to right and starts a new line when the next one does
not fit; ``flow_row(*widgets)`` is the usual way in, where a ``QHBoxLayout`` of buttons used to
be: one row on a wide screen, and at 125% on a 1366×768 laptop the last buttons go under the
first instead of off the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QWidget,
)

from app.ui.kit.style import SPACING

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


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = SPACING):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Everything on one line (what it asks for when there is room)."""
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self._gap * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as its widest item (the others wrap under it)."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); the height the lines take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._shown():
            hint = item.sizeHint().boundedTo(item.maximumSize()).expandedTo(item.minimumSize())
            width = min(hint.width(), area.width())
            if x > area.x() and x + width > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


def flow_row(*widgets: QWidget, name: str = "") -> QWidget:
    """A widget holding ``widgets`` in a ``FlowLayout`` (a row of buttons that wraps)."""
    holder = QWidget()
    if name:
        holder.setObjectName(name)
    layout = FlowLayout(holder)
    for widget in widgets:
        layout.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder
