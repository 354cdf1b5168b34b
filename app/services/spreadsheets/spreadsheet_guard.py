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
- A bomb can pack less than 100 times (text that repeats every few KB packs ~87 times: 193 MB
  in 2.3 MB took python-calamine 101 s and 2.5 GB; 20 MB in 240 KB took the import 5 s and
  369 MB). So the parts python-calamine reads text from are then read as a stream
  (``book_scan``): shared strings declaring more than ``MAX_STRINGS_BYTES`` (48 MB; 200,000
  honest rows of five text columns hold 45 MB and import at 191 MB of peak memory) are
  refused, and so is any cell of more than 32,767 characters (Excel's own limit), found after
  reading at most the first MB of it. Honest cells are at most that long, so a long sheet
  is never refused for its length: 100,000 rows of inline strings (40 MB) pass.
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
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from app.services.spreadsheets.book_scan import (
    MAX_STRINGS_BYTES,
    LongCell,
    TooMuchText,
    scan_part,
)

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
    """Stream the parts python-calamine would load whole (``book_scan``): refuse a cell over
    32,767 characters or shared strings over MAX_STRINGS_BYTES; a damaged part passes."""
    try:
        with zipfile.ZipFile(path) as book:
            for info in parts:
                if not info.is_dir():
                    scan_part(book, info)
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
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error,
            NotImplementedError):
        return  # damaged: python-calamine then says it cannot read it


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
