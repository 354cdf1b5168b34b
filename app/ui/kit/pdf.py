"""Turn a report ``Document`` (plain data from ``app.services.reports``) into printed pages.

Layering: services build documents without Qt; this module is the one Qt adapter for paper. It
uses QtGui only (``QTextDocument``, ``QPainter``, ``QPdfWriter``/``QPrinter``), no widgets and
no other ``app.ui`` module, so both the window (preview, print, "Salvar PDF") and the headless
``report`` command (under an offscreen ``QGuiApplication``) call the same code; it is the one
``app.ui`` module a command may import (inside ``run()``, see tests/test_layering.py).

Pagination: the body is laid out unpaged (in chunks of ``CHUNK`` blocks: Qt's layout and
painting slow down faster than a document grows) and every block is measured; a page ends
before a block that would cross its bottom when that block fits on one page, so a customer's
block in the overdue summary is never split when it fits. Each page gets the running header
(store name, CPF/CNPJ and address, title, date) and a footer with "Página n de N". Qt allows
QPainter on QImage, QPrinter and QPdfWriter outside the GUI thread, so a worker may write a
PDF (its writer made and freed there: ``free_device``); a preview paints on the printer its
dialog hands over, on the GUI thread.

A PDF file appears whole (``app.services.storage.whole_files``): the pages are painted into
memory, ``QPainter.end()`` must succeed, and the bytes are written to ``<name>.partial``
beside the target, every write checked by Python (a full disk raises with its own errno),
then checked (the file ends where its cross-reference table says), flushed and renamed. On a
failure or Cancelar the target is untouched: a good PDF already there stays good.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextTable,
)

from app.services.reports.document import Document, PageFormat
from app.services.storage.whole_files import write_bytes_whole

FONT_FAMILIES = ["Arial", "Liberation Sans", "DejaVu Sans"]
MARGIN_MM = {PageFormat.A4: 15.0, PageFormat.ROLL_80MM: 3.0}
WIDTH_MM = {PageFormat.A4: 210.0, PageFormat.ROLL_80MM: 80.0}
BODY_PT = {PageFormat.A4: 9.0, PageFormat.ROLL_80MM: 8.0}
CHUNK = 40  # blocks per QTextDocument (measured best among 10, 20, 40, 80)
FIT_SLACK = 0.98  # a block "fits" in 98% of a page: room for rounding


@dataclass(frozen=True)
class _Frame:
    """Device-pixel geometry of one page: header, body and footer bands."""

    width: float
    header: float
    body: float
    footer: float


@dataclass(frozen=True)
class _Block:
    """One block's place in the whole body: y from the top of the body, in device pixels."""

    top: float
    bottom: float
    chunk: int
    table: QTextTable


@dataclass
class Body:
    """The body laid out unpaged as stacked chunks, with every block measured."""

    texts: list[QTextDocument]
    offsets: list[float]
    heights: list[float]
    blocks: list[_Block]
    height: float

    def row_tops(self, block: _Block) -> list[float]:
        """Where the rows of a block start (to cut a block taller than a page)."""
        layout = self.texts[block.chunk].documentLayout()
        base = self.offsets[block.chunk]
        return [base + layout.blockBoundingRect(
            block.table.cellAt(r, 0).firstCursorPosition().block()).top()
            for r in range(block.table.rows())]


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a QGuiApplication for a headless command."""
    app = QGuiApplication.instance()
    return app if app is not None else QGuiApplication(["caderneta-report"])


def _font(document: Document, scale: float = 1.0) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(BODY_PT[document.page] * scale)
    # Latin text needs no shaping; skipping it makes the layout about 30% faster
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


def page_layout(document: Document, height_mm: float | None = None) -> QPageLayout:
    """A4 portrait (or an 80 mm roll ``height_mm`` tall) with the document's margins."""
    margin = MARGIN_MM[document.page]
    if document.page is PageFormat.A4:
        size = QPageSize(QPageSize.PageSizeId.A4)
    else:
        size = QPageSize(QSizeF(WIDTH_MM[document.page], height_mm or 200.0),
                         QPageSize.Unit.Millimeter, "Bobina 80 mm")
    return QPageLayout(size, QPageLayout.Orientation.Portrait,
                       QMarginsF(margin, margin, margin, margin), QPageLayout.Unit.Millimeter)


def _wrapped_heights(lines, font: QFont, device, width: float) -> list[float]:
    metrics = QFontMetricsF(font, device)
    flags = int(Qt.TextFlag.TextWordWrap.value)
    return [metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, line).height()
            for line in lines]


