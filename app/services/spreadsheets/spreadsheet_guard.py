"""Reading files that may be hostile: a workbook's zip checked before any reader opens it;
a CSV's encoding and separator found, and its rows read with every line bounded.

Rules:
- A zip-based workbook (xlsx, xlsm, ods) is refused before python-calamine reads it when one
  of its parts would unpack to more than ``MAX_PART_BYTES``, all of them together to more than
  ``MAX_BOOK_BYTES``, a part over ``RATIO_FLOOR`` would unpack to more than ``MAX_RATIO``
  times its packed size (real workbooks pack 3 to 20 times; a zip bomb, about 1,000), or the
  zip holds more than ``MAX_PARTS`` parts. Only the zip's directory is read, so a 400 MB bomb
  of 412 KB is refused in milliseconds with no memory to speak of. The sizes checked are the
  declared ones: python-calamine's zip reader stops with an error where a part unpacks beyond
  what it declared, so a zip that lies about its sizes fails there, just as cheaply.
- A bomb can also pack less than 100 times (text repeating every few KB packs ~87 times: 193 MB
  in 2.3 MB took python-calamine 101 s and 2.5 GB; 20 MB in 240 KB took the import 5 s and
  369 MB). So the parts python-calamine loads text from, found by their root element (shared
  strings, sheets, an ods ``content.xml``, the workbook), are then read as a stream
  (``scan_part``; other parts only to their first ``_HEAD`` bytes). Refused: shared strings
  declaring more than ``MAX_STRINGS_BYTES`` (48 MB: 200,000 honest rows of five text columns
  hold 45 MB and import at 191 MB of peak memory), and any cell of more than
  ``MAX_CELL_CHARS`` characters (32,767, Excel's own limit), found after at most the first MB
  of it. Honest cells are never longer, so a long sheet is never refused for its length (an
  honest 100,000-row sheet of inline strings, 19 to 40 MB of XML, passes).
- The scan counts never less than python-calamine builds. A cell (xlsx: a shared string
  ``<si>``, whose rich-text runs calamine joins, or a sheet cell ``<c>``; ods: a
  ``<table:table-cell>``; in the workbook: each text or tag) lies between two of its end
  tags, found with the prefix the root declares: an end tag cannot appear in text (``<`` is
  always escaped there). A comment, CDATA section or processing instruction could hide one
  (or a ``>``): from the first, the part is counted as a single cell, one character a byte
  (Excel, LibreOffice and Google Sheets write none). Only a stretch of ``_WINDOW`` bytes with
  no end tag (so every cell of ``2 * _WINDOW - 1`` bytes or more) is counted exactly: tags
  out, an entity one character, UTF-8 by characters, and for ods ``<text:s text:c="N"/>`` as N
  spaces (a 500-byte .ods can ask for 50 million). An unfinished cell is counted as it grows.
  Measured: 1,000 strings of 32,000 characters (30 MB of shared strings) import at 140 MB.
- Short files can still ask for much text: python-calamine builds a copy of a shared string
  for every cell that references it, and of an ods cell for every repeat
  (``table:number-columns-repeated``, its row's ``table:number-rows-repeated``). A 57 KB xlsx
  whose 10,000 cells reference one string of 32,000 characters (320 million characters)
  took the import to 353 MB; 10,000 repeats of such an ods cell, 659 to 965 MB and up to
  32 s. So the scan also sums, per sheet part, the characters its cells expand to: xlsx, the
  length of the referenced shared string for each ``t="s"`` cell (the shared strings are
  scanned first, wherever they lie in the zip, keeping each string's length: at most
  48 MB of them) plus the text of its inline and formula strings; ods, each cell's text
  (with its ``office:string-value``, which python-calamine also reads) times its repeats.
  Refused over ``MAX_SHEET_CHARS`` (80 million). Measured (the import
  command's peak): 64 million characters of references, 109 MB; 128 million, 170 MB; 192
  million, 231 MB (about 1 MB per million characters over ~47 MB), so the limit keeps
  python-calamine near 125 MB. An honest 100,000-row sheet of five text columns in shared
  strings holds 16 million characters (121 MB of peak), 200,000 rows 33 million.
- Few characters can still ask for much memory: python-calamine fills every position of the
  rectangle from a sheet's first value to its last, and in an ods also each repeat of a value
  and each empty cell written before one (``reader_memory.cells``, with each cost measured).
  One value at XFD1048576 made a 5 KB xlsx abort the program (512 GB asked); one at XFD6003
  of a 1 KB ods took 6 GB and 32 s; 6 million one-letter cells took the import to 460 MB and
  32 s. So the same pass counts each sheet's positions and cells and the memory they would
  take, and over ``MAX_READER_BYTES`` (240 MB, which keeps the import under 300 MB) refuses
  the book: ``FarCell`` names the cell to delete when the positions are mostly empty,
  ``TooManyCells`` says how many values there are. A 200,000-row customer list of eight
  columns (1.6 million cells) is estimated at ~136 MB in xlsx, ~233 MB as LibreOffice saves
  it in ods (208 MB measured; its content.xml, 199 MB, is also at ``MAX_PART_BYTES``). A sheet
  part over ``FLOOR_BYTES`` (16 MB) is first counted cheaply (``reader_memory.floor``: its
  values and the rectangle up to the last value of each MB), so 6 million tiny cells, or 3
  million and a far cell in the last row, are refused in 0.3 to 0.9 s, not after the whole
  pass (the far cell: 4 to 10 s).
- The XML declaration is no hiding place even when a part's first cell comes after its first
  ``_HEAD`` bytes: LibreOffice's list of styles can be longer, and a formatted .ods was refused
  as one long cell.
- An xlsx sheet of at most ``_LOOSE_BYTES`` (8 MB, ~20,000 rows) is scanned loosely first:
  each byte of its cells a character, each shared-string reference as long as the longest
  string, each cell a text of its own (never fewer than python-calamine builds, and a few
  passes over every byte spared); only where that would refuse it is it scanned again
  exactly, and only an exact scan refuses. A customer list far from the limits is never
  scanned twice.
- The whole scan, text and positions, costs ~25 to 30 ms for 10,000 rows of eight columns
  (openpyxl's inline strings; as Excel saves them, in shared strings, ~30 to 40 ms), about a
  quarter to a third of python-calamine's read of them (was ~110 ms, more than the read);
  ~1.3 s for 100,000 and ~2.0 to 2.4 s for 200,000 (Excel's: ~1.5 s); the 200,000 rows as
  LibreOffice saves them in an ods (199 MB of XML), ~6 s (7 s before, the same hour).
- CSV comes in two dialects in practice: Excel pt-BR (``;``, Windows-1252) and Google Sheets
  (``,``, UTF-8 with or without BOM). Encoding and separator are detected, never asked; the
  separator from the first ``TEXT_SNIFF_BYTES`` characters (one line may be the whole file).
- CSV: a cell may hold up to ``CSV_CELL_LIMIT`` characters (Excel stops at 32,767; the csv
  module's own limit, 131,072, used to reject the whole file). A line longer than that, or a
  row the csv module cannot parse, is refused alone (``UnreadableRow``, with the reason) and
  the rows after it are read: memory never holds more than one bounded line.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path

from app.services.spreadsheets.reader_memory.cells import (
    FLOOR_BYTES,
    MAX_READER_BYTES,
    FarCell,
    TooManyCells,
)
from app.services.spreadsheets.reader_memory.floor import check_floor
from app.services.spreadsheets.reader_memory.ods_cells import OdsCells
from app.services.spreadsheets.reader_memory.xlsx_cells import XlsxCells

MAX_PARTS = 10_000
MAX_PART_BYTES = 200 << 20
MAX_BOOK_BYTES = 1 << 30
MAX_RATIO = 100
RATIO_FLOOR = 1 << 20  # a small part may pack as tightly as it likes
CSV_CELL_LIMIT = 1 << 20  # characters in one CSV cell, and in one line of the file
TEXT_SNIFF_BYTES = 1 << 16
_PIECE = 1 << 16

csv.field_size_limit(CSV_CELL_LIMIT)  # process-wide: the app reads no other CSV


class HostileBook(ValueError):
    """A workbook that would take too much memory to read; ``code`` is ``zip_bomb`` or
    ``too_big``, the text says what it claims and what to do."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def check_zip_book(path: Path) -> None:
    """Refuse (``HostileBook``) a zip-based workbook that claims more text than any customer
    list has; a damaged zip passes (the reader then says it cannot read it)."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    packed = path.stat().st_size
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS:
        raise HostileBook("too_big", f"A planilha {path.name} tem {len(parts):,} partes "
                          "internas".replace(",", ".") + ", muito mais do que uma planilha de "
                          "clientes tem. " + _SAVE_AGAIN)
    bomb = any(p.file_size > RATIO_FLOOR and p.file_size > MAX_RATIO * max(p.compress_size, 1)
               for p in parts)
    if bomb:
        raise HostileBook("zip_bomb", (
            f"Esta planilha diz ter {format_size(unpacked)} de texto dentro de um arquivo de "
            f"{format_size(packed)}, o que nenhuma lista de clientes tem: o arquivo pode estar "
            "danificado ou ter sido feito para travar o computador. Para não travar, o "
            "Caderneta não o abriu. " + _SAVE_AGAIN))
    if unpacked > MAX_BOOK_BYTES or any(p.file_size > MAX_PART_BYTES for p in parts):
        raise HostileBook("too_big", (
            f"Esta planilha diz ter {format_size(unpacked)} de texto: é grande demais para o "
            "Caderneta abrir sem travar o computador. Deixe na planilha só a aba das clientes "
            "(ou salve essa aba como .csv) e importe esse arquivo."))
    _scan_text(path, parts, unpacked)


def _scan_text(path: Path, parts: list[zipfile.ZipInfo], unpacked: int) -> None:
    """Stream the parts python-calamine would load whole (``scan_part``): refuse a cell over
    32,767 characters, shared strings over MAX_STRINGS_BYTES, or a sheet whose cells would
    expand to more than MAX_SHEET_CHARS characters; a damaged part passes. The shared strings
    are scanned first (wherever they lie in the zip), so that each sheet's references to
    them are counted at their length."""
    try:
        with zipfile.ZipFile(path) as book:
            strings = SharedLengths()
            strings.big = {p.filename for p in parts if p.file_size > _LOOSE_BYTES}
            sheets = [info for info in parts
                      if not info.is_dir() and scan_part(book, info, strings) in _SHEETS]
            costs: list[tuple] = []  # (cost, counter, loose, info), from scan_part
            for info in sheets:
                scan_part(book, info, strings, sheets=True, costs=costs)
            if _two_over(costs):  # a sheet without a header is kept beside the next
                for entry in [c for c in costs[:2] if c[2]]:  # loose: counted again exactly
                    costs.remove(entry)
                    scan_part(book, entry[3], strings, sheets=True, costs=costs, exact=True)
                if _two_over(costs):
                    raise costs[0][1].refusal()
    except FarCell as exc:
        raise HostileBook("too_big", (
            f"Esta planilha tem algo escrito na célula {exc.far}{_of_sheet(exc.sheet)}, muito "
            f"longe das outras: da primeira até ela seriam {_thousands(exc.cells)} células, e o "
            "Caderneta não abre uma planilha assim para não travar o computador. Apague o que "
            f"está na célula {exc.far} (ou copie só a área das clientes para uma planilha nova) "
            "e importe de novo.")) from None
    except TooManyCells as exc:
        letters = exc.letters // 1_000_000
        raise HostileBook("too_big", (
            f"Esta planilha tem mais de {_thousands(exc.cells)} células preenchidas"
            f"{f' na aba “{exc.sheet}”' if exc.sheet else ' numa aba'}"
            f"{' (contando as que o arquivo manda repetir)' if exc.ods else ''}"
            f"{f', com mais de {letters} milhões de letras' if letters > 1 else ''}: "
            "aberta, ocuparia mais memória do que o Caderneta usa sem travar o computador "
            "(uma lista de 200.000 clientes tem umas 1,6 milhão de células). Deixe na planilha "
            "só a aba e as colunas das clientes (ou salve essa aba como .csv) e importe esse "
            "arquivo.")) from None
    except LongCell:
        raise HostileBook("zip_bomb", (
            "Esta planilha tem uma célula com mais de 32.767 letras (o Excel não deixa pôr "
            f"tanto numa célula) e diz ter {format_size(unpacked)} de texto: o arquivo pode "
            "estar danificado ou ter sido feito para travar o computador. Para não travar, o "
            "Caderneta não o abriu. " + _SAVE_AGAIN)) from None
    except TooMuchText as exc:
        size = next(p.file_size for p in parts if p.filename == exc.part)
        raise HostileBook("too_big", (
            f"Esta planilha diz ter {format_size(size)} de textos diferentes: é mais do que "
            f"o Caderneta abre sem travar o computador (até {format_size(MAX_STRINGS_BYTES)}, "
            "umas 200.000 clientes). Deixe na planilha só a aba das clientes (ou salve essa "
            "aba como .csv) e importe esse arquivo.")) from None
    except TooManyLetters:
        raise HostileBook("zip_bomb", (
            "Esta planilha repete textos em tantas células que, aberta, teria mais de "
            f"{MAX_SHEET_CHARS // 1_000_000} milhões de letras numa aba (uma lista de 100.000 "
            "clientes tem umas 16 milhões), embora o arquivo tenha só "
            f"{format_size(path.stat().st_size)}: o arquivo pode estar danificado ou ter sido "
            "feito para travar o computador. Para não travar, o Caderneta não o abriu. "
            + _SAVE_AGAIN)) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error,
            NotImplementedError):
        return  # damaged: python-calamine then says it cannot read it


def _two_over(costs: list[tuple]) -> bool:
    """The two sheets that cost the most (sorted first) cost more than MAX_READER_BYTES."""
    costs.sort(key=lambda c: c[0], reverse=True)
    return sum(c[0] for c in costs[:2]) > MAX_READER_BYTES


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _of_sheet(name: str) -> str:
    return f" da aba “{name}”" if name else ""


_SAVE_AGAIN = ("Abra a planilha no Excel ou no LibreOffice, salve de novo como .xlsx ou .csv e "
               "importe esse arquivo.")


def format_size(size: int) -> str:
    """``412 KB``, ``400 MB``, ``1,2 GB`` (binary units, as the file manager shows them)."""
    if size < 1 << 20:
        return f"{max(size >> 10, 1)} KB"
    if size < 1 << 30:
        return f"{size >> 20} MB"
    return f"{size / (1 << 30):.1f} GB".replace(".", ",")


class UnreadableRow(list):
    """A CSV row that could not be read (an empty row of cells); ``problem`` says why."""

    def __init__(self, problem: str):
        super().__init__()
        self.problem = problem


TOO_LONG = ("Esta linha tem mais de um milhão de letras (nenhuma planilha de clientes tem "
            "isso) e não foi lida; as outras linhas foram. Confira essa linha na planilha e "
            "importe de novo.")
MALFORMED = ("Esta linha não pôde ser lida (as aspas ou os separadores estão quebrados); as "
             "outras linhas foram. Confira essa linha na planilha e importe de novo.")


class _TooLong(Exception):
    """A physical line over CSV_CELL_LIMIT characters (already skipped to its end)."""


class _Lines:
    """The file's physical lines for ``csv.reader``, each at most ``CSV_CELL_LIMIT``
    characters; counts the quotes of the current row to find its end after an error."""

    def __init__(self, f, quote: str = '"'):
        self.f, self.quote = f, quote
        self.quotes = 0  # quote characters seen since the current row began
        self.chars = 0  # characters read since the current row began

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.f.readline(CSV_CELL_LIMIT + 1)
        if not line:
            raise StopIteration
        self.quotes += line.count(self.quote)
        self.chars += len(line)
        if len(line) > CSV_CELL_LIMIT and not line.endswith(("\n", "\r")):
            self._to_end_of_line()
            raise _TooLong
        return line

    def new_row(self) -> None:
        self.quotes = self.chars = 0

    @property
    def too_long(self) -> bool:
        """The current row is over the limit (what makes the csv module refuse a cell)."""
        return self.chars > CSV_CELL_LIMIT

    def _to_end_of_line(self) -> None:
        while (piece := self.f.readline(_PIECE)) and not piece.endswith(("\n", "\r")):
            self.quotes += piece.count(self.quote)
        self.quotes += piece.count(self.quote)

    def skip_rest_of_row(self) -> None:
        """After an error inside quotes, drop the lines up to the quote that closes them."""
        while self.quotes % 2:
            piece = self.f.readline(_PIECE)
            if not piece:
                return
            self.quotes += piece.count(self.quote)
            if not piece.endswith(("\n", "\r")):
                self._to_end_of_line()


def csv_rows(f, separator: str) -> Iterator[list]:
    """The rows of the open CSV file ``f``: lists of cell texts, or an ``UnreadableRow`` in
    the place of a row that could not be read (the numbering of the rows after it holds)."""
    lines = _Lines(f)
    reader = csv.reader(lines, delimiter=separator)
    while True:
        lines.new_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except (_TooLong, csv.Error) as exc:
            too_long = isinstance(exc, _TooLong) or lines.too_long
            lines.skip_rest_of_row()
            yield UnreadableRow(TOO_LONG if too_long else MALFORMED)
            continue
        yield row


def csv_source(path: Path) -> tuple[Callable[[], Iterator[list]], list]:
    """The rows of a CSV file, read again from the file each time the first value is called
    (``csv_rows``), and its merged cells (none: a CSV has no merges)."""
    encoding = _encoding(path)
    with path.open(encoding=encoding, newline="") as f:
        head = f.read(TEXT_SNIFF_BYTES)
    lines = head.splitlines()
    if len(head) == TEXT_SNIFF_BYTES and len(lines) > 1:
        lines.pop()  # cut in the middle: its separators would be too few
    separator = _sniff_separator(lines[:20])

    def rows() -> Iterator[list]:
        with path.open(encoding=encoding, newline="") as f:
            yield from csv_rows(f, separator)

    return rows, []


def _encoding(path: Path) -> str:
    """utf-8 (with or without BOM) when every byte decodes so, else cp1252, else latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as f:
                while chunk := f.read(1 << 16):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _sniff_separator(lines: list[str]) -> str:
    lines = [line for line in lines if line.strip()]
    best, best_score = ",", -1
    for sep in (";", ",", "\t", "|"):
        counts = [line.count(sep) for line in lines]
        score = min(counts) if counts else 0
        if score > best_score:
            best, best_score = sep, score
    return best


