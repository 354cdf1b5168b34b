"""Peças through its widgets: the list with each piece's grid and stock, search as she types,
the empty states, the piece dialog with its grid, entry, count, history, archive, defects."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import catalog, returns
from app.services.pieces import stock
from app.services.pieces.catalog import PieceInput, VariantInput
from app.ui.kit import ops
from app.ui.pieces.pieces_page import PiecesPage
from tests.pieces.conftest import sell
from tests.pieces.test_returns import _items
from tests.typing_helpers import type_text


def _page(qtbot, today) -> PiecesPage:
    page = PiecesPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(880, 500)
    page.show()
    qtbot.waitUntil(ops.idle)
    return page


def _shown(page) -> list[str]:
    return [r.name for r in page.model.rows()]


def _column(page, header: str) -> dict[str, str]:
    col = page.model.column_named(header)
    return {page.model.row_at(n).name: page.model.index(n, col).data()
            for n in range(page.model.rowCount())}


def _choose(qtbot, page, name: str) -> None:
    page.select_piece(next(r.id for r in page.model.all_rows() if r.name == name))
    assert page.selected_piece().name == name


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _save(qtbot, dialog, button) -> None:
    _click(qtbot, button)
    qtbot.waitUntil(ops.idle)


def test_an_empty_catalogue_says_what_to_do(qtbot, db, today):
    page = _page(qtbot, today)
    assert "Cadastre a primeira peça" in page.empty.text()
    assert page.count_label.text().startswith("0 peças")
    _click(qtbot, page.empty.buttons[0])
    assert page.dialog.windowTitle() == "Nova peça"
    page.dialog.reject()


def test_each_piece_shows_its_grid_its_stock_and_what_is_running_out(qtbot, shelf, today):
    catalog.save_piece(PieceInput("Saia Évora", 9_990, "SE-7", variants=(
        VariantInput("38", "", 2), VariantInput("40", "", 0))), today)
    catalog.save_piece(PieceInput("Biquíni", 8_490, variants=(VariantInput("P", "", 0),)), today)
    page = _page(qtbot, today)
    assert _shown(page) == ["Biquíni", "Blusa Ana", "Saia Évora", "Vestido Lírio"]
    assert _column(page, "Grade e estoque")["Vestido Lírio"] == "rosa: P 2, M 3, G 1"
    assert _column(page, "Situação") == {
        "Biquíni": "sem estoque", "Blusa Ana": "em estoque", "Saia Évora": "sem estoque: 40",
        "Vestido Lírio": "acabando: G rosa"}
    col = page.model.column_named("Situação")
    colours = {page.model.row_at(n).name: page.model.index(n, col).data(
        Qt.ItemDataRole.ForegroundRole) for n in range(4)}
    assert colours["Biquíni"] is not None and colours["Blusa Ana"] is None
    assert page.count_label.text() == "4 peças · 13 no estoque · R$\xa01.638,70 a preço de venda"


def test_search_as_she_types_ignores_accents_and_reads_sizes_colours_and_codes(qtbot, shelf,
                                                                              today):
    catalog.save_piece(PieceInput("Saia Évora", 9_990, "SE-7", variants=(
        VariantInput("38", "azul", 2),)), today)
    page = _page(qtbot, today)
    _choose(qtbot, page, "Vestido Lírio")
    for typed, found in (("lir", ["Vestido Lírio"]), ("lirio rosa", ["Vestido Lírio"]),
                         ("LIRIO AZUL", [])):
        page.search.clear()
        type_text(qtbot, page.search, typed)
        assert _shown(page) == found, typed
    page.search.clear()
    type_text(qtbot, page.search, "évora")
    assert _shown(page) == ["Saia Évora"]
    page.search.clear()
    type_text(qtbot, page.search, "se-7")
    assert _shown(page) == ["Saia Évora"]
    page.search.clear()
    type_text(qtbot, page.search, "38")
    assert _shown(page) == ["Saia Évora"]
    page.search.clear()
    type_text(qtbot, page.search, "xyz")
    assert _shown(page) == [] and "Nenhuma peça com “xyz”" in page.empty.text()
    assert page.count_label.text().startswith("0 de 3 peças")
    page.search.clear()
    assert page.selected_piece() is None or page.selected_piece().name == "Vestido Lírio"


def test_a_new_piece_with_its_grid_is_typed_saved_and_chosen(qtbot, db, today):
    page = _page(qtbot, today)
    _click(qtbot, page.new_button)
    dialog = page.dialog
    type_text(qtbot, dialog.inputs["name"], "Vestido Lírio")
    qtbot.keyClicks(dialog.inputs["reference"], "VL-01")
    qtbot.keyClicks(dialog.inputs["price"], "189,90")
    qtbot.keyClicks(dialog.inputs["cost"], "90")
    qtbot.keyClicks(dialog.grid.sizes, "P, M, G")
    qtbot.keyClicks(dialog.grid.colours, "rosa, preto")
    assert len(dialog.grid.cells) == 6 and dialog.grid_total.text() == "6 variações"
    dialog.grid.cell("M", "rosa").setValue(3)
    dialog.grid.cell("P", "preto").setValue(-1)  # "não tem": not made in P preto
    assert dialog.grid.cell("P", "preto").text() == "não tem"
    assert dialog.grid_total.text() == "5 variações · 3 peças novas no estoque"
    _save(qtbot, dialog, dialog.save_button)
    assert not dialog.isVisible()
    assert page.selected_piece().name == "Vestido Lírio"
    grid = {v.grid_label: v.stock for v in catalog.variants_of(page.selected_piece_id())}
    assert grid == {"P rosa": 0, "M rosa": 3, "G rosa": 0, "M preto": 0, "G preto": 0}


def test_a_refused_piece_says_why_next_to_the_field_and_keeps_what_she_typed(qtbot, shelf,
                                                                            today):
    page = _page(qtbot, today)
    _click(qtbot, page.new_button)
    dialog = page.dialog
    qtbot.keyClicks(dialog.inputs["reference"], "vl-01")
    qtbot.keyClicks(dialog.inputs["cost"], "abc")
    _save(qtbot, dialog, dialog.save_button)
    assert dialog.form.errors["cost"].isVisible() and dialog.isVisible()
    dialog.inputs["cost"].clear()
    qtbot.keyClicks(dialog.grid.sizes, "P, p")
    _save(qtbot, dialog, dialog.save_button)
    errors = {k: e.text() for k, e in dialog.form.errors.items() if e.isVisible()}
    assert errors["name"] == "Dê um nome à peça (por exemplo: Vestido Lírio)."
    assert errors["price"] == "Informe o preço de venda, maior que zero."
    assert errors["reference"] == "A referência vl-01 já é de “Vestido Lírio”."
    assert dialog.inputs["reference"].text() == "vl-01" and dialog.grid.sizes.text() == "P, p"
    assert len(dialog.grid.cells) == 1  # "P, p" is one size
    dialog.reject()


def test_editing_shows_the_stock_of_each_cell_and_adds_a_size(qtbot, shelf, today):
    page = _page(qtbot, today)
    _choose(qtbot, page, "Vestido Lírio")
    _click(qtbot, page.action_buttons["edit"])
    dialog = page.dialog
    assert dialog.grid.sizes.text() == "P, M, G" and dialog.grid.colours.text() == "rosa"
    kept = dialog.grid.cell("M", "rosa")
    assert kept.value() == 3 and not kept.isEnabled()
    dialog.grid.sizes.setText("P, M, G, GG")
    dialog.grid.cell("GG", "rosa").setValue(2)
    dialog.inputs["price"].setText("199,90")
    _save(qtbot, dialog, dialog.save_button)
    assert _column(page, "Grade e estoque")["Vestido Lírio"] == "rosa: P 2, M 3, G 1, GG 2"
    assert _column(page, "Preço")["Vestido Lírio"] == "R$\xa0199,90"


def test_an_entry_from_the_supplier_adds_to_each_cell_with_its_cost(qtbot, shelf, today):
    page = _page(qtbot, today)
    _choose(qtbot, page, "Vestido Lírio")
    _click(qtbot, page.action_buttons["entry"])
    dialog = page.dialog
    _save(qtbot, dialog, dialog.save_button)
    assert dialog.quantity_error.text() == "Informe quantas peças chegaram."
    dialog.counts.spin("P rosa").setValue(4)
    dialog.counts.spin("G rosa").setValue(1)
    dialog.cost.setText("85,00")
    dialog.day.set_date(date(2026, 11, 20))
    type_text(qtbot, dialog.note, "Fornecedora Brás")
    _save(qtbot, dialog, dialog.save_button)
    assert not dialog.isVisible()
    assert _column(page, "Grade e estoque")["Vestido Lírio"] == "rosa: P 6, M 3, G 2"
    entry = stock.history(shelf["P"])[0]
    assert (entry.label, entry.quantity, entry.unit_cost_cents, entry.note, entry.day) == (
        "Entrada de peças", 4, 8_500, "Fornecedora Brás", date(2026, 11, 20))


def test_counting_the_shelf_needs_a_reason_and_adjusts_what_differs(qtbot, shelf, today):
    page = _page(qtbot, today)
    _choose(qtbot, page, "Vestido Lírio")
    _click(qtbot, page.action_buttons["count"])
    dialog = page.dialog
    assert dialog.counts.spin("M rosa").value() == 3  # starts at what the file says
    dialog.counts.spin("M rosa").setValue(1)
    _save(qtbot, dialog, dialog.save_button)
    assert "motivo" in dialog.form.errors["reason"].text() and dialog.isVisible()
    type_text(qtbot, dialog.reason, "Contagem de novembro, duas sumiram")
    _save(qtbot, dialog, dialog.save_button)
    assert not dialog.isVisible() and catalog.stock_of(shelf["M"]) == 1
    assert stock.history(shelf["M"])[0].note == "Contagem de novembro, duas sumiram"


def test_the_history_says_where_the_pieces_went_and_to_whom(qtbot, shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 2, 18_990)])
    returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today,
                         reason="Ficou grande")
    page = _page(qtbot, today)
    _choose(qtbot, page, "Vestido Lírio")
    _click(qtbot, page.action_buttons["history"])
    dialog = page.dialog
    dialog.variant.setCurrentIndex(dialog.variant.findData(shelf["M"]))
    qtbot.waitUntil(ops.idle)
    rows = [[dialog.model.index(r, c).data() for c in range(5)]
            for r in range(dialog.model.rowCount())]
    day = today.strftime("%d/%m/%Y")
    assert rows == [[day, "Devolução", "+1", "2", "Ana Souza · Ficou grande"],
                    [day, "Venda", "-2", "1", "Ana Souza"],
                    [day, "Estoque inicial", "+3", "3", ""]]
    assert dialog.summary.text() == "Agora: 2 no estoque · 2 saíram em vendas e trocas"
    dialog.accept()


def test_archived_pieces_leave_the_list_and_come_back(qtbot, shelf, today):
    page = _page(qtbot, today)
    _choose(qtbot, page, "Blusa Ana")
    _click(qtbot, page.action_buttons["archive"])
    qtbot.waitUntil(ops.idle)
    assert _shown(page) == ["Vestido Lírio"]
    page.show_archived.setChecked(True)
    qtbot.waitUntil(ops.idle)
    assert _column(page, "Situação")["Blusa Ana"] == "arquivada"
    _choose(qtbot, page, "Blusa Ana")
    assert page.action_buttons["archive"].text() == "Restaurar"
    _click(qtbot, page.action_buttons["archive"])
    qtbot.waitUntil(ops.idle)
    assert _column(page, "Situação")["Blusa Ana"] == "em estoque"
    assert catalog.search_variants("blusa")


def test_defective_pieces_kept_aside_can_leave_for_good(qtbot, shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["G"], 1, 18_990)])
    item = _items(sale.sale_id)["Peça 1"]
    page = _page(qtbot, today)
    _choose(qtbot, page, "Vestido Lírio")
    assert not page.action_buttons["defective"].isEnabled()
    returns.return_items(sale.sale_id, {item: 1}, today, defective={item})
    page.refresh()
    qtbot.waitUntil(ops.idle)
    assert _column(page, "Situação")["Vestido Lírio"] == "sem estoque: G rosa · 1 com defeito"
    assert page.action_buttons["defective"].isEnabled()
    _click(qtbot, page.action_buttons["defective"])
    dialog = page.dialog
    assert dialog.variant.currentText() == "G rosa — 1 com defeito"
    type_text(qtbot, dialog.reason, "Devolvida à fornecedora")
    _save(qtbot, dialog, dialog.save_button)
    assert catalog.variant(shelf["G"]).defective == 0
    assert stock.history(shelf["G"])[0].note == "Devolvida à fornecedora"


@pytest.fixture(autouse=True)
def _no_leftover_popups():
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget.windowTitle().startswith(("Nova peça", "Editar")):
            widget.close()


def test_a_photo_is_kept_small_inside_the_file_and_shown_again(qtbot, shelf, today, tmp_path):
    from PySide6.QtGui import QColor, QImage

    from app.services.pieces.catalog import piece_data

    big = QImage(1600, 1200, QImage.Format.Format_RGB32)
    big.fill(QColor("#c0587e"))
    big.save(str(tmp_path / "vestido.png"))
    (tmp_path / "nota.txt").write_text("não é foto", encoding="utf-8")
    page = _page(qtbot, today)
    _choose(qtbot, page, "Vestido Lírio")
    _click(qtbot, page.action_buttons["edit"])
    dialog = page.dialog
    assert dialog.photo_label.text() == "sem foto" and not dialog.remove_photo.isEnabled()
    dialog.set_photo_file(str(tmp_path / "nota.txt"))
    assert "Não deu para abrir esta imagem" in dialog.photo_error.text()
    dialog.set_photo_file(str(tmp_path / "vestido.png"))
    assert not dialog.photo_error.isVisible() and dialog.photo_label.pixmap().width() <= 88
    _save(qtbot, dialog, dialog.save_button)
    photo = piece_data(page.selected_piece_id()).photo
    stored = QImage.fromData(photo)
    assert (stored.width(), stored.height()) == (480, 360) and len(photo) < 60_000
    _click(qtbot, page.action_buttons["edit"])
    again = page.dialog
    assert not again.photo_label.pixmap().isNull() and again.remove_photo.isEnabled()
    _click(qtbot, again.remove_photo)
    _save(qtbot, again, again.save_button)
    assert piece_data(page.selected_piece_id()).photo is None


def test_pieces_lent_on_a_malinha_show_as_em_condicional(qtbot, shelf, ana, today):
    from app.services import conditional

    page = _page(qtbot, today)
    conditional.send(ana, [(shelf["M"], 2), (shelf["G"], 1)], today)  # another screen's save
    page.refresh()
    qtbot.waitUntil(ops.idle)
    assert _column(page, "Grade e estoque")["Vestido Lírio"] == (
        "rosa: P 2, M 1 (2 em condicional), G 0 (1 em condicional)")
    assert _column(page, "Situação")["Vestido Lírio"] == "sem estoque: G rosa · 3 em condicional"
    assert _column(page, "Estoque")["Vestido Lírio"] == "3"  # on the shelf
    col = page.model.column_named("Grade e estoque")
    row = next(n for n in range(page.model.rowCount())
               if page.model.row_at(n).name == "Vestido Lírio")
    assert page.model.index(row, col).data(Qt.ItemDataRole.ToolTipRole).splitlines()[:3] == [
        "P rosa: 2 no estoque", "M rosa: 1 no estoque, 2 em condicional",
        "G rosa: 0 no estoque, 1 em condicional"]
    assert page.count_label.text() == ("2 peças · 8 no estoque · 3 em condicional · "
                                       "R$\xa0869,20 a preço de venda")


def test_one_piece_is_counted_in_the_singular(qtbot, db, today):
    catalog.save_piece(PieceInput("Blusa Ana", 5_990, variants=(VariantInput("", "", 1),)), today)
    page = _page(qtbot, today)
    assert page.count_label.text() == "1 peça · 1 no estoque · R$\xa059,90 a preço de venda"


def test_a_long_catalogue_shows_the_grid_of_every_row_she_scrolls_to(qtbot, db, today):
    for n in range(120):
        catalog.save_piece(PieceInput(f"Vestido {n:03}", 10_000 + n, variants=(
            VariantInput("P", "rosa", n % 3), VariantInput("M", "rosa", 1))), today)
    page = _page(qtbot, today)
    grid = page.model.column_named("Grade e estoque")
    text = lambda n: page.model.index(n, grid).data()  # noqa: E731
    assert text(0) == "rosa: P 0, M 1"
    assert len(page.model.grids) < 120  # only the rows on the screen were read
    page.table.scrollToBottom()
    qtbot.waitUntil(ops.idle)
    last = page.model.rowCount() - 1
    assert page.model.row_at(last).name == "Vestido 119" and text(last) == "rosa: P 2, M 1"
    page.search.clear()
    type_text(qtbot, page.search, "vestido 06")
    qtbot.waitUntil(ops.idle)
    assert [text(n) for n in range(page.model.rowCount())] == [
        f"rosa: P {n % 3}, M 1" for n in range(60, 70)]


def test_escolher_foto_opens_in_her_pictures_and_keeps_the_photo_when_she_gives_up(
        qtbot, shelf, today, tmp_path, monkeypatch):
    from PySide6.QtGui import QColor, QImage

    from app.ui.kit import files

    photo = tmp_path / "vestido.png"
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0587e"))
    image.save(str(photo))
    monkeypatch.setattr(files, "_LAST", [])
    monkeypatch.setattr(files, "start_folder", lambda pictures=False: tmp_path / (
        "Imagens" if pictures else "Documentos"))
    answers, asked = [str(photo), ""], []

    def dialog(parent, title, where, file_filter):
        asked.append((title, where))
        return answers.pop(0), file_filter

    monkeypatch.setattr(files.QFileDialog, "getOpenFileName", dialog)
    page = _page(qtbot, today)
    _click(qtbot, page.new_button)
    dialog_ = page.dialog
    choose = dialog_.findChild(type(dialog_.save_button), "choosePhotoButton")
    _click(qtbot, choose)
    assert asked == [("Foto da peça", str(tmp_path / "Imagens"))]
    assert not dialog_.photo_label.pixmap().isNull() and dialog_.remove_photo.isEnabled()
    _click(qtbot, choose)  # she gives up this time: the photo stays
    assert not dialog_.photo_label.pixmap().isNull()
    dialog_.grid.cell("", "").setValue(1)
    assert dialog_.grid_total.text() == "1 variação · 1 peça nova no estoque"
    dialog_.reject()


def test_on_the_small_laptop_the_list_never_scrolls_sideways_and_a_grid_reads_from_its_start(
        qtbot, db, ana, today):
    """1366×768 at 125% (1093×560): a piece with a long grid and a long situation. Every
    column fits; the grid loses its end ("bege: PP 1, P 1…"), not its middle, and the whole
    situation is in its tooltip."""
    from app.services import conditional
    from app.ui.kit.fitting import SMALLEST_SCREEN
    from app.ui.shell.main_window import MainWindow

    colours = ("bege", "rosa", "off-white", "estampado", "vermelho")
    cells = tuple(VariantInput(size, colour, 0 if size == "GG" and colour in colours[2:4]
                               else 1 + n % 3) for n, (size, colour) in enumerate(
        (s, c) for c in colours for s in ("PP", "P", "M", "G", "GG")))
    piece = catalog.save_piece(PieceInput("Blusa Manga Bufante Bordada", 8_990, "BMB-11",
                                          variants=cells), today)
    bege_p = next(v.id for v in catalog.piece_data(piece).variants
                  if (v.size, v.colour) == ("P", "bege"))
    conditional.send(ana, [(bege_p, 1)], today)  # "· 1 em condicional"
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.resize(SMALLEST_SCREEN)
    window.show()
    window.show_page("pecas")
    page = window.pieces
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and ops.idle())
    table = page.table
    QApplication.sendPostedEvents()
    header = table.horizontalHeader()
    shown = sum(header.sectionSize(c) for c in range(header.count()))
    assert not table.horizontalScrollBar().isVisible() and shown <= table.viewport().width()
    grid_col = page.model.column_named("Grade e estoque")
    grid = page.model.index(0, grid_col).data()
    assert grid.startswith("bege: PP 1, P 1 (1 em condicional)")
    table.grab()  # paints the cells
    painted = [static.text() for key, (static, _w, _h) in table.itemDelegate()._static.items()
               if key[0] == grid and key[-1] == "end"]
    assert painted and painted[0].endswith("…")  # it reads from its start
    assert painted[0].startswith("bege: PP 1, P 1 (1 em condicional)")
    situation_col = page.model.column_named("Situação")
    situation = page.model.index(0, situation_col).data()
    tip = page.model.index(0, situation_col).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(situation + "\n")


def test_the_piece_dialog_counts_in_words_and_its_grid_never_scrolls_sideways(qtbot, db,
                                                                                 today):
    """"1 peça ou menos", "3 peças ou menos"; seven jean sizes on the small laptop go on in a
    second band under the first, every cell in sight without a sideways scroll."""
    from PySide6.QtCore import QPoint

    from app.ui.kit.fitting import SMALLEST_SCREEN
    from app.ui.pieces.piece_dialog import PieceDialog

    dialog = PieceDialog(today)
    qtbot.addWidget(dialog)
    dialog.resize(SMALLEST_SCREEN.boundedTo(dialog.size()))
    dialog.show()
    qtbot.waitUntil(ops.idle)
    assert dialog.low_stock.text() == "1 peça ou menos"
    dialog.low_stock.setValue(3)
    assert dialog.low_stock.text() == "3 peças ou menos"
    qtbot.keyClicks(dialog.grid.sizes, "34, 36, 38, 40, 42, 44, 46")
    qtbot.keyClicks(dialog.grid.colours, "azul, preto")
    QApplication.sendPostedEvents()
    area = dialog.grid.area
    assert not area.horizontalScrollBar().isVisible()
    rows = set()
    for size in ("34", "46"):
        spin = dialog.grid.cell(size, "preto")
        corner = spin.mapTo(area.viewport(), QPoint(spin.width() - 1, 0))
        assert 0 <= corner.x() < area.viewport().width(), size
        rows.add(corner.y())
    assert len(rows) == 2  # 46 in a band under 34's
