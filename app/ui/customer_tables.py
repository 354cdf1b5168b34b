"""The customer page's four lists: installments, sales, payments and contact history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from app.services.dates import format_date
from app.services.installments import Status, installment_label
from app.services.money import format_brl
from app.ui.style import FOREGROUND_ERROR, FOREGROUND_MUTED, FOREGROUND_SUCCESS
from app.ui.table_model import Column, RowTableModel, SourceSortProxy
from app.ui.widgets import row_table

RED, GREEN, GREY = FOREGROUND_ERROR, FOREGROUND_SUCCESS, FOREGROUND_MUTED
STATUS_COLOURS = {Status.PAID: GREEN, Status.OVERDUE: RED, Status.RENEGOTIATED: GREY}


def _status_colour(inst):
    if inst.state.days_late > 0:
        return RED
    return STATUS_COLOURS.get(inst.state.status)


def _own(sale) -> int:
    """The sale's own installments (an agreement's ones hang on it too: issue 12)."""
    return sum(1 for i in sale.installments if not i.agreement_id)


class InstallmentTableModel(RowTableModel):
    COLUMNS = (
        Column("Compra", lambda i: i.sale_label, sort=lambda i: (i.sale_label, i.number),
               stretch=True),
        Column("Parcela", lambda i: installment_label(i.number, i.count),
               sort=lambda i: i.number),
        Column("Vencimento", lambda i: format_date(i.due_date),
               sort=lambda i: i.due_date.toordinal()),
        Column("Valor", lambda i: format_brl(i.amount_cents), sort=lambda i: i.amount_cents,
               align_right=True),
        Column("Pago", lambda i: format_brl(i.paid_cents), sort=lambda i: i.paid_cents,
               align_right=True),
        Column("Em aberto", lambda i: format_brl(i.open_cents), sort=lambda i: i.open_cents,
               align_right=True),
        Column("Situação", lambda i: i.state.label, sort=lambda i: i.state.days_late,
               foreground=_status_colour),
    )


class SaleTableModel(RowTableModel):
    COLUMNS = (
        Column("Data", lambda s: format_date(s.sale_date), sort=lambda s: s.sale_date.toordinal()),
        Column("Itens", lambda s: s.summary, stretch=True,
               tooltip=lambda s: "\n".join(
                   f"{i.quantity}× {i.description} {i.variant} — {format_brl(i.unit_price_cents)}"
                   for i in s.items)),
        Column("Total", lambda s: format_brl(s.total_cents), sort=lambda s: s.total_cents,
               align_right=True),
        Column("Entrada", lambda s: format_brl(s.down_payment_cents) if s.down_payment_cents
               else "—", sort=lambda s: s.down_payment_cents, align_right=True),
        Column("Parcelas", lambda s: f"{_own(s)}x" if _own(s) else "à vista", sort=_own),
    )


def _paid_what(p) -> str:
    if p.kind == "down_payment":
        return "Entrada"
    if not p.allocations:
        return "Crédito da cliente"
    return ", ".join(p.paid_names) or ", ".join(f"{n}/{c}" for _, n, c, _ in p.allocations)


class PaymentTableModel(RowTableModel):
    COLUMNS = (
        Column("Data", lambda p: format_date(p.payment_date),
               sort=lambda p: (p.payment_date.toordinal(), p.id)),
        Column("Valor", lambda p: format_brl(p.amount_cents) + (
            f" + {format_brl(p.fee_cents)} multa/juros" if p.fee_cents else ""),
               sort=lambda p: p.amount_cents + p.fee_cents,
               align_right=True),
        Column("Forma", lambda p: p.method_label),
        Column("Pagou parcelas", _paid_what, stretch=True),
        Column("Situação", lambda p: f"Estornado: {p.reversal_reason}" if p.reversed else "",
               foreground=lambda p: GREY if p.reversed else None),
    )


def _first_line(c) -> str:
    text = (c.text or c.note or "").strip()
    first = text.split("\n", 1)[0]
    return first + ("…" if "\n" in text else "")


def _full_text(c) -> str:
    text = (c.text or "").strip()
    if c.note and c.note not in text:
        text = f"{text}\n\nNota: {c.note}" if text else c.note
    return text


class ContactTableModel(RowTableModel):
    """Her contact history (newest first, as the service lists it)."""

    COLUMNS = (
        Column("Data", lambda c: format_date(c.contact_date),
               sort=lambda c: (c.contact_date.toordinal(), c.id)),
        Column("Ação", lambda c: c.action_label),
        Column("Etapa", lambda c: c.stage_name or "—"),
        Column("Canal", lambda c: c.channel_label or "—"),
        Column("Mensagem/nota", _first_line, tooltip=_full_text, stretch=True),
    )


def sorted_table(model: RowTableModel, name: str, column: int,
                 newest_first: bool = True) -> QTableView:
    """A sortable list over ``model``, first sorted by ``column`` (descending by default)."""
    proxy = SourceSortProxy(model)
    proxy.setSourceModel(model)
    table = row_table(proxy, name)
    table.sortByColumn(column, Qt.SortOrder.DescendingOrder if newest_first
                       else Qt.SortOrder.AscendingOrder)
    return table