# The streamed scan of the parts python-calamine loads whole

MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
MAX_STRINGS_BYTES = 48 << 20  # shared strings, unpacked (200,000 honest rows: 45 MB)
MAX_SHEET_CHARS = 80_000_000  # characters the cells of one sheet expand to (100,000 rows: 16 M)
_COUNT_PIECE = 1 << 13  # bytes of XML counted at a time (``_count``)
_HEAD = 1 << 14  # read of every part to find its root (and an ods table prefix)
_CHUNK = 1 << 20
_WINDOW = 1 << 14  # 2 * _WINDOW - 1 <= MAX_CELL_CHARS: every long cell spans a whole window
_SPLIT_TAIL = 1 << 20  # an unfinished cell kept beyond this is counted and dropped to its last tag

_ROOT = re.compile(rb"<(?:([\w.-]+):)?([\w.-]+)[\s/>]")
_ODS_TABLE = re.compile(rb'xmlns:([\w.-]+)\s*=\s*["\']urn:oasis:names:tc:opendocument:xmlns:'
                        rb'table:1\.0["\']')
_TAG = re.compile(rb"<[^>]*>")
_ENTITY = re.compile(rb"&[^;&<\s]{1,12};")
_CONTINUATION = bytes(range(0x80, 0xC0))
_ODS_SPACES = re.compile(rb'<[\w.-]+:s\b[^>]*?\bc\s*=\s*["\']\s*(\d+)')
_ODS_ONE_CHAR = re.compile(rb"<[\w.-]+:(?:s|tab|line-break)\b[^>]*/>")
_HIDING = (b"<!", b"<?")  # comment, CDATA, DOCTYPE; processing instruction