def _bands(document: Document, device) -> _Frame:
    rect = device.pageLayout().paintRectPixels(device.resolution())
    font = _font(document, 0.9)
    line = QFontMetricsF(font, device).lineSpacing()
    header = sum(_wrapped_heights(document.running_header, font, device, rect.width()))
    footer = sum(_wrapped_heights([document.page_label(99, 99)], font, device, rect.width()))
    header, footer = header + line * 0.8, footer + line * 0.8
    return _Frame(rect.width(), header, rect.height() - header - footer, footer)


def _is_one_table(block: str) -> bool:
    body = block.strip()
    return body.startswith("<table") and body.endswith("</table>") and body.count("<table") == 1


def build_text_document(blocks, document: Document, device, width: float) -> QTextDocument:
    """``blocks`` laid out for ``device`` at ``width`` device pixels, unpaged. A block that is
    not a single table is wrapped in a one-cell table, so that every block is one top-level
    frame that can be measured and kept whole."""
    text = QTextDocument()
    text.documentLayout().setPaintDevice(device)
    text.setDefaultFont(_font(document))
    text.setDocumentMargin(0)
    for name, png in document.images.items():
        text.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name),
                         QImage.fromData(png, "PNG"))
    text.setHtml("".join(
        block if _is_one_table(block) else
        "<table width='100%' border='0' cellspacing='0' cellpadding='0'><tr><td>"
        f"{block}</td></tr></table>" for block in blocks))
    text.setTextWidth(width)
    return text


def layout_body(document: Document, device, width: float, progress=None) -> Body:
    """Lay the blocks of ``document`` out in chunks and measure every block."""
    texts: list[QTextDocument] = []
    offsets: list[float] = []
    heights: list[float] = []
    blocks: list[_Block] = []
    y = 0.0
    total = len(document.blocks)
    for start in range(0, total, CHUNK):
        if progress is not None:
            progress(start, total, "Montando as páginas…")
        text = build_text_document(document.blocks[start:start + CHUNK], document, device,
                                   width)
        layout = text.documentLayout()
        tables = [f for f in text.rootFrame().childFrames() if isinstance(f, QTextTable)]
        height = text.size().height()
        tops = [y + layout.frameBoundingRect(t).top() for t in tables]
        bottoms = tops[1:] + [y + height]
        blocks += [_Block(top, bottom, len(texts), table)
                   for top, bottom, table in zip(tops, bottoms, tables, strict=True)]
        texts.append(text)
        offsets.append(y)
        heights.append(height)
        y += height
    return Body(texts, offsets, heights, blocks, y)


def plan_pages(body: Body, page_height: float) -> list[tuple[float, float]]:
    """Cut the body into pages of at most ``page_height``: (top, bottom) of each.

    A page ends before a block that would cross its bottom when that block fits on a page;
    a block taller than a page is cut between its table rows."""
    limit = page_height * FIT_SLACK
    pages: list[tuple[float, float]] = []
    page_top = 0.0
    for block in body.blocks:
        if block.bottom - page_top <= limit:
            continue
        if block.top > page_top and block.bottom - block.top <= limit:
            pages.append((page_top, block.top))
            page_top = block.top
        else:  # taller than a page: cut between its rows
            previous = page_top
            for cut in body.row_tops(block):
                if cut - page_top > limit and previous > page_top:
                    pages.append((page_top, previous))
                    page_top = previous
                previous = cut
            if block.bottom - page_top > limit and previous > page_top:
                pages.append((page_top, previous))
                page_top = previous
    pages.append((page_top, max(body.height, page_top)))
    return pages


def _paint_slice(painter: QPainter, body: Body, top: float, bottom: float, y: float) -> None:
    """Paint the body between ``top`` and ``bottom`` with ``top`` at device height ``y``."""
    for text, offset, height in zip(body.texts, body.offsets, body.heights, strict=True):
        end = offset + height
        if end <= top or offset >= bottom:
            continue
        clip_top = max(top, offset) - offset
        # stop 2 px short of the next page's first line, which Qt would otherwise put in the
        # PDF (clipped from sight, yet found by search and copy)
        clip_height = min(bottom, end) - offset - clip_top - (2 if bottom < end else 0)
        painter.save()
        painter.translate(0, y + offset - top)
        text.drawContents(painter, QRectF(0, clip_top, text.textWidth(), clip_height))
        painter.restore()


def _draw_bands(painter: QPainter, document: Document, frame: _Frame, page: int,
                pages: int, device) -> None:
    """The running header (wrapped to the width) and the footer with the page number."""
    font = _font(document, 0.9)
    painter.setPen(QPen())
    line = QFontMetricsF(font, device).lineSpacing()
    wrap = int(Qt.TextFlag.TextWordWrap.value)
    y = 0.0
    for n, text in enumerate(document.running_header):
        font.setBold(n == 0)
        painter.setFont(font)
        height = _wrapped_heights([text], font, device, frame.width)[0]
        painter.drawText(QRectF(0, y, frame.width, height), wrap, text)
        y += height
    font.setBold(False)
    painter.setFont(font)
    rule = frame.header - line * 0.4
    painter.drawLine(QPointF(0, rule), QPointF(frame.width, rule))
    bottom = frame.header + frame.body + line * 0.4
    painter.drawLine(QPointF(0, bottom), QPointF(frame.width, bottom))
    painter.drawText(QRectF(0, bottom + line * 0.2, frame.width, frame.footer),
                     wrap | int(Qt.AlignmentFlag.AlignRight.value),
                     document.page_label(page, pages))


