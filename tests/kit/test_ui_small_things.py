"""Issue 20's small things she notices, each on the real widgets: money that never breaks from
its "R$", an honest Clientes footer, stale messages cleared, the first tab for a new customer,
sort arrows the right way, a 0,0% that is not red, and no Qt warning on stderr."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from app.services.core.money import format_brl
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.shell.main_window import MainWindow
from tests.typing_helpers import type_text

pytestmark = pytest.mark.usefixtures("styled")  # the real look (tests/conftest.py)


def _window(qtbot, today) -> MainWindow:
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    return window


def _lines(document: QTextDocument) -> list[str]:
    """The lines a laid-out text document shows, as text."""
    lines, block = [], document.begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
        block = block.next()
    return lines


def test_an_amount_never_breaks_away_from_its_r_sign():
    """"…falta R$" / "157,93" on the receipt: the space after R$ is a no-break space, so a
    line too short for both carries the whole amount to the next line."""
    text = f"Recebido hoje; ainda falta {format_brl(15_793)} para quitar"
    document = QTextDocument()
    document.setPlainText(text)
    metrics_width = document.idealWidth()
    document.setTextWidth(metrics_width * 0.6)  # "…falta R$" fits, "157,93" would not
    lines = _lines(document)
    assert len(lines) > 1
    assert not any(line.endswith("R$") for line in lines), lines
    assert any("R$\xa0157,93" in line for line in lines), lines


def test_clientes_footer_says_what_the_list_shows_and_the_whole(qtbot, db, today):
    for name, cents in (("Ana Lima", 10_000), ("Bia Souza", 25_000), ("Carla Dias", 40_000)):
        cid = save_customer(CustomerInput(name), today)
        create_sale(cid, today, [ItemInput("Blusa", 1, cents)], today, PlanInput(1, today))
    window = _window(qtbot, today)
    window.show_page("clientes")
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    page = window.customers
    assert page.count_label.text() == "3 clientes · total a receber R$\xa0750,00"
    type_text(qtbot, page.search, "bia")
    assert page.count_label.text() == (
        "1 de 3 clientes · a receber nesta busca R$\xa0250,00 (de todas: R$\xa0750,00)")


def test_multa_e_juros_error_goes_when_she_fixes_the_value(qtbot, db, today):
    window = _window(qtbot, today)
    window.show_settings_tab(window.settings.fees_tab)
    tab = window.settings.fees_tab
    error = tab.form.errors["late_fee_bp"]
    tab.fee_edit.clear()
    type_text(qtbot, tab.fee_edit, "5")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert error.isVisible() and "2%" in error.text()
    tab.fee_edit.selectAll()
    type_text(qtbot, tab.fee_edit, "2")  # fixed: the red line goes at once
    assert not error.isVisible()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert tab.feedback.text() == "Multa e juros salvos." and not error.isVisible()
    type_text(qtbot, tab.interest_edit, "5")  # typing again: "salvos" is no longer true
    assert tab.feedback.text() == ""


def test_dados_da_loja_salvos_goes_when_a_restore_changes_them(qtbot, db, today, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.models.db import database_path
    from app.services.storage.backup import backup_database

    copy = backup_database(database_path(), "manual", today)  # "Minha Loja" in the copy
    window = _window(qtbot, today)
    window.show_page("configuracoes")
    settings = window.settings
    name = settings.store_inputs["store_name"]
    name.selectAll()
    type_text(qtbot, name, "Natália Modas")
    qtbot.mouseClick(settings.store_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert settings.store_feedback.text() == "Dados da loja salvos."
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    assert settings.backup_tab.restore(copy)
    assert name.text() != "Natália Modas"  # the copy's store name is on screen
    assert settings.store_feedback.text() == ""  # and no "salvos" about the name gone


def test_a_new_customers_page_opens_on_its_first_tab(qtbot, db, today):
    ana = save_customer(CustomerInput("Ana Lima"), today)
    bia = save_customer(CustomerInput("Bia Souza"), today)
    window = _window(qtbot, today)
    window.open_customer(ana)
    tabs = window.customer_page.tabs
    tabs.setCurrentIndex(tabs.count() - 1)  # Contatos
    window.show_customer_list()
    window.open_customer(bia)
    assert tabs.currentIndex() == 0 and tabs.tabText(0) == "Parcelas"


def _arrow_rows(table, column: int) -> list[int]:
    """The sort arrow's pixels per row, wide row first when it points down (▼). The arrow is
    grey, the header's words nearly black: its columns are those at the right end of the
    section with grey and no black."""
    header = table.horizontalHeader()
    image = header.grab().toImage()
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    light = [[image.pixelColor(x, y).lightness() for y in range(image.height())]
             for x in range(right - 30, right)]
    arrow = [col for col in light if 60 < min(col) < 120]
    counts = [sum(1 for col in arrow if col[y] < 120) for y in range(image.height())]
    return [c for c in counts if c]


def test_sort_arrows_point_the_way_the_values_go(qtbot, db, today):
    for days in (10, 40):
        cid = save_customer(CustomerInput(f"Cliente {days}"), today)
        due = today - timedelta(days=days)
        create_sale(cid, due, [ItemInput("Blusa", 1, 9_000)], today, PlanInput(1, due))
    window = _window(qtbot, today)
    window.resize(1280, 690)
    window.show_page("atraso")
    table = window.overdue.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    column = window.overdue.model.COL_DAYS
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert table.model().index(0, column).data() == "40"  # most late first…
    rows = _arrow_rows(table, column)
    assert rows[0] > rows[-1], rows  # …and the arrow points down (▼)
    table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    rows = _arrow_rows(table, column)
    assert rows[0] < rows[-1], rows  # smallest first: it points up (▲)


def test_taxa_de_inadimplencia_zero_is_not_red_on_an_empty_file(qtbot, db, today):
    from app.ui.kit.style import COLOURS

    window = _window(qtbot, today)
    page = window.dashboard
    qtbot.waitUntil(lambda: page.cards["rate"].value.text() != "…" and ops.idle())
    for key in ("rate", "overdue"):
        value = page.cards[key].value
        assert value.text() in ("0,0%", "R$\xa00,00")
        colour = value.palette().color(value.foregroundRole()).name()
        assert colour != COLOURS.error, key
        assert value.property("tone") == ""


def test_no_qt_warning_while_she_uses_every_page_and_every_report(qtbot, db, today, tmp_path):
    """Every page, every document (all seven: the Termo de acordo, Estoque and Mais vendidas
    too) saved as PDF and previewed, with enough late customers for a long Resumo de atrasos
    (the text layout that used to print QBasicTimer warnings from the worker): not one Qt
    warning. The offscreen test platform's own note about size hints is not something a
    desktop prints, and is the only one let through."""
    from app.services.negotiation.agreements import close_agreement, propose_options
    from app.services.receivables.payments import record_payment
    from app.services.reports import ReportKind
    from tests.reports.piece_shop import make_piece_shop

    due = today - timedelta(days=45)
    customers = []
    for n in range(30):
        cid = save_customer(CustomerInput(f"Cliente Atrasada Número {n:02d}",
                                          phone=f"(11) 9{n:04d}-1234"), today)
        sale = create_sale(cid, due - timedelta(days=30), [ItemInput("Vestido", 1, 30_000)],
                           today, PlanInput(3, due)).sale_id
        customers.append((cid, sale))
    cid, sale = customers[0]
    payment = record_payment(cid, 5_000, today, "pix", today).payment_id
    in_agreement = customers[1][0]
    agreement = close_agreement(in_agreement, propose_options(in_agreement, today)[-1], today)
    make_piece_shop(today)  # pieces in stock, and sold this month
    chosen = {ReportKind.AGREEMENT: {"customer_id": in_agreement, "agreement_id": agreement},
              ReportKind.STOCK: {}, ReportKind.BEST_SELLERS: {}}
    heard: list[str] = []

    def handler(kind, _context, message) -> None:
        if kind != QtMsgType.QtDebugMsg and "propagateSizeHints" not in message:
            heard.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        window = _window(qtbot, today)
        for n in range(len(window.pages)):
            window.nav.setCurrentRow(n)
            qtbot.waitUntil(ops.idle)
        page = window.reports
        for kind in ReportKind:  # every document the app prints
            page.choose(kind, **chosen.get(kind, {"customer_id": cid, "payment_id": payment,
                                                  "sale_id": sale}))
            qtbot.waitUntil(ops.idle)  # her documents are read on a worker
            page.save_pdf(tmp_path / f"{kind.value}.pdf")
            qtbot.waitUntil(ops.idle)
            assert (tmp_path / f"{kind.value}.pdf").exists(), page.feedback.text()
            title, saved, _ = page.feedback.text().partition(" salvo em ")
            assert saved, page.feedback.text()
            page.preview()
            qtbot.waitUntil(ops.idle)
            assert page._preview_dialog.windowTitle() == f"Visualizar — {title}"  # this one
            page._preview_dialog.close()
        QApplication.processEvents()
    finally:
        qInstallMessageHandler(previous)
    assert len(list(tmp_path.glob("*.pdf"))) == len(ReportKind) == 7
    assert heard == []

