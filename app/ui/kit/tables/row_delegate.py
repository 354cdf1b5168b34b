"""A light painter for the cells of a long RowTableModel list (the Clientes list).

Qt's own item painting lays every cell's text out twice per paint (once to measure, once
to draw) and asks the model for seven roles through Python; on a search keystroke that
repaints a screenful of rows this was most of the frame. This delegate lets the style paint
the cell's background (selection, alternate rows, focus) as usual and draws the text from a
``QStaticText`` remembered per text, so a repaint only places glyphs that are already laid
out. Texts wider than their cell are elided with "…" where the view says (in the middle for
the lists: two "Conceição Aparecida …" keep their different surnames in sight), or at the
end for a column marked ``elide_right`` (a piece's grid reads from its first colour on).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from app.ui.kit.style import money_font

_SELECTED = QStyle.StateFlag.State_Selected.value  # compared as ints: enum flag
_FOCUS = QStyle.StateFlag.State_HasFocus.value  # arithmetic costs microseconds per cell
_ENABLED = QStyle.StateFlag.State_Enabled.value
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_FOCUS_RECT = QStyle.PrimitiveElement.PE_FrameFocusRect
_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin
_MAX_REMEMBERED = 5_000  # laid-out texts kept (~40 screens, a few MB); then forgotten at once


class RowTextDelegate(QStyledItemDelegate):
    """Paints the text cells of ``view`` (a QTableView over a RowTableModel)."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self._static: dict[tuple, tuple[QStaticText, int, int]] = {}  # see _layout
        self._fonts: dict[bool, QFont] = {}
        self._refresh()
        view.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self._refresh()
        return False

    def _refresh(self) -> None:
        """Before each paint, read once what all its cells share (style, text colour, fonts,
        margin): asked per cell, these calls into Qt were a third of the paint."""
        view = self.view
        self._style = view.style()
        self._text = view.palette().color(QPalette.ColorRole.Text)
        if self._fonts.get(False) != view.font():
            self._fonts = {False: view.font(), True: money_font(view.font())}
            self._static.clear()
        self._margin = self._style.pixelMetric(_MARGIN, None, view) + 1

    def paint(self, painter, option, index) -> None:
        model = self.view.model()
        row, c = model.row_at(index.row()), index.column()
        column = model.COLUMNS[c]
        style = self._style
        style.drawPrimitive(_PANEL, option, painter, self.view)
        state = option.state.value
        if state & _SELECTED:
            painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText))
        else:
            colour = column.foreground(row) if column.foreground else None
            if colour is None:
                colour = (self._text if state & _ENABLED
                          else option.palette.color(QPalette.ColorRole.Text))
            painter.setPen(colour)
        money = column.align_right
        painter.setFont(self._fonts[money])
        left, top, width, height = option.rect.getRect()
        margin = self._margin
        static, text_width, text_height = self._layout(
            model.texts(row)[c], width - 2 * margin, money, painter, column.elide_right)
        x = left + width - margin - text_width if money else left + margin
        painter.drawStaticText(x, top + (height - text_height) // 2, static)
        if state & _FOCUS:
            style.drawPrimitive(_FOCUS_RECT, option, painter, self.view)

    def _layout(self, text: str, width: int, money: bool, painter,
                elide_right: bool = False) -> tuple:
        """The laid-out text, its width and height; elided to ``width`` when it does not
        fit. Remembered by text, not by cell width, so a column that narrows by a scroll
        bar's width (a search that fills the screen) keeps every layout that still fits."""
        found = self._static.get((text, money))
        if found is None:
            found = self._remember((text, money), text, money, painter)
        if found[1] <= width:
            return found
        key = (text, money, width, "end") if elide_right else (text, money, width)
        elided = self._static.get(key)
        if elided is None:
            mode = Qt.TextElideMode.ElideRight if elide_right else self.view.textElideMode()
            shown = painter.fontMetrics().elidedText(text, mode, width)
            elided = self._remember(key, shown, money, painter)
        return elided

    def _remember(self, key: tuple, text: str, money: bool, painter) -> tuple:
        if len(self._static) >= _MAX_REMEMBERED:
            self._static.clear()
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(painter.transform(), self._fonts[money])
        size = static.size()
        found = self._static[key] = (static, round(size.width()), round(size.height()))
        return found


class ColumnElideDelegate(QStyledItemDelegate):
    """Qt's own cell painting, eliding at the end in the columns marked ``elide_right`` (the
    view's mode, in the middle, elsewhere): for the short tables that keep Qt's painter."""

    def __init__(self, view, columns):
        super().__init__(view)
        self._right = {n for n, c in enumerate(columns) if c.elide_right}

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt override
        super().initStyleOption(option, index)
        if index.column() in self._right:
            option.textElideMode = Qt.TextElideMode.ElideRight
