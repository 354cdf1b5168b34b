"""The termo from the Condicionais page: "Salvar termo em PDF" starts in Documentos (then in the
last folder), the PDF read back names her and the pieces, "Abrir PDF" and "Abrir pasta" follow;
and WhatsApp that does not open copies the termo and says so."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QPushButton

from app.services import conditional
from app.ui.conditional.conditionals_page import ConditionalsPage
from app.ui.kit import files, ops


@pytest.fixture
def page(qtbot, shelf, ana, today) -> ConditionalsPage:
    conditional.send(ana, [(shelf["M"], 1), (shelf["blusa"], 2)], today,
                     return_by=today + timedelta(days=2))
    page = ConditionalsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and ops.idle())
    return page


def _termo(page: ConditionalsPage, action: str) -> None:
    """Choose ``action`` in the page's "Termo ▾" menu."""
    page.termo.menu().findChild(QAction, action).trigger()


def _local(url: str) -> str:
    return QUrl.fromEncoded(url.encode()).toLocalFile()


def test_salvar_termo_em_pdf_starts_in_documentos_and_offers_to_open_it(
        qtbot, page, tmp_path, monkeypatch, opened_links):
    monkeypatch.setattr(files, "_LAST", [])
    asked = []

    def dialog(parent, title, where, file_filter):
        asked.append(where)
        return str(tmp_path / "termo-da-ana"), file_filter

    monkeypatch.setattr(files.QFileDialog, "getSaveFileName", dialog)
    k = page.selected_id()
    saved = tmp_path / "termo-da-ana.pdf"  # ".pdf" added when she left it out
    assert not page.saved.isVisibleTo(page)
    _termo(page, "termoPdf")
    qtbot.waitUntil(ops.idle)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    first = Path(asked[0])
    assert first.name == f"termo-de-condicional-{k}.pdf"
    assert first.parent == (Path(documents) if Path(documents).is_dir() else Path.home())
    reader = PdfReader(saved)
    text = re.sub(r"\s+", " ", " ".join(unicodedata.normalize("NFKC", p.extract_text())
                                        for p in reader.pages))
    assert f"Termo de condicional no {k}" in text  # NFKC: "nº" reads "no"
    assert "Ana Souza" in text and "CPF 529.982.247-25" in text
    assert "Vestido Lírio M rosa 1 R$ 189,90" in text and "Blusa Ana Único 2" in text
    bar = page.saved
    assert bar.isVisibleTo(page)
    assert bar.message.text() == f"Termo da malinha nº {k} salvo em {saved}."
    qtbot.mouseClick(bar.findChild(QPushButton, "openPdfButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.findChild(QPushButton, "openPdfFolderButton"),
                     Qt.MouseButton.LeftButton)
    assert [_local(url) for url in opened_links.opened] == [str(saved), str(tmp_path)]
    opened_links.works = False  # no PDF reader, no file manager
    qtbot.mouseClick(bar.findChild(QPushButton, "openPdfButton"), Qt.MouseButton.LeftButton)
    assert bar.message.text().startswith("Não consegui abrir o PDF neste computador.")
    assert str(saved) in bar.message.text()  # where it is, to find it
    qtbot.mouseClick(bar.findChild(QPushButton, "openPdfFolderButton"),
                     Qt.MouseButton.LeftButton)
    assert bar.message.text().startswith("Não consegui abrir a pasta; o caminho foi copiado")
    assert QGuiApplication.clipboard().text() == str(tmp_path)
    _termo(page, "termoPdf")
    qtbot.waitUntil(ops.idle)
    assert Path(asked[1]).parent == tmp_path  # the folder she used last


def test_giving_up_the_file_dialog_saves_nothing(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setattr(files.QFileDialog, "getSaveFileName",
                        lambda *args: ("", "PDF (*.pdf)"))
    _termo(page, "termoPdf")
    qtbot.waitUntil(ops.idle)
    assert not page.saved.isVisibleTo(page) and list(tmp_path.glob("*.pdf")) == []


def test_whatsapp_that_does_not_open_copies_the_termo_and_says_so(qtbot, page, opened_links):
    QGuiApplication.clipboard().setText("")
    opened_links.works = False  # no browser, no WhatsApp on this computer
    _termo(page, "termoWhatsapp")
    assert opened_links.opened[-1].startswith("https://wa.me/5511987654321?text=")
    assert page.feedback.text() == ("Não consegui abrir o WhatsApp; o termo foi copiado — cole "
                                    "na conversa dela.")
    assert page.feedback.isVisible()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"*Termo de condicional nº {page.selected_id()}*")
    assert "Total se ficar com tudo: R$\xa0309,70" in copied
    opened_links.works = True
    _termo(page, "termoWhatsapp")
    assert page.feedback.text() == "Conversa com Ana aberta no WhatsApp com o termo."
