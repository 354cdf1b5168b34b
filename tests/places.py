"""Where the tests find things: the project root, the test data files, the shared samples."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
# spreadsheets as they really arrive: ../shared/samples beside the checkout (or beside the
# folder that holds a git worktree of it)
SAMPLES = next((p / "shared" / "samples" for p in (ROOT.parent, ROOT.parent.parent)
                if (p / "shared" / "samples").is_dir()), ROOT.parent / "shared" / "samples")
