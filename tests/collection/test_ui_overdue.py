"""Em atraso screen: rows, bucket cards that filter, most late first, opening a customer."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.services.core.changes import Changes, Topic
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.collection.overdue_page import OverduePage, OverdueTableModel
from app.ui.kit import ops
from app.ui.kit.bus import bus
from app.ui.kit.tables.table_model import SortRole

M = OverdueTableModel


def _owing(name: str, due: date, cents: int, phone: str = "", hood: str = "",
           city: str = "") -> int:
    cid = save_customer(CustomerInput(name, phone=phone, neighbourhood=hood, city=city),
                        due, accept_shared_phone=True)
    plan = PlanInput(1, due, "custom", custom_dates=(due,))
    create_sale(cid, due, [ItemInput("Vestido", 1, cents)], due, plan=plan)
    return cid


@pytest.fixture
def people(db):
    return {
        "Ana": _owing("Ana Souza", date(2026, 10, 5), 123_456, "(11) 98765-4321",
                      "Centro", "São Paulo"),  # 49 days: 31–60
        "Bia": _owing("Bia Lima", date(2026, 11, 10), 7_500, hood="Vila Nova",
                      city="Campinas"),  # 13 days: 1–30
        "Cris": _owing("Cris Dias", date(2026, 8, 1), 20_000),  # a Saturday: 112 days, 90+
        "Dani": _owing("Dani Reis", date(2026, 12, 10), 5_000),  # not due yet
    }


def _page(qtbot, today):
    page = OverduePage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitUntil(ops.idle)  # the report is read on a worker
    return page


def _names(page):
    return [page.proxy.index(r, M.COL_NAME).data() for r in range(page.proxy.rowCount())]


def test_rows_money_and_default_order(qtbot, people, today):
    page = _page(qtbot, today)
    assert _names(page) == ["Cris Dias", "Ana Souza", "Bia Lima"]
    ana = [r for r in range(3) if page.proxy.index(r, 0).data() == "Ana Souza"][0]
    data = [page.proxy.index(ana, c).data() for c in range(len(M.COLUMNS))]
    assert data[M.COL_PHONE] == "(11) 98765-4321"
    assert data[M.COL_COUNT] == "1"
    days = page.proxy.index(ana, M.COL_DAYS).data(Qt.ItemDataRole.ToolTipRole)
    assert days == "Vencida desde 05/10/2026"  # the oldest due date, on the days late
    assert data[M.COL_DAYS] == "49"
    assert data[M.COL_PRINCIPAL] == "R$\xa01.234,56"
    assert data[M.COL_STANDING] in ("Atrasada", "Inadimplente recorrente")
    assert page.proxy.index(ana, M.COL_STANDING).data(Qt.ItemDataRole.ToolTipRole)
    assert page.proxy.index(2, M.COL_PHONE).data() == "sem telefone"
    assert page.model.data(page.model.index(0, M.COL_DAYS), SortRole) == 112
    assert "3 clientes" in page.footer.text()
    assert "R$\xa01.509,56" in page.footer.text()
    # sorting by another column and back uses real values
    page.table.sortByColumn(M.COL_TOTAL, Qt.SortOrder.DescendingOrder)
    assert _names(page) == ["Ana Souza", "Cris Dias", "Bia Lima"]


def test_bucket_cards_filter_and_clear(qtbot, people, today):
    page = _page(qtbot, today)
    card = page.bucket_buttons["31–60"]
    assert "31–60 dias" in card.text()
    assert "R$\xa01.234,56" in card.text() and "1 cliente" in card.text()
    assert "0 clientes" in page.bucket_buttons["61–90"].text()
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert _names(page) == ["Ana Souza"]
    assert page.bucket_buttons["31–60"].isChecked()
    assert "R$\xa01.234,56" in page.footer.text() and "1 cliente" in page.footer.text()
    assert "R$\xa075,00" in page.bucket_buttons["1–30"].text()  # other cards keep totals
    qtbot.mouseClick(page.bucket_buttons["31–60"], Qt.MouseButton.LeftButton)
    assert len(_names(page)) == 3
    assert not page.bucket_buttons["31–60"].isChecked()


def test_place_and_standing_filters(qtbot, people, today):
    page = _page(qtbot, today)
    hoods = [page.hood_combo.itemText(i) for i in range(page.hood_combo.count())]
    assert hoods == ["Todos os bairros", "Centro", "Vila Nova"]
    page.city_combo.setCurrentIndex(page.city_combo.findData("Campinas"))
    qtbot.waitUntil(ops.idle)
    assert _names(page) == ["Bia Lima"]
    page.city_combo.setCurrentIndex(0)
    qtbot.waitUntil(ops.idle)
    assert len(_names(page)) == 3
    page.standing_combo.setCurrentIndex(page.standing_combo.findData("recorrente"))
    qtbot.waitUntil(ops.idle)
    assert "Cris Dias" in _names(page)  # 114 days late: recurrent
    assert "Bia Lima" not in _names(page)


def test_double_click_opens_customer_and_payment_refreshes(qtbot, people, today):
    page = _page(qtbot, today)
    table = page.table
    rect = table.visualRect(page.proxy.index(0, M.COL_NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_customer, timeout=1000) as blocker:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [people["Cris"]]
    record_payment(people["Cris"], 20_000, today, "dinheiro", today)
    bus.publish(Changes.of(Topic.PAYMENTS))
    qtbot.waitUntil(ops.idle)
    assert _names(page) == ["Ana Souza", "Bia Lima"]


def test_model_is_consistent(qtmodeltester, people, today):
    from app.services.collection.overdue import overdue_report
    from app.services.configuration.settings import load_settings

    model = OverdueTableModel()
    model.set_rows(list(overdue_report(today, load_settings()).rows))
    qtmodeltester.check(model)


def test_with_fees_on_the_name_column_keeps_room_on_a_laptop(qtbot, db, today):
    """At 1280 px the table gets ~1040 px; with multa and juros shown, the names must still
    read whole (they were cut to 'Luzi…' when the oldest due date had its own column)."""
    from app.services.configuration.settings import load_settings, save_settings

    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    _owing("Tereza Ferreira Cavalcanti", date(2025, 9, 21), 100_745, "(19) 96930-2335",
           "Jardim", "Campinas")
    page = OverduePage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1040, 600)
    page.show()
    qtbot.waitUntil(ops.idle)
    assert not page.table.isColumnHidden(M.COL_FEES)
    name_width = page.table.fontMetrics().horizontalAdvance("Tereza Ferreira Cavalcanti")
    assert page.table.columnWidth(M.COL_NAME) >= name_width


def test_the_newest_filter_wins_when_an_older_read_arrives_last(qtbot, people, today,
                                                                 monkeypatch):
    """She picks "Inadimplente recorrente", then "Todas as situações" before the first read
    came back: the list shows everyone, never the older, narrower answer painted over it."""
    import threading

    from app.ui.collection import overdue_page

    real, gate, started, calls = overdue_page.overdue_report, threading.Event(), \
        threading.Event(), []

    def held_first(*args, **kwargs):
        first = not calls
        calls.append(kwargs.get("standing"))
        if first:
            started.set()
            assert gate.wait(10)
        return real(*args, **kwargs)

    page = _page(qtbot, today)
    monkeypatch.setattr(overdue_page, "overdue_report", held_first)
    page.standing_combo.setCurrentIndex(page.standing_combo.findData("recorrente"))
    assert started.wait(5)
    page.standing_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(_names(page)) == 3)
    gate.set()  # the "recorrente" read ends last
    qtbot.waitUntil(ops.idle)
    assert calls == ["recorrente", None]
    assert sorted(_names(page)) == ["Ana Souza", "Bia Lima", "Cris Dias"]
    assert "3 clientes" in page.footer.text()


def test_her_chosen_customer_stays_chosen_when_the_list_is_read_again(qtbot, people, today):
    page = _page(qtbot, today)
    row = _names(page).index("Bia Lima")
    page.table.selectRow(row)
    record_payment(people["Cris"], 20_000, today, "dinheiro", today)  # the row above leaves
    bus.publish(Changes.of(Topic.PAYMENTS))
    qtbot.waitUntil(ops.idle)
    assert _names(page) == ["Ana Souza", "Bia Lima"]
    chosen = page.table.selectionModel().selectedRows()
    assert [page.proxy.index(i.row(), M.COL_NAME).data() for i in chosen] == ["Bia Lima"]


def test_the_sort_arrow_does_not_sit_on_its_title(qtbot, db, today):
    """"Dias de atraso" sorted (most late first): its title, centred, and the arrow at the
    section's right end each keep their room; sorted by Total, that title gets the room."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QStyle

    _owing("Ana Souza", date(2026, 10, 1), 10_000)
    page = OverduePage(lambda: today)
    qtbot.addWidget(page)
    page.resize(820, 500)
    page.show()
    qtbot.waitUntil(ops.idle)
    header = page.table.horizontalHeader()
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)
    mark = page.table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)

    def room(col: int) -> int:  # on each side of the centred title
        title = QFontMetrics(font).horizontalAdvance(M.COLUMNS[col].header)
        return (header.sectionSize(col) - title) // 2

    assert header.sortIndicatorSection() == M.COL_DAYS
    assert room(M.COL_DAYS) >= mark
    page.table.sortByColumn(M.COL_TOTAL, Qt.SortOrder.DescendingOrder)
    assert room(M.COL_TOTAL) >= mark
