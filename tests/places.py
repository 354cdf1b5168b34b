"""Where the tests find things: the project root, the test data files, the shared samples."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT.parent / "shared" / "samples"  # spreadsheets as they really arrive
