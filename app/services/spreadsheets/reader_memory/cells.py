"""The positions and cells python-calamine fills for a workbook, counted from its sheets' XML
as it streams by (``xlsx_cells``, ``ods_cells``), and the memory they would take.

Rules (measured with python-calamine 0.9.1, calamine 0.37: the peak memory of a fresh process
that opens the book and reads the sheet, less the ~12 MB of the bare interpreter):
- Both readers fill a rectangle: every position from the first row and column holding a value
  to the last ones, 32 bytes each (``POSITION``), whether a value sits there or not. One value
  typed at XFD1048576 of a 5 KB xlsx asked for 512 GB and aborted the whole program; in an
  ods, python-calamine stops with an error over 100 million positions, but just under it (a
  value at XFD6003 of a 1 KB file) it took 6 GB and 32 s.
- xlsx: a cell's position is its ``r="B12"``, or, without one, the position after the previous
  cell of its row (the row's own ``r``, or the one after the previous row): a valid 2 KB file
  of ``<c/>`` cells without ``r`` reached XFD1048576 and aborted the program past the first
  version of this guard. Each cell is also listed before the rectangle is filled, 40 bytes
  (``XLSX_CELL``): 6 million one-letter cells took 424 MB (the import, 460 MB and 32 s). A cell
  written ``<c r="B2" s="1"/>`` holds nothing and is neither listed nor filled. Inline and
  formula strings and ISO dates are texts of their own, 32 bytes at least (``STRING``); the
  text of shared strings costs about a byte a character (the guard's sum of references).
- ods: python-calamine reads every table of the file when it opens it, keeps them all, and
  copies the one it is asked for: 64 bytes a position, and each text twice. A cell repeated
  across (``table:number-columns-repeated``) or a row repeated down
  (``table:number-rows-repeated``) is filled once per copy, but only between values:
  LibreOffice's trailing ``<table:table-cell table:number-columns-repeated="16376"/>`` in
  every row and its last ``<table:table-row table:number-rows-repeated="1048500">`` of empty
  cells are never filled. Each row as written is also read cell by cell up to its last value
  (``ODS_PUSH``, 56 bytes a cell: 2,000 rows whose only value is in column 16,001 took 1.7 GB
  for a rectangle of 2,000 positions), and cells with a formula fill a second rectangle (24
  bytes a position, ``ODS_FORMULA_POSITION``). A cell holds a value when its tag names one
  (any ``value`` in it: ``office:value-type="string"`` with no text is a value; text in a cell
  with no value type is not read). Columns past 16,384 and rows past 1,048,576, which the
  reader drops, are counted anyway: no honest file has them.
- The estimate is never below what was measured: 6 million sparse ods positions, 366 MB
  (366 measured); 2,000 x 16,001 pushes, 1.7 GB (the same); 6 million written xlsx cells, 411
  MB (412); a 200,000-row customer list of eight columns, 136 MB in xlsx (132) and 233 MB as
  LibreOffice saves it (208). A book is refused over ``MAX_READER_BYTES`` (240 MB): files
  estimated just under it peaked at 278 to 289 MB in the ``import`` command.
- Counting the positions rides on the guard's pass over the XML: xlsx cells written in order
  with their ``r`` first (Excel, LibreOffice, Google Sheets, openpyxl) are checked chunk by
  chunk with one regex that finds any cell out of the rows and columns the chunk's first and
  last cells span (0.7 s for 200,000 rows of eight columns); ods rows with no repeat before
  their last value are measured with a few C-level searches each (~2 s for 200,000 rows,
  content.xml of 199 MB); xlsx rows where no tag has an ``r`` (the format allows it) fill
  their first columns, one a cell tag, and are counted a C-level count a row (3.2 million
  such cells in ~1 s; tag by tag, 11 s). Anything else is read tag by tag (~1 us a tag).
- A sheet part over ``FLOOR_BYTES`` is first counted cheaply (``floor``, ~5 ms a MB): its
  values, and the rectangle from its first values to the last value of each chunk, never more
  than the whole pass finds. 6 million tiny cells, or 3.2 million and "x" at XFD320001 in the
  last row, are refused in 0.3 to 0.6 s (120,000 LibreOffice rows and a far cell in the last
  one, 166 MB of XML: ~0.9 s) instead of after the whole pass (the far cell: 4 to 10 s).
"""

