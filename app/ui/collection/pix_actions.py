"""Pix from a customer's page: her overdue amount, one installment, or any amount."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QPushButton, QWidget

from app.services.br.pix import (
    PixError,
    make_txid,
    pix_configured,
    pix_copia_e_cola,
    pix_not_configured_message,
)
from app.services.configuration.settings import load_settings
from app.services.core.dates import format_date
from app.services.core.money import format_brl, parse_brl
from app.services.receivables.asked import asked_today, describe
from app.ui.collection.pix_dialog import PixDialog


def open_pix(parent: QWidget, amount_cents: int, installment_ids: list[int], what: str):
    """Show the Pix dialog for this charge, or explain how to configure Pix. Returns the dialog."""
    settings = load_settings()
    if not pix_configured(settings):
        QMessageBox.information(parent, "Pix não configurado", pix_not_configured_message())
        return None
    try:
        txid = make_txid(installment_ids) if installment_ids else None
        payload = pix_copia_e_cola(settings, amount_cents, txid)
    except PixError as exc:
        QMessageBox.warning(parent, "Pix", str(exc))
        return None
    dialog = PixDialog(payload, amount_cents, what, parent)
    dialog.show()
    return dialog


def overdue_charge(customer_id: int, name: str, today, settings) -> tuple[int, list[int], str]:
    """(amount, installment ids, description) of what she is asked today (``asked``): the
    same figure as the reminder, Em atraso and the payment dialog."""
    asked = asked_today(customer_id, today, settings)
    return asked.total_cents, asked.installment_ids, f"{describe(asked)} de {name}"


def installment_charge(inst, name: str) -> tuple[int, list[int], str]:
    what = f"Parcela {inst.number}/{inst.count} de {name} ({inst.sale_label}), " \
           f"venc. {format_date(inst.due_date)}"
    return inst.open_cents, [inst.id], what


def pix_button(page) -> QPushButton:
    """A "Pix…" button with a menu, wired to the customer page ``page``."""
    button = QPushButton("Pix…")
    button.setObjectName("pixButton")
    menu = QMenu(button)
    menu.addAction("Pix do que ela deve agora", lambda: pix_overdue(page))
    menu.addAction("Pix da parcela selecionada", lambda: pix_selected(page))
    menu.addAction("Pix de outro valor…", lambda: pix_other(page))
    button.setMenu(menu)
    return button


def pix_overdue(page):
    if page.view is None:  # her page is still being read
        return None
    amount, ids, what = overdue_charge(page.customer_id, page.detail.customer.name,
                                       page._today_fn(), page.view.settings)
    if amount <= 0:
        QMessageBox.information(page, "Pix", "Ela não tem parcelas em aberto para pagar agora.")
        return None
    return open_pix(page, amount, ids, what)


def pix_selected(page):
    if page.detail is None:  # her page is still being read
        return None
    rows = page.installments_table.selectionModel().selectedRows()
    if not rows:
        QMessageBox.information(page, "Pix", "Escolha uma parcela na aba Parcelas.")
        return None
    inst = page.installments.row_at(rows[0].row())
    if inst.open_cents <= 0:
        QMessageBox.information(page, "Pix", "Esta parcela já está paga.")
        return None
    return open_pix(page, *installment_charge(inst, page.detail.customer.name))


def pix_other(page):
    if page.detail is None:  # her page is still being read
        return None
    text, ok = QInputDialog.getText(page, "Pix de outro valor", "Valor (R$):")
    if not ok:
        return None
    try:
        amount = parse_brl(text)
    except ValueError as exc:
        QMessageBox.warning(page, "Pix", str(exc))
        return None
    return open_pix(page, amount, [], f"{format_brl(amount)} de {page.detail.customer.name}")
