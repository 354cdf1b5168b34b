"""Pagar com Pix: the QR code big enough to scan from the screen, plus the copia e cola text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.br.qr import qr_matrix, qr_png_bytes
from app.services.core.money import format_brl
from app.ui.kit.files import ask_save_path
from app.ui.kit.style import set_role

QR_TARGET_PX = 300
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
HINT = ("No app do banco, escolha Pix → Ler QR code e aponte a câmera para a tela, "
        "ou use Pix copia e cola com o código abaixo.")


def qr_image(text: str, target_px: int = QR_TARGET_PX, border: int = QUIET_ZONE) -> QImage:
    """Black-on-white QR code of ``text``, scaled by a whole number so modules stay sharp.

    The pixels are built as bytes in one go: one Qt call per module would be slow, and on
    PySide6 6.12 with Python 3.11 every void Qt call drops a reference to ``None``.
    """
    matrix = qr_matrix(text)
    side = len(matrix) + 2 * border
    scale = max(2, round(target_px / side))
    white_rows = bytes([255]) * (side * scale) * (border * scale)
    margin = bytes([255]) * (border * scale)
    data = bytearray(white_rows)
    for row in matrix:
        line = margin + b"".join(bytes([0 if dark else 255]) * scale for dark in row) + margin
        data += line * scale
    data += white_rows
    width = side * scale
    return QImage(bytes(data), width, width, width, QImage.Format.Format_Grayscale8).copy()


class PixDialog(QDialog):
    """Shows one Pix charge: QR code, amount, what it pays, and the copia e cola text."""

    def __init__(self, payload: str, amount_cents: int | None, what: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.payload = payload
        self.setWindowTitle("Pagar com Pix")
        outer = QVBoxLayout(self)
        body = QHBoxLayout()  # the code beside its words: the dialog fits a short laptop
        body.addWidget(self._qr_label(), 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout()
        body.addLayout(layout, 1)
        outer.addLayout(body)
        layout.addWidget(self._amount_label(amount_cents))
        self.what_label = self._centered(what, "whatLabel", "")
        layout.addWidget(self.what_label)
        layout.addWidget(self._centered(HINT, "hintLabel", "hint"))
        layout.addWidget(QLabel("Pix copia e cola:"))
        layout.addWidget(self._payload_edit())
        self.status_label = self._centered("", "statusLabel", "ok")
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        outer.addLayout(self._buttons())
        self.setMinimumWidth(700)

    def _qr_label(self) -> QLabel:
        self.qr_label = QLabel()
        self.qr_label.setObjectName("qrLabel")
        self.qr_label.setPixmap(QPixmap.fromImage(qr_image(self.payload)))
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setToolTip("Aponte a câmera do app do banco para este QR code.")
        return self.qr_label

    def _amount_label(self, amount_cents: int | None) -> QLabel:
        text = (format_brl(amount_cents) if amount_cents is not None
                else "Valor livre: quem paga digita o valor no app do banco")
        role = "pix_amount" if amount_cents is not None else "emphasis"
        self.amount_label = self._centered(text, "amountLabel", role)
        return self.amount_label

    @staticmethod
    def _centered(text: str, name: str, role: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        set_role(label, role)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _payload_edit(self) -> QPlainTextEdit:
        self.payload_edit = QPlainTextEdit(self.payload)
        self.payload_edit.setObjectName("payloadEdit")
        self.payload_edit.setReadOnly(True)
        self.payload_edit.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.payload_edit.setTabChangesFocus(True)
        line = self.payload_edit.fontMetrics().lineSpacing()
        self.payload_edit.setFixedHeight(line * 4 + 14)
        return self.payload_edit

    def _buttons(self) -> QHBoxLayout:
        self.copy_button = QPushButton("Copiar código")
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_payload)
        self.save_button = QPushButton("Salvar imagem…")
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self._ask_and_save)
        self.close_button = QPushButton("Fechar")
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        return row

    def copy_payload(self) -> None:
        """Put the copia e cola text on the clipboard and say so."""
        QApplication.clipboard().setText(self.payload)
        self.payload_edit.selectAll()
        self._say("Código copiado!")

    def _say(self, text: str, ok: bool = True) -> None:
        set_role(self.status_label, "ok" if ok else "status_error")
        self.status_label.setText(text)

    def save_png(self, path: str | Path) -> Path:
        """Write the QR code as a PNG file at ``path`` and return the path (OSError on failure)."""
        from app.services.storage.whole_files import write_bytes_whole

        return write_bytes_whole(Path(path), qr_png_bytes(self.payload))

    def _ask_and_save(self) -> None:
        path = ask_save_path(self, "Salvar imagem do QR code", "pix.png", "Imagem PNG (*.png)",
                             ".png")
        if path is None:
            return
        try:
            self.save_png(path)
        except OSError as error:  # nothing half-written; the sentence says why
            from app.services.storage.whole_files import write_failure

            self._say(write_failure(error, path), ok=False)
            return
        self._say(f"Imagem salva em {path}")
