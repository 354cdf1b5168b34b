"""The program's version, written once in pyproject.toml and read from there (or, frozen or
installed, from the package metadata built from it)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def version() -> str:
    """``0.2.0``: pyproject.toml's ``version`` when run from source, else the installed (or
    frozen) package's metadata, else ``"desconhecida"``."""
    if _PYPROJECT.exists():  # from source: the file itself, never a stale installed copy
        found = re.search(r'^version\s*=\s*"([^"]+)"', _PYPROJECT.read_text(encoding="utf-8"),
                          re.MULTILINE)
        if found:
            return found.group(1)
    try:
        return metadata.version("caderneta")
    except metadata.PackageNotFoundError:
        return "desconhecida"
