"""Cobranças de hoje screen: copy, WhatsApp, call, promise, skip; she leaves the list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.collection import ContactLog, PaymentPromise
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.collection.worklist_page import WorklistPage, WorklistTableModel
from app.ui.kit import ops

M = WorklistTableModel
DUE = date(2026, 11, 16)  # 7 days late on 23/11/2026


def _owing(name: str, phone: str, cents: int = 12_345, due: date = DUE) -> int:
    cid = save_customer(CustomerInput(name, phone=phone), due, accept_shared_phone=True)
    plan = PlanInput(1, due, "custom", custom_dates=(due,))
    create_sale(cid, due - timedelta(days=30), [ItemInput("Blusa", 1, cents)], due, plan=plan)
    return cid


@pytest.fixture
def people(db):
    from app.services.configuration.first_run import confirm_store_name

    confirm_store_name()  # the "Minha Loja" warning has its own tests
    return {
        "Ana": _owing("Ana Paula Souza", "(11) 98765-4321", 12_345),
        "Lu": _owing("Luíza Fixo", "(11) 3333-4444", 8_000),
        "Sem": _owing("Sônia Sem Fone", "", 5_000),
    }


def _page(qtbot, today):
    page = WorklistPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(ops.idle)  # the reminders are read on a worker
    return page


def _ids(page):
    return [e.customer_id for e in page.model.rows()]


def test_heading_rows_and_columns(qtbot, people, today):
    page = _page(qtbot, today)
    assert page.heading.text() == "Cobranças de hoje — segunda-feira, 23/11/2026"
    assert sorted(_ids(page)) == sorted(people.values())
    row = _ids(page).index(people["Ana"])
    assert page.model.index(row, M.COL_AMOUNT).data() == "R$\xa0123,45"
    assert page.model.index(row, M.COL_PHONE).data() == "(11) 98765-4321"
    sem = _ids(page).index(people["Sem"])
    assert page.model.index(sem, M.COL_PHONE).data() == "sem telefone"
    assert page.model.index(row, M.COL_STAGE).data()


def test_copy_message_puts_it_on_clipboard_logs_and_removes(qtbot, people, today):
    page = _page(qtbot, today)
    assert page.select_customer(people["Ana"])
    assert "Ana" in page.preview.toPlainText()
    QApplication.clipboard().setText("")
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    copied = QApplication.clipboard().text()
    assert "Ana" in copied and "123,45" in copied
    page.undo_bar.timer.timeout.emit()  # the "Desfazer" time is up
    qtbot.waitUntil(ops.idle)
    assert people["Ana"] not in _ids(page)
    log = ContactLog.get(ContactLog.customer == people["Ana"])
    assert log.action == "copy" and "123,45" in log.text


def test_whatsapp_disabled_for_landline_and_no_phone(qtbot, people, today):
    page = _page(qtbot, today)
    page.select_customer(people["Lu"])
    assert not page.whatsapp_button.isEnabled()
    assert page.copy_button.isEnabled() and page.call_button.isEnabled()
    page.select_customer(people["Sem"])
    assert not page.whatsapp_button.isEnabled()
    assert not page.call_button.isEnabled()
    page.select_customer(people["Ana"])
    assert page.whatsapp_button.isEnabled()


def test_open_whatsapp_gets_wa_me_link(qtbot, people, today, opened_links):
    page = _page(qtbot, today)
    opened = opened_links.opened
    page.select_customer(people["Ana"])
    qtbot.mouseClick(page.whatsapp_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert len(opened) == 1 and opened[0].startswith("https://wa.me/5511987654321")
    page.undo_bar.timer.timeout.emit()
    qtbot.waitUntil(ops.idle)
    assert people["Ana"] not in _ids(page)
    assert ContactLog.get(ContactLog.customer == people["Ana"]).action == "whatsapp"


def test_promise_and_call_and_skip_remove(qtbot, people, today, monkeypatch):
    page = _page(qtbot, today)
    monkeypatch.setattr(page, "ask_promise", lambda e: (today + timedelta(days=3), "sexta"))
    page.select_customer(people["Ana"])
    qtbot.mouseClick(page.promise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert people["Ana"] not in _ids(page)
    assert PaymentPromise.get(PaymentPromise.customer == people["Ana"]).promised_date == (
        today + timedelta(days=3))
    page.select_customer(people["Lu"])  # a landline: the call panel is her channel
    assert page.call_panel.isVisible()
    qtbot.keyClicks(page.call_panel.note, "vai passar aqui")
    qtbot.mouseClick(page.call_panel.called_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert people["Lu"] not in _ids(page)
    assert ContactLog.get(ContactLog.customer == people["Lu"]).note == "vai passar aqui"
    page.select_customer(people["Sem"])
    with qtbot.waitSignal(page.open_customer) as blocker:
        qtbot.mouseClick(page.customer_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [people["Sem"]]
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert _ids(page) == []
    assert "Ninguém para lembrar hoje" in page.empty_label.text()
    assert not page.copy_button.isEnabled()


def test_promise_in_the_past_shows_error(qtbot, people, today, monkeypatch):
    page = _page(qtbot, today)
    monkeypatch.setattr(page, "ask_promise", lambda e: (today - timedelta(days=1), ""))
    page.select_customer(people["Ana"])
    page.log_promise()
    qtbot.waitUntil(ops.idle)
    assert people["Ana"] in _ids(page)
    assert "já passou" in page.error_label.text()


def test_sunday_warning_banner(qtbot, people):
    page = _page(qtbot, date(2026, 11, 22))
    assert page.banner.isVisible()
    assert "domingo" in page.banner.text()


def test_the_hour_comes_from_the_clock_and_late_evening_warns(qtbot, people, today):
    from datetime import datetime

    late = WorklistPage(lambda: today, now_fn=lambda: datetime(2026, 11, 23, 21, 30))
    qtbot.addWidget(late)
    late.show()
    qtbot.waitExposed(late)
    qtbot.waitUntil(ops.idle)
    assert late.banner.isVisible()
    assert "20h" in late.banner.text()
    morning = WorklistPage(lambda: today, now_fn=lambda: datetime(2026, 11, 23, 9, 0))
    qtbot.addWidget(morning)
    morning.show()
    qtbot.waitExposed(morning)
    qtbot.waitUntil(ops.idle)
    assert not morning.banner.isVisible()  # a Monday morning: nothing to warn about


def test_a_change_elsewhere_keeps_her_reminder_chosen(qtbot, people, today):
    """A payment or a customer saved elsewhere reads the list again: the reminder she is
    reading stays chosen (it used to jump back to the first one)."""
    from app.services.core.changes import Changes, Topic
    from app.ui.kit.bus import bus

    page = _page(qtbot, today)
    others = [cid for cid in _ids(page) if cid != _ids(page)[0]]
    assert page.select_customer(others[-1])
    bus.publish(Changes.of(Topic.PAYMENTS))
    qtbot.waitUntil(ops.idle)
    assert page.selected_entry().customer_id == others[-1]
    assert page.preview.toPlainText() == page.selected_entry().message.replace("\xa0", " ")


def test_the_birthdays_tab_is_made_when_she_first_chooses_it(qtbot, people, today):
    """The page's first visit builds only Lembretes; clicking "Aniversariantes" shows her
    birthday customers there, and the tab stays chosen."""
    save_customer(CustomerInput("Bia Lima", phone="(11) 91234-5678", birthday="25/11/1990"),
                  today)
    page = _page(qtbot, today)
    assert page.birthdays_tab._content is None and page.tabs.tabText(1) == "Aniversariantes"
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert page.tabs.currentIndex() == 1 and page.tabs.currentWidget() is page.birthdays_tab
    qtbot.waitUntil(lambda: page.birthdays.model.rowCount() == 1)
    assert page.birthdays.model.rows()[0].name == "Bia Lima" and page.birthdays.isVisible()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert page.tabs.currentIndex() == 0 and page.table.isVisible()
