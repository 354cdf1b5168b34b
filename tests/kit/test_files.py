"""Every file dialog goes through ``app/ui/kit/files.py`` and starts where her files are: a
photo in Imagens, a spreadsheet in Documentos, then wherever she chose last — never in the
program's folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.ui.kit import files
from tests.places import ROOT


@pytest.fixture
def her_folders(tmp_path, monkeypatch):
    pictures, documents = tmp_path / "Imagens", tmp_path / "Documentos"
    pictures.mkdir()
    documents.mkdir()
    places = {files.QStandardPaths.StandardLocation.PicturesLocation: pictures,
              files.QStandardPaths.StandardLocation.DocumentsLocation: documents}
    monkeypatch.setattr(files.QStandardPaths, "writableLocation",
                        lambda place: str(places.get(place, "")))
    monkeypatch.setattr(files, "_LAST", [])
    asked = []

    def dialog(parent, title, where, file_filter):
        asked.append(Path(where))
        return (str(tmp_path / "fotos" / "vestido.jpg") if len(asked) == 1 else ""), file_filter

    monkeypatch.setattr(files.QFileDialog, "getOpenFileName", dialog)
    return pictures, documents, asked


def test_a_photo_is_looked_for_in_imagens_then_where_she_chose_last(her_folders, tmp_path):
    pictures, documents, asked = her_folders
    assert files.ask_open_path(None, "Foto da peça", "Imagens (*.jpg)", pictures=True) == (
        tmp_path / "fotos" / "vestido.jpg")
    (tmp_path / "fotos").mkdir()
    assert files.ask_open_path(None, "Escolher planilha", "Planilhas (*.xlsx)") is None  # gave up
    assert asked == [pictures, tmp_path / "fotos"]


def test_a_spreadsheet_is_looked_for_in_documentos(her_folders):
    pictures, documents, asked = her_folders
    files.ask_open_path(None, "Escolher planilha", "Planilhas (*.xlsx)")
    assert asked == [documents]


UI = ROOT / "app" / "ui"
THE_ONE_PLACE = UI / "kit" / "files.py"


def test_no_screen_opens_a_qfiledialog_of_its_own():
    offenders = sorted(
        path.relative_to(ROOT).as_posix() for path in UI.rglob("*.py")
        if path != THE_ONE_PLACE
        and re.search(r"\bQFileDialog\b", path.read_text(encoding="utf-8")))
    assert offenders == [], (
        "use ask_save_path, ask_open_path or ask_folder from app/ui/kit/files.py")
