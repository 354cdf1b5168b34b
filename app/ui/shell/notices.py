"""What the window says about its data at start-up: Painel banners and the read-only mode.

Read-only (a protected file, a folder without the lock, or a damaged file she chose to open
anyway): a red "Somente leitura" mark in the status bar, a banner on the Painel saying why,
the window title says it, and every button that writes stays disabled (even when a screen
later tries to enable it, and on a screen built after the mode was set). The database
connection itself is read-only, so a write that slipped through is still refused and
explained.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QLabel

from app.ui.kit.style import set_role

# Buttons that write, by object name, wherever they are in the window.
WRITE_BUTTONS = frozenset({
    "newCustomerButton", "saleButton", "payButton", "editButton", "blockButton",
    "archiveButton", "reverseButton", "logCallButton", "saveStoreButton", "saveFeesButton",
    "saveStagesButton", "savePixButton", "newSaleShortcut", "receivePaymentShortcut",
    # issue 22: Peças and the returns of a sale
    "newPieceButton", "editPieceButton", "stockEntryButton", "stockCountButton",
    "defectiveButton", "archivePieceButton", "returnSaleButton", "undoSaleButton",
})
# Buttons without an object name, as attributes of a page of the window.
WRITE_ATTRIBUTES = {
    "worklist": ("copy_button", "whatsapp_button", "call_button", "promise_button",
                 "skip_button"),
}


class Banner(QLabel):
    """A coloured, word-wrapped notice at the top of a page."""

    def __init__(self, text: str, kind: str = "warning", name: str = "banner"):
        super().__init__(text)
        self.setObjectName(name)
        self.setWordWrap(True)
        set_role(self, f"notice_{kind}")


class _KeepDisabled(QObject):
    """Event filter: a write button that a screen re-enables goes back to disabled."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.EnabledChange and watched.isEnabled():
            watched.setEnabled(False)
        return False


def _write_buttons(window, root) -> list[QAbstractButton]:
    """The write buttons inside ``root`` (the window, or a page just built)."""
    found = [b for b in root.findChildren(QAbstractButton) if b.objectName() in WRITE_BUTTONS]
    for page, names in WRITE_ATTRIBUTES.items():
        owner = window.__dict__.get(page)  # only a page already built (asking builds it)
        if owner is not None and (owner is root or root.isAncestorOf(owner)):
            found += [getattr(owner, n) for n in names if hasattr(owner, n)]
    return found


def _disable_writes(window, root) -> None:
    for button in _write_buttons(window, root):
        button.setEnabled(False)
        button.setToolTip("Somente leitura: nada pode ser salvo neste arquivo.")
        button.installEventFilter(window._keep_disabled)


def apply_read_only(window, reason: str) -> None:
    """Put ``window`` in read-only mode, saying ``reason`` on the Painel."""
    window.read_only = True
    window.setWindowTitle("Caderneta — somente leitura")
    mark = QLabel("  Somente leitura — nada pode ser salvo  ")
    mark.setObjectName("readOnlyMark")
    window.statusBar().addPermanentWidget(mark)
    window.dashboard.add_banner(Banner(
        f"Somente leitura: você pode consultar tudo, mas nada pode ser salvo. {reason}",
        "error", "readOnlyBanner"))
    window._keep_disabled = _KeepDisabled(window)
    _disable_writes(window, window)


def page_built(window, page) -> None:
    """A page the window built after start-up gets the same read-only mode."""
    if getattr(window, "read_only", False) and hasattr(window, "_keep_disabled"):
        _disable_writes(window, page)


def show_start_notices(window, opened) -> None:
    """The banner for a restore made while opening, and the read-only mode."""
    if opened.restored is not None:
        when = opened.restored.when
        window.dashboard.add_banner(Banner(
            f"O arquivo estava danificado e foi restaurado da cópia de {when}. O que foi "
            "lançado depois dessa cópia precisa ser lançado de novo. O arquivo danificado "
            "ficou guardado na pasta backups/danificados.", "info", "restoredBanner"))
    if opened.read_only:
        apply_read_only(window, opened.read_only_reason)
