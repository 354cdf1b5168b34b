"""A sheet part over ``FLOOR_BYTES`` counted cheaply before the whole pass (``check_floor``),
never above what the whole pass counts (``cells`` has the rules and the costs), so that a
sheet that cannot be read is refused after one cheap pass, its far cell at the end or not.

Rules:
- Values: an xlsx cell with a value (``<v>``, ``<is>``), an ods cell with a value type; each
  costs at least its position and its listing (xlsx) or its push (ods), and an ods string two
  copies of a text of its own. In an ods the values are counted table by table (each table is
  kept; only the largest one's pushes are added).
- Positions: the rectangle of the values in the first chunk holding one, read exactly (in an
  ods, the first one of each table), stretched to the last value of each chunk and to any
  value placed far in a cheap way: in an xlsx, a cell whose address lies right of it; in an
  ods, a value behind a cell repeated across, or a row repeated down, 100 times or more. A
  position is taken from the cell's address, or counted from the rows (their repeats
  included) and cells before it in its chunk, never more than there are (a cell written
  without its address after an unread one counts from the chunk's start), so the rectangle
  is never larger than the one the whole pass finds, and names the cell it finds. A far cell
  at the end of a dense sheet (3 million numbers, then "x" at XFD320001) is found here in a
  few counts a chunk instead of at the end of the whole pass; one inside a chunk placed
  otherwise (an xlsx cell without its address after thousands of empty ones, an xlsx row far
  down by its address), by the whole pass where it lies (it stops as soon as the sheet is
  over the limit).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from app.services.spreadsheets.reader_memory.cells import (
    MAX_READER_BYTES,
    ODS_PUSH,
    POSITION,
    SPARSE,
    STRING,
    XLSX_CELL,
    Box,
    FarCell,
    TooManyCells,
    cell_name,
    column_number,
    complete_tags,
)
from app.services.spreadsheets.reader_memory.ods_cells import _ODS_COLUMNS, OdsCells, _repeats
from app.services.spreadsheets.reader_memory.xlsx_cells import (
    _R_ATTR,
    _R_EQ,
    _XLSX_REF,
    XlsxCells,
    _split_ref,
    _tokens_from,
)

_EXACT_CHUNKS = 4  # chunks read exactly at most, looking for a table's first value
_RIGHT_HITS = 64  # cells right of the rectangle looked at in one chunk, at most


def check_floor(chunks: Iterable[bytes], ods: bool, prefix: bytes = b"table") -> None:
    """Refuse (``TooManyCells``, ``FarCell``) a sheet whose values alone, or the rectangle
    known from its first values to the last value of some chunk, cost more than
    ``MAX_READER_BYTES``; ``prefix``: the ods table namespace's prefix."""
    floor = OdsFloor(prefix) if ods else XlsxFloor()
    for chunk in chunks:
        floor.feed(chunk)
        if floor.cost() > MAX_READER_BYTES:
            raise floor.refusal()


@functools.lru_cache(maxsize=64)
def _right_of(right: int) -> re.Pattern:
    """A pattern finding a cell that is not empty (``<c r="B2" s="1"/>``) and whose address
    is malformed or right of column ``right`` (0-based)."""
    return re.compile(rb'<c r="(?!' + _tokens_from(b"A", cell_name(1, right + 1)[:-1].encode(),
                                                   b"AZ", 65) + rb'\d)[^>]*+(?<!/)>')


