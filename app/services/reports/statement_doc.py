"""Extrato da cliente: her data, purchases with installments and status, payments, balance.

Each purchase lists its own installments (one an agreement replaced reads "renegociada no
acordo nº 5"; one a return took down to nothing, "cancelada (devolução)") and its returns
("Devolução de Vestido Lírio M (R$ 189,90): o carnê diminuiu…", issue 22); each agreement
that stands has its own block with its installments (issue 19: they belong to the agreement,
not to the purchase they were attached to); blocks go by date. The totals take the returned
pieces off what she bought, and a return's credit is not counted as money she paid. A
payment names what it paid ("parcela 2/3", "parcela 1/3 do acordo nº 5").

Figures come from ``statement.customer_detail`` (the customer page's own), as of
``today``. With ``with_pix`` and a Pix key in the settings, a QR code at the end pays what she
is asked today (``asked``: the figure of the reminder, Em atraso and the payment dialog —
what is due up to today with its multa and juros, or else her next installment); the
document says which. Installments prescritas are listed with that status and totalled apart:
never in the Pix.
"""

from __future__ import annotations

from datetime import date

from app.services.br.documents import format_cpf
from app.services.core.codes import PaymentMethod
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import agreeing
from app.services.receivables.asked import Asked, asked_today, describe
from app.services.receivables.statement import (
    AgreementView,
    CustomerDetail,
    InstallmentView,
    SaleView,
    customer_detail,
    situation,
)
from app.services.reports.document import Document, esc, heading, pix_qr, store_identity

TITLE = "Extrato da cliente"
RETURN_CREDIT = PaymentMethod.RETURN_CREDIT  # a return's credit is not money she paid


