"""Her data (LGPD) on the customer page: export everything about her; anonymise (confirm first)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton

from app.services.core.changes import Changes, Topic
from app.services.core.text import fold
from app.services.people.privacy import anonymize_customer, can_anonymize, export_customer_data
from app.ui.kit.files import ask_save_path
from app.ui.kit.ops import Op

ANONYMIZE_CHANGES = Changes.of(Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.CONTACTS)


def privacy_button(page) -> QPushButton:
    """A "Dados (LGPD)" button whose menu exports or anonymises the page's customer."""
    button = QPushButton("Dados (LGPD)")
    button.setObjectName("privacyButton")
    button.setToolTip("Quando a cliente pede: ver tudo o que está guardado sobre ela, ou ser "
                      "esquecida (LGPD).")
    menu = QMenu(button)
    menu.addAction("Exportar dados desta cliente…", lambda: choose_export_path(page))
    menu.addAction("Anonimizar…", lambda: confirm_anonymize(page))
    button.setMenu(menu)
    return button


def _now(page) -> datetime:
    """The moment logged for the request, from the page's one clock."""
    return page._now_fn()


def _say(page, text: str) -> None:
    page.privacy_feedback = text
    window = page.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 10_000)


def choose_export_path(page) -> None:
    name = fold(page.detail.customer.name).replace(" ", "-") or "cliente"
    path = ask_save_path(page, "Exportar dados desta cliente", f"dados-{name}.xlsx",
                         "Excel (*.xlsx)", ".xlsx")
    if path is not None:
        export_to(page, path)


def export_to(page, path: Path) -> None:
    """Write everything about the page's customer to ``path`` (worker) and say where."""
    cid, now = page.customer_id, _now(page)
    op = Op(page, lambda progress: export_customer_data(cid, path, now))  # logs: a write
    op.success(lambda result: _say(page, f"Dados da cliente salvos em {result.path}.")).run()


def confirm_anonymize(page) -> None:
    """Explain why not, or ask for confirmation, then anonymise."""
    c = page.detail.customer
    refusal = can_anonymize(c.id)
    if refusal is not None:
        QMessageBox.information(page, "Anonimizar", str(refusal))
        return
    question = QMessageBox(QMessageBox.Icon.Warning, "Anonimizar cliente",
                           f"Anonimizar {c.name}?\n\nNome, telefone, CPF, endereço, aniversário "
                           "e todas as anotações dela serão apagados para sempre. As vendas e "
                           "pagamentos continuam nas contas, sem o nome dela.\n\n"
                           "Isto não pode ser desfeito.", parent=page)
    yes = question.addButton("Anonimizar para sempre", QMessageBox.ButtonRole.DestructiveRole)
    cancel = question.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
    question.setDefaultButton(cancel)  # Enter does not erase her by accident
    question.exec()
    if question.clickedButton() is yes:
        anonymize(page)


def anonymize(page) -> None:
    """Anonymise the page's customer on a worker; open screens refresh through the changes."""
    cid, now = page.customer_id, _now(page)
    op = Op(page, lambda progress: anonymize_customer(cid, now), changes=ANONYMIZE_CHANGES)
    op.success(lambda result: _say(page, f"Cliente anonimizada: agora é “{result.new_name}”."))
    op.run()
