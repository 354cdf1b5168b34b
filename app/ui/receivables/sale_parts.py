"""Parts of Nova venda: its items table and the two questions it may ask (the plan is in
``plan_form``)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QPushButton, QTableView, QWidget

from app.services.core.money import format_brl
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import fit_columns, question


class SaleItemTableModel(RowTableModel):
    COLUMNS = (
        Column("Peça", lambda i: i.description + (" (sob encomenda)" if i.on_order else ""),
               stretch=True, tooltip=lambda i: "Do catálogo: sai do estoque ao salvar"
               if i.piece_variant_id and not i.on_order else ""),
        Column("Tam./cor", lambda i: i.variant),
        Column("Qtd.", lambda i: str(i.quantity), align_right=True),
        Column("Preço", lambda i: format_brl(i.unit_price_cents), align_right=True),
        Column("Total", lambda i: format_brl(i.total_cents), align_right=True),
    )


def items_table(model, parent: QWidget | None = None) -> QTableView:
    """A small list of lines (items, installments); with ``parent``, made in place: its
    columns are measured with the style sheet's font, and a styled table moved to another
    parent is styled again."""
    table = QTableView(parent)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the next field, never cycles
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    fit_columns(table)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


def ask_discard_sale(parent: QWidget) -> bool:
    """"Descartar a venda?" when she closes a sale with pieces typed in."""
    box, discard = question(
        parent, "Descartar a venda?",
        "Você já digitou peças nesta venda. Fechar sem salvar e perder o que foi digitado?\n\n"
        "Enter volta para a venda.", "&Descartar a venda", "&Voltar para a venda")
    box.exec()
    box.deleteLater()
    return box.clickedButton() is discard


def late_customer_question(parent: QWidget | None, text: str) -> tuple[QMessageBox, QPushButton]:
    """The warning before a credit sale to a customer with late installments (not a block):
    Enter means Cancelar, it exists to make her think."""
    return question(parent, "Cliente com parcelas em atraso",
                    f"{text}\n\nSalvar a venda a prazo mesmo assim? (Enter: Cancelar)",
                    "&Salvar a prazo", "&Cancelar")


def ask_sell_to_late_customer(parent: QWidget, text: str) -> bool:
    """Ask the question above; True when she chose "Salvar a prazo"."""
    box, save = late_customer_question(parent, text)
    box.exec()
    box.deleteLater()
    return box.clickedButton() is save
