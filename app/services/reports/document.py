"""A printable document as plain data: store identification, HTML blocks, images, page format.

Builders in this package return a ``Document``; a Qt adapter (``app.ui.kit.pdf``) lays it out
with ``QTextDocument`` and paints the pages. The HTML stays inside the subset Qt's rich text
understands: tables with ``border``/``cellpadding``/``width`` attributes, ``<b>``, ``<i>``,
``<br>``, ``<h1>``–``<h3>``, ``<p>``, ``<img src=NAME width height>`` and a few inline styles
(``font-size``, ``font-weight``, ``text-align``). Meaning never rests on colour alone: paper is
often printed in black and white.

Each element of ``blocks`` is kept on one page when it fits on a page (a customer of the
overdue summary, a carnê slip); a block taller than a page flows over as many pages as needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from html import escape

from app.services.br.documents import format_cpf, is_valid_cnpj, only_digits
from app.services.core.dates import format_date

QR_PX = 118  # printed size of a Pix QR in CSS pixels (96 per inch): about 31 mm


class PageFormat(StrEnum):
    """A4 portrait for everything; an 80 mm roll (thermal printer) for receipts."""

    A4 = "a4"
    ROLL_80MM = "roll80"


@dataclass(frozen=True)
class StoreIdentity:
    """Who issues the document (CDC art. 42-A: the supplier is identified on collections)."""

    name: str
    document: str = ""  # CPF or CNPJ, formatted
    address: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        """One or two lines: name, then CPF/CNPJ and address when filled."""
        second = " · ".join(part for part in (self.document, self.address) if part)
        return (self.name, second) if second else (self.name,)


@dataclass(frozen=True)
class Document:
    """What the printer receives: a title, the issuer, the date and the body in blocks."""

    title: str
    store: StoreIdentity
    issued: date
    blocks: tuple[str, ...]
    images: dict[str, bytes] = field(default_factory=dict)  # name → PNG, <img src="name">
    page: PageFormat = PageFormat.A4
    subject: str = ""  # whom it is about (the customer): named in the preview and the file

    @property
    def window_title(self) -> str:
        """"Extrato da cliente — Joana D'Arc": the title and whom it is about."""
        return f"{self.title} — {self.subject}" if self.subject else self.title

    @property
    def running_header(self) -> tuple[str, ...]:
        """The lines printed at the top of every page."""
        return (*self.store.lines, f"{self.title} · emitido em {format_date(self.issued)}")

    def page_label(self, page: int, pages: int) -> str:
        """The footer of page ``page`` of ``pages``."""
        return f"{self.store.name} · {self.title} · Página {page} de {pages}"

    @property
    def html(self) -> str:
        """All blocks in one HTML body (for a quick look or a screen preview)."""
        return "".join(self.blocks)


def format_store_document(text: str) -> str:
    """A CPF or CNPJ as printed (000.000.000-00 / 00.000.000/0000-00); other text as typed."""
    digits = only_digits(text)
    if len(digits) == 11:
        return format_cpf(digits)
    if len(digits) == 14:
        d = digits
        return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"
    return (text or "").strip()


def store_identity(settings) -> StoreIdentity:
    """The issuer from the settings: store name, then CPF/CNPJ and address when filled."""
    doc = format_store_document(settings.store_document)
    label = ("CNPJ " if is_valid_cnpj(doc) or len(only_digits(doc)) == 14
             else "CPF ") + doc if doc else ""
    return StoreIdentity(settings.store_name.strip() or "Minha Loja", label,
                         settings.store_address.strip())


def pix_qr(settings, amount_cents: int, installment_ids: list[int],
           name: str) -> tuple[str, dict[str, bytes]] | None:
    """An ``<img>`` of the Pix QR code for ``amount_cents`` and its PNG under ``name``; None
    when Pix is not configured or the amount cannot be paid by Pix."""
    from app.services.br.pix import PixError, make_txid, pix_configured, pix_copia_e_cola
    from app.services.br.qr import qr_png_bytes

    if amount_cents <= 0 or not pix_configured(settings):
        return None
    try:
        code = pix_copia_e_cola(settings, amount_cents, make_txid(installment_ids))
    except PixError:
        return None
    png = qr_png_bytes(code, box_size=6, border=2)
    return f"<img src='{name}' width='{QR_PX}' height='{QR_PX}'>", {name: png}


def esc(text: object) -> str:
    """HTML-escape anything printed from the database."""
    return escape(str(text), quote=True)


def heading(title: str, subtitle: str = "") -> str:
    """The big title at the top of a document's first page."""
    sub = f"<p style='font-size: 9pt;'>{esc(subtitle)}</p>" if subtitle else ""
    return f"<h2 style='margin: 0;'>{esc(title)}</h2>{sub}"
