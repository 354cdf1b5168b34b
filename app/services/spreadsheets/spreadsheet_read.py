"""Reading a spreadsheet as it arrives: xlsx/xlsm/xls/ods with python-calamine, csv by sniffing.

Rules:
- The file's first bytes decide what it is, not its name: a PDF renamed ``.xlsx``, an empty
  file, a password-protected workbook or an Apple ``.numbers`` file is refused with a
  ``SpreadsheetError`` whose ``code`` the UI/commands branch on and whose text says what to do.
  So are a folder, and binary content that is neither a workbook nor text (a NUL byte, or
  more than 1% control characters in the first 64 KB); text saved under a workbook's name
  (a CSV called ``.xlsx``) is read as the CSV it is. A zip-based workbook is checked before
  it is read (``spreadsheet_guard``): one that claims hundreds of MB of text (a zip bomb) is
  refused at once. A CSV row too long to read is an error of that row alone. A file that
  cannot be opened for reading (``PermissionError``: on Windows, a file another program
  opened without sharing it, as Excel does with a ``.csv``) is ``in_use``: close it in the
  other program — never "not a spreadsheet".
- CSV comes in two dialects in practice: Excel pt-BR (``;``, Windows-1252) and Google Sheets
  (``,``, UTF-8 with or without BOM). Encoding and separator are detected, never asked
  (``spreadsheet_guard.csv_source``).
- The default sheet is the first one with a recognisable header (else the first with data).
- The header row is found among the first rows: title rows, "atualizado em…" lines and blank
  rows above it are skipped. Below it, blank rows between groups are skipped, reading stops at
  a "TOTAL" row, and after ``MAX_BLANK_RUN`` blank rows in a row the data is over (real files
  declare 1,048,576 rows and hold 50; calamine only hands back cells that hold something).
- A header cell merged over several columns (an "Endereço" over the street and the number)
  names each of them: the import then reads them as one field. Merges come from calamine for
  xlsx/xls and from the file's own XML for ods (calamine does not report them there).
- Values stay typed as the reader gives them (str, float, int, bool, date, datetime); the
  importer cleans them. Each row keeps its original row number (1-based, as the user sees it).
- A sheet with more than ``MAX_DATA_ROWS`` data rows (300,000: a team's book is 20,000
  customers) is refused while they are counted, before anything is written.
- Memory: a ``Table`` keeps the header, a few sample rows and the count, never the rows;
  ``Table.iter_rows()`` reads them again one at a time (a workbook sheet is parsed once, by
  python-calamine, into its own compact cells; a CSV is read again from the file).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from app.services.core.text import fold
from app.services.spreadsheets.import_columns import header_score
from app.services.spreadsheets.spreadsheet_guard import (
    TEXT_SNIFF_BYTES,
    HostileBook,
    UnreadableRow,
    check_zip_book,
    csv_source,
)

HEADER_SEARCH_ROWS = 30
MAX_BLANK_RUN = 500
SAMPLE_ROWS = 3  # data rows kept in the Table, for the column mapping's examples
MAX_DATA_ROWS = 300_000  # a team's book is 20,000 customers, a big catalogue 50,000 variants
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")

_PDF = b"%PDF"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; ``code`` says why, the text says what to do."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class SourceRow:
    number: int  # the row number the user sees in her spreadsheet (1-based)
    values: tuple  # one value per header column ("" for an empty cell)
    problem: str = ""  # why the row could not be read (its values are then empty)


@dataclass(frozen=True)
class Table:
    """The customer table found in one sheet: where it is, not its rows (see ``iter_rows``)."""

    sheet: str
    sheets: tuple[str, ...]  # every sheet of the file, for the sheet chooser
    header_row: int  # 0 when no header was found
    headers: tuple[str, ...]
    row_count: int = 0  # data rows below the header (blank rows and what follows TOTAL excluded)
    samples: tuple[SourceRow, ...] = ()  # the first SAMPLE_ROWS data rows
    raw: Callable[[], Iterator[list]] | None = field(default=None, repr=False, compare=False)

    def iter_rows(self) -> Iterator[SourceRow]:
        """The data rows, read again one at a time (nothing is kept): same rules, same numbers."""
        if self.raw is None or not self.header_row:
            return iter(())
        numbered = enumerate(self.raw(), 1)
        for number, _ in numbered:
            if number == self.header_row:
                break
        return _data_rows(numbered, len(self.headers))


def _error(code: str, path: Path) -> SpreadsheetError:
    name = path.name
    messages = {
        "missing": f"O arquivo {name} não foi encontrado.",
        "empty": f"O arquivo {name} está vazio (0 bytes). Abra a planilha original e salve "
                 "de novo.",
        "pdf": f"O arquivo {name} é um PDF, não uma planilha. Peça a planilha original (Excel, "
               "Google Planilhas ou LibreOffice) ou salve como .xlsx ou .csv.",
        "password": f"A planilha {name} está protegida por senha. Abra no Excel, tire a senha "
                    "(Arquivo → Informações → Proteger pasta de trabalho) e salve de novo.",
        "numbers": f"O arquivo {name} é do Numbers (Apple). No Numbers, use Arquivo → Exportar "
                   "para → Excel (.xlsx) ou CSV e importe esse arquivo.",
        "unknown": f"O arquivo {name} não é uma planilha que o Caderneta consiga ler. Salve como "
                   ".xlsx, .xls, .ods ou .csv e tente de novo.",
        "not_a_book": f"O arquivo {name} tem nome de planilha, mas o conteúdo não é de uma "
                      "planilha (pode estar danificado ou ter sido renomeado). Abra a planilha "
                      "original e salve de novo como .xlsx ou .csv.",
        "binary": f"O arquivo {name} não é um texto de planilha (.csv): o conteúdo é de outro "
                  "tipo de arquivo. Escolha a planilha, ou salve-a como .xlsx ou .csv.",
        "folder": f"“{name}” é uma pasta, não um arquivo. Escolha o arquivo da planilha que está "
                  "dentro dela.",
        "no_sheet": f"A planilha {name} não tem nenhuma aba com dados.",
        "in_use": f"Não foi possível abrir {name}: ela está aberta em outro programa (o "
                  "Excel, por exemplo) ou você não tem permissão para lê-la. Feche a planilha "
                  "no Excel e tente de novo.",
    }
    return SpreadsheetError(code, messages[code])


def _kind(path: Path) -> str:
    """"csv" or "book" from the file's bytes; SpreadsheetError for everything else."""
    if path.suffix.lower() == ".numbers" or (path / "Index.zip").is_file():
        raise _error("numbers", path)  # a Numbers document is a folder on the Mac, a zip elsewhere
    if path.is_dir():
        raise _error("folder", path)
    try:
        with path.open("rb") as f:
            head = f.read(TEXT_SNIFF_BYTES)
    except FileNotFoundError:
        raise _error("missing", path) from None
    except PermissionError:
        raise _error("in_use", path) from None
    except OSError:
        raise _error("unknown", path) from None
    if not head:
        raise _error("empty", path)
    if head.startswith(_PDF):
        raise _error("pdf", path)
    if head.startswith(_ZIP):
        try:
            check_zip_book(path)
        except HostileBook as exc:
            raise SpreadsheetError(exc.code, str(exc)) from None
        return "book"
    if head.startswith(_OLE):
        return "book"
    if not _looks_like_text(head):  # a text file with a workbook's name is still read as CSV
        raise _error("not_a_book" if path.suffix.lower() in _BOOK_SUFFIXES else "binary", path)
    return "csv"


_BOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def _looks_like_text(head: bytes) -> bool:
    """A CSV is text: no NUL byte, and control characters (other than tab, line and page
    breaks) at most 1% of its first bytes — an image, a program or random bytes have ~10%."""
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte in _CONTROL)
    return controls <= len(head) // 100


def _open_book(path: Path) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise _error("password", path) from None
    except Exception:  # calamine raises several error types for files it cannot parse
        if _is_numbers_zip(path):
            raise _error("numbers", path) from None
        raise _error("unknown", path) from None


def _is_numbers_zip(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return any(n.startswith("Index/") or n.endswith(".iwa") for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


Merges = list[tuple[tuple[int, int], tuple[int, int]]]  # ((row, col), (row, col)), 0-based


def _book_source(book, sheet: str, path: Path) -> tuple[Callable[[], Iterator[list]], Merges]:
    """The rows of a sheet, again each time the first is called (the sheet is parsed once),
    and its merged cells, in the columns of those rows."""
    try:
        loaded = book.get_sheet_by_name(sheet)
    except Exception:  # a damaged sheet reads as empty rather than crashing the import
        return (lambda: iter(())), []
    merges = loaded.merged_cell_ranges
    if merges is None:  # calamine knows merges for xlsx/xls only
        merges = _ods_merges(path, sheet)
    first_col = loaded.start[1] if loaded.start else 0  # rows begin at the first used column
    merges = [((r0, c0 - first_col), (r1, c1 - first_col)) for (r0, c0), (r1, c1) in merges]
    return loaded.iter_rows, merges


_ODS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(path: Path, sheet: str) -> Merges:
    """Merged cells among the first rows of an .ods sheet (only the header search needs them)."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    merges: Merges = []
    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as f:
            _ods_walk(iterparse(f, events=("start", "end")), sheet, merges)
    except (KeyError, OSError, zipfile.BadZipFile, SyntaxError, ValueError):
        return []
    return merges


def _ods_walk(events, sheet: str, merges: Merges) -> None:
    inside, row, next_row, col = False, 0, 0, 0
    for event, el in events:
        tag = el.tag
        if event == "end":
            if tag == _ODS + "table" and inside:
                return
            el.clear()  # keep nothing of the rows already seen
        elif tag == _ODS + "table":
            inside = el.get(_ODS + "name") == sheet
        elif not inside:
            continue
        elif tag == _ODS + "table-row":
            row, col = next_row, 0
            next_row += int(el.get(_ODS + "number-rows-repeated", "1"))
            if row >= HEADER_SEARCH_ROWS:
                return
        elif tag in (_ODS + "table-cell", _ODS + "covered-table-cell"):
            span = int(el.get(_ODS + "number-columns-spanned", "1"))
            if span > 1:
                rows = int(el.get(_ODS + "number-rows-spanned", "1"))
                merges.append(((row, col), (row + rows - 1, col + span - 1)))
            col += int(el.get(_ODS + "number-columns-repeated", "1"))


def list_sheets(path: str | Path) -> tuple[str, ...]:
    """The sheet names of a workbook (one pseudo-sheet for csv); SpreadsheetError if unreadable."""
    path = Path(path)
    if _kind(path) == "csv":
        return (path.stem,)
    return tuple(_open_book(path).sheet_names)


def _source(path: Path, kind: str, book, sheet: str):
    return csv_source(path) if kind == "csv" else _book_source(book, sheet, path)


def read_table(path: str | Path, sheet: str | None = None,
               score: Callable[[list], int] = header_score) -> Table:
    """Find the customer table in ``sheet`` (default: the first sheet that has one).

    ``score`` counts the cells of a row that look like known headers (default: the
    customer columns; the pieces import passes its own, ``piece_sheet.piece_header_score``).
    Raises SpreadsheetError for a file that is not a readable spreadsheet or a sheet name
    the workbook does not have.
    """
    path = Path(path)
    kind = _kind(path)
    book = _open_book(path) if kind == "book" else None
    sheets = (path.stem,) if book is None else tuple(book.sheet_names)
    if not sheets:
        raise _error("no_sheet", path)
    if sheet is not None and sheet not in sheets:
        if kind == "csv":
            sheet = sheets[0]
        else:
            raise SpreadsheetError(
                "no_such_sheet",
                f"A planilha não tem a aba “{sheet}”. Abas: {', '.join(sheets)}.")
    candidates = [sheet] if sheet else list(sheets)
    fallback: Table | None = None
    for name in candidates:
        table = _scan(*_source(path, kind, book, name), name, sheets, score)
        if table.header_row and score(list(table.headers)):
            return table
        if fallback is None and (table.row_count or table.headers):
            fallback = table
    return fallback or Table(candidates[0], sheets, 0, ())


def _scan(source: Callable[[], Iterator[list]], merges: Merges, sheet: str,
          sheets: tuple[str, ...], score: Callable[[list], int] = header_score) -> Table:
    """Header search over the first rows, then one pass over the data rows to count them."""
    numbered = enumerate(source(), 1)
    head = list(itertools.islice(numbered, HEADER_SEARCH_ROWS))
    header_at = _find_header(head, score)
    if header_at is None:
        return Table(sheet, sheets, 0, ())
    number, values = head[header_at]
    headers = _headers(_unmerge(values, merges, number - 1))
    count, samples = 0, []
    for row in _data_rows(itertools.chain(head[header_at + 1:], numbered), len(headers)):
        count += 1
        if count > MAX_DATA_ROWS:
            raise _too_many_rows(sheet)
        if len(samples) < SAMPLE_ROWS:
            samples.append(row)
    return Table(sheet, sheets, number, headers, count, tuple(samples), source)


def _too_many_rows(sheet: str) -> SpreadsheetError:
    """A sheet with more data rows than any list of customers or pieces: refused while they
    are counted, before anything is written (a 1 KB .ods that repeats one row a million times
    was read at 168 MB and imported for 35 s, making a million customers)."""
    limit = f"{MAX_DATA_ROWS:,}".replace(",", ".")
    return SpreadsheetError("too_many_rows", (
        f"A aba “{sheet}” tem mais de {limit} linhas com dados: mais do que qualquer lista de "
        "clientes ou de peças. O arquivo pode estar danificado ou repetir a mesma linha "
        "milhares de vezes. Confira a planilha; se ela tiver mesmo esse tamanho, divida em "
        f"arquivos de até {limit} linhas e importe um de cada vez."))


def _find_header(head: list[tuple[int, list]],
                 score_of: Callable[[list], int] = header_score) -> int | None:
    """Index of the header row: most known headers; else the first row with 2+ text cells."""
    best, best_score = None, (0, 0)
    for i, (_, values) in enumerate(head):
        texts = [v for v in values if isinstance(v, str) and v.strip()]
        if not texts or (len(texts) == 1 and _is_title(texts[0])):
            continue
        # known headers first; a title row ("Clientes da Ana") loses to a wider header row
        score = (score_of(texts), len(texts))
        if score[0] and score > best_score:
            best, best_score = i, score
    if best is not None:
        return best
    for i, (_, values) in enumerate(head):
        texts = [v for v in values if isinstance(v, str) and v.strip()]
        if len(texts) >= 2 and not _is_title(texts[0]):
            return i
    for i, (_, values) in enumerate(head):
        if not _is_blank(values) and not _is_title(str(values[0])):
            return i
    return None


def _is_title(text: str) -> bool:
    folded = fold(text)
    return folded.startswith(("atualizad", "lista", "planilha", "relatorio", "controle"))


def _unmerge(values: list, merges: Merges, row: int) -> list:
    """The header row with a merged title repeated over every column it covers."""
    values = list(values)
    for (r0, c0), (r1, c1) in merges:
        if r0 <= row <= r1 and 0 <= c0 < len(values) and c1 > c0:
            values += [""] * (c1 + 1 - len(values))
            for col in range(c0 + 1, c1 + 1):
                if values[col] in (None, ""):
                    values[col] = values[c0]
    return values


def _headers(values: list) -> tuple[str, ...]:
    cells = [str(v).strip() if v is not None else "" for v in values]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _first_value(values):
    """The first non-blank cell of a row, or None for a blank row."""
    for v in values:
        if v is None or v == "" or (isinstance(v, str) and not v.strip()):
            continue
        return v
    return None


def _data_rows(numbered, width: int) -> Iterator[SourceRow]:
    """The data rows of ``numbered`` ((number, cells) below the header), one at a time."""
    blank_run = 0
    for number, values in numbered:
        if type(values) is UnreadableRow:
            blank_run = 0
            yield SourceRow(number, ("",) * width, values.problem)
            continue
        first = _first_value(values)
        if first is None:
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if isinstance(first, str) and first.lstrip()[:1] in "tT" and fold(first).startswith(
                "total"):
            break
        if len(values) < width:
            values = list(values) + [""] * (width - len(values))
        yield SourceRow(number, tuple(values[:width]))
