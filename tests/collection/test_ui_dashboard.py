"""Painel on screen: cards with today's figures open their screens, charts and the count of
Cobranças de hoje arrive from a worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow
from tests.collection.test_dashboard import notebook  # noqa: F401 - the crafted data set (fixture)


def _window(qtbot, today):
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(ops.idle)
    return window


def test_cards_show_the_day(qtbot, notebook, today):  # noqa: F811
    page = _window(qtbot, today).dashboard
    cards = {key: card.value.text() for key, card in page.cards.items()}
    assert cards == {
        "receivable": "R$\xa0400,01", "overdue": "R$\xa0140,00", "received": "R$\xa0140,00",
        "next_7": "R$\xa020,00", "next_30": "R$\xa0200,01", "rate": "58,3%",
    }
    assert page.cards["overdue"].detail.text() == "2 clientes"


def test_charts_and_worklist_count_arrive_from_the_worker(qtbot, notebook, today):  # noqa: F811
    page = _window(qtbot, today).dashboard
    [line] = page.rate_chart.chart().series()
    assert line.count() == 12
    assert [line.at(n).y() for n in (9, 10, 11)] == [0.0, 50.0, 58.33]
    assert ("out/26: 50,0% (R$\xa050,00 em atraso de R$\xa0100,00 vencidos)"
            in page.rate_chart.summary)
    [bars] = page.weeks_chart.chart().series()
    assert bars.barSets()[0].count() == 8
    assert page.weeks_chart.summary.splitlines()[2] == "07/12 a 13/12: R$\xa0140,00 (2 parcelas)"
    for chart in (page.rate_chart.chart(), page.weeks_chart.chart()):  # "R$ 8.000", "2,5%"
        assert chart.localizeNumbers() and chart.locale().name() == "pt_BR"
    from app.services.collection.worklist import todays_worklist
    from app.services.configuration.settings import load_settings

    due = len(todays_worklist(today, load_settings()).entries)
    assert due > 0
    noun = "mensagem" if due == 1 else "mensagens"
    assert page.worklist_label.text() == f"Cobranças de hoje: <b>{due} {noun}</b> para enviar"


def test_clicking_a_card_opens_its_screen(qtbot, notebook, today):  # noqa: F811
    window = _window(qtbot, today)
    page = window.dashboard
    for key, screen in (("overdue", window.overdue), ("next_7", window.worklist),
                        ("receivable", window.customer_stack), ("rate", window.overdue)):
        window.show_page("painel")
        qtbot.mouseClick(page.cards[key], Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is screen
    window.show_page("painel")
    qtbot.mouseClick(page.findChild(QPushButton, "openWorklistButton"),
                     Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.worklist


def test_a_payment_refreshes_the_cards(qtbot, notebook, today):  # noqa: F811
    from app.services.core.changes import Changes, Topic
    from app.services.people.customers import list_customers
    from app.services.receivables.payments import record_payment
    from app.ui.kit.bus import bus

    page = _window(qtbot, today).dashboard
    fia = next(c.id for c in list_customers(today) if c.name == "Fia")
    record_payment(fia, 4000, today, "pix", today)
    bus.publish(Changes.of(Topic.PAYMENTS))
    qtbot.waitUntil(ops.idle)
    assert page.cards["overdue"].value.text() == "R$\xa0100,00"
    assert page.cards["received"].value.text() == "R$\xa0180,00"
