"""QR codes for Pix payloads: a module matrix for on-screen drawing and PNG bytes for files."""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def _make(text: str, box_size: int = 10, border: int = 0) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(text)
    code.make(fit=True)
    return code


def qr_matrix(text: str) -> list[list[bool]]:
    """Return the QR modules of ``text`` (True = dark), without the quiet zone around them."""
    return [list(row) for row in _make(text).get_matrix()]


def qr_png_bytes(text: str, box_size: int = 10, border: int = 4) -> bytes:
    """Return a black-on-white PNG of the QR code of ``text`` with a ``border``-module margin."""
    image = _make(text, box_size=box_size, border=border).make_image(
        fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
