"""The customer page's "Anonimizar…", driven like a user: she is told what the backup copies
keep of her customer and until when, and can erase her from them too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from app.models.db import database_path
from app.models.people import Customer
from app.services.people.customers import CustomerInput, save_customer
from app.services.storage.backup import backup_database, backups_dir, copies_in
from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, db, today):
    cid = save_customer(CustomerInput("Ana Beatriz Souza", phone="11987654321",
                                      cpf="529.982.247-25"), today)
    for days_ago in (3, 1, 0):
        backup_database(database_path(), "diario", today - timedelta(days=days_ago))
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.open_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker (the actions need it)
    return window, cid


def _answer(monkeypatch, click: str, check: bool | None = None):
    """Replace the dialog's exec: keep what it said, tick or untick the box, click."""
    seen = []

    def exec_(box):
        ticked = box.checkBox()
        seen.append((box.text(), ticked is not None and ticked.isChecked()))
        if ticked is not None and check is not None:
            ticked.setChecked(check)
        next(b for b in box.buttons() if b.text() == click).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


def _copies_hold_her() -> list[bool]:
    return [b"Ana Beatriz Souza" in i.path.read_bytes()
            for i in copies_in(backups_dir(database_path()), database_path().stem)]


def test_the_question_says_until_when_the_copies_keep_her_and_erases_them_too(
        qtbot, window, monkeypatch):
    window, cid = window
    page = window.customer_page
    seen = _answer(monkeypatch, "Anonimizar para sempre")
    page.privacy_button.menu().actions()[1].trigger()
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(ops.idle)
    text, checked = seen[0]
    assert "Anonimizar Ana Beatriz Souza?" in text
    assert "As 3 cópias de segurança feitas antes guardam os dados dela até 31/10/2027." in text
    assert "não pode ser desfeito" in text and checked is True  # erase them too, by default
    assert Customer.get_by_id(cid).name == f"Cliente anonimizada nº {cid}"
    assert _copies_hold_her() == [False, False, False]
    assert page.privacy_feedback == (f"Cliente anonimizada: agora é “Cliente anonimizada nº "
                                     f"{cid}”. Apagada também de 3 cópias de segurança.")
    assert page.name_label.text().startswith(f"Cliente anonimizada nº {cid}")


def test_leaving_the_copies_as_they_are_is_her_choice_and_she_is_told_again(
        qtbot, window, monkeypatch):
    window, cid = window
    page = window.customer_page
    _answer(monkeypatch, "Anonimizar para sempre", check=False)
    told = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: told.append(text))
    page.privacy_button.menu().actions()[1].trigger()
    qtbot.waitUntil(lambda: bool(told))
    qtbot.waitUntil(ops.idle)
    assert _copies_hold_her() == [True, True, True]
    assert "As 3 cópias de segurança feitas antes guardam os dados dela até 31/10/2027." in (
        told[0])


def test_cancelar_changes_nothing(qtbot, window, monkeypatch):
    window, cid = window
    seen = _answer(monkeypatch, "Cancelar")
    window.customer_page.privacy_button.menu().actions()[1].trigger()
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(ops.idle)
    assert Customer.get_by_id(cid).name == "Ana Beatriz Souza"
    assert _copies_hold_her() == [True, True, True]
