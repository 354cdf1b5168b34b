"""Writing xlsx sheets the way a spreadsheet user expects, with openpyxl's write-only mode.

Rules:
- Real cells: money (integer centavos) is written as an exact decimal number with the
  ``"R$" #,##0.00`` format; dates as dates with ``dd/mm/yyyy``; counts as integers.
- Bold header row, frozen below the header, auto-filter over the table, sensible widths.
- Text that starts with ``=``, ``+``, ``-`` or ``@`` is written as text (type ``s`` with the
  quote prefix), never as a formula: spreadsheet formula injection cannot happen.
- Write-only mode: rows stream to the file, memory stays flat however many rows.
- Each sheet spills into the app's own scratch folder (``storage.scratch``), never the
  system temp folder: those files hold names and CPFs.
- The file appears whole (``save_whole``): zipped into ``<name>.partial`` beside the target,
  read back, flushed, renamed. On any failure (a full disk while spilling or zipping,
  Cancelar) every sheet and the zip are closed quietly, the spill files and the partial are
  removed, the target is untouched, and the error is an ``OSError`` with its errno (lxml's
  "IO_ENOSPC" becomes ``ENOSPC``): one sentence for her, never "Exception ignored" blocks.
"""

from __future__ import annotations

import errno
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.writer.excel import ExcelWriter

from app.services.storage.scratch import ScratchSession
from app.services.storage.whole_files import whole_file

MONEY_FORMAT = '"R$" #,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
DANGEROUS = ("=", "+", "-", "@")


class Kind:
    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    INT = "int"


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = Kind.TEXT
    width: int = 14


class SpillingWorkbook(Workbook):
    """A write-only workbook whose sheets spill into a scratch session of the app's folder."""

    def __init__(self):
        super().__init__(write_only=True)
        self.scratch: ScratchSession | None = None

    def create_sheet(self, title=None, index=None):
        ws = super().create_sheet(title, index)
        if self.scratch is None:
            self.scratch = ScratchSession()
        out = str(self.scratch.new_file(".xml"))

        def get_writer() -> None:  # openpyxl's own, but into ``out``: at the first row
            if ws._writer is None:
                sheet_writer.ALL_TEMP_FILES.append(out)  # its cleanup expects it listed
                ws._writer = sheet_writer.WorksheetWriter(ws, out=out)
                ws._writer.write_top()

        ws._get_writer = get_writer
        return ws


def new_workbook() -> SpillingWorkbook:
    """An empty write-only workbook (fill it with ``write_sheet``, then ``save_whole``)."""
    return SpillingWorkbook()


def save_whole(wb: Workbook, path: str | Path) -> None:
    """Write ``wb`` to ``path`` whole or not at all (see the module rules); raises
    ``OSError`` with the errno of the failure. The workbook cannot be used afterwards."""
    try:
        with whole_file(Path(path), check=_check_xlsx) as partial:
            if not wb.worksheets:
                wb.create_sheet()
            archive = zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
            try:
                ExcelWriter(wb, archive).save()  # closes the archive when all went well
            except BaseException:
                _abandon(archive)
                raise
    except etree.LxmlError as exc:
        raise as_os_error(exc) from None
    finally:
        discard(wb)


def _check_xlsx(partial: Path) -> None:
    """The zip reads back whole (every entry's checksum)."""
    try:
        with zipfile.ZipFile(partial) as archive:
            broken = archive.testzip()
    except zipfile.BadZipFile as exc:
        raise OSError(errno.EIO, "a planilha gravada está incompleta", str(partial)) from exc
    if broken is not None:
        raise OSError(errno.EIO, f"a planilha gravada está incompleta ({broken})", str(partial))


def _abandon(archive: zipfile.ZipFile) -> None:
    """Let go of a zip whose writing failed without writing again (its ``__del__`` would
    try, fail once more and print "Exception ignored")."""
    handle, archive.fp = archive.fp, None
    if handle is not None:
        try:
            handle.close()
        except OSError:
            pass


def discard(wb: Workbook) -> None:
    """Close every sheet's streams quietly and remove its spill file and the scratch session
    (after a save, or instead of one)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            try:
                if stream is not None:
                    stream.close()
            except Exception:  # noqa: BLE001 - a stream that failed has nothing more to say
                pass
        out = getattr(writer, "out", None)
        if isinstance(out, str):
            Path(out).unlink(missing_ok=True)
            if out in sheet_writer.ALL_TEMP_FILES:
                sheet_writer.ALL_TEMP_FILES.remove(out)
    scratch = getattr(wb, "scratch", None)
    if scratch is not None:
        scratch.close()
        wb.scratch = None


def as_os_error(exc: etree.LxmlError) -> OSError:
    """lxml's "IO_ENOSPC" (a sheet spilling on a full disk) as ``OSError(ENOSPC)``."""
    name = str(exc).strip().split()[0] if str(exc).strip() else ""
    code = getattr(errno, name[3:], errno.EIO) if name.startswith("IO_E") else errno.EIO
    return OSError(code, str(exc))


class SheetWriter:
    """One sheet: header first, then ``append`` rows of plain values (cents for money)."""

    def __init__(self, wb: Workbook, title: str, cols: tuple[Col, ...]):
        self.ws = wb.create_sheet(title[:31])
        self.cols = cols
        self.rows = 0
        for i, col in enumerate(cols, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = col.width
        self.ws.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for col in cols:
            cell = WriteOnlyCell(self.ws, value=col.header)
            cell.font = bold
            header.append(cell)
        self.ws.append(header)
        self._converters = [_CONVERTERS[col.kind] for col in cols]

    def append(self, values) -> None:
        ws = self.ws
        self.ws.append([conv(ws, v) for conv, v in zip(self._converters, values, strict=True)])
        self.rows += 1

    def close(self) -> None:
        """Set the auto-filter over header and rows (call once, after the last row)."""
        last = get_column_letter(len(self.cols))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"


def _text(ws, value):
    if value is None or value == "":
        return None
    text = str(value)
    if text[0] in DANGEROUS:
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return text


def _money(ws, cents):
    if cents is None:
        return None
    cell = WriteOnlyCell(ws, value=Decimal(int(cents)).scaleb(-2))
    cell.number_format = MONEY_FORMAT
    return cell


def _date(ws, value):
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _int(ws, value):
    return None if value is None else int(value)


_CONVERTERS = {Kind.TEXT: _text, Kind.MONEY: _money, Kind.DATE: _date, Kind.INT: _int}


def write_sheet(wb: Workbook, title: str, cols: tuple[Col, ...], rows) -> int:
    """Write a whole sheet from an iterable of row tuples; return the row count. On a
    failure (a full disk: ``OSError``; Cancelar) the workbook is discarded first."""
    try:
        sheet = SheetWriter(wb, title, cols)
        for row in rows:
            sheet.append(row)
        sheet.close()
    except etree.LxmlError as exc:
        discard(wb)
        raise as_os_error(exc) from None
    except BaseException:
        discard(wb)
        raise
    return sheet.rows
