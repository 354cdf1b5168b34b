"""Proof that a hostile workbook is refused by the guard's cheap path, by counting, never by
timing (no test may depend on how fast the machine is; the refusals are timed by
``benchmarks/bench_privacy.py``).

While ``cheap_path()`` is open:
- python-calamine fails the test as soon as anything asks it to open a book: its read is the
  expensive work the guard exists to spare (94 s and 5.37 GB for the 400 MB zip bomb, 6 GB and
  32 s for one value far away in a 1 KB .ods). The failure is raised past the reader's own
  ``except Exception``, so it cannot be turned into a sentence;
- ``inflated`` counts the bytes unpacked from zip entries (the guard reads them with
  ``zipfile``; python-calamine, which unpacks on its own, is kept out above);
- ``scanned`` counts the bytes fed to the guard's whole pass over text and positions
  (``spreadsheet_guard.scan_part``), the costly one that a big sheet's cheap count
  (``reader_memory.floor``) is there to spare.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import python_calamine

from app.services.spreadsheets import spreadsheet_guard


@dataclass
class Watch:
    inflated: int = 0  # bytes unpacked from the zip's entries
    scanned: int = 0  # bytes fed to the guard's whole pass over the text and positions


class _NoReader:
    """Stands for ``python_calamine.CalamineWorkbook``: opening a book fails the test."""

    @staticmethod
    def from_path(path, *args, **kwargs):
        pytest.fail(f"python-calamine was asked to open {path}: the guard let it through")


@contextmanager
def cheap_path() -> Iterator[Watch]:
    """Count what the guard unpacks and scans; python-calamine fails the test if called."""
    watch = Watch()
    read, feed = zipfile.ZipExtFile.read, spreadsheet_guard._Scan.feed

    def counted_read(self, n=-1):
        data = read(self, n)
        watch.inflated += len(data)
        return data

    def counted_feed(self, chunk):
        watch.scanned += len(chunk)
        return feed(self, chunk)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipExtFile, "read", counted_read)
        patch.setattr(spreadsheet_guard._Scan, "feed", counted_feed)
        patch.setattr(python_calamine, "CalamineWorkbook", _NoReader)
        yield watch