def _hides(buf: bytes, start: int) -> bool:
    """``buf`` holds, from ``start``, a construct that may hide an end tag (``_HIDING``);
    each looked for only where its rarer second byte is (a search at C speed)."""
    return any(buf.find(h[1:], start) >= 0 and buf.find(h, start) >= 0 for h in _HIDING)


class TooMuchText(Exception):
    """The shared strings declare more than MAX_STRINGS_BYTES; ``part`` names them."""

    def __init__(self, part: str):
        self.part = part
        super().__init__(part)


class TooManyLetters(Exception):
    """A sheet whose cells would expand to more than MAX_SHEET_CHARS characters."""

    def __init__(self, part: str):
        self.part = part
        super().__init__(part)


class SharedLengths:
    """The length in characters of each shared string (``<si>``), in order, as scanned;
    ``unknown``: the length taken for an index past them (the whole part's count when it
    could not be cut into strings). At most MAX_STRINGS_BYTES of strings: 4 bytes each.
    Scanned loosely (``loose``: the parts, when no other part is over ``_LOOSE_BYTES``, the
    ``big`` ones): only ``bound``, the bytes of the longest string, never fewer than its
    characters; counted again exactly before a sheet is (``exactly``)."""

    def __init__(self):
        self.big: set[str] = set()  # the parts over _LOOSE_BYTES
        self.loose: list[zipfile.ZipInfo] = []
        self.lengths = array("l")
        self.unknown = self.bound = 0
        self._longest = (0, 0)  # (strings it was taken from, the longest of them)

    def exactly(self, book: zipfile.ZipFile) -> None:
        """Scan again, exactly, the parts scanned loosely."""
        loose, self.loose = self.loose, []
        self.lengths, self.unknown, self.bound = array("l"), 0, 0
        for info in loose:
            scan_part(book, info, self, exact=True)

    def longest(self) -> int:
        """The characters of the longest string (``unknown`` and ``bound`` too)."""
        if self._longest[0] != len(self.lengths):
            self._longest = (len(self.lengths), max(self.lengths, default=0))
        return max(self._longest[1], self.unknown, self.bound)

    def total(self, indexes: list[bytes]) -> int:
        """The characters ``indexes`` (shared-string references) expand to."""
        lengths, size = self.lengths, len(self.lengths)
        try:
            return sum(map(lengths.__getitem__, map(int, indexes)))
        except IndexError:  # an index past the strings (a damaged or hostile file)
            return sum(lengths[n] if n < size else self.unknown for n in map(int, indexes))


