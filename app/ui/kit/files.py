"""Her files: dialogs that start in Documentos, and opening what she saved.

Every "Salvar…" and "Escolher…" dialog of the app goes through ``ask_save_path``,
``ask_open_path`` or ``ask_folder``: they start in the folder she used last (in this session),
else in her Documentos folder (her Imagens folder when she chooses a photo), never in the
program's folder. ``open_local`` opens a saved
file (a PDF) or a folder with the system's program and says whether that worked, so the
screen can tell her where the file is when nothing opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.kit import links

_LAST: list[Path] = []  # the folder of the last file she chose, this session


def start_folder(pictures: bool = False) -> Path:
    """Where a file dialog opens: the last folder used, else Documentos (Imagens first when
    ``pictures``), else her home."""
    if _LAST and _LAST[0].is_dir():
        return _LAST[0]
    places = [QStandardPaths.StandardLocation.DocumentsLocation]
    if pictures:
        places.insert(0, QStandardPaths.StandardLocation.PicturesLocation)
    for place in places:
        folder = QStandardPaths.writableLocation(place)
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


def remember_folder(path: Path) -> None:
    """The next dialog starts where ``path`` is (a file's folder, or the folder itself)."""
    folder = path if path.is_dir() else path.parent
    _LAST[:] = [folder]


def ask_save_path(parent: QWidget | None, title: str, name: str, file_filter: str,
                  suffix: str = "") -> Path | None:
    """Ask where to save ``name``; the chosen path (with ``suffix`` added when she left it
    out), or None when she gave up."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / name),
                                            file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if suffix and path.suffix.lower() != suffix.lower():
        path = path.with_name(path.name + suffix)
    remember_folder(path)
    return path


def ask_open_path(parent: QWidget | None, title: str, file_filter: str,
                  pictures: bool = False) -> Path | None:
    """Ask which file to open (``pictures``: a photo, first looked for in Imagens); None
    when she gave up."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(pictures)),
                                            file_filter)
    if not chosen:
        return None
    remember_folder(Path(chosen))
    return Path(chosen)


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """Ask for a folder; None when she gave up."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder()))
    if not chosen:
        return None
    remember_folder(Path(chosen))
    return Path(chosen)


def open_local(path: Path | str) -> bool:
    """Open a file or folder on this computer with its program (the PDF reader, the file
    manager), through the one opener (``links``). False when nothing could open it: the
    caller then says where it is."""
    url = QUrl.fromLocalFile(str(Path(path))).toEncoded().data().decode("ascii")
    return links.open_link(url)
