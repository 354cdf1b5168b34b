"""Every file dialog of the app goes through ``app/ui/kit/files.py``: it opens in Documentos
(or the last folder she used), never in the program's folder, and speaks Portuguese."""

from __future__ import annotations

import re

from tests.places import ROOT

UI = ROOT / "app" / "ui"
THE_ONE_PLACE = UI / "kit" / "files.py"
# Fixed in branches conditional-fixes and pieces-page (the lead removes these after merging).
KNOWN = {"app/ui/conditional/termo_actions.py", "app/ui/pieces/piece_dialog.py"}


def test_no_screen_opens_a_qfiledialog_of_its_own():
    offenders = sorted(
        path.relative_to(ROOT).as_posix() for path in UI.rglob("*.py")
        if path != THE_ONE_PLACE
        and re.search(r"\bQFileDialog\b", path.read_text(encoding="utf-8")))
    assert [p for p in offenders if p not in KNOWN] == [], (
        "use ask_save_path, ask_open_path or ask_folder from app/ui/kit/files.py")
