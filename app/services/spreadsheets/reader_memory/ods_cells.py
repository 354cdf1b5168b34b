"""The tables of an ods ``content.xml``, counted from its XML as python-calamine reads them
(``cells`` has the rules and the measured costs)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.services.spreadsheets.reader_memory.cells import (
    ODS_FORMULA_POSITION,
    ODS_PUSH,
    POSITION,
    SPARSE,
    STRING,
    Box,
    FarCell,
    TooManyCells,
    cell_name,
    complete_tags,
)


@dataclass
class _Table:
    """One ods table as read so far: its values' rectangle, its formulas' rectangle, the cells
    its rows push as written, the values it holds (repeats included)."""

    name: str
    next_row: int = 0  # the row index (repeats included) of the next row element
    pushes: int = 0
    values: int = 0
    widest: int = 0  # the most cells one row pushes
    widest_at: tuple[int, int] = (0, 0)

    def __post_init__(self):
        self.data, self.formulas = Box(), Box()

    def kept(self) -> int:
        return POSITION * self.data.positions + ODS_FORMULA_POSITION * self.formulas.positions

    def refusal(self, chars: int = 0) -> Exception:
        positions = max(self.data.positions + self.formulas.positions, self.pushes)
        if positions <= SPARSE * max(self.values, 1):
            return TooManyCells(self.values, self.name, True, chars)
        if self.pushes > self.data.positions + self.formulas.positions:
            far = cell_name(self.widest_at[0] + 1, self.widest_at[1] + 1)
        else:
            far = max((self.data, self.formulas), key=lambda box: box.positions).far()
        return FarCell(far, positions, self.name)


def _span(part: bytes, start: int, plain: bool) -> tuple[int, int] | None:
    """(first value column, end of the last value) of a row written ``part`` whose cells
    begin at ``start``, (-1, 0) for a row with no value; None when a repeat comes before its
    last value, or (not ``plain``) the row does not end in ``part``."""
    if plain:
        last = part.rfind(b"value", start)
    else:
        end = part.find(_ROW_END, start)
        if end < 0:
            return None
        last = part.rfind(b"value", start, end)
        repeated = part.find(b"-repeated", 0, end)
        if repeated >= 0 and (last < 0 or repeated < last
                              or not 0 <= part.find(_CELL, last, end) <= repeated):
            return None
    if last < 0:
        return -1, 0
    return part.count(_CELL, start, part.find(b"value", start)) - 1, part.count(_CELL, start,
                                                                               last)


class _Batch:
    """Rows counted together before they join their table: the first and last holding a
    value, the one before the last, their first column, the end of their values and the one
    before it, a cell in the last row and one in the rightmost column, their pushes and
    values."""

    __slots__ = ("top", "bottom", "below", "left", "end", "before", "low_cell", "right_cell",
                 "pushes", "values")

    def __init__(self):
        self.top = self.bottom = self.below = self.end = self.before = -1
        self.left, self.pushes, self.values = 1 << 62, 0, 0
        self.low_cell = self.right_cell = (0, 0)

    def take(self, row: int, low: int, high: int) -> None:
        if self.top < 0:
            self.top = row
        self.below, self.bottom, self.low_cell = self.bottom, row, (row, high - 1)
        self.left = min(self.left, low)
        self.pushes += high
        self.values += high - low  # the row's span: never fewer than its values
        if high > self.end:
            self.before, self.end, self.right_cell = self.end, high, (row, high - 1)
        elif high < self.end:
            self.before = max(self.before, high)


@dataclass
class _Row:
    """The ods row element being read: its repeats, the next column, its values' first column
    and end, the end of the cells it pushes, its formulas' first column and end."""

    repeats: int
    col: int = 0
    first: int = -1
    end: int = 0
    pushed: int = 0
    formula_first: int = -1
    formula_end: int = 0
    values: int = 0
    before: int = -1  # the second-largest column holding a value


