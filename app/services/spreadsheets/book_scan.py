"""The streamed scan of a workbook's XML parts for a cell text longer than any spreadsheet
holds, before python-calamine loads it whole.

Rule: a cell (xlsx: a shared string ``<si>`` or a sheet cell ``<c>``; ods: a
``<table:table-cell>``) may hold at most ``MAX_CELL_CHARS`` characters, Excel's own limit. A
part whose root the scan does not know is checked text node by text node. What the scan
counts is never less than what python-calamine builds:

- A part is read in chunks of ``_CHUNK`` bytes through ``zipfile`` (which stops at the size
  the zip declares) and cut at the end tag of a cell, found by the prefix the root declares.
  An end tag cannot appear inside text (``<`` is always escaped there), so a cell's text lies
  between two cuts. A comment, a CDATA section or a processing instruction could hide an end
  tag (or a ``>``): from the first one on, the part is counted as a single cell, one
  character a byte (Excel, LibreOffice and Google Sheets write none).
- Most cells are short: only a stretch of ``_WINDOW`` bytes with no cut in it (a cell of at
  least ``2 * _WINDOW - 1`` bytes, that is any cell that may hold more than ``MAX_CELL_CHARS``
  characters) is counted exactly: tags taken out, an entity (``&amp;``) one character, UTF-8
  counted by characters, and for ods each ``<text:s text:c="N"/>`` N spaces (a 500-byte .ods
  can ask for 50 million) and each ``<text:tab/>``/``<text:line-break/>`` one.
- An unfinished cell longer than ``_WINDOW`` bytes is counted at once, so a 193 MB string is
  refused after its first megabyte is read.

Measured on a 2-core machine (``import --dry-run``, fresh process): a 20 MB shared string
took the command to 369 MB and 4.7 s of CPU, a 20 MB inline string to 349 MB; 1,000 strings
of 32,000 characters (30 MB of shared strings) to 140 MB; an honest 100,000-row customer
sheet (five text columns, 22 MB of shared strings) to 118 MB. Scanning costs about 0.1 s per
20 MB of XML.
"""

from __future__ import annotations

import re
import zipfile

MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
MAX_STRINGS_BYTES = 48 << 20  # shared strings, unpacked (200,000 honest rows: 45 MB)
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


class TooMuchText(Exception):
    """The shared strings declare more than MAX_STRINGS_BYTES; ``part`` names them."""

    def __init__(self, part: str):
        self.part = part
        super().__init__(part)


class LongCell(Exception):
    """A part holds a cell text over MAX_CELL_CHARS characters; ``part`` names it."""

    def __init__(self, part: str):
        self.part = part
        super().__init__(part)


def scan_part(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """Read ``info`` in chunks if it is a part python-calamine reads text from (by its root:
    shared strings, a sheet, an ods content, the workbook); raise ``TooMuchText`` for shared
    strings declaring over MAX_STRINGS_BYTES, ``LongCell`` at the first cell over
    MAX_CELL_CHARS characters. Returns the local name of the root ("" if none)."""
    with book.open(info) as f:
        chunk = f.read(_HEAD)
        root, cut, ods = _cut_for(chunk)
        if root not in _SCANNED:
            return root
        if root == "sst" and info.file_size > MAX_STRINGS_BYTES:
            raise TooMuchText(info.filename)
        scan = _Scan(cut, ods, _prolog_end(chunk))
        while chunk:
            if not scan.feed(chunk):
                raise LongCell(info.filename)
            chunk = f.read(_CHUNK)
        if not scan.finish():
            raise LongCell(info.filename)
    return root


_SCANNED = frozenset({"sst", "worksheet", "dialogsheet", "document-content", "workbook"})
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
    """Cells cut at ``cut`` (None: the whole part is one cell), counted as they arrive."""

    def __init__(self, cut: bytes | None, ods: bool, prolog_end: int):
        self.cut, self.ods = cut, ods
        self.tail = b""  # the unfinished cell, from just after the last cut
        self.tail_chars = 0  # characters of the unfinished cell already dropped from ``tail``
        self.skip = prolog_end  # the XML declaration is no hiding place
        self.raw = False

    def feed(self, chunk: bytes) -> bool:
        """Take the next chunk; False as soon as a cell is over the limit."""
        buf = self.tail + chunk
        if self.cut is not None and any(h in buf[self.skip:] for h in _HIDING):
            self.cut = None  # an end tag may be hidden: count everything as one cell
            self.raw = True  # and every byte as a character (no tag can be trusted)
        self.skip = 0
        last = -1 if self.cut is None else buf.rfind(self.cut)
        if last < 0:
            self.tail = buf
            return self._tail_fits()
        done, self.tail = buf[:last], buf[last + len(self.cut):]
        if self.tail_chars:  # the first cell of ``done`` began in dropped text
            first = done.find(self.cut)
            if self.tail_chars + self._chars(done[:first if first >= 0 else len(done)],
                                        self.ods) > MAX_CELL_CHARS:
                return False
            self.tail_chars = 0
        return self._cells_fit(done) and self._tail_fits()

    def finish(self) -> bool:
        return self.tail_chars + self._chars(self.tail, self.ods) <= MAX_CELL_CHARS

    def _cells_fit(self, done: bytes) -> bool:
        """Every cell of ``done`` (cells end at each cut) is within the limit: only a cell
        that spans a whole window, or (ods) holds repeated spaces, is counted."""
        cut = self.cut
        starts = {done.rfind(cut, 0, p) for p in range(0, len(done), _WINDOW)
                  if cut not in done[p:p + _WINDOW]}
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
            self.tail = self.tail[keep:]
        return self.tail_chars + self._chars(self.tail, self.ods) <= MAX_CELL_CHARS


def _count(xml: bytes, ods: bool) -> int:
    """The characters of text in ``xml``: tags out, an entity one character, UTF-8 by
    characters; for ods, the spaces and tabs its elements stand for."""
    text = _ENTITY.sub(b"&", _TAG.sub(b"", xml))
    return len(text.translate(None, _CONTINUATION)) + _ods_extra(xml, ods)


def _ods_extra(xml: bytes, ods: bool) -> int:
    """The characters ods elements stand for: N spaces for ``<text:s text:c="N"/>``, one for
    each other space, tab and line break."""
    if not ods or b":" not in xml:
        return 0
    spaces = sum(int(m.group(1)) for m in _ODS_SPACES.finditer(xml))
    return spaces + len(_ODS_ONE_CHAR.findall(xml))