class LongCell(Exception):
    """A part holds a cell text over MAX_CELL_CHARS characters; ``part`` names it."""

    def __init__(self, part: str):
        self.part = part
        super().__init__(part)


def scan_part(book: zipfile.ZipFile, info: zipfile.ZipInfo, strings: SharedLengths,
              sheets: bool = False, costs: list | None = None, exact: bool = False) -> str:
    """Read ``info`` in chunks if it is a part python-calamine reads text from (by its root:
    shared strings, a sheet, an ods content, the workbook); raise ``TooMuchText`` for shared
    strings declaring over MAX_STRINGS_BYTES, ``LongCell`` at the first cell over
    MAX_CELL_CHARS characters, ``TooManyLetters`` as soon as a sheet's cells expand to more
    than MAX_SHEET_CHARS. Shared strings add their lengths to ``strings``; a sheet (an xlsx
    sheet, an ods content) is only scanned when ``sheets`` is true (after the shared strings),
    and its positions and cells are counted as it goes (``reader_memory.cells``): over
    MAX_READER_BYTES of them it raises ``FarCell`` or ``TooManyCells``; its final cost and
    counter are appended to ``costs`` (with whether it was ``loose`` and ``info``).
    An xlsx sheet of at most ``_LOOSE_BYTES`` is scanned loosely unless ``exact``: each byte
    of its cells a character, each cell a text of its own (never fewer than there are: it
    spares a few passes over every byte); when that would refuse it, it is scanned again
    exactly. Returns the local name of the root ("" if none)."""
    try:
        return _scan_part(book, info, strings, sheets, costs, exact)
    except _Inexact:
        return scan_part(book, info, strings, sheets, costs, exact=True)