class XlsxFloor:
    """The floor of one xlsx sheet, fed its XML in chunks."""

    def __init__(self):
        self.cells = 0
        self.exact: XlsxCells | None = XlsxCells()  # the first chunks, until a value
        self.read = 0
        self.box = Box()
        self.row = 0  # while no tag has an r: the row the next cell is in, or fewer
        self.plain = True
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        done, self._tail = complete_tags(self._tail, chunk)
        if not done:
            return
        self.cells += done.count(b"<v>") + done.count(b"<is>")
        if self.exact is not None:
            self._exactly(done)
            return
        if self.box.top < 0:
            return
        if self.plain and (_R_EQ.search(done) or b":" in done and (
                b":c" in done or b":row" in done)):
            self.plain = False  # rows may begin anywhere: not counted by their ends
        if self.plain:
            ends = _row_ends(done)
            self._last_value(done, ends)
            self.row += ends
        else:
            self._right(done)
            self._last_value(done, 0)

    def _exactly(self, done: bytes) -> None:
        exact = self.exact
        exact.feed(done)
        self.read += 1
        if exact.box.top >= 0:
            self.box, self.row, self.exact = exact.box, exact.row, None
        elif self.read >= _EXACT_CHUNKS:
            self.exact = None  # no value yet: the positions are left to the whole pass

    def _right(self, done: bytes) -> None:
        """Stretch the rectangle to the cells with a value whose address lies right of it."""
        at = 0
        for _ in range(_RIGHT_HITS):
            found = _right_of(self.box.right).search(done, at)
            if found is None:
                return
            at = found.end()
            ref = _XLSX_REF.match(done, found.start())
            if ref is not None:
                row, col = _split_ref(ref.group(1))
                self.box.add(row - 1, row - 1, col - 1, col - 1, (row - 1, col - 1),
                             (row - 1, col - 1))

    def _last_value(self, done: bytes, ends: int) -> None:
        """Stretch the rectangle to the last cell of ``done`` holding something (``ends``:
        the rows that end in it, counted while no tag has an r)."""
        end = done.rfind(b"</c>")
        start = done.rfind(b"<c", 0, end) if end > 0 else -1
        while start >= 0 and done[start + 2] not in _AFTER_NAME:  # <col, <color: not cells
            start = done.rfind(b"<c", 0, start)
        close = done.find(b">", start)
        if start < 0 or done[close - 1] == 47:  # "/": an empty cell
            return
        ref = _R_ATTR.search(done, start, close)
        if ref is not None:
            if not (ref.group(1) and ref.group(2)):
                return
            row, col = int(ref.group(2)) - 1, column_number(ref.group(1)) - 1
        elif self.plain:
            row = self.row + ends - _row_ends(done, start)
            row_start = done.rfind(b"<row", 0, start)
            if row_start >= 0 and done[done.find(b">", row_start) - 1] == 47:
                return  # after <row/>: not in a row
            after = max(done.find(b">", row_start) + 1 if row_start >= 0 else 0,
                        done.rfind(b"</row>", 0, start) + 1)
            col = sum(done.count(tag, after, start) for tag in (b"<c>", b"<c ", b"<c/"))
        else:
            return
        self.box.add(row, row, col, col, (row, col), (row, col))

    def cost(self) -> int:
        return POSITION * max(self.cells, self.box.positions) + XLSX_CELL * self.cells

    def refusal(self) -> Exception:
        if self.box.positions > SPARSE * max(self.cells, 1):
            return FarCell(self.box.far(), self.box.positions)
        return TooManyCells(self.cells)


_ROW_ALONE = re.compile(rb"<row\b[^>]*/>")
_AFTER_NAME = b" \t\r\n/>"


def _row_ends(done: bytes, start: int = 0) -> int:
    """The rows that end in ``done`` from ``start``: ``</row>`` and ``<row .../>``."""
    return done.count(b"</row>", start) + len(_ROW_ALONE.findall(done, start))


_FAR_REPEAT = re.compile(rb'number-(?:(rows)|columns)-repeated="\d{3,}"[^>]*>'
                         rb"(?!</table:table-row>)")
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b[^>]*>")
_TABLE = (b"<table:table ", b"<table:table>")
_ROW = (b"<table:table-row ", b"<table:table-row>")
_ROWS_REPEATED = re.compile(rb'<table:table-row\b[^>]*?number-rows-repeated\s*=\s*["\']\s*(\d+)')


def _rows(done: bytes, start: int = 0) -> int:
    """The rows that begin in ``done`` from ``start``, repeats included."""
    rows = done.count(_ROW[0], start) + done.count(_ROW[1], start)
    if done.find(b"rows-repeated", start) >= 0:
        rows += sum(max(int(n), 1) - 1 for n in _ROWS_REPEATED.findall(done, start))
    return rows


