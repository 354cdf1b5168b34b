"""The Termo de condicional from any screen: preview and print (A4 or the 80 mm roll), "Salvar
PDF", and its text copied or opened in WhatsApp.

The document is built on a worker (``Op``), the preview painted on the GUI thread, as every
printed document (``app.ui.reports.print_actions``). "Salvar PDF" asks where through the kit
(``files.ask_save_path``: Documentos, or the folder she used last) and, once written, the
screen's ``SavedFileBar`` offers "Abrir PDF" and "Abrir pasta", as Relatórios does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app.services.collection.messages import openable_whatsapp_link
from app.services.conditional.conditional_list import get_conditional
from app.services.configuration.settings import load_settings
from app.services.reports.conditional_doc import conditional_document, conditional_text
from app.services.reports.document import PageFormat
from app.ui.kit import links
from app.ui.kit.files import ask_save_path
from app.ui.kit.ops import Op
from app.ui.kit.saved_file import SavedFileBar


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
    """Ask where (unless ``path``; the dialog starts in Documentos or the folder she used
    last), then write the termo's PDF on a worker (whole or not at all, as every file the app
    writes); ``on_saved(path)`` once it is there."""
    from app.ui.kit.pdf import write_pdf
    from app.ui.reports.print_actions import _not_saved

    if path is None:
        path = ask_save_path(parent, "Salvar PDF", f"termo-de-condicional-{conditional_id}.pdf",
                             "PDF (*.pdf)", ".pdf")
        if path is None:
            return None

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
    """Open her WhatsApp conversation with the termo's text; when it cannot open (no mobile
    number, a link too long, or nothing on this computer opens it) the text is copied
    instead and the answer says why (issue 20: a link that did not open is not a message
    sent). Returns what to tell her."""
    from app.services.br.phones import is_mobile

    text = conditional_text(conditional_id, load_settings())
    k = get_conditional(conditional_id, today)
    if not is_mobile(k.phone):
        QGuiApplication.clipboard().setText(text)
        return "Ela não tem celular cadastrado: o texto do termo foi copiado — cole onde quiser."
    url = openable_whatsapp_link(k.phone, text)
    if url is None:  # too long for a link
        QGuiApplication.clipboard().setText(text)
        return "Texto do termo copiado: cole na conversa com ela."
    if links.open_or_copy(url, text):
        return f"Conversa com {k.customer_name.split()[0]} aberta no WhatsApp com o termo."
    return "Não consegui abrir o WhatsApp; o termo foi copiado — cole na conversa dela."


def saved_termo_text(conditional_id: int, path: Path) -> str:
    """What the screen says once the termo's PDF is written."""
    return f"Termo da malinha nº {conditional_id} salvo em {path}."


def termo_button(parent: QWidget, chosen: Callable[[], int | None], today_fn,
                 tell: Callable[[str], None], name: str = "termoButton",
                 saved: SavedFileBar | None = None) -> QPushButton:
    """"Termo ▾": print it (A4 or roll), save the PDF, copy or send the text, for the malinha
    ``chosen()`` gives (None: ``tell`` asks her to pick one). A saved PDF is announced on
    ``saved`` (with "Abrir PDF" and "Abrir pasta"), or by ``tell`` without one."""

    def pdf_saved(conditional_id: int, path: Path) -> None:
        if saved is not None:
            saved.show_saved(path, saved_termo_text(conditional_id, path))
        else:
            tell(saved_termo_text(conditional_id, path))

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
                                      on_saved=lambda p: pdf_saved(k, p))),
            ("Copiar texto do termo", "termoCopy",
             lambda k: (copy_termo(k), tell("Texto do termo copiado: cole no WhatsApp."))),
            ("Enviar termo pelo WhatsApp", "termoWhatsapp",
             lambda k: tell(whatsapp_termo(k, today_fn())))):
        item = menu.addAction(text)
        item.setObjectName(object_name)
        item.triggered.connect(lambda _=False, a=action: run(a))
    button.setMenu(menu)
    return button
