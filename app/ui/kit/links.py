"""Opening links and folders with the system (WhatsApp, the mail program, the file manager).

One place opens them, and it is honest: ``open_link`` says whether the system opened it
(``QDesktopServices.openUrl`` returns False on a machine with no browser, no mail program or
no file manager). A link that did not open is never a message sent: ``open_or_copy`` puts
the text on the clipboard instead, and the caller tells her so and logs a copy (issue 20).
Tests replace ``open_link`` (``monkeypatch.setattr(links, "open_link", …)``); callers reach
it through this module, never by importing the function itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication


def open_link(url: str) -> bool:
    """Ask the system to open ``url`` (``https://wa.me/…``, ``mailto:…``, ``file://…``, already
    percent-encoded); True only when it says it did."""
    return QDesktopServices.openUrl(QUrl.fromEncoded(QByteArray(url.encode("ascii"))))


def open_or_copy(url: str, text: str) -> bool:
    """Open ``url``; when that fails, put ``text`` on the clipboard. True when it opened."""
    if open_link(url):
        return True
    QGuiApplication.clipboard().setText(text)
    return False


def open_folder(path: str | Path) -> bool:
    """Show ``path`` in the file manager; when that fails, copy the path (she can paste it in
    the file manager's address bar). True when it opened."""
    url = QUrl.fromLocalFile(str(path)).toEncoded().data().decode("ascii")
    return open_or_copy(url, str(path))
