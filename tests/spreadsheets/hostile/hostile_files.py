"""Hostile spreadsheets built on disk for the tests: real zip bombs (a few hundred KB that
unpack to hundreds of MB), workbooks that lie about their sizes, CSVs with huge cells.

The zip is written by hand (local headers, central directory) so that a 400 MB part costs a
second to build: one deflate block of 1 MB of "A" compressed with a full flush decodes on its
own, so the same bytes repeated 400 times are a valid stream for 400 MB."""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

MB = 1 << 20
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="rels" ContentType="application/'
       'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
       '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
       'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
       '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
       '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
       '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
         '"xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats'
             '.org/officeDocument/2006/relationships"><sheets><sheet name="Clientes" sheetId="1" '
             'r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
              'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
              'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
              'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
              'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="'
              'sharedStrings.xml"/></Relationships>')
_SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
          '.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
          '</row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>')
_STRINGS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                 b'openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>'
                 b'Nome</t></si><si><t>')
_STRINGS_TAIL = b"</t></si></sst>"


class _Part:
    """One entry: its raw deflate bytes, CRC and unpacked size (``declared`` may lie)."""

    def __init__(self, name: str, pieces: list[tuple[bytes, int]], declared: int | None = None):
        """``pieces``: (text, times) — ``text`` repeated ``times`` times, in order."""
        self.name = name.encode()
        data, crc, size = [], 0, 0
        for text, times in pieces:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            block = compressor.compress(text) + compressor.flush(zlib.Z_FULL_FLUSH)
            data.append(block * times)
            for _ in range(times):
                crc = zlib.crc32(text, crc)
            size += len(text) * times
        self.data = b"".join(data) + b"\x03\x00"  # an empty final block ends the stream
        self.crc = crc
        self.size = size if declared is None else declared


def _write_zip(path: Path, parts: list[_Part]) -> Path:
    local, central, offset = [], [], 0
    for p in parts:
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, p.crc,
                           len(p.data), p.size, len(p.name), 0) + p.name
        local.append(head + p.data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21,
                                   p.crc, len(p.data), p.size, len(p.name), 0, 0, 0, 0, 0,
                                   offset) + p.name)
        offset += len(head) + len(p.data)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory),
                      offset, 0)
    path.write_bytes(b"".join(local) + directory + end)
    return path


