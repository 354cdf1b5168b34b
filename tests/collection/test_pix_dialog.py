"""Pagar com Pix dialog: the QR on screen scans back, copy puts the code on the clipboard."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton

from app.services.br.pix import build_payload, make_txid
from app.ui.collection.pix_dialog import PixDialog

WHAT = "Parcela 2/3 da venda de 05/10/2026"


@pytest.fixture
def payload() -> str:
    return build_payload("(11) 98765-4321", "Maria Conceição Modas", "São Paulo",
                         amount_cents=123_456, txid=make_txid([12, 13]),
                         description="Parcela 2/3")


@pytest.fixture
def dialog(qtbot, payload):
    dlg = PixDialog(payload, 123_456, WHAT)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _decode(image: QImage) -> list[str]:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(data))))]


def test_dialog_shows_amount_and_what_it_pays(dialog):
    assert dialog.windowTitle() == "Pagar com Pix"
    assert dialog.findChild(QLabel, "amountLabel").text() == "R$\xa01.234,56"
    assert WHAT in dialog.findChild(QLabel, "whatLabel").text()


def test_qr_on_screen_scans_back_to_the_payload(dialog, payload):
    pixmap = dialog.findChild(QLabel, "qrLabel").pixmap()
    assert pixmap.width() >= 250 and pixmap.width() == pixmap.height()
    image = pixmap.toImage()
    assert image.pixelColor(2, 2).name() == "#ffffff"  # white quiet zone around the code
    assert _decode(image) == [payload]


def test_payload_text_is_shown_read_only(dialog, payload):
    edit = dialog.findChild(QPlainTextEdit, "payloadEdit")
    assert edit.toPlainText() == payload
    assert edit.isReadOnly()


def test_copy_button_puts_the_code_on_the_clipboard(qtbot, dialog, payload):
    QApplication.clipboard().setText("outra coisa")
    qtbot.mouseClick(dialog.findChild(QPushButton, "copyButton"), Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == payload
    assert dialog.status_label.text() == "Código copiado!"


def test_save_png_writes_an_image_that_scans(dialog, payload, tmp_path):
    target = dialog.save_png(tmp_path / "pix.png")
    assert target.read_bytes().startswith(b"\x89PNG")
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(target))] == [payload]


def test_save_button_asks_for_a_file_and_adds_png(qtbot, dialog, payload, tmp_path, monkeypatch):
    chosen = tmp_path / "cobranca-ana"
    monkeypatch.setattr("app.ui.kit.files.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(chosen), "Imagem PNG (*.png)"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    saved = tmp_path / "cobranca-ana.png"
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(saved))] == [payload]
    assert "Imagem salva" in dialog.status_label.text()


def test_dialog_without_amount_says_the_payer_types_it(qtbot):
    payload = build_payload("maria@example.com", "Maria", "Santos")
    dlg = PixDialog(payload, None, "Pagamento livre")
    qtbot.addWidget(dlg)
    assert "quem paga digita" in dlg.findChild(QLabel, "amountLabel").text()


def test_close_button_closes(qtbot, dialog):
    qtbot.mouseClick(dialog.findChild(QPushButton, "closeButton"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
