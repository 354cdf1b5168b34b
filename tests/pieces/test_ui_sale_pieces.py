"""Nova venda with the catalogue: typing in Peça lists the variants with their stock, arrows
and Enter choose, the line is filled; free text still sells; the stock is checked at once and
again by the service, the refusal next to the line with everything typed kept."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models.receivables import SaleItem
from app.services import catalog
from app.services.pieces import stock
from app.ui.kit import ops
from app.ui.receivables.sale_dialog import SaleDialog
from tests.pieces.conftest import sell
from tests.typing_helpers import type_text


def _dialog(qtbot, today, cid) -> SaleDialog:
    dialog = SaleDialog(today, cid)
    dialog.confirm_discard = lambda: True
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _matches(dialog) -> list[str]:
    picker = dialog.piece_picker
    return [f"{v.name} · {v.stock}" for v in picker.model.rows()] if picker.is_open() else []


def _save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)


def test_typing_in_peca_lists_the_catalogue_and_the_keyboard_chooses(qtbot, shelf, ana, today):
    dialog = _dialog(qtbot, today, ana)
    type_text(qtbot, dialog.description, "lírio m")
    assert _matches(dialog) == ["Vestido Lírio M rosa · 3"]
    qtbot.waitUntil(ops.idle)  # the catalogue, loaded for the next keystrokes
    dialog.description.clear()
    type_text(qtbot, dialog.description, "vest")
    assert _matches(dialog) == ["Vestido Lírio P rosa · 2", "Vestido Lírio M rosa · 3",
                                "Vestido Lírio G rosa · 1"]
    qtbot.keyClick(dialog.description, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.description, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    assert (dialog.description.text(), dialog.variant.text(), dialog.price.text()) == (
        "Vestido Lírio", "M rosa", "189,90")
    assert dialog.piece_hint.text() == "Do catálogo: Vestido Lírio M rosa · 3 no estoque · " \
                                       "R$\xa0189,90"
    assert dialog.focusWidget() is dialog.price and not dialog.piece_picker.is_open()
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)  # adds it
    (item,) = dialog.items.rows()
    assert (item.piece_variant_id, item.variant, item.on_order) == (shelf["M"], "M rosa", False)
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(ops.idle)
    assert dialog.result() == SaleDialog.DialogCode.Accepted
    assert catalog.stock_of(shelf["M"]) == 2
    assert stock.history(shelf["M"])[0].customer == "Ana Souza"


def test_a_free_text_piece_still_sells_and_escape_only_closes_the_list(qtbot, shelf, ana,
                                                                     today):
    dialog = _dialog(qtbot, today, ana)
    type_text(qtbot, dialog.description, "Vestido")
    assert dialog.piece_picker.is_open()
    qtbot.keyClick(dialog.description, Qt.Key.Key_Escape)
    assert not dialog.piece_picker.is_open() and dialog.isVisible()
    type_text(qtbot, dialog.description, " de festa sob medida")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)  # nothing chosen: free text
    assert dialog.focusWidget() is dialog.price
    qtbot.keyClicks(dialog.price, "350")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    (item,) = dialog.items.rows()
    assert (item.description, item.piece_variant_id) == ("Vestido de festa sob medida", None)


def test_more_than_the_shelf_is_refused_at_once_unless_sob_encomenda(qtbot, shelf, ana, today):
    dialog = _dialog(qtbot, today, ana)
    type_text(qtbot, dialog.description, "lirio g")
    dialog.piece_picker.choose_row(0)
    dialog.quantity.setValue(2)
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert dialog.item_error.text() == ("Só há 1 Vestido Lírio G rosa em estoque (pediu 2). "
                                        "Diminua a quantidade ou marque “sob encomenda”.")
    assert dialog.items.rowCount() == 0 and dialog.description.text() == "Vestido Lírio"
    assert dialog.quantity.value() == 2  # what she typed is kept
    dialog.on_order.setChecked(True)
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    (item,) = dialog.items.rows()
    assert item.on_order and item.quantity == 2
    assert dialog.items.index(0, 0).data() == "Vestido Lírio (sob encomenda)"
    _save(qtbot, dialog)
    assert catalog.stock_of(shelf["G"]) == 1  # an order takes nothing from the shelf
    assert SaleItem.get().on_order


def test_a_piece_sold_meanwhile_is_refused_by_the_service_next_to_its_line(qtbot, shelf, ana,
                                                                          today):
    dialog = _dialog(qtbot, today, ana)
    type_text(qtbot, dialog.description, "Camiseta")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.price, "30")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    type_text(qtbot, dialog.description, "lirio g")
    dialog.piece_picker.choose_row(0)
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert dialog.items.rowCount() == 2
    sell(ana, today, today, [(shelf["G"], 1, 18_990)])  # another sale took the last G
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.item_error.text() == (
        "Item 2: Vestido Lírio G rosa está sem estoque. Marque “sob encomenda” se ela vai "
        "esperar a peça chegar.")
    assert dialog.items.rowCount() == 2  # everything typed is still there
    assert dialog.items_table.selectionModel().selectedRows()[0].row() == 1