def dense_text(period: int = 6_400) -> bytes:
    """1 MB of letters that repeat every ``period`` characters: deflate packs it about 87
    times (6,400), under the 100 times an old rule took for a bomb; "A" alone packs ~1,000."""
    rnd = random.Random(17)
    unit = bytes(rnd.choice(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ")
                 for _ in range(period))
    return (unit * (MB // period + 1))[:MB]


def zip_bomb_xlsx(path: Path, megabytes: int = 400, declared: int | None = None,
                  filler: bytes = b"A" * MB) -> Path:
    """A workbook whose one shared string is ``megabytes`` times ``filler`` (1 MB of "A":
    ~1 KB per MB on disk; ``dense_text()``: ~12 KB per MB); ``declared`` makes its directory
    claim another unpacked size for that part (a liar)."""
    return workbook_xlsx(path, strings=[(_STRINGS_HEAD, 1), (filler, megabytes),
                                        (_STRINGS_TAIL, 1)], declared=declared)


def workbook_xlsx(path: Path, *, strings: list[tuple[bytes, int]] | None = None,
                  sheet: list[tuple[bytes, int]] | None = None,
                  declared: int | None = None) -> Path:
    """A one-sheet workbook from raw pieces ((bytes, times), in order) of its shared strings
    part (``declared``: the size its directory claims) and of its sheet (default: two rows
    pointing at shared strings 0 and 1)."""
    small = [_Part(name, [(text.encode(), 1)]) for name, text in (
        ("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WORKBOOK),
        ("xl/_rels/workbook.xml.rels", _BOOK_RELS))]
    parts = [*small, _Part("xl/worksheets/sheet1.xml", sheet or [(_SHEET.encode(), 1)])]
    if strings:
        parts.append(_Part("xl/sharedStrings.xml", strings, declared))
    return _write_zip(path, parts)


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
              b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"
STRINGS_HEAD = _STRINGS_HEAD[:_STRINGS_HEAD.index(b"<si>")]
STRINGS_TAIL = b"</sst>"


def huge_cell_csv(path: Path, cell_chars: int, *, row: int = 3, quoted_lines: int = 1) -> Path:
    """A customer CSV (`;`, UTF-8) of five rows where data row ``row`` has a notes cell of
    ``cell_chars`` characters, spread over ``quoted_lines`` lines inside quotes."""
    lines = ["Nome;Telefone;Observações"]
    names = ["Ana Souza", "Bia Lima", "Carla Dias", "Dora Reis", "Eva Matos"]
    for n, name in enumerate(names, 1):
        note = "prefere Pix"
        if n == row:
            piece = "x" * (cell_chars // quoted_lines)
            note = '"' + "\n".join([piece] * quoted_lines) + '"'
        lines.append(f"{name};(11) 98765-43{n:02d};{note}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:'
           'oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:'
           'opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:'
           'style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
           'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
    'tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:'
    'full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.'
    'opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>')


def ods_book(path: Path, tables: list[tuple[str, str]], styles: str = "") -> Path:
    """A valid .ods as LibreOffice lays it out: ``mimetype`` first and stored, the manifest,
    ``content.xml`` with ``styles`` (automatic styles) and ``tables`` ((name, rows XML))."""
    import zipfile

    body = "".join(f'<table:table table:name="{name}" table:style-name="ta1"><table:table-'
                   f'column table:number-columns-repeated="16384"/>{rows}</table:table>'
                   for name, rows in tables)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
               f'office:version="1.3"><office:automatic-styles>{styles}</office:automatic-'
               f'styles><office:body><office:spreadsheet>{body}</office:spreadsheet>'
               '</office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        z.writestr("content.xml", content)
    return path


def ods_cell(text: str | None = None, repeated: int = 1) -> str:
    """A cell as LibreOffice writes it: a string, or empty (``None``), ``repeated`` times."""
    repeat = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    if text is None:
        return f"<table:table-cell{repeat}/>"
    return (f'<table:table-cell{repeat} office:value-type="string" calcext:value-type="string">'
            f"<text:p>{text}</text:p></table:table-cell>")


def ods_row(*cells: str, repeated: int = 1) -> str:
    """A row of ``cells`` (``ods_cell``) ending, as LibreOffice's do, with the empty cells up
    to column 16,384; ``repeated`` times."""
    repeat = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    width = sum(int(c.split('repeated="')[1].split('"')[0]) if "repeated" in c else 1
                for c in cells)
    padding = ods_cell(None, 16384 - width) if width < 16384 else ""
    return f'<table:table-row table:style-name="ro1"{repeat}>{"".join(cells)}{padding}' \
           "</table:table-row>"


def dense_xlsx(path: Path, rows: int, columns: int = 10, last_row: bytes = b"") -> Path:
    """A sheet of ``rows`` x ``columns`` small numbers (0 to 99), written without ``r`` (each
    cell placed after the previous one, as the format allows), then ``last_row``: a block of
    500 rows repeated, ~14 bytes of XML a cell, packed ~15 times (a few MB for millions of
    cells)."""
    rnd = random.Random(17)
    block = b"".join(b"<row>" + b"".join(b"<c><v>%d</v></c>" % rnd.randint(0, 99)
                                         for _ in range(columns)) + b"</row>"
                     for _ in range(500))
    return workbook_xlsx(path, sheet=[(SHEET_HEAD, 1), (block, rows // 500),
                                      (last_row + SHEET_TAIL, 1)])


def dense_ods(path: Path, rows: int, columns: int = 10, last_rows: str = "") -> Path:
    """An .ods whose table "Clientes" holds ``rows`` x ``columns`` numbers (0 to 99) as
    LibreOffice writes them (value, text, each row padded to column 16,384), then
    ``last_rows`` (``ods_row``) and LibreOffice's empty rows to row 1,048,576: a block of 500
    rows repeated, ~110 bytes of XML a cell, packed ~20 times."""
    rnd = random.Random(17)
    block = "".join(ods_row(*(
        f'<table:table-cell office:value-type="float" office:value="{n}" calcext:value-type='
        f'"float"><text:p>{n}</text:p></table:table-cell>'
        for n in (rnd.randint(0, 99) for _ in range(columns)))) for _ in range(500))
    head = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:'
            'version="1.3"><office:body><office:spreadsheet><table:table table:name="Clientes" '
            'table:style-name="ta1"><table:table-column table:number-columns-repeated="16384"/>')
    tail = (last_rows + ods_row(repeated=1_048_576 - rows - last_rows.count("<table:table-row"))
            + "</table:table></office:spreadsheet></office:body></office:document-content>")
    return _write_zip(path, [
        _Part("mimetype", [(b"application/vnd.oasis.opendocument.spreadsheet", 1)]),
        _Part("META-INF/manifest.xml", [(_ODS_MANIFEST.encode(), 1)]),
        _Part("content.xml", [(head.encode(), 1), (block.encode(), rows // 500),
                              (tail.encode(), 1)])])
