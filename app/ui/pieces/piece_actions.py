"""The actions of the Peças page on the piece chosen: edit, entry, count, history, defective
pieces, archive. Each opens its dialog window-modal (the page stays painted behind it) and
chooses the piece again once it is saved."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton

from app.services.pieces.catalog import archive_piece, restore_piece
from app.ui.kit.ops import Op
from app.ui.kit.widgets import let_go, named_button

# key → (caption, object name, what it does)
ACTIONS = (
    ("edit", "Editar", "editPieceButton", lambda page: edit_piece(page)),
    ("entry", "Entrada de peças", "stockEntryButton", lambda page: stock_entry(page)),
    ("count", "Ajustar estoque", "stockCountButton", lambda page: stock_count(page)),
    ("history", "Histórico", "stockHistoryButton", lambda page: stock_history(page)),
    ("defective", "Peças com defeito", "defectiveButton", lambda page: defective(page)),
    ("archive", "Arquivar", "archivePieceButton", lambda page: toggle_archive(page)),
)


def action_row(page) -> QHBoxLayout:
    """The buttons under the list (also the row's context menu)."""
    row = QHBoxLayout()
    page.action_buttons = {}
    for key, caption, name, act in ACTIONS:
        button = named_button(caption, name, lambda _=False, a=act: a(page))
        page.action_buttons[key] = button
        row.addWidget(button)
        if key == "defective":
            row.addStretch(1)
    return row


def update_buttons(page) -> None:
    """Actions need a piece chosen; "Peças com defeito" needs some kept aside."""
    piece = page.selected_piece()
    for key, button in page.action_buttons.items():
        button.setEnabled(piece is not None and (key != "defective" or piece.defective > 0))
    page.action_buttons["archive"].setText("Restaurar" if piece and piece.archived
                                           else "Arquivar")
    page.action_buttons["defective"].setToolTip(
        "" if piece is None or piece.defective else "Nenhuma peça desta voltou com defeito.")


def _open(page, dialog: QDialog) -> QDialog:
    let_go(getattr(page, "dialog", None))  # the one before, closed
    page.dialog = dialog
    dialog.accepted.connect(lambda: page.select_piece(dialog.saved_id))
    dialog.open()
    return dialog


def new_piece(page) -> QDialog:
    from app.ui.pieces.piece_dialog import PieceDialog

    return _open(page, PieceDialog(page.today(), None, page))


def edit_piece(page) -> QDialog | None:
    from app.ui.pieces.piece_dialog import PieceDialog

    piece = page.selected_piece()
    return _open(page, PieceDialog(page.today(), piece.id, page)) if piece else None


def stock_entry(page) -> QDialog | None:
    from app.ui.pieces.stock_dialogs import StockEntryDialog

    piece = page.selected_piece()
    return _open(page, StockEntryDialog(piece.id, page.today(), page)) if piece else None


def stock_count(page) -> QDialog | None:
    from app.ui.pieces.stock_dialogs import StockCountDialog

    piece = page.selected_piece()
    return _open(page, StockCountDialog(piece.id, page.today(), page)) if piece else None


def defective(page) -> QDialog | None:
    from app.ui.pieces.stock_dialogs import DefectiveDialog

    piece = page.selected_piece()
    return _open(page, DefectiveDialog(piece.id, page.today(), page)) if piece else None


def stock_history(page) -> QDialog | None:
    from app.ui.pieces.history_dialog import StockHistoryDialog

    piece = page.selected_piece()
    if piece is None:
        return None
    let_go(getattr(page, "dialog", None))
    page.dialog = StockHistoryDialog(piece.id, page)
    page.dialog.open()
    return page.dialog


def toggle_archive(page) -> Op | None:
    """Archive the piece chosen (it leaves Nova venda and the list), or bring it back."""
    piece = page.selected_piece()
    if piece is None:
        return None
    act = restore_piece if piece.archived else archive_piece
    button: QPushButton = page.action_buttons["archive"]
    return Op(page, lambda _p: act(piece.id), busy=button).run()
