"""Configurações → Sobre: the version she reads to whoever helps her, and where things are."""

from __future__ import annotations

from app.models.db import database_path
from app.ui.configuration.settings_page import SettingsPage
from app.version import version


def test_about_tab_names_the_version_and_the_folders(qtbot, db, today):
    page = SettingsPage(lambda: today)
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(n) for n in range(page.tabs.count())]
    assert titles[-1] == "Sobre"
    page.tabs.setCurrentIndex(len(titles) - 1)
    assert page.about_tab.version_label.text() == f"<b>Caderneta {version()}</b>"
    places = page.about_tab.places_label.text()
    assert f"Seus dados: {database_path()}" in places
    assert str(database_path().parent / "backups") in places
    assert "LGPL" in page.about_tab.findChildren(type(page.about_tab.version_label))[-1].text()
