"""What she does with a sale from the customer page's Vendas tab: Devolução / troca,
Cancelar venda (nothing paid yet), and printing the carnê or a return's receipt.

``install(page)`` puts the buttons in a row under the sales, inside the Vendas tab (in the
corner of the tab bar they squeezed the tab titles at 125%), and the same actions in the
sale's context menu; the customer page keeps its own layout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QMenu, QMessageBox, QWidget

from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.pieces import returns
from app.ui.kit.ops import Op
from app.ui.kit.widgets import let_go, named_button
from app.ui.pieces.sale_prints import print_carne, print_return


def install(page) -> None:
    """Add the sale actions to ``page`` (a CustomerPage)."""
    bar = QWidget()
    bar.setObjectName("saleActions")
    row = QHBoxLayout(bar)
    row.setContentsMargins(0, 0, 0, 0)
    page.return_button = named_button("Devolução / troca…", "returnSaleButton",
                                      lambda: open_return(page))
    page.undo_sale_button = named_button("Cancelar venda…", "undoSaleButton",
                                         lambda: ask_cancel(page))
    row.addWidget(page.return_button)
    row.addWidget(page.undo_sale_button)
    row.addStretch(1)
    page.sales_box.layout().addWidget(bar)
    page.sale_actions = bar
    page.sales_table.selectionModel().selectionChanged.connect(lambda *_a: _update(page))
    page.sales.modelReset.connect(lambda: _update(page))
    page.sales_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    page.sales_table.customContextMenuRequested.connect(lambda pos: _menu(page, pos))
    _update(page)


def chosen_sale(page):
    """The sale chosen in the Vendas tab (None when none is)."""
    rows = page.sales_table.selectionModel().selectedRows()
    return page.sales.row_at(rows[0].row()) if rows else None


def _update(page) -> None:
    sale = chosen_sale(page)
    page.return_button.setEnabled(sale is not None)
    page.undo_sale_button.setEnabled(sale is not None and _cancellable(sale))
    page.return_button.setToolTip("" if sale else "Escolha a venda na lista.")


def _cancellable(sale) -> bool:
    """No payment on it stands (a reversed entrada does not) and some piece is still with
    her (the service decides for good)."""
    own = sale.own_installments
    pieces_out = any(i.returned < i.quantity for i in sale.items)
    return (pieces_out and not sale.entrada_cents and bool(own)
            and not any(i.paid_cents for i in own))


def _menu(page, pos) -> None:
    index = page.sales_table.indexAt(pos)
    if not index.isValid():
        return
    page.sales_table.selectRow(index.row())
    menu = QMenu(page)
    menu.addAction("Devolução de peças…", lambda: open_return(page))
    menu.addAction("Troca…", lambda: open_return(page, exchange=True))
    cancel = menu.addAction("Cancelar venda…", lambda: ask_cancel(page))
    cancel.setEnabled(page.undo_sale_button.isEnabled())
    menu.addSeparator()
    sale = chosen_sale(page)
    menu.addAction("Imprimir carnê…", lambda: print_carne(page, sale.id))
    for view in sale.returns:
        menu.addAction(f"Recibo: {view.label[:60]}…" if len(view.label) > 60
                       else f"Recibo: {view.label}", lambda v=view: print_return(page, v.id))
    menu.popup(page.sales_table.viewport().mapToGlobal(pos))
    page.sale_menu = menu


def open_return(page, exchange: bool = False):
    """The returns dialog for the sale chosen (window-modal; the page refreshes by itself)."""
    from app.ui.pieces.return_dialog import ReturnDialog

    sale = chosen_sale(page)
    if sale is None:
        return None
    let_go(getattr(page, "return_dialog", None))  # the one before, closed
    page.return_dialog = ReturnDialog(sale.id, page._today_fn(), page, exchange=exchange)
    page.return_dialog.open()
    return page.return_dialog


def cancel_question(sale) -> str:
    pieces = sum(i.quantity - i.returned for i in sale.items)
    open_cents = sum(i.open_cents for i in sale.own_installments)
    return (f"Cancelar a venda de {format_date(sale.sale_date)} ({sale.summary})?\n\n"
            f"{'A peça volta' if pieces == 1 else f'As {pieces} peças voltam'} ao estoque e "
            f"as parcelas em aberto ({format_brl(open_cents)}) são canceladas. A venda fica no "
            "histórico dela como cancelada.")


def ask_cancel(page) -> Op | None:
    """Cancelar venda: asked first, then every piece back and every installment cancelled."""
    sale = chosen_sale(page)
    if sale is None or not confirm_cancel(page, cancel_question(sale)):
        return None
    today = page._today_fn()
    return Op(page, lambda _p: returns.cancel_sale(sale.id, today),
              busy=page.undo_sale_button).success(
        lambda result: page.payment_feedback.setText(f"Venda cancelada. {result.summary}")).run()


def confirm_cancel(page, text: str) -> bool:
    """The question before cancelling a sale (tests replace ``page.confirm_cancel``)."""
    ask = getattr(page, "confirm_cancel", None)
    if ask is not None:
        return ask(text)
    answer = QMessageBox.question(page, "Cancelar venda", text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
