"""Importar peças on the Importar/Exportar screen, driven like a user: the same panel flow as
the customers' (file, mapping, preview, Importar, report), with the pieces columns."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication

from app.models.pieces import Piece, PieceVariant
from app.services.core.changes import Topic
from app.services.spreadsheets.exporter import ExportKind
from app.services.spreadsheets.piece_sheet import PieceField
from app.ui.kit import ops
from app.ui.kit.bus import bus
from app.ui.spreadsheets.import_export_page import ImportExportPage
from tests.places import DATA

IMPORTS = DATA / "import"
SHOTS = Path("/tmp/caderneta-import-shots")


def _page(qtbot, today):
    page = ImportExportPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(1093, 560)
    page.show()
    page.tabs.setCurrentWidget(page.piece_import_tab)
    return page


def _shot(widget, name):
    QApplication.processEvents()
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def _column(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_import_pieces_preview_then_import_then_nothing_twice(qtbot, db, today):
    page = _page(qtbot, today)
    panel = page.piece_import_panel
    assert page.tabs.tabText(1) == "Importar peças"
    assert panel.empty.isVisible() and not panel.preview_table.isVisible()
    panel.load_file(IMPORTS / "pecas.ods")
    qtbot.waitUntil(ops.idle)
    assert panel.sheet_combo.currentText() == "Estoque"  # the sheet with pieces, not Clientes
    assert panel.mapping.mapping() == (PieceField.NAME, PieceField.REFERENCE, PieceField.SIZE,
                                       PieceField.COLOUR, PieceField.QUANTITY, PieceField.PRICE,
                                       PieceField.COST)
    assert panel.model.rowCount() == 10 and set(_column(panel.model, 1)) == {"criar"}
    assert _column(panel.model, 4)[:3] == ["P rosa", "M rosa", "G preto"]
    assert panel.model.index(0, 6).data() == "R$\xa0189,90"
    assert "10 a criar" in panel.counts.text() and "5 peças novas" in panel.counts.text()
    assert Piece.select().count() == 0  # nothing written before Importar
    _shot(page, "pecas-1-preview")
    with qtbot.waitSignal(bus.changed, check_params_cb=lambda topics: Topic.PIECES in topics):
        panel.import_button.click()
    qtbot.waitUntil(ops.idle)
    assert "5 peças novas no catálogo" in panel.report.text()
    assert PieceVariant.select().count() == 10 and not panel.import_button.isEnabled()
    _shot(page, "pecas-2-report")
    panel.load_file(IMPORTS / "pecas.xlsx")  # the same list again
    qtbot.waitUntil(ops.idle)
    assert set(_column(panel.model, 1)) == {"ignorar"}
    assert not panel.import_button.isEnabled()  # nothing new to import


def test_bad_rows_are_shown_with_their_reason_and_saved_to_fix(qtbot, db, today, tmp_path):
    page = _page(qtbot, today)
    panel = page.piece_import_panel
    panel.load_file(IMPORTS / "pecas_ruins.xlsx")
    qtbot.waitUntil(ops.idle)
    actions = dict(zip(_column(panel.model, 0), _column(panel.model, 1), strict=True))
    assert (actions["4"], actions["5"], actions["10"]) == ("erro", "criar", "ignorar, com aviso")
    reasons = dict(zip(_column(panel.model, 0), _column(panel.model, 7), strict=True))
    assert reasons["7"] == "Estoque “2,5” não é um número inteiro de peças."
    _shot(page, "pecas-3-bad-rows")
    panel.only_noteworthy.click()
    assert "2" not in _column(panel.model, 0) and "4" in _column(panel.model, 0)
    panel.import_button.click()
    qtbot.waitUntil(ops.idle)
    assert Piece.select().count() == 2
    panel.save_rejected(tmp_path / "corrigir.xlsx")
    qtbot.waitUntil(ops.idle)
    sheet = load_workbook(tmp_path / "corrigir.xlsx").active
    assert sheet.max_row == 9 and sheet.cell(2, 1).value == 3  # her row numbers, to fix


def test_a_customer_list_asks_for_the_price_column(qtbot, db, today):
    page = _page(qtbot, today)
    panel = page.piece_import_panel
    panel.load_file(IMPORTS / "mesma_planilha.xlsx")
    qtbot.waitUntil(ops.idle)
    assert "não tem coluna de preço nem de quantidade" in panel.message.text()
    assert not panel.import_button.isEnabled()
    panel.mapping.set_field(4, PieceField.PRICE)  # "Saldo" as the price: now rows are read
    qtbot.waitUntil(ops.idle)
    assert panel.message.isHidden() and panel.model.rowCount() == 4


def test_the_template_and_the_export_of_pieces(qtbot, db, today, tmp_path):
    page = _page(qtbot, today)
    page.piece_import_panel.save_template(tmp_path / "modelo.xlsx")
    qtbot.waitUntil(ops.idle)
    model = load_workbook(tmp_path / "modelo.xlsx")
    assert model.sheetnames == ["Peças", "Como preencher"]
    page.piece_import_panel.load_file(tmp_path / "modelo.xlsx")  # the template imports as is
    qtbot.waitUntil(ops.idle)
    page.piece_import_panel.import_button.click()
    qtbot.waitUntil(ops.idle)
    assert Piece.select().count() == 3
    page.tabs.setCurrentWidget(page.export_tab)
    page.export_panel.export(ExportKind.PIECES, tmp_path / "catalogo")
    qtbot.waitUntil(ops.idle)
    assert "Peças: 4" in page.export_panel.result.text()
    assert load_workbook(tmp_path / "catalogo.xlsx")["Peças"]["A2"].value == "Biquíni Copacabana"