_ROW = b"<table:table-row"
_ROW_END = b"</table:table-row>"
_CELL = b"<table:table-cell"
_PADDING = re.compile(rb'<table:table-cell table:number-columns-repeated="\d+"/>'
                      rb"(?=</table:table-row>)")
_AFTER_NAME = frozenset(bytes([b]) for b in b" \t\r\n/>")
_ODS_NAME = re.compile(rb'(?<![\w.-])[\w.-]+:name\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_ODS_ROWS = re.compile(rb'number-rows-repeated\s*=\s*["\']\s*(\d+)')
_ODS_COLUMNS = re.compile(rb'number-columns-repeated\s*=\s*["\']\s*(\d+)')
_ODS_STRINGS = (b'office:value-type="string"', b"office:value-type='string'",
                b"office:string-value", b"office:date-value", b"office:time-value")


def _repeats(tag: bytes, attribute: re.Pattern) -> int:
    if b"-repeated" not in tag:
        return 1
    match = attribute.search(tag)
    return max(int(match.group(1)), 1) if match else 1


def _strings(xml: bytes) -> int:
    """Cells of ``xml`` whose value is a text of its own (strings, dates, times as text)."""
    return sum(map(xml.count, _ODS_STRINGS))


class OdsCells:
    """The tables of an ods ``content.xml``, fed in chunks (``feed``); ``cost(chars)`` is the
    memory python-calamine would take to open the book and read one of its tables, ``chars``
    the text its cells expand to (repeats included). ``prefix``: the table namespace's
    prefix the file declares (python-calamine reads ``table:`` tags: both are followed)."""

    def __init__(self, prefix: bytes = b"table"):
        self.prefix = prefix
        names = sorted({re.escape(prefix), b"table"})
        either = b"(?:" + b"|".join(names) + b")"
        self._token = re.compile(b"<(/?)" + either + rb":(table|table-row|table-cell|"
                                 rb"covered-table-cell)(?=[\s/>])([^>]*)>")
        self._plain = prefix == b"table"  # one prefix: rows can be cut with bytes.split
        self.tables: list[_Table] = []  # finished
        self.table: _Table | None = None
        self.row: _Row | None = None
        self.strings = 0  # cells whose value is a text of its own, repeats included
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        done, self._tail = complete_tags(self._tail, chunk)
        if not done:
            return
        self.strings += _strings(done)
        if (not self._plain or self.table is None or b"formula" in done
                or b"covered-table-cell" in done
                or done.count(b"table:table") != done.count(b"table:table-")):
            self._slow(done)  # a table begins or ends, formulas, merged cells: tag by tag
            return
        rows = _PADDING.sub(b"", done)  # LibreOffice's empty cells that end each row
        parts = rows.split(_ROW)
        self._slow(parts[0])  # the end of the row the last chunk left open
        self._rows(parts, b"-repeated" not in rows)

    def _rows(self, parts: list[bytes], plain: bool) -> None:
        """Rows ``parts[1:]`` (each follows its ``<table:table-row``) counted a few C-level
        searches each when their values follow no repeat (``plain``: the chunk repeats
        nothing); a row the chunk cut, an empty row tag, a row group, anything else, tag by
        tag."""
        table = self.table
        row, batch = table.next_row, _Batch()
        for n in range(1, len(parts)):
            part = parts[n]
            start = part.find(b">") + 1
            span = None
            if part[start - 2] != 47 and part[:1] in _AFTER_NAME and (  # not "/>", no group
                    not plain or n < len(parts) - 1 or _ROW_END in part):
                span = _span(part, start, plain)
            if span is None:
                table.next_row = row
                self._add(batch)
                batch = _Batch()
                self._slow(_ROW + part)
                row = table.next_row
                continue
            if span[1]:
                batch.take(row, span[0], span[1])
            row += 1
        table.next_row = row
        self._add(batch)

    def _add(self, batch: _Batch) -> None:
        """Rows counted together, added to their table."""
        if batch.top < 0:
            return
        table = self.table
        table.data.add(batch.top, batch.bottom, batch.left, batch.end - 1, batch.low_cell,
                       batch.right_cell, batch.below, batch.before - 1)
        table.pushes += batch.pushes
        table.values += batch.values
        if batch.end > table.widest:
            table.widest, table.widest_at = batch.end, batch.right_cell

    def _slow(self, part: bytes) -> None:
        """Tag by tag, as python-calamine reads them."""
        for closing, name, attrs in self._token.findall(part):
            alone = attrs.endswith(b"/")
            if name == b"table":
                if closing:
                    self._end_table()
                    continue
                self._end_table()
                found = _ODS_NAME.search(attrs)
                self.table = _Table((found.group(1) or found.group(2) or b"").decode(
                    "utf-8", "replace") if found else "")
                if alone:
                    self._end_table()
            elif name == b"table-row":
                if self.table is None:
                    continue
                if not closing:
                    self.row = _Row(_repeats(attrs, _ODS_ROWS))
                if closing or alone:
                    self._end_row()
            elif not closing and self.row is not None:
                self._cell(attrs)

    def _cell(self, attrs: bytes) -> None:
        row, repeats = self.row, _repeats(attrs, _ODS_COLUMNS)
        value, formula = b"value" in attrs, b"formula" in attrs
        if value:
            row.first = row.col if row.first < 0 else row.first
            row.before = row.col + repeats - 2 if repeats > 1 else row.end - 1
            row.end = row.col + repeats
            row.values += repeats
            if repeats > 1 or row.repeats > 1:
                self.strings += _strings(attrs) * (repeats * row.repeats - 1)
        if value or formula:
            row.pushed = row.col + repeats
        if formula:
            row.formula_first = row.col if row.formula_first < 0 else row.formula_first
            row.formula_end = row.col + repeats
        row.col += repeats

    def _end_row(self) -> None:
        table, row = self.table, self.row
        self.row = None
        if table is None or row is None:
            return
        bottom = table.next_row + row.repeats - 1
        if row.end:
            cell = (bottom, row.end - 1)
            table.data.add(table.next_row, bottom, row.first, row.end - 1, cell, cell,
                           bottom - 1 if row.repeats > 1 else -1, row.before)
            table.values += row.values * row.repeats
        if row.formula_end:
            cell = (bottom, row.formula_end - 1)
            table.formulas.add(table.next_row, bottom, row.formula_first, row.formula_end - 1,
                               cell, cell)
        table.pushes += row.pushed
        if row.pushed > table.widest:
            table.widest, table.widest_at = row.pushed, (table.next_row, row.pushed - 1)
        table.next_row += row.repeats

    def _end_table(self) -> None:
        if self.table is not None:
            self._end_row()
            self.tables.append(self.table)
            self.table = None

    def _all(self) -> list[_Table]:
        return self.tables + ([self.table] if self.table is not None else [])

    def cost(self, chars: int) -> int:
        """Bytes python-calamine would take: every table kept, the largest of a table's copy
        or of its rows as written (the row being read included), and every text twice (kept
        and copied)."""
        tables = self._all()
        pushing = self.row.pushed if self.row is not None and self.table is not None else 0
        peak = max((max(t.kept(), ODS_PUSH * (t.pushes + pushing * (t is self.table)))
                    for t in tables), default=0)
        return sum(t.kept() for t in tables) + peak + 2 * (STRING * self.strings + chars)

    def refusal(self, chars: int = 0) -> Exception:
        """The refusal of the table that costs the most (``chars``: the book's text)."""
        tables = self._all()
        if not tables:
            return TooManyCells(0, ods=True, letters=chars)
        return max(tables, key=lambda t: max(t.kept(), ODS_PUSH * t.pushes)).refusal(chars)
