"""Sidebar icons: small SVGs in resources/icons, teal normally and white when selected."""

from __future__ import annotations

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from app.resources import resource_path
from app.ui.kit.style import COLOURS

ICONS = resource_path("icons")
SIZES = (20, 40)  # normal and HiDPI (2×)


def _pixmap(svg: str, size: int) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(svg.encode(), "SVG")
    return pixmap.scaled(size, size) if not pixmap.isNull() and pixmap.width() != size \
        else pixmap


def nav_icon(code: str) -> QIcon:
    """The icon ``resources/icons/<code>.svg`` of a navigation page (a generic one when the
    file is missing)."""
    path = ICONS / f"{code}.svg"
    if not path.is_file():
        style = QApplication.style()
        return style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
    svg = path.read_text(encoding="utf-8")
    icon = QIcon()
    for size in SIZES:
        sized = svg.replace('width="24" height="24"', f'width="{size}" height="{size}"')
        icon.addPixmap(_pixmap(sized, size), QIcon.Mode.Normal)
        icon.addPixmap(_pixmap(sized.replace(COLOURS.primary, COLOURS.on_primary), size),
                       QIcon.Mode.Selected)
    return icon
