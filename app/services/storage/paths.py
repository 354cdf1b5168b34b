"""Where her data lives by default: one folder named once, the same the window uses.

- Linux: ``$XDG_DATA_HOME/Caderneta`` (usually ``~/.local/share/Caderneta``)
- Windows: ``%APPDATA%\\Caderneta``
- macOS: ``~/Library/Application Support/Caderneta``
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "Caderneta"
DB_NAME = "caderneta.sqlite3"


def data_dir() -> Path:
    """The folder that holds her database and its ``backups`` folder."""
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_FOLDER


def default_db_path() -> Path:
    """``caderneta.sqlite3`` in :func:`data_dir`."""
    return data_dir() / DB_NAME