class OdsFloor:
    """The floor of an ods ``content.xml``, fed its XML in chunks. Positions are followed for
    the ``table:`` prefix LibreOffice writes; with another, only the values are counted."""

    def __init__(self, prefix: bytes = b"table"):
        self.prefix = prefix
        self.strings = 0
        self.kept = 0  # finished tables: what they keep
        self.peak = 0  # finished tables: the largest of a table's copy or pushes
        self.worst: Exception | None = None  # the refusal of the finished table of that peak
        self.exact: OdsCells | None = OdsCells(prefix)
        self.read = 0
        self._table(None)
        self._tail = b""

    def _table(self, table) -> None:
        """Follow ``table`` (an exact reader's current table) cheaply from now on; None: the
        part before any table."""
        self.name = table.name if table is not None else ""
        self.box = table.data if table is not None else Box()
        self.values = table.values if table is not None else 0
        self.pushes = table.pushes if table is not None else 0
        self.next_row = table.next_row if table is not None else 0  # or fewer

    def feed(self, chunk: bytes) -> None:
        done, self._tail = complete_tags(self._tail, chunk)
        if not done:
            return
        self.strings += done.count(b'office:value-type="string"')  # dates left out: fewer
        if self.prefix != b"table":
            self.values += done.count(b"office:value-type=")
            return
        start = min((at for at in map(done.find, _TABLE) if at >= 0), default=-1)
        if self.exact is not None:
            self._exactly(done)
            return
        cheap = done[:start] if start >= 0 else done
        self.values += cheap.count(b"office:value-type=")
        rows = _rows(cheap)
        if self.box.top >= 0:
            self._behind_repeats(cheap, rows)
            self._last_value(cheap, rows)
        if start >= 0:
            self._end_table()
            self.exact, self.read = OdsCells(self.prefix), 0
            self._exactly(done[start:])
        else:
            self.next_row += rows

    def _exactly(self, done: bytes) -> None:
        exact = self.exact
        exact.feed(done)
        self.read += 1
        for table in exact.tables:  # finished: counted exactly
            self._finished(table.kept(), ODS_PUSH * table.pushes, table.refusal())
        exact.tables = []
        table = exact.table
        if table is not None and (table.data.top >= 0 or self.read >= _EXACT_CHUNKS):
            if exact.row is not None:  # the row it is reading: the next one comes after it
                table.next_row += exact.row.repeats
            self._table(table)
            self.exact = None
            if table.data.top < 0:
                self.box = Box()  # no value yet: the positions are left to the whole pass
        elif table is None and self.read >= _EXACT_CHUNKS:
            self._table(None)
            self.exact = None

    def _finished(self, kept: int, pushes: int, refusal: Exception) -> None:
        self.kept += kept
        if max(kept, pushes) > self.peak:
            self.peak, self.worst = max(kept, pushes), refusal

    def _end_table(self) -> None:
        kept = POSITION * max(self.values, self.box.positions)
        self._finished(kept, ODS_PUSH * max(self.values, self.pushes), self._refusal())
        self._table(None)

    def _behind_repeats(self, done: bytes, rows: int) -> None:
        """Stretch the rectangle to the values that follow a cell repeated across 100 times or
        more in their row (but LibreOffice's padding, which ends the row), or a row repeated
        down 100 times or more in their table: how an ods puts a value far away."""
        at = 0
        for _ in range(_RIGHT_HITS):
            found = _FAR_REPEAT.search(done, at)
            if found is None:
                return
            at = found.end()
            end = done.find(b"</table:table>" if found.group(1) else b"</table:table-row>", at)
            value = done.find(b"office:value-type=", found.start(), end if end >= 0 else None)
            if value >= 0:
                self._value_at(done, value, rows)

    def _last_value(self, done: bytes, rows: int) -> None:
        """Stretch the rectangle to the last value of ``done`` (``rows``: the rows that begin
        in ``done``)."""
        self._value_at(done, done.rfind(b"office:value-type="), rows)

    def _value_at(self, done: bytes, at: int, rows: int) -> None:
        """Stretch the rectangle to the value whose type is at ``at`` when its row begins in
        ``done`` (``rows``: the rows that begin in ``done``)."""
        cell = done.rfind(b"<table:table-cell", 0, at)
        if at < 0 or cell < 0 or done.find(b">", cell) < at:
            return
        row_start = done.rfind(_ROW[0], 0, cell)
        row_start = max(row_start, done.rfind(_ROW[1], max(row_start, 0), cell))
        if row_start < 0 or done.find(b"</table:table-row>", row_start, cell) >= 0:
            return
        after = done.find(b">", row_start) + 1
        if done[after - 2] == 47:  # "/": an empty row
            return
        row = self.next_row + rows - _rows(done, row_start)
        if done.find(b"-repeated", after, cell) < 0:
            col = (done.count(b"<table:table-cell", after, cell)
                   + done.count(b"<table:covered-table-cell", after, cell))
        else:
            col = sum(_repeats(tag, _ODS_COLUMNS) for tag in _ODS_CELL.findall(done, after, cell))
        self.box.add(row, row, col, col, (row, col), (row, col))
        self.pushes = max(self.pushes, self.values, col + 1)

    def cost(self) -> int:
        if self.prefix != b"table":  # tables not told apart: each value its position
            return POSITION * self.values + 2 * STRING * self.strings
        kept = POSITION * max(self.values, self.box.positions)
        peak = max(self.peak, kept, ODS_PUSH * max(self.values, self.pushes))
        return self.kept + kept + peak + 2 * STRING * self.strings

    def _refusal(self) -> Exception:
        positions = max(self.box.positions, self.pushes)
        if positions <= SPARSE * max(self.values, 1):
            return TooManyCells(self.values, self.name, True)
        return FarCell(self.box.far(), positions, self.name)

    def refusal(self) -> Exception:
        kept = POSITION * max(self.values, self.box.positions)
        if self.worst is not None and self.peak > max(kept, ODS_PUSH * self.values):
            return self.worst
        return self._refusal()