def _her_data(detail: CustomerDetail) -> str:
    c = detail.customer
    place = ", ".join(p for p in (c.address, c.neighbourhood, c.city) if p)
    rows = [("Cliente", f"<b>{esc(c.name)}</b>"), ("Telefone", esc(c.phone_display or "—"))]
    if c.cpf:
        rows.append(("CPF", format_cpf(c.cpf)))
    if place:
        rows.append(("Endereço", esc(place)))
    return ("<table width='100%' cellspacing='0' cellpadding='2'>" + "".join(
        f"<tr><td width='18%'>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>")


_COLUMNS = ("<tr><th align='left' width='14%'>Parcela</th><th align='left' width='16%'>"
            "Vencimento</th><th align='right' width='16%'>Valor</th><th align='right' "
            "width='16%'>Pago</th><th align='right' width='16%'>Em aberto</th>"
            "<th align='left' width='22%'>&nbsp;&nbsp;Situação</th></tr>")


def _block(head: str, insts: tuple[InstallmentView, ...], empty: str) -> str:
    rows = "".join(
        f"<tr><td>{i.number}/{i.count}</td><td>{format_date(i.due_date)}</td>"
        f"<td align='right'>{format_brl(i.amount_cents)}</td><td align='right'>"
        f"{format_brl(i.paid_cents)}</td><td align='right'>{format_brl(i.open_cents)}</td>"
        f"<td>&nbsp;&nbsp;{esc(situation(i))}</td></tr>" for i in insts)
    return ("<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 8px;'>"
            f"<tr><td colspan='6'>{head}</td></tr>{_COLUMNS}"
            f"{rows or f'<tr><td colspan=6>{empty}</td></tr>'}</table>")


def _returned(item) -> str:
    """" — devolvida", " — 1 de 2 devolvida" (issue 22)."""
    if not item.returned:
        return ""
    if item.returned >= item.quantity:
        return f" — {agreeing(item.quantity, 'devolvida')}"
    return f" — {item.returned} de {item.quantity} {agreeing(item.returned, 'devolvida')}"


def _return_lines(sale: SaleView) -> str:
    """Each return of the sale: what came back, what it was worth, what it did (issue 22)."""
    return "".join(
        f"<br><b>{format_date(r.day)} · {esc(r.label)}</b>: {esc(r.effect)}"
        + (f" Motivo: {esc(r.reason)}." if r.reason else "")
        + (" Dentro dos 7 dias do direito de arrependimento (CDC art. 49)."
           if r.withdrawal else "") for r in sale.returns)


def _sale_block(sale: SaleView) -> str:
    items = "; ".join(
        f"{i.quantity}× {esc(i.description)}{' ' + esc(i.variant) if i.variant else ''} "
        f"({format_brl(i.unit_price_cents)}){_returned(i)}" for i in sale.items) or "Venda"
    head = (f"<b>Compra de {format_date(sale.sale_date)} · {format_brl(sale.total_cents)}</b>"
            + (f" · entrada {format_brl(sale.down_payment_cents)}"
               if sale.down_payment_cents else "") + f"<br>{items}{_return_lines(sale)}")
    return _block(head, sale.own_installments, "À vista")


def _agreement_block(agreement: AgreementView) -> str:
    head = (f"<b>Acordo nº {agreement.id}, fechado em {format_date(agreement.created_on)} · "
            f"{format_brl(agreement.total_cents)}</b><br>Parcelas combinadas no acordo, no "
            "lugar das parcelas renegociadas acima.")
    return _block(head, agreement.installments, "Sem parcelas.")


def _paid(detail: CustomerDetail, allocations) -> str:
    agreement_of = {i.id: i.agreement_id for i in detail.installments}
    return ", ".join(f"parcela {n}/{c}" + (f" do acordo nº {agreement_of[i]}"
                                           if agreement_of.get(i) else "")
                     for i, n, c, _ in allocations)


def _payments_block(detail: CustomerDetail) -> str:
    rows = []
    for p in sorted(detail.payments, key=lambda p: (p.payment_date, p.id)):
        what = ("Entrada" if p.kind == "down_payment" else
                _paid(detail, p.allocations) or "crédito")
        status = f"ESTORNADO: {esc(p.reversal_reason)}" if p.reversed else ""
        fee = format_brl(p.fee_cents) if p.fee_cents else "—"
        rows.append(f"<tr><td>{format_date(p.payment_date)}</td><td>{esc(p.method_label)}</td>"
                    f"<td>{what} {status}</td><td align='right'>{fee}</td>"
                    f"<td align='right'>{format_brl(p.amount_cents)}</td></tr>")
    if not rows:
        rows.append("<tr><td colspan='5'>Nenhum pagamento registrado.</td></tr>")
    return ("<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 10px;'>"
            "<tr><td colspan='5'><b>Pagamentos</b></td></tr><tr><th align='left' width='14%'>"
            "Data</th><th align='left' width='20%'>Forma</th><th align='left' width='36%'>"
            "O que pagou</th><th align='right' width='14%'>Multa e juros</th>"
            "<th align='right' width='16%'>Valor</th></tr>" + "".join(rows) + "</table>")


def _totals(detail: CustomerDetail, fees_cents: int) -> str:
    bought = sum(s.total_cents for s in detail.sales)
    paid = sum(p.amount_cents for p in detail.payments
               if not p.reversed and p.kind != "credit_use" and p.method != RETURN_CREDIT)
    rows = [("Total das compras", bought)]
    if detail.returns:  # issue 22: the pieces that came back are not bought, nor paid
        rows.append(("Peças devolvidas", -sum(r.value_cents for r in detail.returns)))
    rows.append(("Total pago", paid))
    refunded = sum(r.refund_cents for r in detail.returns)
    if refunded:
        rows.append(("Devolvido a ela em dinheiro", refunded))
    rows.append(("Saldo em aberto", detail.balance_cents))
    if detail.overdue_cents:
        rows.append(("dos quais em atraso", detail.overdue_cents))
    if fees_cents:
        rows.append(("Multa e juros até hoje", fees_cents))
    if detail.prescribed_cents:
        rows.append(("dos quais prescritos (mais de 5 anos: não são cobrados)",
                     detail.prescribed_cents))
    if detail.credit_cents:
        rows.append(("Crédito da cliente", detail.credit_cents))
    return ("<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 10px;'>"
            + "".join(f"<tr><td width='70%'>{'<b>' + k + '</b>' if k == 'Saldo em aberto' else k}"
                      f"</td><td align='right'><b>{format_brl(v)}</b></td></tr>"
                      for k, v in rows) + "</table>")


def _pix_block(detail: CustomerDetail, settings, asked: Asked) -> tuple[str, dict]:
    amount, what, ids = asked.total_cents, describe(asked), asked.installment_ids
    qr = pix_qr(settings, amount, ids, f"pix-extrato-{detail.customer.id}") if ids else None
    if qr is None:
        return "", {}
    img, images = qr
    return ("<table width='100%' cellspacing='0' cellpadding='4' style='margin-top: 10px;'>"
            f"<tr><td width='{140}'>{img}</td><td><b>Pague com Pix: {format_brl(amount)}</b>"
            f"<br>Este QR code paga {what}.<br>Abra o app do banco, escolha Pix → ler QR "
            "code e aponte a câmera.</td></tr></table>", images)


def statement_document(customer_id: int, today: date, settings, *,
                       with_pix: bool = False) -> Document:
    """The Extrato of ``customer_id`` on ``today`` as a Document."""
    detail = customer_detail(customer_id, today)
    asked = asked_today(customer_id, today, settings)
    blocks = [heading(TITLE, f"Situação em {format_date(today)}"), _her_data(detail)]
    dated = [((s.sale_date, 0, s.id), _sale_block(s)) for s in detail.sales]
    dated += [((a.created_on, 1, a.id), _agreement_block(a)) for a in detail.agreements]
    blocks += [block for _, block in sorted(dated, key=lambda b: b[0])]
    if not detail.sales:
        blocks.append("<p>Nenhuma compra registrada.</p>")
    blocks.append(_payments_block(detail))
    blocks.append(_totals(detail, asked.fee_cents))
    images: dict[str, bytes] = {}
    if with_pix and detail.balance_cents > 0:
        block, images = _pix_block(detail, settings, asked)
        if block:
            blocks.append(block)
    return Document(TITLE, store_identity(settings), today, tuple(blocks), images,
                    subject=detail.customer.name)
