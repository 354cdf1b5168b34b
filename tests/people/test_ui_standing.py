"""Standing badge and block suggestion, the Situação column and the Contatos tab."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from app.services.collection.contacts import log_contact
from app.services.people.customers import set_blocked
from app.ui.kit import ops
from app.ui.kit.tables.in_view import rows_in_view
from app.ui.people.customer_page import CustomerPage
from app.ui.people.customers_page import CustomersPage, CustomerTableModel
from tests.people.test_standing import TODAY, customer, sell


def _recurrent() -> int:
    cid = customer("Rita Recorrente")
    sell(cid, [TODAY - timedelta(days=90), TODAY - timedelta(days=60)])
    return cid


def test_recurrent_customer_shows_badge_and_block_suggestion(qtbot, db, today):
    cid = _recurrent()
    page = CustomerPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    page.show_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    assert page.standing_badge.text() == "Inadimplente recorrente"
    assert "maior atraso 90 dias" in page.standing_badge.toolTip()
    assert page.block_suggestion.isVisible()
    assert page.block_suggestion.text().startswith("Sugestão: bloquear novas vendas a prazo (")

    set_blocked(cid, True)
    page.refresh()
    qtbot.waitUntil(ops.idle)
    assert not page.block_suggestion.isVisible()  # already blocked


def test_customer_without_history_is_em_dia(qtbot, db, today):
    cid = customer("Nova Cliente")
    page = CustomerPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    page.show_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    assert page.standing_badge.text() == "Em dia"
    assert not page.block_suggestion.isVisible()


def test_customers_list_situacao_column(qtbot, db, today):
    rita = _recurrent()
    nova = customer("Nova Cliente")
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    model = page.model
    col = CustomerTableModel.COL_STANDING
    assert model.headerData(col, Qt.Orientation.Horizontal) == "Situação"
    by_id = {model.row_at(r).id: r for r in range(model.rowCount())}
    rita_index = model.index(by_id[rita], col)
    assert model.data(rita_index) == "Inadimplente recorrente"
    assert model.data(rita_index, Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"  # AA red
    assert "atraso" in model.data(rita_index, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(by_id[nova], col)) == "Em dia"
    model.sort(col, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).id == rita



def test_list_sorted_by_situacao_stays_sorted_after_a_refresh(qtbot, db, today, monkeypatch):
    """Sorted by Situação, everyone's standing is read and classified on the worker (the
    paint sorts by them); otherwise only the rows on the screen are read, on the worker too."""
    import threading

    from app.services.people import standing
    from app.ui.people import customers_page

    real_list = customers_page.list_customers
    rita, nova = _recurrent(), customer("Nova Cliente")
    late = customer("Lia Atrasada")
    sell(late, [today - timedelta(days=10)])
    classified_on = []
    real = standing._classify_row
    monkeypatch.setattr(standing, "_classify_row", lambda *a: (
        classified_on.append(threading.current_thread() is threading.main_thread()),
        real(*a))[1])
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(ops.idle)
    assert classified_on and not any(classified_on)  # the rows on the screen, on the worker
    assert not page.model.complete
    lists_read = []
    monkeypatch.setattr(customers_page, "list_customers", lambda *a, **k: (
        lists_read.append(1), real_list(*a, **k))[1])
    with qtbot.waitSignal(page.reader.refreshed, timeout=5000):  # everyone's are read now
        page.table.sortByColumn(CustomerTableModel.COL_STANDING, Qt.SortOrder.DescendingOrder)
    assert page.model.complete and not lists_read  # the standings only, not the list again
    order = [page.model.row_at(r).id for r in range(page.model.rowCount())]
    assert order[:2] == [rita, late] and order[-1] == nova  # recorrente, atrasada… em dia
    classified_on.clear()
    with qtbot.waitSignal(page.reader.refreshed, timeout=5000):
        page.refresh()
    assert classified_on and not any(classified_on)  # all of them, on the worker
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == order


def _situation(page: CustomersPage, customer_id: int) -> str:
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).id == customer_id)
    return model.data(model.index(row, CustomerTableModel.COL_STANDING))


def test_the_rows_she_scrolls_or_searches_to_get_their_situacao_read_then(qtbot, db, today):
    """A long list reads the standings of the rows on the screen with the list; a row she
    scrolls to shows "…" until its own is read, on a worker, then the right one."""
    late_last = customer("Zuleica Atrasada")  # sorted by name: the last row
    sell(late_last, [today - timedelta(days=10)])
    for n in range(60):
        customer(f"Cliente {n:02d}")
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(900, 420)
    page.show()
    qtbot.waitUntil(ops.idle)
    assert page.model.rowCount() == 61
    assert _situation(page, late_last) == CustomerTableModel.PENDING  # not on the screen
    assert _situation(page, page.model.row_at(0).id) == "Em dia"
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: _situation(page, late_last) != CustomerTableModel.PENDING)
    assert _situation(page, late_last) == "Atrasada"
    assert not page.model.missing(rows_in_view(page.table))

    page.table.scrollToTop()
    page.refresh()  # a new read: only the rows on the screen again
    qtbot.waitUntil(ops.idle)
    assert _situation(page, late_last) == CustomerTableModel.PENDING
    page.search.setText("zuleica")  # found by a search: on the screen, so read
    qtbot.waitUntil(lambda: _situation(page, late_last) != CustomerTableModel.PENDING)
    assert _situation(page, late_last) == "Atrasada"


def test_the_list_read_behind_her_page_reads_the_rest_of_the_screen_when_she_comes_back(
        qtbot, db, today):
    """Opening a customer builds Clientes and puts her page in front at once: the list is
    read and painted hidden, counting ``UNSHOWN_ROWS`` as on the screen. Back on the list (Esc)
    in a tall window (a 4K screen at 125% shows more rows than that), every row on the screen
    gets its Situação, whether or not the list's scroll range changed as it appeared
    (``test_in_view_reads`` shows the rule on a bare table)."""
    from app.ui.kit.tables.in_view import UNSHOWN_ROWS
    from app.ui.shell.main_window import MainWindow

    ids = [customer(f"Cliente {n:03d}") for n in range(120)]
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(1240, 1700)
    window.show()
    qtbot.waitExposed(window)
    window.open_customer(ids[0])
    qtbot.waitUntil(ops.idle)
    page = window.customers
    assert page.model.loaded and not page.table.isVisible()  # read and painted behind her page
    window.show_customer_list()
    shown = rows_in_view(page.table)
    assert len(shown) > UNSHOWN_ROWS
    qtbot.waitUntil(lambda: not page.model.missing(rows_in_view(page.table)))
    assert all(_situation(page, r.id) == "Em dia" for r in shown)


def _held(monkeypatch, name: str):
    """``customers_page.<name>`` waits on the worker until the returned event is set."""
    import threading

    from app.ui.people import customers_page

    gate, real = threading.Event(), getattr(customers_page, name)
    monkeypatch.setattr(customers_page, name, lambda *a, **k: (gate.wait(10), real(*a, **k))[1])
    return gate


def _long_list_with_her_last(qtbot, today) -> tuple[CustomersPage, int]:
    """40 customers em dia and, last by name, Zuleica, inadimplente recorrente: sorted by
    name she is far below the screen, so a read of the rows on the screen misses her."""
    for n in range(40):
        customer(f"Cliente {n:02d}")
    zuleica = customer("Zuleica Recorrente")
    sell(zuleica, [today - timedelta(days=90), today - timedelta(days=60)])
    page = CustomersPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(900, 420)
    page.show()
    qtbot.waitUntil(ops.idle)
    assert _situation(page, zuleica) == CustomerTableModel.PENDING
    return page, zuleica


def test_sorting_by_situacao_while_the_list_is_read_again_sorts_everyone(qtbot, db, today,
                                                                         monkeypatch):
    """She had sorted by Situação (everyone's read), went back to Nome, and a change elsewhere
    reads the list again with only the rows on the screen; she sorts by Situação while that
    read is on its way: the list is read again with everyone's, and Zuleica tops it."""
    page, zuleica = _long_list_with_her_last(qtbot, today)
    standing_col = CustomerTableModel.COL_STANDING
    with qtbot.waitSignal(page.reader.refreshed, timeout=5000):
        page.table.sortByColumn(standing_col, Qt.SortOrder.DescendingOrder)
    assert page.model.complete and page.model.row_at(0).id == zuleica
    page.table.sortByColumn(CustomerTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    gate = _held(monkeypatch, "list_customers")
    page.refresh()  # sorted by Nome: reads the standings of the rows on the screen only
    page.table.sortByColumn(standing_col, Qt.SortOrder.DescendingOrder)
    gate.set()
    qtbot.waitUntil(lambda: not page.reader.waiting() and ops.idle())
    assert page.model.complete
    assert page.model.row_at(0).id == zuleica


def test_sorting_by_situacao_again_before_everyones_arrive_reads_no_list(qtbot, db, today,
                                                                         monkeypatch):
    """Situação clicked twice (Z→A) while everyone's standings are on their way: they are
    read once, the list is not read again, and the order is the last one she chose."""
    from app.ui.people import customers_page

    page, zuleica = _long_list_with_her_last(qtbot, today)
    lists_read = []
    real_list = customers_page.list_customers
    monkeypatch.setattr(customers_page, "list_customers", lambda *a, **k: (
        lists_read.append(1), real_list(*a, **k))[1])
    gate = _held(monkeypatch, "standing_lookup")
    standing_col = CustomerTableModel.COL_STANDING
    page.table.sortByColumn(standing_col, Qt.SortOrder.AscendingOrder)
    assert page.reader.waiting()  # everyone's, held
    page.table.sortByColumn(standing_col, Qt.SortOrder.DescendingOrder)
    gate.set()
    qtbot.waitUntil(lambda: not page.reader.waiting() and ops.idle())
    assert not lists_read and page.model.complete
    assert page.model.row_at(0).id == zuleica


def test_contacts_tab_lists_logged_contacts_newest_first(qtbot, db, today):
    cid = _recurrent()
    log_contact(cid, "note", today - timedelta(days=3), note="Disse que recebe dia 5")
    log_contact(cid, "whatsapp", today, stage_offset=7, stage_name="Segundo aviso",
                text="Oi, Rita! Continua em aberto R$\xa0100,00.\nObrigada!")
    page = CustomerPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    page.show_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert page.contacts.rowCount() == 0  # read when she opens the tab, not before
    page.tabs.setCurrentIndex(tabs.index("Contatos"))
    model = page.contacts
    assert model.rowCount() == 2
    first = [model.data(model.index(0, c)) for c in range(5)]
    assert first == ["23/11/2026", "WhatsApp aberto", "Segundo aviso", "WhatsApp",
                     "Oi, Rita! Continua em aberto R$\xa0100,00.…"]
    assert "Obrigada!" in model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, 4)) == "Disse que recebe dia 5"
    assert model.data(model.index(1, 1)) == "Anotação"


def test_call_logged_from_customer_page_shows_in_contacts(qtbot, db, today):
    from app.services.people.customers import CustomerInput, save_customer
    from app.ui.shell.main_window import MainWindow

    cid = save_customer(CustomerInput(name="Nina"), today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.open_customer(cid)
    qtbot.waitUntil(ops.idle)
    page = window.customer_page
    page.tabs.setCurrentWidget(page.contacts_box)
    page.log_call("Disse que paga sexta")
    qtbot.waitUntil(ops.idle)
    model = page.contacts
    assert model.rowCount() == 1
    row_text = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert "23/11/2026" in row_text
    assert any("Disse que paga sexta" in (t or "") for t in row_text)
