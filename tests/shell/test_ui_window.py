"""Main window: navigation, search-as-you-type, shortcuts, table models, single instance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services.people.customers import CustomerInput, save_customer
from app.ui.kit import ops
from app.ui.kit.tables.table_model import SortRole
from app.ui.people.customers_page import CustomerTableModel
from app.ui.shell.main_window import MainWindow
from tests.typing_helpers import type_text


def _window(qtbot, today):
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(ops.idle)  # the Painel's figures are read on workers
    return window


def test_search_is_accent_and_case_insensitive(qtbot, db, today):
    for name in ("José Silva", "Maria José", "Ana Paula", "Joana D'Arc 👗"):
        save_customer(CustomerInput(name=name), today)
    save_customer(CustomerInput(name="Bruna", phone="(21) 99876-5432"), today)
    window = _window(qtbot, today)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(ops.idle)  # Clientes, built now, reads its list on a worker
    page = window.customers
    assert window.stack.currentWidget() is window.customer_stack
    assert page.search.hasFocus()
    type_text(qtbot, page.search, "JOSE")
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert names == ["José Silva", "Maria José"]
    assert page.count_label.text().startswith("2 de 5 clientes")
    page.search.clear()
    qtbot.keyClicks(page.search, "99876")
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "Bruna"


def test_customer_list_sorts_by_real_amounts(qtbot, db, today):
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale

    amounts = {"Ana": 90000, "Bia": 9000, "Cris": 100000}
    for name, cents in amounts.items():
        cid = save_customer(CustomerInput(name=name), today)
        create_sale(cid, today, [ItemInput("Peça", 1, cents)], today, PlanInput(1, today))
    window = _window(qtbot, today)
    table = window.customers.table
    qtbot.waitUntil(ops.idle)
    table.sortByColumn(CustomerTableModel.COL_BALANCE, Qt.SortOrder.DescendingOrder)
    model = window.customers.table.model()
    order = [model.index(r, 0).data() for r in range(3)]
    assert order == ["Cris", "Ana", "Bia"]  # text sort would put "R$ 9,00" ... wrongly
    assert model.index(0, CustomerTableModel.COL_BALANCE).data() == "R$\xa01.000,00"


def test_customer_table_model_is_consistent(qtmodeltester, db, today):
    save_customer(CustomerInput(name="Ana", phone="11987654321"), today)
    from app.services.people.customers import list_customers

    model = CustomerTableModel()
    model.set_rows(list_customers(today))
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1)) == "(11) 98765-4321"
    assert model.data(model.index(0, 2), SortRole) == 0


def test_double_click_opens_customer_and_escape_goes_back(qtbot, db, today):
    cid = save_customer(CustomerInput(name="Helena"), today)
    window = _window(qtbot, today)
    window.show_page("clientes")
    window.customers.open_customer.emit(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    assert window.customer_stack.currentWidget() is window.customer_page
    assert window.customer_page.name_label.text() == "Helena"
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.customer_stack.currentWidget() is window.customers


def test_every_screen_has_portuguese_title(qtbot, db, today):
    window = _window(qtbot, today)
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert names == ["Painel", "Clientes", "Cobranças de hoje", "Em atraso", "Acordos",
                     "Peças", "Condicionais", "Relatórios", "Importar/Exportar", "Configurações"]
    assert "23/11/2026" in window.dashboard.heading.text()


def test_second_window_on_same_file_is_refused(tmp_path):
    from app.ui.shell.app import acquire_lock

    path = tmp_path / "caderneta.sqlite3"
    first = acquire_lock(path)
    assert first is not None
    assert acquire_lock(path) is None
    first.release()
    again = acquire_lock(path)
    assert again is not None
    again.release()


def test_settings_refuse_bad_ddd_next_to_field(qtbot, db, today):
    window = _window(qtbot, today)
    page = window.settings
    page.store_inputs["default_ddd"].setText("1")
    page.save_store()
    qtbot.waitUntil(ops.idle)
    assert "DDD inválido" in page.store_form.errors["default_ddd"].text()
    page.store_inputs["default_ddd"].setText("21")
    page.store_inputs["store_name"].setText("Ateliê da Rô")
    page.save_store()
    qtbot.waitUntil(ops.idle)
    from app.services.configuration.settings import load_settings

    assert load_settings().default_ddd == "21"
    assert load_settings().store_name == "Ateliê da Rô"


def test_every_page_in_the_navigation_has_its_own_icon():
    from app.ui.kit.icons import ICONS
    from app.ui.shell.pages import CODES

    assert len(set(CODES)) == len(CODES)  # one icon each, never shared
    assert [c for c in CODES if not (ICONS / f"{c}.svg").is_file()] == []


def test_pages_are_found_by_code_whatever_their_titles_say(qtbot, db, today, monkeypatch):
    """Links between screens name a page by its code: rewording every title in the
    navigation changes what she reads, and nothing of where each link leads."""
    from app.ui.shell import main_window, pages

    reworded = tuple(pages.Page(p.code, f"{p.title} (novo nome)") for p in pages.PAGES)
    monkeypatch.setattr(main_window, "PAGES", reworded)
    window = _window(qtbot, today)
    assert window.nav.item(3).text() == "Em atraso (novo nome)"
    qtbot.mouseClick(window.dashboard.cards["overdue"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.overdue
    window.show_page("configuracoes")
    assert window.stack.currentWidget() is window.settings
    window.find_customer()
    assert window.stack.currentWidget() is window.customer_stack
    assert list(window.pages) == list(pages.CODES)


def test_the_pages_code_is_loaded_after_start_up_and_no_qt_class_on_a_worker(
        qtbot, db, today, monkeypatch):
    """run_gui asks for it once the window is on screen: the services and the libraries they
    load (openpyxl, the readers…) are imported on a worker, the screens' modules — Qt
    classes — on the GUI thread, one per turn of the event loop; her first click on a page
    only builds it. A Qt class made on a worker while the GUI thread ran crashed the start."""
    import gc
    import importlib
    import sys
    import threading

    from app.ui.shell import main_window

    window = _window(qtbot, today)
    for name in [n for n in sys.modules if n.startswith("app.ui.") and n not in (
            "app.ui.shell.main_window", "app.ui.kit.ops") and "conditional" in n]:
        monkeypatch.delitem(sys.modules, name)  # some screens' code not loaded yet
    services = main_window._modules_of("app.services")
    seen, real = [], importlib.import_module

    def recording(name, *args):
        seen.append((name, threading.current_thread() is threading.main_thread()))
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", recording)
    try:
        window.prepare_pages()
        qtbot.waitUntil(ops.idle)
        assert gc.get_freeze_count() > 0  # the program's own objects: out of the GC's walk
    finally:
        gc.unfreeze()  # the next tests' objects are collected as usual
    on_worker = [name for name, on_gui in seen if not on_gui]
    on_gui = [name for name, on_gui in seen if on_gui]
    assert set(services) <= set(on_worker)
    assert [n for n in on_worker if n.startswith("app.ui")] == []
    assert "app.services.spreadsheets.exporter" in on_worker  # openpyxl comes with it
    assert "app.ui.conditional.conditional_dialog" in on_gui
    assert all(name.split(".")[:2] == ["app", "ui"] for name in on_gui)
    assert "app.ui.conditional.conditionals_page" in sys.modules