class _Inexact(Exception):
    """A loose scan would refuse the part: only an exact one may."""


def _scan_part(book: zipfile.ZipFile, info: zipfile.ZipInfo, strings: SharedLengths,
               sheets: bool, costs: list | None, exact: bool) -> str:
    if exact and sheets and strings.loose:
        strings.exactly(book)  # a sheet counted exactly needs each string's length
    with book.open(info) as f:
        chunk = f.read(_HEAD)
        root, cut, ods = _cut_for(chunk)
        if root not in _SCANNED or (root in _SHEETS) != sheets:
            return root
        if root == "sst" and info.file_size > MAX_STRINGS_BYTES:
            raise TooMuchText(info.filename)
        loose = not exact and (root in _XLSX_SHEETS and info.file_size <= _LOOSE_BYTES
                               or root == "sst" and strings.big <= {info.filename})
        if loose and root == "sst":
            strings.loose.append(info)
        scan = _Scan(cut, ods, _prolog_end(chunk),
                     strings if root in ("sst", *_XLSX_SHEETS) else None, root == "sst", loose)
        cells = _cells_for(root, chunk, loose)
        if cells is not None and info.file_size > FLOOR_BYTES:
            with book.open(info) as again:
                check_floor(iter(lambda: again.read(_CHUNK), b""), ods,
                            cells.prefix if ods else b"")
        while chunk:
            if not scan.feed(chunk):
                raise LongCell(info.filename)
            if scan.total > MAX_SHEET_CHARS:
                raise _Inexact if loose else TooManyLetters(info.filename)
            if cells is not None:
                cells.feed(chunk)
                if cells.cost(scan.total) > MAX_READER_BYTES:
                    raise _Inexact if loose else cells.refusal(scan.total)
            chunk = f.read(_CHUNK)
        if not scan.finish():
            raise LongCell(info.filename)
        if scan.total > MAX_SHEET_CHARS:
            raise _Inexact if loose else TooManyLetters(info.filename)
        if cells is not None and costs is not None:
            costs.append((cells.cost(scan.total), cells, loose, info))
    return root


