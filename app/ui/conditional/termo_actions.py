"""The Termo de condicional from any screen: preview and print (A4 or the 80 mm roll), "Salvar
PDF", and its text copied or opened in WhatsApp.

The document is built on a worker (``Op``), the preview painted on the GUI thread, as every
printed document (``app.ui.reports.print_actions``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from app.services.collection.messages import openable_whatsapp_link
from app.services.conditional.conditional_list import get_conditional
from app.services.configuration.settings import load_settings
from app.services.reports.conditional_doc import conditional_document, conditional_text
from app.services.reports.document import PageFormat
from app.ui.kit import links
from app.ui.kit.ops import Op


def preview_termo(parent: QWidget, conditional_id: int, today: date,
                  page: PageFormat = PageFormat.A4) -> Op:
    """Build the termo on a worker, then open its print preview (it prints from there)."""
    from app.ui.reports.print_actions import show_preview

    def shown(document) -> None:
        parent._preview_dialog = show_preview(parent, document)

    return Op(parent, lambda _: conditional_document(conditional_id, today, load_settings(),
                                                     page=page),
              write=False, label="Montando o termo…").success(shown).run()


def save_termo_pdf(parent: QWidget, conditional_id: int, today: date, path: Path | None = None,
                   on_saved: Callable[[Path], None] | None = None) -> Op | None:
    """Ask where (unless ``path``), then write the termo's PDF on a worker (whole or not at
    all, as every file the app writes)."""
    from app.ui.kit.pdf import write_pdf
    from app.ui.reports.print_actions import _not_saved

    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Salvar PDF", f"termo-de-condicional-{conditional_id}.pdf", "PDF (*.pdf)")
        if not chosen:
            return None
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def work(progress):
        document = conditional_document(conditional_id, today, load_settings())
        return write_pdf(document, path, progress)

    op = Op(parent, work, write=False, label="Gravando o PDF…")
    if on_saved is not None:
        op.success(lambda _pages: on_saved(path))
    return op.failure(lambda exc: _not_saved(parent, path, exc)).run()


def copy_termo(conditional_id: int) -> str:
    """Put the termo's text on the clipboard (to paste in WhatsApp); return it."""
    text = conditional_text(conditional_id, load_settings())
    QGuiApplication.clipboard().setText(text)
    return text


def whatsapp_termo(conditional_id: int, today: date) -> str:
    """Open her WhatsApp conversation with the termo's text; without a mobile number (or a
    link too long to open) the text is copied instead. Returns what to tell her."""
    from app.services.br.phones import is_mobile

    text = conditional_text(conditional_id, load_settings())
    k = get_conditional(conditional_id, today)
    url = openable_whatsapp_link(k.phone, text) if is_mobile(k.phone) else None
    if url and links.open_or_copy(url, text):
        return f"Conversa com {k.customer_name.split()[0]} aberta no WhatsApp com o termo."
    QGuiApplication.clipboard().setText(text)
    return "Texto do termo copiado: cole na conversa com ela."


def termo_button(parent: QWidget, chosen: Callable[[], int | None], today_fn,
                 tell: Callable[[str], None], name: str = "termoButton") -> QPushButton:
    """"Termo ▾": print it (A4 or roll), save the PDF, copy or send the text, for the malinha
    ``chosen()`` gives (None: ``tell`` asks her to pick one)."""
    button = QPushButton("Termo ▾")
    button.setObjectName(name)
    menu = QMenu(button)

    def run(action: Callable[[int], object]) -> None:
        conditional_id = chosen()
        if conditional_id is None:
            tell("Escolha uma condicional na lista.")
            return
        action(conditional_id)

    for text, object_name, action in (
            ("Imprimir termo (A4)…", "termoA4",
             lambda k: preview_termo(parent, k, today_fn())),
            ("Imprimir termo (bobina 80 mm)…", "termoRoll",
             lambda k: preview_termo(parent, k, today_fn(), PageFormat.ROLL_80MM)),
            ("Salvar termo em PDF…", "termoPdf",
             lambda k: save_termo_pdf(parent, k, today_fn(),
                                      on_saved=lambda p: tell(f"PDF salvo em {p}."))),
            ("Copiar texto do termo", "termoCopy",
             lambda k: (copy_termo(k), tell("Texto do termo copiado: cole no WhatsApp."))),
            ("Enviar termo pelo WhatsApp", "termoWhatsapp",
             lambda k: tell(whatsapp_termo(k, today_fn())))):
        item = menu.addAction(text)
        item.setObjectName(object_name)
        item.triggered.connect(lambda _=False, a=action: run(a))
    button.setMenu(menu)
    return button
