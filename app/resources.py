"""Where the program's own files are (icons, images): ``resources/`` beside the source, or
inside the frozen program's folder. The one function that knows both."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """``resources/<parts>`` of this program, run from source or frozen (PyInstaller puts
    the bundled files under ``sys._MEIPASS``)."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
    return base.joinpath("resources", *parts)
