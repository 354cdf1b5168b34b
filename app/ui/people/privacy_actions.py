"""Her data (LGPD) on the customer page: export everything about her; anonymise (confirm first,
told what the backup copies keep of her, with the choice to erase her from them too)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QMenu, QMessageBox, QPushButton

from app.services.core.text import file_words
from app.services.people.privacy import (
    AnonymizeResult,
    BackupExposure,
    anonymize_customer,
    can_anonymize,
    export_customer_data,
    exposure_of,
)
from app.ui.kit.files import ask_save_path
from app.ui.kit.ops import Op

ERASED_TEXTS = ("Nome, telefone, CPF, endereço, aniversário e todas as anotações dela serão "
                "apagados para sempre, também das mensagens, dos acordos, das peças vendidas e "
                "das anotações de outras clientes que falam dela. As vendas e os pagamentos "
                "continuam nas contas, com os mesmos valores e datas, sem o nome dela.")


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
    if page.detail is None:  # her page is still being read
        return
    path = ask_save_path(page, "Exportar dados desta cliente",
                         export_file_name(page.detail.customer.name), "Excel (*.xlsx)", ".xlsx")
    if path is not None:
        export_to(page, path)


def export_file_name(customer_name: str) -> str:
    """The file name offered for her data: ``dados-joana-d-arc.xlsx``. Only the letters and
    digits of her name go in: a name with ``/``, ``:``, ``?``, ``"``, ``<``, ``>`` or ``|``
    used to be offered as it was, which Windows refuses (and a ``/`` is a folder anywhere)."""
    return f"dados-{file_words(customer_name) or 'cliente'}.xlsx"


def export_to(page, path: Path) -> None:
    """Write everything about the page's customer to ``path`` (worker) and say where."""
    cid, now = page.customer_id, _now(page)
    op = Op(page, lambda progress: export_customer_data(cid, path, now))  # logs: a write
    op.success(lambda result: _say(page, f"Dados da cliente salvos em {result.path}.")).run()


def confirm_anonymize(page) -> None:
    """Explain why not; else find (on a worker) what the backup copies keep of her, then ask."""
    if page.detail is None:  # her page is still being read
        return
    c = page.detail.customer
    refusal = can_anonymize(c.id)
    if refusal is not None:
        QMessageBox.information(page, "Anonimizar", str(refusal))
        return
    cid, name = c.id, c.name
    Op(page, lambda progress: exposure_of(cid), write=False,
       ).success(lambda exposure: ask_to_anonymize(page, name, exposure)).run()


def anonymize_question(page, name: str, exposure: BackupExposure) -> QMessageBox:
    """The confirmation: what is erased, what the copies keep and until when, the choice to
    erase her from the copies too (checked), "Cancelar" as the default button."""
    text = f"Anonimizar {name}?\n\n{ERASED_TEXTS}"
    if exposure.sentence():
        text += f"\n\n{exposure.sentence()}"
    text += "\n\nIsto não pode ser desfeito."
    question = QMessageBox(QMessageBox.Icon.Warning, "Anonimizar cliente", text, parent=page)
    question.setObjectName("anonymizeQuestion")
    if exposure.copies:
        n = len(exposure.copies)
        box = QCheckBox(f"Apagar os dados dela também das {n} cópias de segurança" if n > 1
                        else "Apagar os dados dela também da cópia de segurança",
                        question)  # owned by the dialog (a lone one would be freed too soon)
        box.setChecked(True)
        box.setToolTip("Cada cópia é refeita sem ela e conferida; as outras clientes, vendas "
                       "e pagamentos da cópia continuam iguais.")
        question.setCheckBox(box)
    question.addButton("Anonimizar para sempre", QMessageBox.ButtonRole.DestructiveRole)
    cancel = question.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
    question.setDefaultButton(cancel)  # Enter does not erase her by accident
    return question


def ask_to_anonymize(page, name: str, exposure: BackupExposure) -> None:
    question = anonymize_question(page, name, exposure)
    question.exec()
    clicked = question.clickedButton()
    if clicked is not None and (question.buttonRole(clicked)
                                is QMessageBox.ButtonRole.DestructiveRole):
        box = question.checkBox()
        anonymize(page, erase_copies=box is not None and box.isChecked())


def anonymize(page, erase_copies: bool = False) -> None:
    """Anonymise the page's customer on a worker; open screens refresh through the changes."""
    cid, now = page.customer_id, _now(page)
    op = Op(page, lambda progress: anonymize_customer(cid, now, erase_copies=erase_copies,
                                                      progress=progress),
            label="Anonimizando…")
    op.success(lambda result: _done(page, result)).run()


def _done(page, result: AnonymizeResult) -> None:
    text = f"Cliente anonimizada: agora é “{result.new_name}”."
    if result.copies_erased:
        text += (f" Apagada também de {result.copies_erased} cópias de segurança."
                 if result.copies_erased > 1 else " Apagada também da cópia de segurança.")
    _say(page, text)
    left = _what_is_left(result)
    if left:
        QMessageBox.warning(page, "Anonimizar cliente", f"{text}\n\n{left}")


def _what_is_left(result: AnonymizeResult) -> str:
    """What still holds her data, said plainly ("" when nothing)."""
    parts = []
    if result.copies_failed:
        names = "\n".join(f"• {path.name}: {why}" for path, why in result.copies_failed)
        parts.append(f"Estas cópias não puderam ser refeitas e ficaram como estavam:\n{names}")
    if result.remaining is not None and result.remaining.sentence():
        parts.append(result.remaining.sentence())
    if not result.file_clean:
        parts.append("Os dados dela saíram das contas, mas o arquivo de dados não pôde ser "
                     "refeito agora (disco cheio, ou o arquivo em uso): restos antigos podem "
                     "ficar no espaço livre dele até serem regravados. Fechar o Caderneta e "
                     "abrir de novo limpa o arquivo temporário (-wal).")
    return "\n\n".join(parts)