from __future__ import annotations

MAX_READER_BYTES = 240 << 20
POSITION = 32  # one position of a rectangle (calamine's Data)
XLSX_CELL = 40  # an xlsx cell holding a value, listed with its position before the fill
STRING = 32  # the smallest heap block of a text of its own
ODS_PUSH = 56  # a cell of an ods row as written (its Data and its formula) before the fill
ODS_FORMULA_POSITION = 24  # a position of the formulas' rectangle (an empty String)
SPARSE = 4  # positions over four times the values: a far cell, not a full sheet
_TAG_LIMIT = 1 << 20  # an unfinished tag kept between chunks (the text scan refuses longer)


# A sheet part over this is counted cheaply first (``floor``, ~5 ms a MB): the whole pass over
# a smaller one takes under ~1 s even tag by tag, so a far cell at its end is refused in time.
FLOOR_BYTES = 16 << 20


class FarCell(Exception):
    """A sheet whose values span so many positions (``cells``) that python-calamine would
    take too much memory to fill them; ``far`` names the cell that stretched it, ``sheet``
    its sheet when known."""

    def __init__(self, far: str, cells: int, sheet: str = ""):
        super().__init__(far)
        self.far, self.cells, self.sheet = far, cells, sheet


class TooManyCells(Exception):
    """A sheet with so many values (``cells``, an ods's repeats included: ``ods``) and so
    much text in them (``letters``) that python-calamine would take too much memory to read
    it."""

    def __init__(self, cells: int, sheet: str = "", ods: bool = False, letters: int = 0):
        super().__init__(cells)
        self.cells, self.sheet, self.ods, self.letters = cells, sheet, ods, letters


def cell_name(row: int, column: int) -> str:
    """``XFD1048576`` for row 1048576, column 16384 (both 1-based)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def column_number(letters: bytes) -> int:
    """16384 for ``XFD`` (1-based)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def complete_tags(tail: bytes, chunk: bytes) -> tuple[bytes, bytes]:
    """(what can be read now, what to keep for the next chunk) of ``tail + chunk``: up to the
    end of its last complete tag, then after it an unfinished tag, never text."""
    buf = tail + chunk
    cut = buf.rfind(b">") + 1
    start = buf.find(b"<", cut)
    kept = buf[start:] if 0 <= start and len(buf) - start <= _TAG_LIMIT else b""
    return (buf[:cut] if cut < len(buf) else buf), kept


class Box:
    """A rectangle of positions (0-based rows and columns) grown by regions; for its bottom row
    and its rightmost column, a cell there and the row or column that came before (the
    largest one below): what deleting that cell would take off."""

    __slots__ = ("top", "bottom", "left", "right", "low_cell", "right_cell", "below",
                 "before")

    def __init__(self):
        self.top = self.bottom = self.left = self.right = self.below = self.before = -1
        self.low_cell = self.right_cell = (0, 0)

    def add(self, top: int, bottom: int, left: int, right: int, low_cell: tuple[int, int],
            right_cell: tuple[int, int], below: int = -1, before: int = -1) -> None:
        """Take a region whose cell ``low_cell`` is in its bottom row, ``right_cell`` in its
        rightmost column; ``below``: its second-largest row holding a value (-1: none),
        ``before``: its second-largest column."""
        if self.top < 0:
            self.top, self.left = top, left
        self.top, self.left = min(self.top, top), min(self.left, left)
        if bottom > self.bottom:
            self.below, self.bottom, self.low_cell = max(self.bottom, below), bottom, low_cell
        else:
            self.below = max(self.below, bottom if bottom < self.bottom else below)
        if right > self.right:
            self.before, self.right, self.right_cell = max(self.right, before), right, right_cell
        else:
            self.before = max(self.before, right if right < self.right else before)

    @property
    def positions(self) -> int:
        if self.top < 0:
            return 0
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)

    def far(self) -> str:
        """The cell whose deletion would take off the most positions: the one in the bottom
        row or the one in the rightmost column."""
        rows, columns = self.bottom - self.top + 1, self.right - self.left + 1
        down = (self.bottom - max(self.below, self.top - 1)) * columns
        across = (self.right - max(self.before, self.left - 1)) * rows
        row, column = self.low_cell if down >= across else self.right_cell
        return cell_name(row + 1, column + 1)
