"""The customer page fills the tab she looks at; the others when she chooses them, always
with the customer now open (never a list left from the one before)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QWidget

from app.ui.kit import ops
from app.ui.people.customer_page import CustomerPage
from tests.people.test_standing import TODAY, customer, pay, sell


def _page(qtbot) -> CustomerPage:
    page = CustomerPage(lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    return page


def test_other_tabs_show_the_customer_now_open_when_chosen(qtbot, db):
    ana, bia = customer("Ana Lima"), customer("Bia Souza")
    ana_insts = sell(ana, [TODAY - timedelta(days=10), TODAY + timedelta(days=20)])
    pay(ana, ana_insts[0], TODAY - timedelta(days=2))
    sell(bia, [TODAY + timedelta(days=5)], each=12_345)
    page = _page(qtbot)
    page.show_customer(ana)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    assert page.installments.rowCount() == 2  # the tab in front: filled at once
    assert page.payments.rowCount() == 0 and page.sales.rowCount() == 0

    page.tabs.setCurrentWidget(page.payments_box)
    assert [p.amount_cents for p in page.payments.rows()] == [5_000]
    page.payments_table.selectRow(0)
    assert page.selected_payment() is not None

    page.show_customer(bia)  # from the Pagamentos tab: Bia has paid nothing
    qtbot.waitUntil(ops.idle)
    assert page.payments.rowCount() == 0
    assert page.selected_payment() is None  # Ana's payment is not left selected
    page.tabs.setCurrentWidget(page.sales_box)
    assert [s.total_cents for s in page.sales.rows()] == [12_345]
    page.tabs.setCurrentWidget(page.statement)
    assert "Extrato — Bia Souza" in page.statement.toPlainText()
    page.tabs.setCurrentWidget(page.data_label)
    page.show_customer(ana)  # Bia's extrato is not kept behind its tab
    qtbot.waitUntil(ops.idle)
    assert "Bia" not in page.statement.toPlainText()
    page.tabs.setCurrentWidget(page.statement)
    assert "Extrato — Ana Lima" in page.statement.toPlainText()


def test_extrato_is_laid_out_when_its_tab_is_chosen(qtbot, db):
    cid = customer("Clara Dias")
    sell(cid, [TODAY + timedelta(days=30)], each=25_000)
    page = _page(qtbot)
    page.show_customer(cid)
    qtbot.waitUntil(ops.idle)
    assert "Clara Dias" not in page.statement.toPlainText()
    page.tabs.setCurrentWidget(page.statement)
    text = page.statement.toPlainText()
    assert "Extrato — Clara Dias" in text and "R$ 250,00" in text  # plain text: a space
    assert (TODAY + timedelta(days=30)).strftime("%d/%m/%Y") in text


def test_installments_open_scrolled_to_the_oldest_one_still_owed(qtbot, db):
    from app.ui.shell.main_window import MainWindow

    cid = customer("Dora Paga Muito")
    dues = [TODAY - timedelta(days=30 * n) for n in range(30, 0, -1)] + [TODAY + timedelta(days=9)]
    insts = sell(cid, dues, each=1_000)
    for inst in insts[:-3]:  # years of paid carnês; the last two months and the next open
        pay(cid, inst, TODAY - timedelta(days=1))
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.open_customer(cid)
    qtbot.waitUntil(ops.idle)
    page = window.customer_page
    table = page.installments_table
    rows = page.installments.rows()
    first_open = page.installments.index([i.id for i in rows].index(insts[-3]), 0)

    def in_view() -> bool:
        return table.viewport().rect().contains(table.visualRect(first_open))

    qtbot.waitUntil(in_view)  # 28 paid rows above it: only seen because the list scrolled
    assert table.rowAt(0) > 0
    assert "em atraso" in table.model().data(first_open.siblingAtColumn(6))


def test_another_customers_page_is_never_shown_under_her_name(qtbot, db, monkeypatch):
    """Opening Bia while Ana's page is on screen clears Ana's figures at once; Bia's come when
    read (the worker is held to look in between), and her actions wait for them."""
    import threading

    from app.ui.people import customer_page

    ana, bia = customer("Ana Lima"), customer("Bia Souza")
    sell(ana, [TODAY - timedelta(days=10)])
    page = _page(qtbot)
    page.show_customer(ana)
    qtbot.waitUntil(ops.idle)
    assert page.name_label.text() == "Ana Lima" and page.installments.rowCount() == 1
    real, gate = customer_page.read_customer, threading.Event()

    def held(*args):
        assert gate.wait(10)
        return real(*args)

    monkeypatch.setattr(customer_page, "read_customer", held)
    try:
        page.show_customer(bia)
        between = (page.name_label.text(), page.installments.rowCount(),
                   page.installments_table.findChild(QWidget, "installmentsTableEmpty")
                   .isVisible())
        page._toggle_block()  # a click before her page arrived does nothing
    finally:
        gate.set()
    qtbot.waitUntil(ops.idle)
    assert between == ("", 0, False)  # no Ana under Bia's name, no "no installments" yet
    assert page.name_label.text() == "Bia Souza" and page.installments.rowCount() == 0
    assert page.block_button.text() == "Bloquear fiado"


def test_every_tab_title_is_whole_on_the_small_laptop(qtbot, db, today):
    """1366×768 at 125% (1093×560), on Vendas: no tab title is cut ("Cor" for Condicionais)
    nor hidden behind scroll arrows; Devolução / troca sits under the sales."""
    from app.services.people.customers import CustomerInput, save_customer
    from app.ui.kit.fitting import SMALLEST_SCREEN
    from app.ui.shell.main_window import MainWindow

    ana = save_customer(CustomerInput(name="Ana Lima"), today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(SMALLEST_SCREEN)
    window.show()
    window.open_customer(ana)
    qtbot.waitUntil(ops.idle)
    page = window.customer_page
    page.tabs.setCurrentWidget(page.sales_box)
    bar = page.tabs.tabBar()
    metrics = bar.fontMetrics()
    for n in range(bar.count()):
        rect = bar.tabRect(n)
        assert bar.rect().contains(rect), bar.tabText(n)  # no tab off the bar's end
        assert rect.width() >= metrics.horizontalAdvance(bar.tabText(n)), bar.tabText(n)
    assert bar.width() >= bar.sizeHint().width()  # so no scroll arrows
    assert page.return_button.isVisible()
    assert page.return_button.mapTo(page, page.return_button.rect().topLeft()).y() > \
        page.sales_table.mapTo(page, page.sales_table.rect().bottomLeft()).y()


def test_a_refresh_of_her_page_keeps_the_rows_she_chose(qtbot, db):
    """A payment saved (her page is read again on a worker) keeps the installment and the
    payment she chose in their lists, wherever their rows moved."""
    cid = customer("Eva Prado")
    insts = sell(cid, [TODAY - timedelta(days=40 - 10 * n) for n in range(4)])
    pay(cid, insts[0], TODAY - timedelta(days=30))
    pay(cid, insts[1], TODAY - timedelta(days=20))
    page = _page(qtbot)
    page.show_customer(cid)
    qtbot.waitUntil(lambda: page.installments.rowCount() == 4 and ops.idle())
    page.installments_table.selectRow([i.id for i in page.installments.rows()].index(insts[3]))
    page.tabs.setCurrentWidget(page.payments_box)
    older = next(p for p in page.payments.rows() if p.payment_date == TODAY - timedelta(days=30))
    page.payments_table.selectRow(page.payments.rows().index(older))
    ops.Op(page, lambda _p: pay(cid, insts[2], TODAY)).run()  # newest first: a row above hers
    qtbot.waitUntil(lambda: page.payments.rowCount() == 3 and ops.idle())
    assert page.selected_payment() == next(p for p in page.payments.rows() if p.id == older.id)
    assert page.payments.rows().index(page.selected_payment()) == 2
    (chosen,) = page.installments_table.selectionModel().selectedRows()
    assert page.installments.row_at(chosen.row()).id == insts[3]