def _cells_for(root: str, head: bytes, loose: bool) -> XlsxCells | OdsCells | None:
    """The counter of a sheet's positions and cells (None for other parts)."""
    if root == "document-content":
        table = _ODS_TABLE.search(head)
        return OdsCells(table.group(1) if table else b"table")
    return XlsxCells(loose) if root in _XLSX_SHEETS else None


_SCANNED = frozenset({"sst", "worksheet", "dialogsheet", "document-content", "workbook"})
_XLSX_SHEETS = ("worksheet", "dialogsheet")
_SHEETS = frozenset({*_XLSX_SHEETS, "document-content"})
_LOOSE_BYTES = 8 << 20  # an xlsx sheet this small is scanned loosely first (``scan_part``)
_PROLOG = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")


def _prolog_end(head: bytes) -> int:
    match = _PROLOG.match(head)
    return match.end() if match else 0


def _cut_for(head: bytes) -> tuple[str, bytes | None, bool]:
    """(root name, the end tag that closes a cell, is ods) from the part's first bytes."""
    match = _ROOT.search(head, _prolog_end(head))
    if match is None:
        return "", b"<", False
    prefix = match.group(1) + b":" if match.group(1) else b""
    root = match.group(2).decode("ascii", "replace")
    if root == "sst":
        return root, b"</" + prefix + b"si>", False
    if root in ("worksheet", "dialogsheet"):
        return root, b"</" + prefix + b"c>", False
    if root == "document-content":
        table = _ODS_TABLE.search(head)
        return root, (b"</" + table.group(1) + b":table-cell>" if table else None), True
    return root, b"<", False


