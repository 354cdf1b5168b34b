"""Cobranças de hoje by her channel (issue 24) and honest links (issue 20), through the real
buttons: e-mail, SMS and a call; a link that did not open is a copy, never a message sent."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication

from app.models.collection import ContactLog
from app.services.collection.messages import PIX_ON_REQUEST
from app.services.collection.sms import sms_parts
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.collection.worklist_page import WorklistPage
from app.ui.kit import ops

LEFT = Qt.MouseButton.LeftButton
TODAY = date(2026, 11, 23)


def _owing(name: str, cents: int, days_late: int = 7, **fields) -> int:
    due = TODAY - timedelta(days=days_late)
    cid = save_customer(CustomerInput(name, **fields), due, accept_shared_phone=True)
    plan = PlanInput(1, due, "custom", custom_dates=(due,))
    create_sale(cid, due - timedelta(days=30), [ItemInput("Blusa", 1, cents)], due, plan=plan)
    return cid


@pytest.fixture
def people(db):
    save_settings(load_settings(), store_name="Natália Modas", store_name_confirmed=1,
                  pix_key="natalia@example.com", city="Campinas")
    return {
        "cida": _owing("Cida Souza", 12_345, phone="(11) 98765-4321", email="cida@gmail.com",
                       channel="email"),
        "rita": _owing("Rita Lima", 8_990, phone="(11) 91234-5678", channel="sms"),
        "luzia": _owing("Luzia Fixo", 5_000, phone="(11) 3333-4444"),
        "ana": _owing("Ana Paula Souza", 7_000, phone="(11) 97777-6666"),
    }


def _page(qtbot):
    page = WorklistPage(lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1093, 560)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(ops.idle, timeout=20_000)  # the birthdays tab reads on a worker
    return page


def _ids(page):
    return [e.customer_id for e in page.model.rows()]


def _settle(qtbot, page):
    page.undo_bar.timer.timeout.emit()  # the "Desfazer" time is up
    qtbot.waitUntil(ops.idle, timeout=20_000)


def _contact(cid: int) -> ContactLog:
    return ContactLog.get(ContactLog.customer == cid)


def _first_button(page):
    """The channel button in the first place of the grid (hers)."""
    return page.channel_buttons.grid.itemAtPosition(0, 0).widget()


def test_her_channel_comes_first_and_abrir_email_opens_the_mailto_link(qtbot, people,
                                                                       opened_links):
    page = _page(qtbot)
    page.select_customer(people["cida"])
    entry = page.selected_entry()
    assert _first_button(page) is page.email_button
    assert page.email_button.property("primary") and not page.whatsapp_button.property("primary")
    assert "Por e-mail para cida@gmail.com" in page.channel_label.text()
    assert "Lembrete de pagamento — Natália Modas" in page.channel_label.text()
    qtbot.mouseClick(page.email_button, LEFT)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    (url,) = opened_links.opened
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "cida@gmail.com")
    assert query["subject"] == ["Lembrete de pagamento — Natália Modas"]
    assert "R$\xa0123,45" in query["body"][0] and entry.pix_code in query["body"][0]
    assert "E-mail aberto para Cida Souza" in page.undo_bar.label.text()
    _settle(qtbot, page)
    assert people["cida"] not in _ids(page)
    contact = _contact(people["cida"])
    assert (contact.action, contact.channel) == ("email", "email")


def test_the_other_channels_stay_one_click_away(qtbot, people, opened_links):
    page = _page(qtbot)
    page.select_customer(people["cida"])  # prefers e-mail, has a mobile
    assert page.whatsapp_button.isEnabled() and page.sms_button.isEnabled()
    qtbot.mouseClick(page.whatsapp_button, LEFT)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert opened_links.opened[0].startswith("https://wa.me/5511987654321?text=")
    _settle(qtbot, page)
    assert (_contact(people["cida"]).action, _contact(people["cida"]).channel) == (
        "whatsapp", "whatsapp")
    page.select_customer(people["ana"])  # no e-mail: that button says why it is off
    assert not page.email_button.isEnabled()
    assert "Sem e-mail" in page.email_button.toolTip()
    assert _first_button(page) is page.whatsapp_button


def test_a_whatsapp_link_that_did_not_open_is_copied_logged_as_copy_and_can_be_undone(
        qtbot, people, opened_links):
    opened_links.works = False  # no browser, no WhatsApp on this machine
    page = _page(qtbot)
    page.select_customer(people["ana"])
    message = page.selected_entry().message
    QApplication.clipboard().setText("")
    qtbot.mouseClick(page.whatsapp_button, LEFT)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert len(opened_links.opened) == 1
    assert QApplication.clipboard().text() == message
    assert page.undo_bar.label.text() == ("Não consegui abrir o WhatsApp; a mensagem foi "
                                          "copiada — cole na conversa dela.")
    contact = _contact(people["ana"])
    assert (contact.action, contact.channel) == ("copy", "whatsapp")  # never "sent"
    qtbot.mouseClick(page.undo_bar.undo_button, LEFT)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert ContactLog.select().count() == 0
    page.refresh()
    assert people["ana"] in _ids(page)


def test_a_mailto_link_that_did_not_open_is_copied_with_the_address(qtbot, people,
                                                                    opened_links):
    opened_links.works = False  # no mail program
    page = _page(qtbot)
    page.select_customer(people["cida"])
    message = page.selected_entry().message
    qtbot.mouseClick(page.email_button, LEFT)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert QApplication.clipboard().text() == message
    assert page.undo_bar.label.text() == ("Não consegui abrir o programa de e-mail; a mensagem "
                                          "foi copiada — cole num e-mail para cida@gmail.com.")
    _settle(qtbot, page)
    contact = _contact(people["cida"])
    assert (contact.action, contact.channel) == ("copy", "email")


def test_copiar_para_sms_copies_the_short_text_and_says_where_to_paste(qtbot, people):
    page = _page(qtbot)
    page.select_customer(people["rita"])
    entry = page.selected_entry()
    assert _first_button(page) is page.sms_button
    # her channel's text (plain spaces: an SMS has no no-break space)
    assert page.preview.toPlainText() == entry.sms_text
    # counted as her phone sends it: "Natália" makes it UCS-2, 70 characters a part
    parts = sms_parts(entry.sms_text)
    assert parts == 2 and "\xa0" not in entry.sms_text
    assert page.channel_label.text() == (f"Por SMS, a mensagem curta: {len(entry.sms_text)} "
                                         "caracteres · 2 SMS (por causa de á: 70 por SMS)")
    assert PIX_ON_REQUEST in entry.sms_text and entry.pix_code not in entry.sms_text
    qtbot.mouseClick(page.sms_button, LEFT)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert QApplication.clipboard().text() == entry.sms_text
    assert "cole" in page.undo_bar.label.text() and "(11) 91234-5678" in page.undo_bar.label.text()
    _settle(qtbot, page)
    contact = _contact(people["rita"])
    assert (contact.action, contact.channel, contact.text) == ("copy", "sms", entry.sms_text)


def test_ligacao_shows_the_number_large_and_liguei_logs_the_note(qtbot, people, styled):
    page = _page(qtbot)
    page.select_customer(people["luzia"])  # a landline: automático is a call
    assert _first_button(page) is page.call_button
    assert page.call_panel.isVisible()
    number = page.call_panel.number
    assert number.text() == "(11) 3333-4444"
    # large: 24 px or more as drawn, well above the note's text beside it
    drawn, body = QFontInfo(number.font()).pixelSize(), QFontInfo(page.call_panel.note.font())
    assert drawn >= 24 and drawn >= 1.5 * body.pixelSize(), (drawn, body.pixelSize())
    assert number.fontMetrics().height() >= 24
    qtbot.keyClicks(page.call_panel.note, "vai passar sexta")
    qtbot.mouseClick(page.call_panel.called_button, LEFT)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert people["luzia"] not in _ids(page)
    contact = _contact(people["luzia"])
    assert (contact.action, contact.channel, contact.note) == ("call", "phone", "vai passar sexta")


def test_ligacao_for_who_prefers_whatsapp_is_one_click_and_voltar_closes_it(qtbot, people):
    page = _page(qtbot)
    page.select_customer(people["ana"])
    assert not page.call_panel.isVisible()
    qtbot.mouseClick(page.call_button, LEFT)
    assert page.call_panel.isVisible() and page.call_panel.number.text() == "(11) 97777-6666"
    qtbot.mouseClick(page.call_panel.back_button, LEFT)
    assert not page.call_panel.isVisible()
    assert ContactLog.select().count() == 0  # nothing logged without "Liguei"


def test_only_the_links_helper_opens_anything_with_the_system():
    """issue 20: one helper opens links (and can be replaced by tests)."""
    from tests.places import ROOT

    users = [p.relative_to(ROOT).as_posix() for p in (ROOT / "app").rglob("*.py")
             if "QDesktopServices" in p.read_text(encoding="utf-8")]
    assert users == ["app/ui/kit/links.py"]
