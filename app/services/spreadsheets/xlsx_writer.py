"""Writing xlsx sheets the way a spreadsheet user expects, with openpyxl's write-only mode.

Rules:
- Real cells: money (integer centavos) is written as an exact decimal number with the
  ``"R$" #,##0.00`` format; dates as dates with ``dd/mm/yyyy``; counts as integers.
- Bold header row, frozen below the header, auto-filter over the table, sensible widths.
- Text that starts with ``=``, ``+``, ``-`` or ``@`` is written as text (type ``s`` with the
  quote prefix), never as a formula: spreadsheet formula injection cannot happen.
- Write-only mode: rows stream to the file, memory stays flat however many rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


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
    """Write a whole sheet from an iterable of row tuples; return the row count."""
    sheet = SheetWriter(wb, title, cols)
    for row in rows:
        sheet.append(row)
    sheet.close()
    return sheet.rows