class _Scan:
    """Cells cut at ``cut`` (None: the whole part is one cell), counted as they arrive;
    ``total``: the characters the finished cells expand to (a sheet's shared-string
    references at their ``strings`` lengths, ods cells times their repeats); shared strings
    (``sst``) append each string's length to ``strings`` instead."""

    def __init__(self, cut: bytes | None, ods: bool, prolog_end: int,
                 strings: SharedLengths | None = None, sst: bool = False, loose: bool = False):
        self.cut, self.ods, self.loose = cut, ods, loose
        self.tail = b""  # the unfinished cell, from just after the last cut
        self.tail_chars = 0  # characters of the unfinished cell already dropped from ``tail``
        self.skip = prolog_end  # the XML declaration is no hiding place (while in the tail)
        self.raw = False
        self.strings, self.sst = strings, sst
        self.total = 0
        self.rows_repeated = 1  # ods: the repeats of the row the next cell is in

    def feed(self, chunk: bytes) -> bool:
        """Take the next chunk; False as soon as a cell is over the limit."""
        buf = self.tail + chunk
        if self.cut is not None and _hides(buf, self.skip):
            self.cut = None  # an end tag may be hidden: count everything as one cell
            self.raw = True  # and every byte as a character (no tag can be trusted)
        last = -1 if self.cut is None else buf.rfind(self.cut)
        if last < 0:
            self.tail = buf  # still beginning with the XML declaration if it did: skip stays
            return self._tail_fits()
        self.skip = 0
        done, self.tail = buf[:last], buf[last + len(self.cut):]
        dropped = self.tail_chars
        if self.tail_chars:  # the first cell of ``done`` began in dropped text
            first = done.find(self.cut)
            if self.tail_chars + self._chars(done[:first if first >= 0 else len(done)],
                                        self.ods) > MAX_CELL_CHARS:
                return False
            self.tail_chars = 0
        if not self._cells_fit(done):
            return False
        self._add(done, dropped)
        return self._tail_fits()

    def finish(self) -> bool:
        chars = self.tail_chars + self._chars(self.tail, self.ods)
        if self.raw and self.sst:  # not cut into strings: any of them may be the whole part
            self.strings.unknown = max(self.strings.unknown, chars)
        elif self.strings is not None and not self.sst:
            self.total += self.strings.total(_shared_refs(self.tail))
        self.total += self.tail_chars + (self._ods_total(self.tail) if self.ods else chars)
        return chars <= MAX_CELL_CHARS

    def _add(self, done: bytes, dropped: int) -> None:
        """Count the finished cells of ``done`` (``dropped``: characters of its first cell
        already dropped from the tail) into ``total`` or, for shared strings, ``strings``."""
        if self.sst and self.loose:  # a string has no more characters than bytes
            self.strings.bound = max(self.strings.bound,
                                     dropped + max(map(len, done.split(self.cut))))
        elif self.sst:
            self.strings.lengths.extend(_cell_lengths(done, self.cut, dropped))
        elif self.ods:
            self.total += dropped + self._ods_total(done)
        else:  # text of its own only in inline strings and formulas' (t="inlineStr", "str")
            if self.loose:  # never fewer characters than bytes, nor than the longest string
                self.total += dropped + len(done)  # for each "s" (every t="s" has one)
                if self.strings is not None and (longest := self.strings.longest()):
                    refs = done.count(b'"s"') + (done.count(b"'s'") if b"'" in done else 0)
                    self.total += refs * longest
                return
            if dropped or self.raw or b'tr"' in done or b"tr'" in done:
                self.total += dropped + self._chars(done, False)
            if self.strings is not None and (self.strings.lengths or self.strings.unknown):
                self.total += self.strings.total(_shared_refs(done))

    def _ods_total(self, xml: bytes) -> int:
        """ods cells, each counted times its repeats (its own columns, its row's rows): all
        the text once, then again for each repeat of a repeated row (up to the next row) and
        of a repeated cell (its text: up to the next row or cell tag; a cell written
        ``<table:table-cell .../>`` holds only its ``office:string-value``). Only the tags
        that repeat are visited one by one, found by their ``-repeated`` (LibreOffice writes
        one or two a row, mostly for empty cells)."""
        total = self._chars(xml, True)
        if self.rows_repeated == 1 and (b"-repeated" not in xml
                                        or b"-repeated" not in _ODS_PADDING.sub(b"", xml)):
            return total  # no repeats but LibreOffice's empty cells that end each row
        rows, last = self.rows_repeated, 0
        if rows > 1:  # the row began in an earlier piece
            first = _ODS_ROW.search(xml)
            total += (rows - 1) * self._chars(xml[:first.start() if first else len(xml)], True)
        found = xml.find(b"-repeated")
        while found >= 0:
            start = xml.rfind(b"<", 0, found)
            end = xml.find(b">", found) + 1 or len(xml)
            found = xml.find(b"-repeated", end)
            tag = xml[start:end]
            name = _ODS_ROW_OR_CELL.match(tag)
            if name is None:  # "-repeated" in a text, or in another element
                continue
            if name.group(1) == b"table-row":
                rows = _repeats(tag, _ODS_ROWS_REPEATED)
                if rows > 1:
                    after = _ODS_ROW.search(xml, end)
                    total += (rows - 1) * self._chars(
                        xml[start:after.start() if after else len(xml)], True)
                last = end
                continue
            columns = _repeats(tag, _ODS_COLUMNS_REPEATED)
            if columns == 1 or (tag.endswith(b"/>") and b"string-value" not in tag):
                continue  # an empty cell, however often repeated (LibreOffice's padding)
            rows = self._row_repeats(xml, last, start, rows)
            last = start
            after = _ODS_ROW_OR_CELL.search(xml, end)
            total += (columns - 1) * rows * self._chars(
                xml[start:after.start() if after else len(xml)], True)
        self.rows_repeated = self._row_repeats(xml, last, len(xml), rows)
        return total

    @staticmethod
    def _row_repeats(xml: bytes, start: int, end: int, rows: int) -> int:
        """The repeats of the last row opened between ``start`` and ``end`` (``rows`` if
        none opened there)."""
        for row in _ODS_ROW.finditer(xml, start, end):
            rows = _repeats(row.group(0), _ODS_ROWS_REPEATED)
        return rows

    def _cells_fit(self, done: bytes) -> bool:
        """Every cell of ``done`` (cells end at each cut) is within the limit: only a cell
        that spans a whole window, or (ods) holds repeated spaces, is counted."""
        cut = self.cut
        starts = {done.rfind(cut, 0, p) for p in range(0, len(done), _WINDOW)
                  if done.find(cut, p, p + _WINDOW) < 0}
        if self.ods and b"c=" in done:
            starts.update(done.rfind(cut, 0, m.start()) for m in _ODS_SPACES.finditer(done)
                          if int(m.group(1)) > 1)
        for start in starts:
            start = start + len(cut) if start >= 0 else 0
            end = done.find(cut, start)
            if self._chars(done[start:end if end >= 0 else len(done)], self.ods) > MAX_CELL_CHARS:
                return False
        return True

    def _chars(self, xml: bytes, ods: bool) -> int:
        return len(xml) + _ods_extra(xml, ods) if self.raw else _count(xml, ods)

    def _tail_fits(self) -> bool:
        """The unfinished cell, counted once it is longer than a window (ods: always)."""
        if len(self.tail) < _WINDOW and not self.ods:
            return True
        if len(self.tail) > _SPLIT_TAIL:
            keep = self.tail.rfind(b">") + 1
            self.tail_chars += self._chars(self.tail[:keep], self.ods)
            self.tail, self.skip = self.tail[keep:], max(self.skip - keep, 0)
        return self.tail_chars + self._chars(self.tail, self.ods) <= MAX_CELL_CHARS


