"""The customer form, page and list carry her e-mail and preferred channel (issue 24), and
the birthday list sends by her channel with honest links (issue 20), through real widgets."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.collection import ContactLog
from app.models.people import Customer
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, get_customer, save_customer
from app.ui.kit import ops
from app.ui.people.birthdays_panel import BirthdaysPanel
from app.ui.people.customer_dialog import CustomerDialog
from app.ui.people.customers_page import CustomersPage
from tests.typing_helpers import type_text

LEFT = Qt.MouseButton.LeftButton
TODAY = date(2026, 11, 23)


def _dialog(qtbot, customer_id=None) -> CustomerDialog:
    dialog = CustomerDialog(TODAY, "11", customer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _retype(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(qtbot, edit, text)


def test_the_email_is_checked_as_she_types_and_her_typing_is_kept(qtbot, db):
    dialog = _dialog(qtbot)
    error = dialog.form.errors["email"]
    type_text(qtbot, dialog.inputs["email"], "maria")
    assert not error.isVisible()  # still typing: no scolding yet
    type_text(qtbot, dialog.inputs["email"], " silva")
    assert error.isVisible() and "espaços" in error.text()  # a definite mistake: at once
    _retype(qtbot, dialog.inputs["email"], "maria@gmail.c")  # on her way to .com
    assert not error.isVisible()
    _retype(qtbot, dialog.inputs["email"], "ma..ria@")
    assert error.isVisible() and "antes do @" in error.text()  # more typing cannot fix it
    _retype(qtbot, dialog.inputs["email"], "maria@gmail")
    assert not error.isVisible()
    dialog.activateWindow()
    dialog.inputs["email"].setFocus()
    qtbot.waitUntil(dialog.inputs["email"].hasFocus)
    qtbot.keyClick(dialog.inputs["email"], Qt.Key.Key_Tab)  # she leaves the field
    assert not dialog.inputs["email"].hasFocus()
    assert error.isVisible() and ".com" in error.text()
    _retype(qtbot, dialog.inputs["email"], "maria@gmail.con")
    assert not error.isVisible()
    assert dialog.email_hint.isVisible() and "maria@gmail.com" in dialog.email_hint.text()
    dialog.email_hint.linkActivated.emit("maria@gmail.com")  # she clicks the fix
    assert dialog.inputs["email"].text() == "maria@gmail.com"
    assert not dialog.email_hint.isVisible()


def test_a_bad_email_is_refused_on_save_next_to_the_field(qtbot, db):
    dialog = _dialog(qtbot)
    type_text(qtbot, dialog.inputs["name"], "Conceição Lima")
    type_text(qtbot, dialog.inputs["email"], "conceição@gmail.com")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert dialog.isVisible() and Customer.select().count() == 0
    assert "antes do @" in dialog.form.errors["email"].text()
    assert dialog.inputs["email"].text() == "conceição@gmail.com"  # kept for her to fix


def test_automatico_names_the_channel_and_a_choice_that_cannot_work_is_said_at_once(
        qtbot, db):
    dialog = _dialog(qtbot)
    combo, error = dialog.channel, dialog.form.errors["channel"]
    assert combo.itemText(0) == "Automático (copiar a mensagem)"
    type_text(qtbot, dialog.inputs["phone"], "(11) 3333-4444")
    assert combo.itemText(0) == "Automático (Ligação)"
    combo.setCurrentIndex(combo.findData("sms"))
    assert error.isVisible() and "celular" in error.text()
    _retype(qtbot, dialog.inputs["phone"], "(11) 98765-4321")
    assert not error.isVisible() and combo.itemText(0) == "Automático (WhatsApp)"


def test_email_and_channel_saved_from_the_form_and_shown_again_on_edit(qtbot, db):
    dialog = _dialog(qtbot)
    type_text(qtbot, dialog.inputs["name"], "Dona Cida")
    type_text(qtbot, dialog.inputs["phone"], "(11) 98765-4321")
    type_text(qtbot, dialog.inputs["email"], "Cida.Souza@Gmail.com")
    dialog.channel.setCurrentIndex(dialog.channel.findData("email"))
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    cida = get_customer(dialog.saved_id)
    assert (cida.email, cida.channel_choice) == ("cida.souza@gmail.com", "email")
    again = _dialog(qtbot, cida.id)
    assert again.inputs["email"].text() == "cida.souza@gmail.com"
    assert again.channel.currentData() == "email" and again.channel.currentText() == "E-mail"


def test_the_customer_page_shows_email_and_channel(qtbot, db):
    from app.ui.people.customer_page import CustomerPage

    cid = save_customer(CustomerInput("Rita Lima", phone="(11) 91234-5678", channel="sms",
                                      email="rita@hotmail.com"), TODAY)
    page = CustomerPage(lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    page.show_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    page.tabs.setCurrentWidget(page.data_label)
    text = page.data_label.text()
    assert "E-mail: rita@hotmail.com" in text and "Canal preferido: SMS" in text


def test_clientes_finds_her_by_email(qtbot, db):
    save_customer(CustomerInput("Dona Cida", email="cidinha.modas@gmail.com"), TODAY)
    save_customer(CustomerInput("Ana Souza", phone="(11) 98765-4321"), TODAY)
    page = CustomersPage(lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    type_text(qtbot, page.search, "cidinha.mo")
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == ["Dona Cida"]


def _birthdays(qtbot) -> BirthdaysPanel:
    save_settings(load_settings(), store_name="Natália Modas", store_name_confirmed=1)
    panel = BirthdaysPanel(lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    panel.refresh()
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    return panel


def test_birthday_by_email_opens_a_mailto_with_her_message(qtbot, db, opened_links):
    cid = save_customer(CustomerInput("Bia Nunes", phone="(11) 97777-1234", birthday="24/11/1990",
                                      email="bia@hotmail.com", channel="email"), TODAY)
    panel = _birthdays(qtbot)
    first = panel.channel_buttons.grid.itemAtPosition(0, 0).widget()
    assert first is panel.email_button and panel.email_button.property("primary")
    qtbot.mouseClick(panel.email_button, LEFT)
    qtbot.waitUntil(ops.idle)
    (url,) = opened_links.opened
    parts = urlsplit(url)
    assert unquote(parts.path) == "bia@hotmail.com"
    assert parse_qs(parts.query)["subject"] == ["Feliz aniversário, Bia!"]
    assert "E-mail aberto para Bia Nunes" in panel.undo_bar.label.text()
    contact = ContactLog.get(ContactLog.customer == cid)
    assert (contact.action, contact.channel, contact.stage_name) == ("email", "email",
                                                                     "Aniversário")


def test_birthday_link_that_did_not_open_is_a_copy_with_desfazer(qtbot, db, opened_links):
    opened_links.works = False
    cid = save_customer(CustomerInput("Bia Nunes", phone="(11) 97777-1234",
                                      birthday="24/11/1990"), TODAY)
    panel = _birthdays(qtbot)
    QApplication.clipboard().setText("")
    qtbot.mouseClick(panel.whatsapp_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert QApplication.clipboard().text().startswith("Feliz aniversário, Bia!")
    assert panel.undo_bar.label.text() == ("Não consegui abrir o WhatsApp; a mensagem foi "
                                           "copiada — cole na conversa dela.")
    contact = ContactLog.get(ContactLog.customer == cid)
    assert (contact.action, contact.channel) == ("copy", "whatsapp")
    qtbot.mouseClick(panel.undo_bar.undo_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert ContactLog.select().count() == 0


def test_birthday_call_for_a_landline(qtbot, db):
    cid = save_customer(CustomerInput("Dona Luzia", phone="(11) 3322-1100",
                                      birthday="25/11/1950"), TODAY)
    panel = _birthdays(qtbot)
    assert panel.call_panel.isVisible() and panel.call_panel.number.text() == "(11) 3322-1100"
    assert not panel.whatsapp_button.isEnabled() and not panel.sms_button.isEnabled()
    qtbot.keyClicks(panel.call_panel.note, "adorou")
    qtbot.keyClick(panel.call_panel.note, Qt.Key.Key_Return)
    qtbot.waitUntil(ops.idle)
    contact = ContactLog.get(ContactLog.customer == cid)
    assert (contact.action, contact.channel, contact.note) == ("call", "phone", "adorou")


def test_birthday_copiar_para_sms_copies_says_where_to_paste_and_logs_sms(qtbot, db):
    """Any mobile takes the SMS, even when her message is too long for a WhatsApp link."""
    cid = save_customer(CustomerInput("Rita Lima", phone="(11) 91234-5678", birthday="24/11/1990",
                                      channel="sms"), TODAY)
    save_settings(load_settings(), birthday_template=(
        "Feliz aniversário, {nome}! " + "🎉" * 200 + "\n{loja}"))  # a link over 2.000
    panel = _birthdays(qtbot)
    entry = panel.selected()
    assert entry.whatsapp_url is None and not panel.whatsapp_button.isEnabled()
    assert panel.sms_button.isEnabled() and panel.sms_button.property("primary")
    QApplication.clipboard().setText("")
    qtbot.mouseClick(panel.sms_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert QApplication.clipboard().text() == entry.sms_text
    assert QApplication.clipboard().text().startswith("Feliz aniversário, Rita! 🎉")
    assert panel.undo_bar.label.text() == (
        "SMS da Rita copiado: abra as mensagens (SMS) do celular, comece uma conversa "
        "com (11) 91234-5678 e cole.")
    contact = ContactLog.get(ContactLog.customer == cid)
    assert (contact.action, contact.channel, contact.stage_name) == ("copy", "sms", "Aniversário")
    assert contact.text == entry.sms_text


def test_the_birthday_list_shows_her_whole_name_on_the_small_laptop(qtbot, db):
    """In Cobranças → Aniversariantes at 1093 px the name column is the widest and her name
    whole ("R…s" was all that showed): Fidelidade and Telefone give way first."""
    name = "Rosângela Batista Nunes"
    save_customer(CustomerInput(name, phone="(11) 96326-1223", birthday="26/11/1980"), TODAY)
    panel = _birthdays(qtbot)
    panel.resize(790, 500)  # what the tab gets in a 1093 px window
    QApplication.sendPostedEvents()
    table = panel.table
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    assert header.sectionSize(0) == max(header.sectionSize(c) for c in shown)
    assert header.sectionSize(0) >= table.fontMetrics().horizontalAdvance(name)
    assert not table.horizontalScrollBar().isVisible()