def plan_document(document: Document, device, progress=None):
    """(page geometry, laid-out body, [(top, bottom) of each page]) for ``device``."""
    frame = _bands(document, device)
    body = layout_body(document, device, frame.width, progress)
    if document.page is PageFormat.A4:
        return frame, body, plan_pages(body, frame.body)
    return frame, body, [(0.0, body.height)]


def paint(document: Document, device, progress=None) -> int:
    """Paint every page of ``document`` on ``device`` (a QPrinter or QPdfWriter whose page
    layout is already set); return the number of pages."""
    return _paint(document, device, progress)[0]


def _paint(document: Document, device, progress=None) -> tuple[int, bool]:
    """(pages, whether ``QPainter.end()`` succeeded)."""
    frame, body, pages = plan_document(document, device, progress)
    painter = QPainter()
    if not painter.begin(device):  # e.g. a PDF open in another program, a read-only folder
        raise PermissionError("o arquivo não pôde ser aberto para gravar")
    ended = False
    try:
        for index, (top, bottom) in enumerate(pages):
            if index:
                device.newPage()
            if progress is not None:
                progress(index, len(pages), f"Página {index + 1} de {len(pages)}")
            _draw_bands(painter, document, frame, index + 1, len(pages), device)
            _paint_slice(painter, body, top, bottom, frame.header)
    finally:
        ended = painter.end()
    return len(pages), ended


def free_device(device) -> None:
    """Delete a PDF writer now, on this thread. Laying text out for a device
    (``setPaintDevice``) hands it to C++, which never frees it: a writer would live on,
    keeping its file open (on Windows, locked), and be freed by no one or from another
    thread. Each writer made here is freed where it was made (see ``app.ui.kit.ops``)."""
    if shiboken6.isValid(device):
        shiboken6.delete(device)


def roll_height_mm(document: Document, resolution: int = 300) -> float:
    """How tall the 80 mm roll must be to hold the whole receipt on one page."""
    sink = QBuffer()
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    probe = QPdfWriter(sink)
    try:
        probe.setResolution(resolution)
        probe.setPageLayout(page_layout(document))
        frame = _bands(document, probe)
        pixels = layout_body(document, probe, frame.width).height + frame.header + frame.footer
    finally:
        free_device(probe)
    return pixels / resolution * 25.4 + 2 * MARGIN_MM[document.page] + 2


def prepare_device(document: Document, device) -> None:
    """Set the page layout ``document`` needs on ``device`` (a QPrinter or QPdfWriter)."""
    height = (roll_height_mm(document, device.resolution())
              if document.page is PageFormat.ROLL_80MM else None)
    device.setPageLayout(page_layout(document, height))


def write_pdf(document: Document, path: Path | str, progress=None,
              resolution: int = 300) -> int:
    """Write ``document`` as a PDF file (A4 portrait, or one 80 mm page); return pages.

    The file appears whole or not at all (see the module docstring); raises ``OSError``
    (with the errno of the failed write: a full disk is ``ENOSPC``) and ``Cancelled`` from
    ``progress``, leaving the target as it was."""
    sink = QBuffer()
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(sink)
    writer.setResolution(resolution)
    writer.setTitle(document.title)
    writer.setCreator("Caderneta")
    prepare_device(document, writer)
    try:
        pages, ended = _paint(document, writer, progress)
    finally:
        free_device(writer)  # made here, freed here (never left to C++ or another thread)
    if not ended:
        raise OSError(errno.EIO, "o PDF não pôde ser terminado", str(path))
    write_bytes_whole(Path(path), sink.data().data(), check=check_pdf)
    return pages


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def check_pdf(path: Path) -> None:
    """Refuse a PDF that is not whole: it must end with ``%%EOF`` and its cross-reference
    table must start exactly where the file says (a lost write anywhere before moves it)."""
    size = path.stat().st_size
    with path.open("rb") as file:
        file.seek(max(0, size - 64))
        tail = file.read()
        found = _STARTXREF.search(tail)
        if found and int(found.group(1)) < size:
            file.seek(int(found.group(1)))
            if file.read(4) == b"xref":
                return
    raise OSError(errno.EIO, "o PDF gravado está incompleto", str(path))
