"""Every table model, with real rows from a demo notebook, passes Qt's model tester, and every
list names the column that stretches instead of fixing pixel widths."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QHeaderView, QTableView

import app.ui
from app.models.receivables import Installment
from app.services.demo import generate_demo
from app.ui.kit import ops
from app.ui.kit.tables.table_model import RowTableModel


def _all_row_models() -> set[type]:
    for info in pkgutil.iter_modules(app.ui.__path__, "app.ui."):
        importlib.import_module(info.name)
    found, todo = set(), [RowTableModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            # bases without columns (CheckableRowModel) are never shown alone; models made
            # by tests are not the app's
            if sub.COLUMNS and sub.__module__.startswith("app."):
                found.add(sub)
            todo.append(sub)
    return found


@pytest.fixture
def notebook(db, today):
    generate_demo(40, today, seed=3)
    return db


def _source(model):
    while isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    return model


def _tables_of(widgets) -> list[QTableView]:
    return [t for w in widgets for t in w.findChildren(QTableView)]


def test_every_table_model_passes_the_model_tester(qtbot, qtmodeltester, notebook, today):
    from app.ui.conditional.conditional_dialog import ConditionalDialog
    from app.ui.negotiation.agreement_dialog import AgreementDialog
    from app.ui.receivables.payment_dialog import PaymentDialog
    from app.ui.receivables.sale_dialog import SaleDialog
    from app.ui.shell.main_window import MainWindow

    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    for name in list(window.pages):
        window.show_page(name)
    window.worklist.birthdays  # noqa: B018 - Aniversariantes: made when first shown or asked for
    window.import_export.piece_import_panel  # noqa: B018 - the same for Importar peças
    owing = Installment.select().where(Installment.paid_cents < Installment.amount_cents).first()
    window.open_customer(owing.customer_id)
    qtbot.waitUntil(ops.idle)  # every page's rows are read on workers
    sale = SaleDialog(today, owing.customer_id)
    payment = PaymentDialog(owing.customer_id, today)
    agreement = AgreementDialog(owing.customer_id, today)  # issue 12
    malinha = ConditionalDialog(today, owing.customer_id)  # issue 23
    for dialog in (sale, payment, agreement, malinha):
        qtbot.addWidget(dialog)
        dialog.show()
    sale.items.set_rows([])  # an empty model must pass too
    pieces = _pieces_dialogs(qtbot, owing.customer_id, today)  # issue 22
    sale.piece_picker._view()  # the list of catalogue matches under "Peça"
    tested, kept = set(), []
    for table in _tables_of((window, sale, payment, agreement, *pieces, malinha)):
        model = _source(table.model())
        if isinstance(model, RowTableModel) and type(model) not in tested:
            # a copy with the same rows, owned by the test (the windows close before the
            # tester's own clean-up runs)
            copy = type(model)()
            copy.set_rows(model.rows())
            kept.append(copy)
            qtmodeltester.check(copy, force_py=True)
            tested.add(type(model))
    assert any(m.rowCount() > 0 for m in kept)
    missing = {cls.__name__ for cls in _all_row_models()} - {cls.__name__ for cls in tested}
    assert not missing, f"table models never shown (add them to this test): {sorted(missing)}"


def _pieces_dialogs(qtbot, customer_id: int, today) -> list:
    """The history of a piece and the returns dialog (an exchange with a new piece)."""
    from app.models.receivables import Sale
    from app.services import catalog
    from app.services.pieces.catalog import PieceInput, VariantInput
    from app.services.receivables.sales import ItemInput
    from app.ui.pieces.history_dialog import StockHistoryDialog
    from app.ui.pieces.return_dialog import ReturnDialog

    piece = catalog.save_piece(PieceInput("Vestido Lírio", 18_990, variants=(
        VariantInput("M", "rosa", 3),)), today)
    history = StockHistoryDialog(piece)
    sale = Sale.select().where(Sale.customer == customer_id).first()
    exchange = ReturnDialog(sale.id, today, exchange=True)
    exchange.exchange.model.set_rows([ItemInput("Vestido Lírio", 1, 18_990, "M rosa")])
    for dialog in (history, exchange):
        qtbot.addWidget(dialog)
        dialog.show()
    qtbot.waitUntil(lambda: history.model.rowCount() > 0)
    return [history, exchange]


def test_the_name_column_stretches_and_the_others_fit(qtbot, notebook, today):
    from app.ui.shell.main_window import MainWindow

    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.show_page("clientes")
    qtbot.waitUntil(ops.idle)  # the list is read on a worker
    table = window.customers.table
    header = table.horizontalHeader()
    model = _source(table.model())
    name = model.column_named("Nome")
    assert header.sectionResizeMode(name) == QHeaderView.ResizeMode.Stretch
    metrics = table.fontMetrics()
    for col in range(model.columnCount()):
        if col == name:
            continue
        assert header.sectionResizeMode(col) == QHeaderView.ResizeMode.Interactive
        if header.isSectionHidden(col):  # a narrow window: it gave way to the names
            assert model.COLUMNS[col].give_way, model.COLUMNS[col].header
            continue
        widest = max(metrics.horizontalAdvance(model.COLUMNS[col].display(r))
                     for r in model.all_rows())
        assert table.columnWidth(col) >= widest, model.COLUMNS[col].header  # nothing cut


def test_the_choice_model_of_long_combos_passes_the_tester_and_finds_by_value(qtmodeltester):
    from PySide6.QtWidgets import QComboBox

    from app.ui.kit.tables.table_model import ChoiceModel

    model = ChoiceModel()
    model.set_items([(f"Cliente {n}", n) for n in range(1, 2001)])
    qtmodeltester.check(model, force_py=True)
    combo = QComboBox()
    combo.setModel(model)
    combo.setCurrentIndex(model.row_of(1500))
    assert (combo.currentText(), combo.currentData()) == ("Cliente 1500", 1500)
    assert model.row_of(99_999) == -1 and model.row_of(None) == -1
    assert combo.findText("Cliente 7") == 6
