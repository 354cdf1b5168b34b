"""The customer page's four lists: installments, sales, payments and contact history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.receivables.installments import Status, installment_label
from app.ui.kit.style import FOREGROUND_ERROR, FOREGROUND_MUTED, FOREGROUND_SUCCESS
from app.ui.kit.tables.row_delegate import RowTextDelegate
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import row_table

RED, GREEN, GREY = FOREGROUND_ERROR, FOREGROUND_SUCCESS, FOREGROUND_MUTED
STATUS_COLOURS = {Status.PAID: GREEN, Status.OVERDUE: RED, Status.RENEGOTIATED: GREY,
                  Status.PRESCRIBED: GREY,  # prescrita: kept, never collected
                  Status.CANCELLED: GREY}  # cancelada by a return


def _status_colour(inst):
    if inst.state.days_late > 0:
        return RED
    return STATUS_COLOURS.get(inst.state.status)


def _own(sale) -> int:
    """The sale's own installments (an agreement's ones hang on it too: issue 12)."""
    return sum(1 for i in sale.installments if not i.agreement_id)


def _money(header: str, cents_of, give_way: int = 0) -> Column:
    """A right-aligned R$ column sorted by its centavos."""
    return Column(header, lambda r: format_brl(cents_of(r)), sort=cents_of, align_right=True,
                  give_way=give_way)


def _day(header: str, date_of, *, tie=lambda r: 0) -> Column:
    """A dd/mm/aaaa column sorted by the date (then by ``tie``)."""
    return Column(header, lambda r: format_date(date_of(r)),
                  sort=lambda r: (date_of(r).toordinal(), tie(r)))


class InstallmentTableModel(RowTableModel):
    COLUMNS = (
        Column("Compra", lambda i: i.sale_label, sort=lambda i: (i.sale_label, i.number),
               stretch=True),
        Column("Parcela", lambda i: installment_label(i.number, i.count),
               sort=lambda i: i.number),
        _day("Vencimento", lambda i: i.due_date),
        _money("Valor", lambda i: i.amount_cents, give_way=2),  # narrow: "Em aberto" stays
        _money("Pago", lambda i: i.paid_cents, give_way=1),
        _money("Em aberto", lambda i: i.open_cents),
        Column("Situação", lambda i: i.state.label, sort=lambda i: i.state.days_late,
               foreground=_status_colour),
    )


def _returned(s) -> str:
    """What came back of the sale (issue 22): "R$ 189,90" or "—"."""
    back = sum(r.value_cents for r in s.returns)
    return format_brl(back) if back else "—"


class SaleTableModel(RowTableModel):
    COLUMNS = (
        _day("Data", lambda s: s.sale_date),
        Column("Itens", lambda s: s.summary, stretch=True,
               tooltip=lambda s: "\n".join(
                   [f"{i.quantity}× {i.description} {i.variant} — "
                    f"{format_brl(i.unit_price_cents)}"
                    + (f" ({plural(i.returned, 'devolvida')})"
                       if i.returned else "") for i in s.items]
                   + [f"{format_date(r.day)}: {r.label}. {r.effect}" for r in s.returns])),
        _money("Total", lambda s: s.total_cents),
        Column("Entrada", lambda s: format_brl(s.down_payment_cents) if s.down_payment_cents
               else "—", sort=lambda s: s.down_payment_cents, align_right=True),
        Column("Parcelas", lambda s: f"{_own(s)}x" if _own(s) else "à vista", sort=_own),
        Column("Devolvido", _returned, sort=lambda s: sum(r.value_cents for r in s.returns),
               align_right=True,
               tooltip=lambda s: "\n".join(f"{format_date(r.day)}: {r.label}. {r.effect}"
                                           for r in s.returns)),
    )


def _paid_what(p) -> str:
    if p.kind == "down_payment":
        return "Entrada"
    if not p.allocations:
        return "Crédito da cliente"
    return ", ".join(p.paid_names) or ", ".join(f"{n}/{c}" for _, n, c, _ in p.allocations)


class PaymentTableModel(RowTableModel):
    COLUMNS = (
        _day("Data", lambda p: p.payment_date, tie=lambda p: p.id),
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
        _day("Data", lambda c: c.contact_date, tie=lambda c: c.id),
        Column("Ação", lambda c: c.action_label),
        Column("Etapa", lambda c: c.stage_name or "—"),
        Column("Canal", lambda c: c.channel_label or "—"),
        Column("Mensagem/nota", _first_line, tooltip=_full_text, stretch=True),
    )


def sorted_table(model: RowTableModel, name: str, column: int,
                 newest_first: bool = True) -> QTableView:
    """A sortable list over ``model``, first sorted by ``column`` (descending by default)."""
    table = row_table(model, name)  # the model sorts itself (by the real values)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)  # "02/09 · Pijama de cet…": a
    table.setItemDelegate(RowTextDelegate(table))  # purchase is read from its start
    table.sortByColumn(column, Qt.SortOrder.DescendingOrder if newest_first
                       else Qt.SortOrder.AscendingOrder)
    return table
