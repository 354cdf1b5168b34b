"""After "Salvar PDF": where the file is, and the next steps — "Abrir PDF" and "Abrir pasta".

``SavedFileBar`` is the row a screen shows under its actions once a PDF is written (issue 20:
offer the next step where she is). It opens the file with the system's PDF reader and the
folder with the file manager through the one opener (``files.open_local``,
``links.open_folder``); when nothing opens, it says so and where the file is (the folder's
path is copied, to paste in the file manager's address bar): never a click that does nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.kit import links
from app.ui.kit.files import open_local
from app.ui.kit.fitting import flow_row
from app.ui.kit.widgets import message_label, named_button


class SavedFileBar(QWidget):
    """Hidden until ``show_saved(path, text)``; ``clear()`` hides it again (another document
    chosen: the buttons were about the last one)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("savedFileBar")
        self.path: Path | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.message = message_label("hint", "savedFileMessage", hidden=False)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)
        self.open_file_button = named_button("Abrir PDF", "openPdfButton", self.open_file)
        self.open_folder_button = named_button("Abrir pasta", "openPdfFolderButton",
                                               self.open_folder)
        column.addWidget(flow_row(self.open_file_button, self.open_folder_button,
                                  name="savedPdfActions"))
        self.hide()

    def show_saved(self, path: Path | str, text: str) -> None:
        """The file at ``path`` was written: say ``text`` and offer to open it."""
        self.path = Path(path)
        self.message.setText(text)
        self.show()

    def clear(self) -> None:
        self.path = None
        self.message.clear()
        self.hide()

    def open_file(self) -> None:
        """Open the PDF with her PDF reader; without one, say where it is."""
        if self.path is not None and not open_local(self.path):
            self.message.setText(f"Não consegui abrir o PDF neste computador. O arquivo está em "
                                 f"{self.path} — abra pelo Explorador de Arquivos.")

    def open_folder(self) -> None:
        """Show the PDF's folder; without a file manager the path is copied, and she is told."""
        if self.path is not None and not links.open_folder(self.path.parent):
            self.message.setText(f"Não consegui abrir a pasta; o caminho foi copiado — cole na "
                                 f"barra de endereço do gerenciador de arquivos. O arquivo "
                                 f"está em {self.path}.")
