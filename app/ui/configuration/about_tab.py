"""Configurações → Sobre: which version this is, where her data and the program live, and
what it is built with (the licences a distributed program must name)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.models.db import database_path
from app.ui.kit.style import set_role
from app.version import version

BUILT_WITH = ("Feito com Python, Qt 6 e PySide6 (licença LGPL v3), Peewee, SQLite, openpyxl, "
              "python-calamine, lxml, qrcode, Pillow, phonenumbers, num2words e pypdf — "
              "todos livres e de código aberto.")


def program_folder() -> Path:
    """The folder the program runs from: the installed (frozen) folder, or the source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[3]


class AboutTab(QWidget):
    """Read-only facts; the version line is what she reads to a helper on the phone."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.version_label = QLabel(f"<b>Caderneta {version()}</b>")
        self.version_label.setObjectName("aboutVersion")
        layout.addWidget(self.version_label)
        self.places_label = QLabel()
        self.places_label.setObjectName("aboutPlaces")
        self.places_label.setWordWrap(True)
        self.places_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.places_label)
        built = QLabel(f"{BUILT_WITH}\nQt {qVersion()} · PySide6 {pyside_version} · "
                       f"Python {sys.version.split()[0]}")
        built.setWordWrap(True)
        set_role(built, "hint")
        layout.addWidget(built)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """The places now (a restore or another file may have changed the data file)."""
        data = database_path()
        self.places_label.setText(
            f"Seus dados: {data}\nCópias de segurança: {data.parent / 'backups'}\n"
            f"Programa: {program_folder()}")
