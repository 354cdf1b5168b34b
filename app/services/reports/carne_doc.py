"""Carnê: one slip per installment of a sale, with due date, amount and a Pix QR code.

Each slip has a stub on the left for the reseller's records (customer, installment, due date,
amount, "pago em ___") and the customer's part on the right with the same figures and a Pix
QR code for exactly the installment's open amount (txid naming the installment, as in the
reminders). A paid installment prints "PAGA" instead of a QR; a renegotiated one is left out,
and so is one a return cancelled (issue 22: reprinted after a devolução, the carnê has only
what she still pays; a line under the slips says what the returns took off).
Slips are blocks, so a slip is never cut between two pages.
"""

from __future__ import annotations

from datetime import date

from peewee import SQL

from app.models.receivables import Installment, Sale
from app.services.core.dates import format_date
from app.services.core.errors import NotFound
from app.services.core.money import format_brl
from app.services.core.sql import flag
from app.services.core.text import plural
from app.services.receivables.statement import customer_detail
from app.services.reports.document import Document, esc, heading, pix_qr, store_identity

TITLE = "Carnê"


def _slip(inst: Installment, customer: str, store: str, qr: str | None) -> str:
    open_cents = inst.amount_cents - inst.paid_cents
    label = f"Parcela {inst.number}/{inst.count}"
    if open_cents <= 0:
        pay = f"<b>PAGA</b> em {format_date(inst.paid_date)}"
    elif qr:
        pay = f"{qr}<br>Pague com Pix: aponte a câmera do app do banco"
    else:
        pay = "Pix: combine com a loja"
    amount = format_brl(inst.amount_cents)
    if 0 < inst.paid_cents < inst.amount_cents:
        amount += f"<br>falta pagar: {format_brl(open_cents)}"
    stub = (f"<b>{esc(customer)}</b><br>{label}<br>Vencimento: <b>{format_date(inst.due_date)}"
            f"</b><br>Valor: <b>{amount}</b><br><br>Pago em ___/___/______")
    main = (f"<b>{esc(store)}</b><br>Cliente: {esc(customer)}<br><span style='font-size: 12pt;'>"
            f"<b>{label}</b></span><br>Vencimento: <b>{format_date(inst.due_date)}</b><br>"
            f"Valor: <span style='font-size: 12pt;'><b>{amount}</b></span>")
    return ("<table width='100%' border='1' cellspacing='0' cellpadding='6' "
            "style='border-collapse: collapse; margin-top: 8px;'><tr>"
            f"<td width='30%' valign='top'>{stub}</td><td width='40%' valign='top'>{main}</td>"
            f"<td width='30%' align='center' valign='middle'>{pay}</td></tr></table>")


def _returns_note(view) -> str:
    """What the sale's returns did, under the slips (issue 22)."""
    cancelled = sum(r.cancelled for r in view.returns)
    lines = [f"{format_date(r.day)} · {esc(r.label)}: {esc(r.effect)}" for r in view.returns]
    if cancelled:
        lines.append("1 parcela cancelada pela devolução não aparece neste carnê."
                     if cancelled == 1 else f"{cancelled} parcelas canceladas pela devolução "
                     "não aparecem neste carnê.")
    return ("<table width='100%' cellspacing='0' cellpadding='3'><tr><td>"
            + "<br>".join(lines) + "</td></tr></table>")


def carne_document(sale_id: int, today: date, settings) -> Document:
    """The carnê of ``sale_id`` (issued ``today``) as a Document."""
    sale = Sale.get_or_none(Sale.id == sale_id)
    if sale is None:
        raise NotFound("Venda não encontrada.")
    store = store_identity(settings)
    view = next(s for s in customer_detail(sale.customer_id, today).sales if s.id == sale_id)
    insts = list(Installment.select().where(Installment.sale == sale_id,
                                            SQL(flag("renegotiated", False)),
                                            Installment.amount_cents > 0)  # not cancelled
                 .order_by(Installment.number))
    images: dict[str, bytes] = {}
    blocks = [heading(f"{TITLE} — {sale.customer.name}",
                      f"Compra de {format_date(sale.sale_date)}: {view.summary} · "
                      f"{format_brl(sale.total_cents)}")]
    for inst in insts:
        open_cents = inst.amount_cents - inst.paid_cents
        qr = pix_qr(settings, open_cents, [inst.id], f"pix-parcela-{inst.id}")
        if qr:
            images.update(qr[1])
        blocks.append(_slip(inst, sale.customer.name, store.name, qr[0] if qr else None))
    open_total = sum(max(i.amount_cents - i.paid_cents, 0) for i in insts)
    blocks.append(
        "<table width='100%' cellspacing='0' cellpadding='3' style='margin-top: 8px;'><tr><td>"
        f"<b>{plural(len(insts), 'parcela')} · total "
        f"{format_brl(sum(i.amount_cents for i in insts))}"
        f"</b></td><td align='right'><b>Em aberto: {format_brl(open_total)}</b></td></tr>"
        "</table>")
    if view.returns:
        blocks.append(_returns_note(view))
    return Document(TITLE, store, today, tuple(blocks), images, subject=sale.customer.name)
