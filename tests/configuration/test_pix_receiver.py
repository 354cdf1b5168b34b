"""The Pix receiver name follows the store name unless she typed a different one (issue 19),
through the settings service and through the Loja and Pix tabs."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from app.models.configuration import Setting
from app.services.br.pix import parse_payload, pix_copia_e_cola
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import load_settings, receiver_name, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.configuration.settings_page import SettingsPage
from app.ui.kit import ops
from tests.typing_helpers import type_text


def _pix_name() -> str:
    return parse_payload(pix_copia_e_cola(load_settings(), 1_000)).name


def _retype(qtbot, edit, text: str) -> None:
    edit.clear()
    type_text(qtbot, edit, text)


def test_renaming_the_store_renames_the_pix_and_the_message_signature(db, today):
    save_settings(load_settings(), pix_key="ana@exemplo.com", pix_city="Campinas")
    assert _pix_name() == "Minha Loja"
    save_settings(load_settings(), store_name="Natália Modas")
    assert receiver_name(load_settings()) == "Natália Modas"
    assert _pix_name() == "Natalia Modas"
    cid = save_customer(CustomerInput("Rita Lima", phone="11987654321"), today)
    create_sale(cid, today - timedelta(days=30), [ItemInput("Saia", 1, 9_000)], today,
                PlanInput(1, today - timedelta(days=2)))
    (entry,) = todays_worklist(today, load_settings()).entries
    assert "Natália Modas" in entry.message
    assert parse_payload(entry.pix_code).name == "Natalia Modas"


def test_a_receiver_name_equal_to_the_store_name_follows_it_and_a_different_one_stays(db):
    settings = save_settings(load_settings(), store_name="Natália Modas", pix_key="ana@ex.com",
                             pix_city="Campinas", pix_name="Natália Modas")
    assert settings.pix_name == ""  # only a copy: it follows
    save_settings(load_settings(), store_name="Natália Moda Praia")
    assert _pix_name() == "Natalia Moda Praia"
    save_settings(load_settings(), pix_name="Natália Souza Lima")  # her name at the bank
    save_settings(load_settings(), store_name="Nat Praia")
    assert _pix_name() == "Natalia Souza Lima"


def test_an_older_file_with_the_default_frozen_as_receiver_follows_the_store(db):
    for key, value in (("store_name", "Bella Modas"), ("pix_name", "Minha Loja"),
                       ("pix_key", "ana@exemplo.com"), ("pix_city", "Santos")):
        Setting.replace(key=key, value=value).execute()
    assert load_settings().pix_name == ""
    assert _pix_name() == "Bella Modas"


def test_the_pix_tab_follows_a_store_renamed_in_the_loja_tab(qtbot, db, today):
    page = SettingsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    pix = page.pix_tab
    assert pix.name.text() == "Minha Loja" and "(o nome da loja)" in pix.preview.text()
    page.tabs.setCurrentWidget(pix)
    _retype(qtbot, pix.key, "ana@exemplo.com")
    _retype(qtbot, pix.city, "Campinas")
    qtbot.mouseClick(pix.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert pix.feedback.text() == "Pix salvo."
    page.tabs.setCurrentIndex(0)
    _retype(qtbot, page.store_inputs["store_name"], "Natália Modas")
    qtbot.mouseClick(page.store_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert page.store_feedback.text() == "Dados da loja salvos."
    assert pix.name.text() == "Natália Modas"
    assert "“Natalia Modas” (o nome da loja)" in pix.preview.text()
    assert _pix_name() == "Natalia Modas"
    page.tabs.setCurrentWidget(pix)
    qtbot.mouseClick(pix.save_button, Qt.MouseButton.LeftButton)  # saved as it shows
    qtbot.waitUntil(ops.idle)
    assert load_settings().pix_name == ""  # still following the store name
    _retype(qtbot, pix.name, "Natália Souza Lima")
    assert "“Natalia Souza Lima” ·" in pix.preview.text()
    qtbot.mouseClick(pix.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert load_settings().pix_name == "Natália Souza Lima"
    assert _pix_name() == "Natalia Souza Lima"


def test_the_loja_tab_option_signs_messages_and_asks_for_the_document(qtbot, db, today):
    page = SettingsPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.sign_check, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.store_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert "informe o CPF ou CNPJ" in page.store_form.errors["store_document"].text()
    assert page.sign_check.isChecked()  # her choice is kept while she fixes it
    assert load_settings().sign_messages == 0
    _retype(qtbot, page.store_inputs["store_name"], "Bella Modas")
    type_text(qtbot, page.store_inputs["store_document"], "529.982.247-25")
    qtbot.mouseClick(page.store_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    saved = load_settings()
    assert (saved.sign_messages, saved.store_document) == (1, "52998224725")
    page.tabs.setCurrentWidget(page.cadence_tab)  # the preview shows how she signs now
    assert page.cadence_tab.gentle_preview.text().endswith("Bella Modas · CPF 529.982.247-25")
    assert not page.cadence_tab.warning_label.isVisible()
