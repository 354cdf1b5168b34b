"""Every service that stores her text stores it without invisible characters (bidi controls,
zero-width spaces, braille blanks): customer form fields, sale items and notes, payment notes
and reversal reasons, contact and promise notes, settings texts, the régua's stage names."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.models.collection import ContactLog, PaymentPromise
from app.models.people import Customer
from app.models.receivables import Payment, Sale, SaleItem
from app.services.collection.cadence import DEFAULT_STAGES, load_stages, save_stages
from app.services.collection.contacts import log_contact, record_promise
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.people.customers import CustomerInput, get_customer, save_customer
from app.services.receivables.payments import record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

ZW = "\u200b"  # zero-width space
RLO = "\u202e"  # right-to-left override
BLANK = "\u2800"  # braille pattern blank


def _invisible(text: str) -> bool:
    return any(ch in text for ch in (ZW, RLO, BLANK, "\u2066", "\ufeff"))


@pytest.mark.parametrize("name", [ZW, BLANK * 3, f"{ZW}{RLO}\u2066", "\u3164", "12345", "🌸"])
def test_a_name_without_a_letter_is_refused_next_to_the_name(db, today, name):
    with pytest.raises(ValidationError) as err:
        save_customer(CustomerInput(name), today)
    assert err.value.code("name") == "no_letter"
    assert err.value.errors["name"] == "O nome precisa ter pelo menos uma letra."
    assert Customer.select().count() == 0


def test_every_field_of_the_form_is_stored_without_invisible_characters(db, today):
    cid = save_customer(CustomerInput(
        f"Ana{ZW} {RLO}Souza", phone=f"(11) 9{ZW}8765-4321", cpf=f"529.982.247-25{ZW}",
        birthday="05/03/1990\u200e", address=f"Rua A,{BLANK} 1", neighbourhood=f"Cen{ZW}tro",
        city="\ufeffCampinas", notes=f"linha 1{ZW}\r\nlinha 2 {RLO}", credit_limit=f"{ZW}100"),
        today)
    c = get_customer(cid)
    assert (c.name, c.phone, c.cpf, c.birthday, c.address, c.neighbourhood, c.city) == (
        "Ana Souza", "+5511987654321", "52998224725", date(1990, 3, 5), "Rua A, 1", "Centro",
        "Campinas")
    assert c.notes == "linha 1\nlinha 2" and c.credit_limit_cents == 10_000
    assert Customer.get_by_id(cid).search_key == "ana souza"


def test_sale_items_payments_contacts_and_promises_store_clean_text(db, today):
    cid = save_customer(CustomerInput("Bia"), today)
    with pytest.raises(ValidationError) as err:
        create_sale(cid, today, [ItemInput(ZW + BLANK, 1, 5_000)], today)
    assert "descreva a peça" in err.value.errors["item1"]
    create_sale(cid, today, [ItemInput(f"Vestido{ZW} {RLO}floral", 1, 20_000, f"M{ZW}")],
                today, PlanInput(2, date(2026, 12, 10)), notes=f"{RLO}levou{ZW} hoje")
    item = SaleItem.get()
    assert (item.description, item.variant, Sale.get().notes) == (
        "Vestido floral", "M", "levou hoje")
    paid = record_payment(cid, 5_000, today, "pix", today, note=f"pix{ZW} da{RLO} irmã")
    assert Payment.get_by_id(paid.payment_id).note == "pix da irmã"
    with pytest.raises(ValidationError):
        reverse_payment(paid.payment_id, ZW * 3, datetime(2026, 11, 23, 10))
    reverse_payment(paid.payment_id, f"{RLO}valor errado", datetime(2026, 11, 23, 10))
    assert Payment.get_by_id(paid.payment_id).reversal_reason == "valor errado"
    log_contact(cid, "call", today, note=f"{BLANK}disse que{ZW} paga", text=f"Oi{RLO} Bia")
    contact = ContactLog.get()
    assert (contact.note, contact.text) == ("disse que paga", "Oi Bia")
    record_promise(cid, date(2026, 12, 12), today, note=f"paga{ZW} dia 12{RLO}")
    assert PaymentPromise.get().note == "paga dia 12"


def test_settings_texts_and_the_regua_store_clean_text(db):
    settings = save_settings(load_settings(), store_name=f"{RLO}Loja{ZW} da Ana",
                             owner_name=f"Ana{BLANK}",
                             birthday_template=f"Parabéns, {{nome}}!{ZW}\n{RLO}{{loja}}")
    assert settings.store_name == "Loja da Ana" and settings.owner_name == "Ana"
    assert load_settings().birthday_template == "Parabéns, {nome}!\n{loja}"
    first = DEFAULT_STAGES[0]
    stages = save_stages([type(first)(first.offset, f"Lem{ZW}brete{RLO}", first.gentle + ZW,
                                      first.firm), *DEFAULT_STAGES[1:]])
    assert stages[0].name == "Lembrete" and not _invisible(stages[0].gentle)
    assert load_stages()[0].name == "Lembrete"


def _paste(qtbot, edit, text: str) -> None:
    """Paste like she does (Ctrl+V): invisible characters come in by copy and paste."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText(text)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_the_form_says_next_to_the_name_that_it_needs_a_letter_and_keeps_her_typing(
        qtbot, db, today):
    from PySide6.QtCore import Qt

    from app.ui.kit import ops
    from app.ui.people.customer_dialog import CustomerDialog

    dialog = CustomerDialog(today, "11")
    qtbot.addWidget(dialog)
    dialog.show()
    pasted = f"{ZW}{BLANK}{RLO}{BLANK}"
    _paste(qtbot, dialog.inputs["name"], pasted)
    qtbot.keyClicks(dialog.inputs["phone"], "11987654321")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert dialog.isVisible() and Customer.select().count() == 0
    assert dialog.form.errors["name"].text() == "O nome precisa ter pelo menos uma letra."
    assert dialog.form.errors["name"].isVisible()
    assert dialog.inputs["name"].text() == pasted  # her typing is kept to correct
    dialog.inputs["name"].clear()
    _paste(qtbot, dialog.inputs["name"], f"Ana{ZW} {RLO}Souza")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert Customer.get().name == "Ana Souza" and not dialog.isVisible()
