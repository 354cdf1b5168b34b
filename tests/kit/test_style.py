"""One look: every text colour pair reaches WCAG AA, and a dark system theme cannot win."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette

from app.ui.kit.style import BADGES, COLOURS, TEXT_PAIRS, apply_style, contrast_ratio, palette
from tests.places import ROOT


def test_contrast_formula_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("name", sorted(TEXT_PAIRS))
def test_every_text_pair_reaches_aa(name):
    foreground, background = TEXT_PAIRS[name]
    assert contrast_ratio(foreground, background) >= 4.5, name


def test_every_badge_is_checked():
    assert {f"badge {code}" for code in BADGES} <= set(TEXT_PAIRS)


def test_palette_is_explicit_so_dark_mode_stays_readable(qapp):
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    qapp.setPalette(dark)  # as a dark system theme would
    apply_style(qapp)
    p = qapp.palette()
    assert p.color(QPalette.ColorRole.Window).name() == COLOURS.window
    assert p.color(QPalette.ColorRole.WindowText).name() == COLOURS.text
    assert p.color(QPalette.ColorRole.Base).name() == COLOURS.base
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert contrast_ratio(p.color(QPalette.ColorRole.Text).name(),
                              p.color(role).name()) >= 4.5
    assert palette().color(QPalette.ColorRole.Highlight).name() == COLOURS.primary
    qapp.setStyleSheet("")


def test_no_screen_carries_its_own_stylesheet_or_colour():
    """Every look lives in style.py: a screen sets roles, never a stylesheet or a hex colour."""
    ui = ROOT / "app" / "ui"
    offenders = []
    for path in sorted(ui.rglob("*.py")):
        if path.name == "style.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "setStyleSheet" in text or re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", text):
            offenders.append(path.name)
    assert offenders == []


def test_new_looks_reach_the_screens(qtbot, qapp):
    from PySide6.QtWidgets import QLabel

    from app.ui.kit.style import FOREGROUND_MUTED, set_role
    from app.ui.shell.notices import Banner

    apply_style(qapp)
    try:
        banner = Banner("Atenção", "error")
        qtbot.addWidget(banner)
        banner.ensurePolished()
        assert banner.palette().color(QPalette.ColorRole.WindowText).name() == \
            COLOURS.error_text
        hint = set_role(QLabel("dica"), "caution")
        qtbot.addWidget(hint)
        hint.ensurePolished()
        assert hint.palette().color(QPalette.ColorRole.WindowText).name() == COLOURS.caution
        assert contrast_ratio(FOREGROUND_MUTED.name(), COLOURS.alternate) >= 4.5
    finally:
        qapp.setStyleSheet("")


def test_money_columns_are_right_aligned_in_tabular_figures(qtbot, db, today):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont

    from app.services.people.customers import CustomerInput, save_customer
    from app.ui.kit import ops
    from app.ui.people.customers_page import CustomersPage

    save_customer(CustomerInput("Ana Lima"), today)
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    model = page.table.model()
    col = model.sourceModel().column_named("Saldo devedor") if hasattr(
        model, "sourceModel") else model.column_named("Saldo devedor")
    index = model.index(0, col)
    assert index.data() == "R$\xa00,00"
    align = Qt.AlignmentFlag(index.data(Qt.ItemDataRole.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight
    font = index.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.featureValue(QFont.Tag("tnum")) == 1


def test_every_page_of_the_sidebar_has_an_icon(qtbot, db, today):
    from app.ui.shell.main_window import MainWindow

    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    for row in range(window.nav.count()):
        item = window.nav.item(row)
        assert not item.icon().isNull(), item.text()
        assert not item.icon().pixmap(40, 40).isNull()  # HiDPI size too
