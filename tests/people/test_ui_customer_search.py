"""Clientes: search as you type, typed key by key like a person (accents, phone digits,
backspace), with the count line, the chosen customer and the empty state kept right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from app.services.people.customers import CustomerInput, save_customer, search_matcher
from app.ui.kit import ops
from app.ui.kit.tables.row_delegate import RowTextDelegate
from app.ui.people.customers_page import CustomersPage
from tests.typing_helpers import type_text

PEOPLE = (("José Silva", "(21) 99876-5432"), ("Maria José", ""), ("Ana Paula", "11 91234-5678"),
          ("Márcia Souza", ""), ("Marta Nunes", "(31) 98711-2233"))


@pytest.fixture
def page(qtbot, db, today):
    for name, phone in PEOPLE:
        save_customer(CustomerInput(name=name, phone=phone), today)
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    return page


def names(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_typing_letter_by_letter_ignores_accents_and_case(qtbot, page):
    type_text(qtbot, page.search, "MAR")
    assert names(page) == ["Márcia Souza", "Maria José", "Marta Nunes"]
    type_text(qtbot, page.search, "ÇI")  # "marçi" finds Márcia: the cedilla is folded too
    assert names(page) == ["Márcia Souza"]
    assert page.count_label.text().startswith("1 de 5 clientes")


def test_backspace_brings_back_those_the_longer_search_left_out(qtbot, page):
    type_text(qtbot, page.search, "mart")
    assert names(page) == ["Marta Nunes"]
    qtbot.keyClick(page.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.search, Qt.Key.Key_Backspace)
    assert names(page) == ["Márcia Souza", "Maria José", "Marta Nunes"]
    page.search.clear()
    assert len(names(page)) == 5
    assert page.count_label.text().startswith("5 clientes · total a receber")


def test_phone_digits_are_found_once_three_are_typed(qtbot, page):
    type_text(qtbot, page.search, "98")  # two digits: no name has them, no phone search yet
    assert names(page) == []
    type_text(qtbot, page.search, "7")  # "987": now the phones, though "98" found no one
    assert names(page) == ["José Silva", "Marta Nunes"]
    type_text(qtbot, page.search, "65-4")  # typed with the dash, as written on a card
    assert names(page) == ["José Silva"]


def test_nobody_found_says_so_in_the_list_and_under_it(qtbot, page):
    type_text(qtbot, page.search, "souzza")
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "Nenhuma cliente com “souzza”"
    assert "Nenhuma cliente com “souzza”" in page.empty.text()
    qtbot.keyClick(page.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.search, Qt.Key.Key_Backspace)  # "souz"
    assert names(page) == ["Márcia Souza"]
    assert page.empty.text() == ""


def test_the_chosen_customer_stays_chosen_while_she_is_found(qtbot, page):
    marta = names(page).index("Marta Nunes")
    page.table.selectRow(marta)
    type_text(qtbot, page.search, "ma")
    assert page.model.row_at(page.table.currentIndex().row()).name == "Marta Nunes"
    assert page.selected_customer_id() is not None
    type_text(qtbot, page.search, "rt")
    assert names(page) == ["Marta Nunes"]
    assert page.table.selectionModel().isRowSelected(0)
    type_text(qtbot, page.search, "x")  # she is no longer found: nothing is chosen
    assert page.selected_customer_id() is None


def test_the_count_line_is_on_screen_with_room_for_its_text(qtbot, page):
    type_text(qtbot, page.search, "ana")
    label = page.count_label
    qtbot.waitUntil(label.isVisible)
    assert label.text().startswith("1 de 5 clientes")
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    assert label.height() >= label.fontMetrics().height()
    bottom = label.mapTo(page, label.rect().bottomLeft()).y()
    assert page.table.geometry().bottom() < label.mapTo(page, label.rect().topLeft()).y()
    assert bottom <= page.height()


def test_a_name_wider_than_its_column_is_cut_in_the_middle(qtbot, db, today):
    long_name = "Maria Aparecida dos Santos Figueiredo de Albuquerque Cavalcanti"
    save_customer(CustomerInput(name=long_name), today)
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(500, 300)
    page.show()
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    table: QTableView = page.table
    delegate = table.itemDelegate()
    assert isinstance(delegate, RowTextDelegate)
    table.grab()  # paints every visible cell through the delegate
    cut = [(static.text(), width) for key, (static, width, _height) in delegate._static.items()
           if key[0] == long_name and len(key) == 3]  # (text, money, cell width): cut
    assert cut, "the name was not painted cut to its column"
    for text, width in cut:
        assert "…" in text and len(text) < len(long_name)
        assert text.startswith("Mar") and text.endswith("nti")  # both ends in sight
        assert width <= table.columnWidth(0)  # inside its own cell, not over the phone


def test_a_longer_search_looks_only_among_those_shown_when_that_is_safe():
    m, ma, digits2, digits3 = (search_matcher(t) for t in ("m", "ma", "98", "987"))
    assert ma.narrows(m) and ma.narrows(None)
    assert not m.narrows(ma)  # shorter: more people
    assert not digits3.narrows(digits2)  # from 3 digits on, phones are searched too
    assert search_matcher("9876").narrows(digits3)
    assert search_matcher("   ") is None


def test_a_search_finds_her_by_name_or_e_mail_never_by_a_mix_of_the_two():
    from app.services.people.customers import CustomerRow

    ana = CustomerRow(id=1, name="Ana Silva", search_key="ana silva", phone=None,
                      balance_cents=0, overdue_cents=0, next_due=None,
                      oldest_overdue=None, archived=False, blocked=False,
                      email="cida@gmail.com")
    assert search_matcher("Sílva")(ana) and search_matcher("CIDA@")(ana)
    assert not search_matcher("silvacida")(ana) and not search_matcher("silva cida")(ana)


def test_sorting_keeps_the_chosen_customer_chosen(qtbot, page):
    from app.ui.people.customers_page import CustomerTableModel

    page.table.selectRow(names(page).index("Marta Nunes"))
    type_text(qtbot, page.search, "a")
    page.table.sortByColumn(CustomerTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)
    assert names(page)[0] == "Marta Nunes"
    assert page.model.row_at(page.table.currentIndex().row()).name == "Marta Nunes"
    assert [page.model.row_at(i.row()).name
            for i in page.table.selectionModel().selectedRows()] == ["Marta Nunes"]


def test_her_choice_and_the_rows_in_view_stay_when_the_list_is_read_again(qtbot, db, today,
                                                                          monkeypatch):
    """The list is read again (a customer saved elsewhere) while she keeps working: the
    customer she chose meanwhile stays chosen and the rows she was looking at stay in view,
    though a new name sorts above them."""
    import threading

    from app.services.core.changes import Changes, Topic
    from app.ui.kit.bus import bus
    from app.ui.people import customers_page

    for n in range(300):
        save_customer(CustomerInput(name=f"Cliente {n:03d}"), today)
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitUntil(ops.idle)
    page.table.scrollTo(page.model.index(240, 0), page.table.ScrollHint.PositionAtTop)
    page.table.selectRow(245)
    real, gate, started = customers_page.list_customers, threading.Event(), threading.Event()

    def held(*args, **kwargs):
        started.set()
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(customers_page, "list_customers", held)
    save_customer(CustomerInput(name="Abigail Nova"), today)  # sorts first
    bus.publish(Changes.of(Topic.CUSTOMERS))
    assert started.wait(5)
    page.table.selectRow(250)  # she goes on choosing while the list is read
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert page.model.rowCount() == 301 and names(page)[0] == "Abigail Nova"
    assert page.selected_customer_id() is not None
    assert page.model.row_at(page.table.currentIndex().row()).name == "Cliente 250"
    top = page.table.indexAt(page.table.viewport().rect().topLeft()).row()
    assert page.model.row_at(top).name == "Cliente 240"
    assert page.count_label.text().startswith("301 clientes")
