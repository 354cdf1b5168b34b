"""Condicionais after a change elsewhere: the list is read again on a worker, says
"atualizando…" while the read lasts, and keeps the malinha she chose and the rows in view."""

from __future__ import annotations

import threading
from datetime import timedelta

from app.services import catalog, conditional
from app.services.people.customers import CustomerInput, save_customer
from app.services.pieces.catalog import PieceInput, VariantInput
from app.ui.conditional import conditionals_page
from app.ui.conditional.conditionals_page import ConditionalsPage
from app.ui.kit import ops


def _top_name(page) -> str:
    return page.model.row_at(page.table.rowAt(0)).customer_name


def test_a_refresh_keeps_the_chosen_malinha_and_the_rows_in_view(qtbot, db, today,
                                                                 monkeypatch):
    piece = catalog.save_piece(PieceInput("Blusa Ana", 5_990,
                                          variants=(VariantInput("", "", 100),)), today)
    (variant,) = (v.id for v in catalog.variants_of(piece))
    for n in range(40):  # one a day later than the other: the list is sorted by lateness
        who = save_customer(CustomerInput(f"Cliente {n:02}"), today)
        conditional.send(who, [(variant, 1)], today - timedelta(days=50),
                         return_by=today - timedelta(days=n + 1))
    page = ConditionalsPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitUntil(ops.idle)
    assert page.selected_id() is not None  # the first one, chosen for her
    names = [k.customer_name for k in page.model.rows()]
    assert names[0] == "Cliente 39"  # the most late first
    page.table.selectRow(names.index("Cliente 10"))
    page.table.scrollTo(page.table.model().index(names.index("Cliente 14"), 0),
                        page.table.ScrollHint.PositionAtTop)
    assert (page.selected().customer_name, _top_name(page)) == ("Cliente 10", "Cliente 14")
    assert page.table.verticalScrollBar().value() > 0

    gate = threading.Event()
    read = conditionals_page.conditionals_page

    def slow_read(*args):
        assert gate.wait(10), "the test never released the read"
        return read(*args)

    monkeypatch.setattr(conditionals_page, "conditionals_page", slow_read)
    late = save_customer(CustomerInput("Zélia Prado"), today)
    ops.Op(page, lambda _p: conditional.send(late, [(variant, 1)], today - timedelta(days=90),
                                             return_by=today - timedelta(days=80))).run()
    qtbot.waitUntil(page.reader.hint_shown, timeout=5000)  # a slow read says so…
    assert page.selected().customer_name == "Cliente 10"  # …over the list as it was
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert not page.reader.hint_shown()
    assert page.model.row_at(0).customer_name == "Zélia Prado"  # a row above hers arrived…
    assert page.selected().customer_name == "Cliente 10"  # …she still has her malinha
    assert page.who.text().startswith(f"Malinha nº {page.selected_id()} · Cliente 10")
    assert _top_name(page) == "Cliente 14"  # and looks at the same rows


def test_her_page_keeps_the_malinha_she_chose_when_it_is_read_again(qtbot, shelf, ana, bia,
                                                                   today):
    """The Condicionais tab of her page: a refresh (a malinha sent from elsewhere) keeps the
    one she chose, wherever it moved; another customer's page starts on its first."""
    from app.ui.people.customer_page import CustomerPage

    def send(customer, days_back):
        return conditional.send(customer, [(shelf["blusa"], 1)], today - timedelta(days=9),
                                return_by=today + timedelta(days=days_back))

    first, second = send(ana, 1), send(ana, 5)  # open ones by return date: first, second
    send(bia, 3)
    page = CustomerPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.show_customer(ana)
    page.tabs.setCurrentWidget(page.conditionals_tab)
    tab = page.conditionals_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2 and ops.idle())
    assert tab.selected_id() == first  # the first one, chosen for her
    tab.table.selectRow(1)
    assert tab.selected_id() == second
    ops.Op(page, lambda _p: send(ana, 0)).run()  # due back today: above both
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3 and ops.idle())
    assert tab.selected_id() == second  # her choice, now on the third row
    assert [k.id for k in tab.model.rows()].index(second) == 2
    page.show_customer(bia)
    page.tabs.setCurrentWidget(page.conditionals_tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and ops.idle())
    assert tab.selected_id() == tab.model.row_at(0).id  # another's page: her first