_SHARED_REF = re.compile(rb'<(?:[\w.-]+:)?c\s[^>]*?(?<![\w.-])t\s*=\s*["\']s["\'][^>]*>.*?'
                         rb'<(?:[\w.-]+:)?v>\s*(\d{1,9})', re.DOTALL)
_EXCEL_REF = re.compile(rb't="s"><v>(\d{1,9})</v>')


def _shared_refs(xml: bytes) -> list[bytes]:
    """The shared-string indexes of the ``t="s"`` cells of ``xml``: as Excel, LibreOffice and
    openpyxl write them when every ``"s"`` attribute value is one of those (fast), else by the
    general pattern (any prefix, quotes, spaces or elements before ``<v>``)."""
    refs = _EXCEL_REF.findall(xml)
    if len(refs) == xml.count(b'"s"') + xml.count(b"'s'"):
        return refs
    return _SHARED_REF.findall(xml)


_ODS_PADDING = re.compile(rb'<table:table-cell table:number-columns-repeated="\d+"/>'
                          rb"(?=</table:table-row>)")
_ODS_ROW_OR_CELL = re.compile(rb"<[\w.-]+:(table-row|(?:covered-)?table-cell)\b[^>]*>")
_ODS_ROW = re.compile(rb"<[\w.-]+:table-row\b[^>]*>")
_ODS_ROWS_REPEATED = re.compile(rb'number-rows-repeated\s*=\s*["\']\s*(\d+)')
_ODS_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated\s*=\s*["\']\s*(\d+)')


def _repeats(tag: bytes, attribute: re.Pattern) -> int:
    match = attribute.search(tag)
    return max(int(match.group(1)), 1) if match else 1


def _cell_lengths(done: bytes, cut: bytes, dropped: int) -> list[int]:
    """The characters of each cell of ``done`` (cells end at each ``cut``), counted as
    ``_count`` does but for all of them at once; ``dropped`` added to the first."""
    if b"\0" in done:  # no XML holds a NUL: counted one by one, never split wrong
        lengths = [_count(cell, False) for cell in done.split(cut)]
    else:
        text = done.replace(cut, b"\0")
        if cut == b"</si>":  # Excel's plain strings need no pattern to take their tags out
            text = text.replace(b"<si>", b"").replace(b"<t>", b"").replace(b"</t>", b"")
        if b"<" in text:
            text = _TAG.sub(b"", text)
        if b"&" in text:
            text = _ENTITY.sub(b"&", text)
        lengths = list(map(len, text.translate(None, _CONTINUATION).split(b"\0")))
    lengths[0] += dropped
    return lengths


def _count(xml: bytes, ods: bool) -> int:
    """The characters of text in ``xml``: tags out, an entity one character, UTF-8 by
    characters; for ods, the spaces and tabs its elements stand for. Counted in pieces of
    about ``_COUNT_PIECE`` bytes, each ending at a tag's edge (no tag or entity is cut),
    so the copies made to count them (``re.sub`` keeps ~12 bytes a byte of sheet XML) stay
    small whatever the length of ``xml``."""
    total, start = 0, 0
    while start < len(xml):
        stop = start + _COUNT_PIECE
        end = max(xml.rfind(b">", start, stop) + 1, xml.rfind(b"<", start + 1, stop))
        if end <= start:  # a stretch of text alone: after an entity, or anywhere
            end = xml.rfind(b";", start, stop) + 1 or stop
        piece = xml[start:end] if start or end < len(xml) else xml
        text = _ENTITY.sub(b"&", _TAG.sub(b"", piece))
        total += len(text.translate(None, _CONTINUATION)) + _ods_extra(piece, ods)
        start = end
    return total


def _ods_extra(xml: bytes, ods: bool) -> int:
    """The characters ods elements stand for: N spaces for ``<text:s text:c="N"/>``, one for
    each other space, tab and line break, and the text of an ``office:string-value``
    attribute (python-calamine reads a cell's text from it too; bytes, never fewer)."""
    if not ods or b":" not in xml:
        return 0
    spaces = sum(int(m.group(1)) for m in _ODS_SPACES.finditer(xml))
    if b"string-value" in xml:
        spaces += sum(len(m.group(1) or m.group(2)) for m in _ODS_STRING_VALUE.finditer(xml))
    return spaces + len(_ODS_ONE_CHAR.findall(xml))


_ODS_STRING_VALUE = re.compile(rb'string-value\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
