"""Test helpers that damage real database files the way disks and crashes do."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def checkpoint(path: Path) -> None:
    """Move everything from the ``-wal`` into the main file, as a clean close does."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def corrupt_page(path: Path, table: str = "customer") -> None:
    """Overwrite the b-tree header of ``table``'s first page with garbage bytes."""
    checkpoint(path)
    conn = sqlite3.connect(str(path))
    try:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (table,)).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * 64)
