"""First run: the welcome on a new database, empty lists that say what to do, status bar."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from app.services.configuration.first_run import needs_welcome
from app.services.configuration.settings import load_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow
from app.ui.shell.welcome_dialog import WelcomeDialog
from tests.typing_helpers import type_text


def _window(qtbot, today) -> MainWindow:
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    return window


def test_welcome_opens_on_a_new_database_and_saves_what_she_typed(qtbot, db, today):
    window = _window(qtbot, today)
    dialog = window.maybe_welcome()
    assert isinstance(dialog, WelcomeDialog) and dialog.isVisible()
    type_text(qtbot, dialog.inputs["store_name"], "Natália Modas")
    type_text(qtbot, dialog.inputs["owner_name"], "Natália")
    dialog.inputs["default_ddd"].clear()
    qtbot.keyClicks(dialog.inputs["default_ddd"], "19")
    qtbot.keyClicks(dialog.inputs["city"], "Campinas")
    qtbot.keyClicks(dialog.inputs["pix_key"], "(19) 98888-7777")
    assert "celular" in dialog.pix_check.text()  # the live check Configurações has
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    s = load_settings()
    assert (s.store_name, s.owner_name, s.default_ddd, s.city) == (
        "Natália Modas", "Natália", "19", "Campinas")
    assert s.pix_key == "+5519988887777" and s.store_name_confirmed and s.welcome_seen
    assert window.maybe_welcome() is None  # once only
    assert window.settings.store_inputs["store_name"].text() == "Natália Modas"  # editable


def test_wrong_pix_key_is_explained_and_nothing_saved(qtbot, db, today):
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.inputs["pix_key"], "123")
    assert dialog.pix_check.property("role") == "error" and dialog.pix_check.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert dialog.form.errors["pix_key"].text()
    assert not load_settings().welcome_seen


def test_skip_leaves_minha_loja_unconfirmed_and_does_not_ask_again(qtbot, db, today):
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    s = load_settings()
    assert s.welcome_seen and not s.store_name_confirmed
    assert not needs_welcome(s)


def test_import_button_goes_to_the_import_page(qtbot, db, today):
    window = _window(qtbot, today)
    dialog = window.maybe_welcome()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert window.stack.currentWidget() is window.pages["importar"]


def test_no_welcome_for_a_database_already_in_use(db, today):
    save_customer(CustomerInput("Ana"), today)
    assert not needs_welcome(load_settings())


def test_empty_customer_list_and_search_without_results(qtbot, db, today):
    window = _window(qtbot, today)
    window.show_page("clientes")
    page = window.customers
    assert not page.empty.isVisible()  # no "nobody here" before the list was read
    qtbot.waitUntil(ops.idle)
    assert page.empty.isVisible() and "Aqui ficam suas clientes" in page.empty.label.text()
    assert [b.text() for b in page.empty.buttons] == ["Nova cliente", "Importar minha planilha"]
    save_customer(CustomerInput("Ana Lima"), today)
    page.refresh()
    qtbot.waitUntil(ops.idle)
    assert not page.empty.isVisible()
    qtbot.keyClicks(page.search, "souza")
    assert page.empty.isVisible()
    assert "Nenhuma cliente com “souza”" in page.empty.label.text()
    assert page.count_label.text() == "Nenhuma cliente com “souza”"
    qtbot.mouseClick(page.empty.buttons[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert window.stack.currentWidget() is window.pages["importar"]


def test_empty_overdue_and_worklist_offer_the_next_step(qtbot, db, today):
    window = _window(qtbot, today)
    window.show_page("atraso")
    qtbot.waitUntil(ops.idle)
    assert window.overdue.empty.isVisible()
    assert "Ninguém em atraso" in window.overdue.empty.label.text()
    window.show_page("cobrancas")
    qtbot.waitUntil(ops.idle)
    assert window.worklist.empty_label.isVisible() and window.worklist.empty_button.isVisible()
    qtbot.mouseClick(window.worklist.empty_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert window.settings.tabs.currentWidget() is window.settings.cadence_tab


def test_overdue_filters_with_no_one_say_so_and_clear(qtbot, db, today):
    cid = save_customer(CustomerInput("Ana Lima"), today)
    due = today - timedelta(days=10)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Saia", 1, 5000)], today,
                PlanInput(1, due))
    window = _window(qtbot, today)
    window.show_page("atraso")
    qtbot.waitUntil(ops.idle)
    page = window.overdue
    assert not page.empty.isVisible()
    page.standing_combo.setCurrentIndex(page.standing_combo.count() - 1)  # recorrente
    qtbot.waitUntil(ops.idle)
    assert page.model.rowCount() == 0  # 10 days late, once: atrasada
    assert page.empty.isVisible() and "filtros" in page.empty.label.text()
    qtbot.mouseClick(page.empty.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle, timeout=20_000)
    assert page.model.rowCount() == 1
    assert page.standing_combo.currentIndex() == 0


def test_status_bar_keeps_day_and_file_after_a_message(qtbot, db, today):
    window = _window(qtbot, today)
    window.statusBar().showMessage("Venda registrada.", 5000)
    assert window.day_label.isVisible()
    assert "Hoje: 23/11/2026" in window.day_label.text() and "Arquivo:" in window.day_label.text()
    window.statusBar().clearMessage()
    assert window.day_label.isVisible()


def test_settings_show_the_data_folder(qtbot, db, today):
    from app.models.db import database_path

    window = _window(qtbot, today)
    label = window.settings.folder_label
    assert str(database_path().parent) in label.text()
    from PySide6.QtWidgets import QPushButton

    button = window.settings.findChild(QPushButton, "openFolderButton")
    assert button is not None and button.text() == "Abrir pasta"
