"""The positions and cells of an xlsx sheet, counted from its XML as python-calamine places
them (``cells`` has the rules and the measured costs)."""

from __future__ import annotations

import functools
import re
from itertools import repeat

from app.services.spreadsheets.reader_memory.cells import (
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

_DIGITS = b"0123456789"
_LETTERS = bytes(range(65, 91))
_R_ATTR = re.compile(rb'(?<![\w.:-])r\s*=\s*["\']\s*([A-Za-z]*)(\d*)')
_XLSX_TOKEN = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_XLSX_REF = re.compile(rb'<c r="([A-Z]{1,3}\d{1,7})"')
_XLSX_FILLED = re.compile(rb'<c r="([A-Z]{1,3}\d{1,7})"[^>]*+(?<!/)>')  # not <c r="B2"/>
_XLSX_CLOSED = re.compile(rb'<c r="[A-Z]{1,3}\d{1,7}"[^>]*+(?<=/)>')
_R_EQ = re.compile(rb"r\s*=")  # perhaps an r attribute
_CELL = re.compile(rb"<c[\s/>]")
_FIRST = 1 << 16  # the first rows of a sheet, read before the rest to learn its columns
_ROW_ALONE = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*/>")


def _split_ref(ref: bytes) -> tuple[int, int]:
    """(row, column), both 1-based, of ``B12``."""
    digits = ref.lstrip(_LETTERS)
    return int(digits), column_number(ref[:len(ref) - len(digits)])


def _tokens_from(low: bytes, high: bytes, alphabet: bytes, lead: int) -> bytes:
    """A pattern for the tokens from ``low`` to ``high`` ordered by length, then character by
    character in ``alphabet`` (its first and last characters); none begins below ``lead``."""
    first, last = alphabet
    any_of = b"[%c-%c]" % (first, last)

    def run(n: int) -> bytes:
        return any_of + (b"{%d}" % n if n > 1 else b"") if n else b""

    def span(a: int, b: int) -> bytes:
        return b"" if a > b else (re.escape(bytes([a])) if a == b else b"[%c-%c]" % (a, b))

    def rest(token: bytes, up: bool) -> bytes:  # the tokens of its length from it up (down)
        if not token:
            return b""
        ways = [token[:1] + rest(token[1:], up)]
        other = span(token[0] + 1, last) if up else span(first, token[0] - 1)
        if other:
            ways.append(other + run(len(token) - 1))
        return ways[0] if len(ways) == 1 else b"(?:" + b"|".join(ways) + b")"

    def same(a: bytes, b: bytes) -> bytes:  # a <= token <= b, all of one length
        if len(a) == 1:
            return span(a[0], b[0])
        common = 0
        while common < len(a) and a[common] == b[common]:
            common += 1
        if common == len(a):
            return a
        head, a, b = a[:common], a[common:], b[common:]
        ways = [a[:1] + rest(a[1:], True)]
        middle = span(a[0] + 1, b[0] - 1)
        if middle:
            ways.append(middle + run(len(a) - 1))
        ways.append(b[:1] + rest(b[1:], False))
        return head + b"(?:" + b"|".join(ways) + b")"

    if len(low) == len(high):
        return same(low, high)
    ways = [same(low, bytes([last]) * len(low))]
    ways += [span(lead, last) + run(n - 1) for n in range(len(low) + 1, len(high))]
    ways.append(same(bytes([lead]) + bytes([first]) * (len(high) - 1), high))
    return b"(?:" + b"|".join(reversed(ways)) + b")"  # the longest first: most tokens are


@functools.lru_cache(maxsize=32)
def _outside(top: int, bottom: int, left: int, right: int) -> re.Pattern:
    """A pattern finding a cell that does not begin with its ``r``, or whose ``r`` is
    malformed or out of rows ``top``..``bottom`` and columns ``left``..``right`` (1-based)."""
    columns = _tokens_from(cell_name(1, left)[:-1].encode(), cell_name(1, right)[:-1].encode(),
                           b"AZ", 65)
    rows = _tokens_from(str(top).encode(), str(bottom).encode(), b"09", 49)
    return re.compile(rb'<c(?=[\s/>])(?! r="(?:' + columns + rb")(?:" + rows + rb')")')


def _below_filled(done: bytes, last_cell: int, bottom: int, top: int) -> bool:
    """The row before ``bottom`` (1-based; the row of the cell at ``last_cell``) holds a
    cell in ``done``, or there is none (``bottom == top``): it is the second-largest row
    holding one when none lies below ``bottom``."""
    if bottom == top:
        return True
    this = done.rfind(b'<row r="', 0, last_cell)
    before = done.rfind(b'<row r="', 0, this) if this > 0 else -1
    if before < 0 or done.find(b'<c r="', before, this) < 0:
        return False
    return done[this + 8:done.find(b'"', this + 8)] == b"%d" % bottom and done[
        before + 8:done.find(b'"', before + 8)] == b"%d" % (bottom - 1)


class XlsxCells:
    """The positions and cells of one xlsx sheet, fed its XML in chunks (``feed``);
    ``cost(chars)`` is the memory python-calamine would take for it, ``chars`` the text its
    cells expand to (shared strings they point at, inline strings); ``loose``: every cell
    taken for a text of its own (they are not counted)."""

    def __init__(self, loose: bool = False):
        self.loose = loose
        self.box = Box()
        self.cells = 0  # cells but <c .../>: never fewer than python-calamine lists
        self.owned = 0  # cells whose text is their own (inline and formula strings, dates)
        self.row = 0  # the row the next cell without r is in (0-based)
        self.col = 0  # the column the next cell without r is in (0-based)
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        done, self._tail = complete_tags(self._tail, chunk)
        if not done:
            return
        if not self.loose:  # t="str", t="inlineStr", t="d", however spaced or quoted
            self.owned += done.count(b'tr"') + done.count(b'"d"')
            if b"'" in done:
                self.owned += done.count(b"tr'") + done.count(b"'d'")
        if self.box.top < 0 and len(done) > _FIRST:  # its columns, from the first rows alone
            cut = done.rfind(b"</row>", 0, _FIRST) + 6
            if cut > 6:
                self._take(done[:cut])
                done = done[cut:]
        self._take(done)

    def _take(self, done: bytes) -> None:
        if not self._fast(done) and not self._plain(done):
            self._slow(done)

    def _fast(self, done: bytes) -> bool:
        """Every cell of ``done`` begins with its ``r``, and so does its last row tag (as
        Excel, LibreOffice, Google Sheets and openpyxl write them): the extent from the refs
        alone. False (nothing changed) otherwise."""
        if b":" in done and b":c" in done:
            return False
        cells = done.count(b'<c r="')
        if not cells and _CELL.search(done):
            return False  # cells without their r first
        last_cell = done.rfind(b'<c r="')
        region = self._region(done, cells, last_cell) if cells else None
        if cells and region is None:
            return False  # a ref python-calamine would not read as such
        last_row = done.rfind(b'<row r="')
        if last_row >= 0:
            at = last_row + 8
            number = done[at:done.find(b'"', at)]
            if (not number.isdigit() or done.find(b"<row", at) >= 0
                    or done.find(b":row", at) >= 0):
                return False
            closes = done.find(b">", at)
            ended = done[closes - 1] == 47 or done.find(b"</row>", closes) >= 0  # "/"
            self.row = int(number) - 1 + ended
        elif b"<row" in done or b":row" in done:
            return False
        else:
            self.row += done.count(b"</row>")
        if region:
            filled, args = region
            self.cells += filled
            if filled:
                self.box.add(*args)
        if done.find(b"</row>", last_cell + 1) >= 0 or _ROW_ALONE.search(done, last_cell + 1):
            self.col = 0
        elif cells:
            self.col = _split_ref(_XLSX_REF.match(done, last_cell).group(1))[1]
        return True

    def _plain(self, done: bytes) -> bool:
        """No row or cell of ``done`` has an ``r`` (the format allows it; some writers do
        so): each row's cells follow one another from its first column. A row with no
        self-closing tag (``<c/>``, ``<row/>``) fills its first ``n`` columns, ``n`` its cell
        tags (a rich-text tag of the same initial counted too: never fewer): those are
        counted a C-level count each, the others tag by tag. False (nothing changed) when
        any tag has an ``r`` or a prefix."""
        if _R_EQ.search(done) or b":" in done and (
                b":c" in done or b":row" in done):
            return False
        pieces = done.split(b"</row>")
        if len(pieces) < 3:
            return False  # no whole row to count at once
        self._slow(pieces[0] + b"</row>")  # the end of the row the last chunk left open
        last = pieces.pop()
        if done.find(b"/>", len(pieces[0]), len(done) - len(last)) < 0:
            self._rows(pieces[1:])
        else:
            run: list[bytes] = []
            for piece in pieces[1:]:
                if b"/>" in piece:
                    self._rows(run)
                    run = []
                    self._slow(piece + b"</row>")
                else:
                    run.append(piece)
            self._rows(run)
        self._slow(last)
        return True

    def _rows(self, rows: list[bytes]) -> None:
        """Whole rows after ``self.row``, none with a self-closing tag: each fills its first
        columns, one a cell tag."""
        if not rows:
            return
        first = self.row
        self.row += len(rows)
        self.col = 0
        widths = list(map(bytes.count, rows, repeat(b"<c")))
        # the rows holding a cell: the first, the one before the last, the last
        filled = ([n for n, width in enumerate(widths) if width] if 0 in widths
                  else [0, len(rows) - 2, len(rows) - 1] if len(rows) > 1 else [0])
        if not filled:
            return
        widest = max(widths)
        top, bottom = first + filled[0], first + filled[-1]
        below = first + filled[-2] if len(filled) > 1 else -1
        self.cells += sum(widths)
        self.box.add(top, bottom, 0, widest - 1, (bottom, 0),
                     (first + widths.index(widest), widest - 1), below, widest - 2)

    def _region(self, done: bytes, cells: int, last_cell: int) -> tuple[int, tuple] | None:
        """(cells holding something, the arguments of ``Box.add`` for them) from the ``cells``
        refs of ``done``, None when one is malformed. One regex pass checks that every cell
        lies between the first and the last cell's rows and the columns seen so far (theirs
        included), as a sheet written in order does, and begins with its r; only otherwise
        are the refs listed."""
        first = _XLSX_REF.match(done, done.find(b'<c r="'))
        last = _XLSX_REF.match(done, last_cell)
        if first is None or last is None:
            return None
        (row, col), (end_row, end_col) = _split_ref(first.group(1)), _split_ref(last.group(1))
        box = self.box
        top, bottom = min(row, end_row), max(row, end_row)
        left, right = min(col, end_col), max(col, end_col)
        if box.top >= 0:
            left, right = min(left, box.left + 1), max(right, box.right + 1)
        at, end = first.start(), done.find(b">", last_cell)
        if (_below_filled(done, last_cell, bottom, top)
                and done.find(b"/>", at, end + 1) < 0  # no <c r="B2" s="1"/>: all hold something
                and not _outside(top, bottom, left, right).search(done)):
            # its own columns: the first's and the last's (the others lie within the box)
            low = (bottom - 1, (end_col if end_row == bottom else col) - 1)
            far = (end_row - 1, end_col - 1) if end_col >= col else (row - 1, col - 1)
            return cells, (top - 1, bottom - 1, min(col, end_col) - 1, max(col, end_col) - 1,
                           low, far, bottom - 2 if bottom > top else -1,
                           min(col, end_col) - 1 if col != end_col else -1)
        if len(_CELL.findall(done)) != cells or len(_XLSX_REF.findall(done)) != cells:
            return None
        closed = b"/>" in done and _XLSX_CLOSED.search(done)
        refs = _XLSX_FILLED.findall(done) if closed else _XLSX_REF.findall(done)
        return len(refs), (self._refs_region(refs, done) if refs else ())

    def _refs_region(self, refs: list[bytes], done: bytes) -> tuple:
        """The arguments of ``Box.add`` for the cells at ``refs`` (all of them listed)."""
        joined = b" ".join(refs)
        rows = sorted({int(n) for n in joined.translate(None, _LETTERS).split()})
        letters = {column_number(c): c for c in set(joined.translate(None, _DIGITS).split())}
        columns = sorted(letters)
        bottom, right = rows[-1], columns[-1]
        found = re.search(rb'<c r="([A-Z]{1,3})%d"' % bottom, done)
        low_cell = (bottom - 1, column_number(found.group(1)) - 1)
        found = re.search(rb'<c r="%s(\d{1,7})"' % letters[right], done)
        right_cell = (int(found.group(1)) - 1, right - 1)
        return (rows[0] - 1, bottom - 1, columns[0] - 1, right - 1, low_cell, right_cell,
                rows[-2] - 1 if len(rows) > 1 else -1,
                columns[-2] - 1 if len(columns) > 1 else -1)

    def _slow(self, done: bytes) -> None:
        """Tag by tag, as python-calamine places them."""
        for closing, name, attrs in _XLSX_TOKEN.findall(done):
            if name == b"row":
                if not closing:
                    ref = _R_ATTR.search(attrs)
                    if ref and ref.group(2):
                        self.row = int(ref.group(2)) - 1
                if closing or attrs.endswith(b"/"):
                    self.row, self.col = self.row + 1, 0
                continue
            if closing:
                continue
            ref = _R_ATTR.search(attrs)
            if ref and ref.group(1) and ref.group(2):
                row, self.col = int(ref.group(2)) - 1, column_number(ref.group(1)) - 1
            else:
                row = self.row
            if not attrs.endswith(b"/"):  # <c r="B2" s="1"/> holds nothing: never filled
                cell = (row, self.col)
                self.box.add(row, row, self.col, self.col, cell, cell)
                self.cells += 1
            self.col += 1

    def cost(self, chars: int) -> int:
        """Bytes python-calamine would take for the sheet seen so far."""
        return (POSITION * self.box.positions + XLSX_CELL * self.cells
                + STRING * (self.cells if self.loose else self.owned) + chars)

    def refusal(self, chars: int = 0) -> Exception:
        """``FarCell`` when the rectangle is mostly empty, else ``TooManyCells``."""
        if self.box.positions > SPARSE * max(self.cells, 1):
            return FarCell(self.box.far(), self.box.positions)
        return TooManyCells(self.cells, letters=chars)
