"""Guard: the Qt binding must not leak references to None (PySide6 6.12.0 on Python 3.11 did).

That bug aborts the app after a few thousand label updates ("deallocating None"), so a
reseller would see the window vanish mid-day. pyproject.toml pins around it; this test
fails if a broken version comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_setting_text_does_not_leak_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("R$ 1.234,56")
    assert sys.getrefcount(None) >= before - 50
