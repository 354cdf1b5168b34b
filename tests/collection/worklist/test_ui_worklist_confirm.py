"""Cobranças de hoje: a copy says whose message it was, can be undone, then moves on;
Pix at the end and alone; groups by stage; "Minha Loja" never goes out unseen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.collection import ContactLog
from app.services.collection.contacts import undo_contact
from app.services.configuration.first_run import confirm_store_name
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.collection.worklist_page import WorklistPage
from app.ui.kit import ops


def _owing(name: str, due: date, cents: int = 10_000) -> int:
    cid = save_customer(CustomerInput(name, phone="(11) 98765-4321"), due,
                        accept_shared_phone=True)
    plan = PlanInput(1, due, "custom", custom_dates=(due,))
    create_sale(cid, due - timedelta(days=30), [ItemInput("Biquíni", 1, cents)], due, plan=plan)
    return cid


@pytest.fixture
def people(db, today):
    save_settings(load_settings(), store_name="Natália Modas", store_name_confirmed=1,
                  pix_key="natalia@example.com", city="Campinas")
    return {
        "late": _owing("Natália Souza", today - timedelta(days=7)),
        "late2": _owing("Bruna Lima", today - timedelta(days=4)),  # 20/11 was a holiday
        "today": _owing("Carla Dias", today),
        "soon": _owing("Dora Alves", today + timedelta(days=3)),
    }


def _page(qtbot, today):
    page = WorklistPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(ops.idle, timeout=20_000)  # the birthdays tab reads on a worker
    return page


def _ids(page):
    return [e.customer_id for e in page.model.rows()]


def test_copy_confirms_with_her_name_and_moves_on_only_after_the_undo_time(qtbot, people,
                                                                            today):
    page = _page(qtbot, today)
    page.select_customer(people["late"])
    row = page.table.currentIndex().row()
    next_one = _ids(page)[row + 1]
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert page.undo_bar.isVisible()
    assert page.undo_bar.label.text() == "Mensagem da Natália copiada."
    assert page.undo_bar.timer.isActive()
    assert page.selected_entry().customer_id == people["late"]  # still there while undoable
    page.undo_bar.timer.timeout.emit()
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert people["late"] not in _ids(page)
    assert page.selected_entry().customer_id == next_one  # the next customer, not the first
    assert not page.undo_bar.isVisible()


def test_undo_takes_the_contact_back_and_keeps_her(qtbot, people, today):
    page = _page(qtbot, today)
    page.select_customer(people["late"])
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert ContactLog.select().count() == 1
    qtbot.mouseClick(page.undo_bar.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert ContactLog.select().count() == 0
    assert not page.undo_bar.isVisible()
    page.refresh()
    qtbot.waitUntil(ops.idle)
    assert people["late"] in _ids(page)
    assert "continua na lista" in page.note_label.text()


def test_undo_contact_service_deletes_the_log(people, today):
    from app.services.collection.contacts import log_contact
    from app.services.core.errors import NotFound

    contact = log_contact(people["late"], "copy", today)
    undo_contact(contact)
    assert ContactLog.select().count() == 0
    with pytest.raises(NotFound):
        undo_contact(contact)


def test_pix_code_at_the_end_and_copy_only_the_pix(qtbot, people, today):
    page = _page(qtbot, today)
    page.select_customer(people["late"])
    entry = page.selected_entry()
    assert entry.pix_code.startswith("000201")
    lines = entry.message.splitlines()
    assert lines[-1] == entry.pix_code  # last, on its own line
    assert lines[-2] == "Pix copia e cola:"
    QApplication.clipboard().setText("")
    qtbot.mouseClick(page.pix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert QApplication.clipboard().text() == entry.pix_code
    assert ContactLog.select().count() == 0  # copying the code alone logs nothing
    assert "Código Pix da Natália copiado" in page.note_label.text()


def test_groups_by_stage_with_counts(qtbot, people, today):
    page = _page(qtbot, today)
    texts = [b.text() for b in page.groups.buttons.values()]
    assert texts == ["Todas (4)", "Antes do vencimento (1)", "Vencem hoje (1)",
                     "Em atraso (2)"]
    qtbot.mouseClick(page.groups.buttons["before"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert _ids(page) == [people["soon"]]
    qtbot.mouseClick(page.groups.buttons["late"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert sorted(_ids(page)) == sorted([people["late"], people["late2"]])
    assert page.count_label.text().startswith("2 clientes para lembrar hoje")


def test_weekday_written_in_full(qtbot, people, today):
    from app.services.core.dates import weekday_name

    page = _page(qtbot, today)
    assert "segunda-feira, 23/11/2026" in page.heading.text()
    assert weekday_name(today + timedelta(days=5)) == "sábado"  # Painel uses the same names


def test_default_store_name_is_never_copied_unseen(qtbot, db, today):
    cid = _owing("Natália Souza", today - timedelta(days=7))
    page = _page(qtbot, today)
    assert page.store_banner.isVisible()
    assert "“Minha Loja”" in page.store_banner.text.text()
    page.select_customer(cid)
    QApplication.clipboard().setText("")
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert QApplication.clipboard().text() == ""
    assert "confirme o nome da loja" in page.error_label.text()
    assert ContactLog.select().count() == 0
    qtbot.mouseClick(page.store_banner.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert not page.store_banner.isVisible() and load_settings().store_name_confirmed
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert "Minha Loja" in QApplication.clipboard().text()


def test_renamed_store_counts_as_seen(db):
    from app.services.configuration.first_run import store_name_unconfirmed

    assert store_name_unconfirmed(load_settings())
    assert not store_name_unconfirmed(save_settings(load_settings(), store_name="Bia Modas"))
    confirm_store_name()
    assert load_settings().store_name_confirmed == 1
