"""A light painter for the cells of a long RowTableModel list (the Clientes list).

Qt's own item painting lays every cell's text out twice per paint (once to measure, once
to draw) and asks the model for seven roles through Python; on a search keystroke that
repaints a screenful of rows this was most of the frame. This delegate lets the style paint
the cell's background (selection, alternate rows, focus) as usual and draws the text from a
``QStaticText`` remembered per text, so a repaint only places glyphs that are already laid
out. Texts wider than their cell are elided with "…" where the view says (in the middle for
the lists: two "Conceição Aparecida …" keep their different surnames in sight), or at the
end for a column marked ``elide_right`` (a piece's grid reads from its first colour on).

It also paints the whole screenful in one pass (``paint_rows``): Qt's table paints cell by
cell, and each cell crossed into Python three times (the row's background and the cell's
background through the application's style, then this painter), ~40 µs a cell, ~5 ms for a
screen of 20 rows × 6 columns on every keystroke of a search. One pass asks the style for
one background per row (the same fills, wider: the grid line covers the seams) and draws the
texts, the focus frame and the grid lines as ``QTableView.paintEvent`` does, with the same
pixels (``tests/kit/test_ui_row_painting.py`` compares them); a view it does not know how to
paint (right to left, moved or hidden rows, a dashed or see-through grid) is left to Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.kit.style import money_font

_SELECTED = QStyle.StateFlag.State_Selected.value  # compared as ints: enum flag
_FOCUS = QStyle.StateFlag.State_HasFocus.value  # arithmetic costs microseconds per cell
_ENABLED = QStyle.StateFlag.State_Enabled.value
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_ROW_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewRow
_GRID_COLOUR = QStyle.StyleHint.SH_Table_GridLineColor
_LEFT_TOP_LINES = QStyle.StyleHint.SH_Table_AlwaysDrawLeftTopGridLines
_ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate
_SELECTED_FLAG = QStyle.StateFlag.State_Selected
_FOCUS_FLAG = QStyle.StateFlag.State_HasFocus
_FOCUS_RECT = QStyle.PrimitiveElement.PE_FrameFocusRect
_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin
_MAX_REMEMBERED = 5_000  # laid-out texts kept (~40 screens, a few MB); then forgotten at once


class RowTextDelegate(QStyledItemDelegate):
    """Paints the text cells of ``view`` (a QTableView over a RowTableModel)."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.whole_rows = True  # paint a screenful in one pass (False: cell by cell, by Qt)
        self._static: dict[tuple, tuple[QStaticText, int, int]] = {}  # see _layout
        self._fonts: dict[bool, QFont] = {}
        self._refresh()
        view.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self._refresh()
            return self.whole_rows and self.paint_rows(event.rect())
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
            colour = option.palette.color(QPalette.ColorRole.HighlightedText)
        else:
            colour = column.foreground(row) if column.foreground else None
            if colour is None:
                colour = (self._text if state & _ENABLED
                          else option.palette.color(QPalette.ColorRole.Text))
        self._draw_text(painter, colour, model.texts(row)[c], column, option.rect.getRect())
        if state & _FOCUS:
            style.drawPrimitive(_FOCUS_RECT, option, painter, self.view)

    def _draw_text(self, painter, colour, text: str, column, rect: tuple) -> None:
        """One cell's text in ``rect`` (left, top, width, height): money on the right."""
        painter.setPen(colour)
        money = column.align_right
        painter.setFont(self._fonts[money])
        left, top, width, height = rect
        margin = self._margin
        static, text_width, text_height = self._layout(
            text, width - 2 * margin, money, painter, column.elide_right)
        x = left + width - margin - text_width if money else left + margin
        painter.drawStaticText(x, top + (height - text_height) // 2, static)

    def paint_rows(self, dirty: QRect) -> bool:
        """Paint the rows in ``dirty`` (viewport pixels) as ``QTableView.paintEvent`` would,
        cell for cell the same pixels, in one Python call. False: a view this does not paint
        (right to left, moved rows or columns, hidden rows, a dashed or see-through grid),
        which Qt paints cell by cell through ``paint``."""
        view = self.view
        across, down = view.horizontalHeader(), view.verticalHeader()
        if (view.isRightToLeft() or across.sectionsMoved() or down.sectionsMoved()
                or down.sectionsHidden() or across.count() == 0 or down.count() == 0):
            return False
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        style = self._style
        grid = 1 if view.showGrid() else 0
        grid_colour = QColor.fromRgba(style.styleHint(_GRID_COLOUR, option, view) & 0xFFFFFFFF)
        if grid and (grid_colour.alpha() != 255 or view.gridStyle() != Qt.PenStyle.SolidLine):
            return False  # the row's fill would show through the seams: Qt paints it
        dirty = QRect(dirty)
        dirty.setBottom(min(dirty.bottom(), down.length() - down.offset() - 1))
        dirty.setRight(min(dirty.right(), across.length() - across.offset() - 1))
        top, bottom = down.visualIndexAt(dirty.top()), down.visualIndexAt(dirty.bottom())
        if bottom == -1:
            bottom = down.count() - 1
        if not dirty.isValid() or top == -1 or top > bottom:
            return True  # nothing there to paint (Qt paints nothing either)
        left, right = across.visualIndexAt(dirty.left()), across.visualIndexAt(dirty.right())
        left = 0 if left == -1 else left
        right = across.count() - 1 if right == -1 else right
        columns = [(c, across.sectionViewportPosition(c), across.sectionSize(c))
                   for c in range(left, right + 1) if not across.isSectionHidden(c)]
        if not columns:
            return True
        painter = QPainter(view.viewport())
        try:
            self._paint_rows(painter, option, columns, top, bottom, grid)
            if grid:
                self._paint_grid(painter, option, dirty, columns, top, bottom, grid_colour)
        finally:
            painter.end()
        return True

    def _paint_rows(self, painter, option, columns, top: int, bottom: int, grid: int) -> None:
        """Each row: its background (the row's, then the item's, over all its cells at
        once), then each cell's text, and the focus frame around the current cell."""
        view, style, model = self.view, self._style, self.view.model()
        down, selection = view.verticalHeader(), view.selectionModel()
        enabled = bool(option.state.value & _ENABLED)
        if enabled:  # as QTableView does for each enabled cell
            option.palette.setCurrentColorGroup(QPalette.ColorGroup.Active)
        base_state, alternate = option.state, view.alternatingRowColors()
        selected_text = option.palette.color(QPalette.ColorRole.HighlightedText)
        plain_text = self._text if enabled else option.palette.color(QPalette.ColorRole.Text)
        current = view.currentIndex()
        focus = (current.isValid() and (view.hasFocus() or view.viewport().hasFocus()))
        focus_cell = (current.row(), current.column()) if focus else None
        whole, partly = _chosen_rows(selection, model.columnCount(), top, bottom)
        first_x, last = columns[0][1], columns[-1]
        span = last[1] + last[2] - grid - first_x
        cells = [(c, x, width - grid, model.COLUMNS[c]) for c, x, width in columns]
        fonts, margin, layout = self._fonts, self._margin, self._layout
        stripe = bool(top & 1) and alternate
        for r in range(top, bottom + 1):
            y, height = down.sectionViewportPosition(r), down.sectionSize(r) - grid
            if alternate:
                option.features = (option.features | _ALTERNATE if stripe
                                   else option.features & ~_ALTERNATE)
            stripe = not stripe and alternate
            in_whole = r in whole
            picked = ({c for c, *_ in cells if selection.isSelected(model.index(r, c))}
                      if r in partly else None)
            if picked is not None:  # some cells chosen, others not: each its own background
                for c, x, width, _column in cells:
                    option.state = base_state | _SELECTED_FLAG if c in picked else base_state
                    option.rect = QRect(x, y, width, height)
                    style.drawPrimitive(_ROW_PANEL, option, painter, view)
                    style.drawPrimitive(_PANEL, option, painter, view)
            else:
                option.state = base_state | _SELECTED_FLAG if in_whole else base_state
                option.rect = QRect(first_x, y, span, height)
                style.drawPrimitive(_ROW_PANEL, option, painter, view)
                style.drawPrimitive(_PANEL, option, painter, view)
            row = model.row_at(r)
            texts = model.texts(row)
            pen = font = None  # set again after the style painted
            for c, x, width, column in cells:
                chosen = in_whole if picked is None else c in picked
                colour = selected_text if chosen else None
                if colour is None and column.foreground:
                    colour = column.foreground(row)
                if colour is None:
                    colour = plain_text
                if colour is not pen:
                    painter.setPen(colour)
                    pen = colour
                money = column.align_right
                if money is not font:
                    painter.setFont(fonts[money])
                    font = money
                static, text_width, text_height = layout(
                    texts[c], width - 2 * margin, money, painter, column.elide_right)
                painter.drawStaticText(x + width - margin - text_width if money else x + margin,
                                       y + (height - text_height) // 2, static)
                if focus_cell == (r, c):
                    option.rect = QRect(x, y, width, height)
                    option.state = (base_state | _FOCUS_FLAG | _SELECTED_FLAG if chosen
                                    else base_state | _FOCUS_FLAG)
                    style.drawPrimitive(_FOCUS_RECT, option, painter, view)
                    pen = font = None

    def _paint_grid(self, painter, option, dirty: QRect, columns, top: int, bottom: int,
                    colour: QColor) -> None:
        """The grid lines over the seams, where QTableView draws them (solid, opaque)."""
        view = self.view
        across, down = view.horizontalHeader(), view.verticalHeader()
        left, right, high, low = dirty.left(), dirty.right(), dirty.top(), dirty.bottom()
        rows = [down.sectionViewportPosition(r) + down.sectionSize(r) - 1
                for r in range(top, bottom + 1)]
        seams = [x + width - 1 for _c, x, width in columns]
        for y in rows:  # a solid one-pixel line: the same pixels, filled (a line costs ~10 µs)
            painter.fillRect(left, y, right - left + 1, 1, colour)
        for x in seams:
            painter.fillRect(x, high, 1, low - high + 1, colour)
        if not self._style.styleHint(_LEFT_TOP_LINES, option, view):
            return  # (Fusion: never) the lines along a hidden header's edge, as Qt draws them
        painter.setPen(QPen(colour, 1, Qt.PenStyle.SolidLine))
        if across.isHidden() and down.sectionViewportPosition(top) == high:
            painter.drawLine(left, high, right, high)
        first = max(across.visualIndexAt(left), 0)
        if down.isHidden() and not across.isSectionHidden(first) and \
                across.sectionViewportPosition(first) == left:
            painter.drawLine(left, high, left, low)

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


def _chosen_rows(selection, columns: int, top: int, bottom: int) -> tuple[set, set]:
    """The rows from ``top`` to ``bottom`` chosen whole, and those only partly chosen (some
    of their cells), read once from the selection's ranges."""
    whole: set[int] = set()
    partly: set[int] = set()
    for chosen in selection.selection() if selection is not None else ():
        rows = range(max(chosen.top(), top), min(chosen.bottom(), bottom) + 1)
        every = chosen.left() <= 0 and chosen.right() >= columns - 1
        (whole if every else partly).update(rows)
    return whole, partly - whole


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
