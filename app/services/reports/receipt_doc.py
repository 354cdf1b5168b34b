"""Recibo of one payment: who paid, how much (also in words), how, which installments it
settled (named by purchase), multa and juros apart, the balance left and a signature line.

The amount written in words is the money handed over (principal + multa + juros). A reversed
payment still prints, marked ESTORNADO with the reason, so a receipt never lies. A4 by default;
``PageFormat.ROLL_80MM`` gives a narrow one-column layout for thermal printers.
"""

from __future__ import annotations

from datetime import date

from app.models.receivables import Allocation, Installment, Payment, Sale, SaleItem
from app.services.br.documents import format_cpf
from app.services.core.dates import format_date
from app.services.core.errors import NotFound
from app.services.core.money import format_brl
from app.services.people.customers import credit_cents, open_balance_cents
from app.services.receivables.discounts import of_payment as discounts_of_payment
from app.services.receivables.payments import method_label
from app.services.reports.document import Document, PageFormat, esc, heading, store_identity
from app.services.reports.words import amount_in_words

TITLE = "Recibo"


def _purchase_label(sale: Sale) -> str:
    first = SaleItem.select().where(SaleItem.sale == sale.id).order_by(SaleItem.id).first()
    what = f" ({esc(first.description)})" if first else ""
    return f"compra de {format_date(sale.sale_date)}{what}"


def _settled_rows(payment: Payment) -> list[tuple[str, int]]:
    """(what, centavos) for each installment this payment paid."""
    query = (Allocation.select(Allocation, Installment).join(Installment)
             .where(Allocation.payment == payment.id).order_by(Installment.due_date))
    rows = []
    discounts = discounts_of_payment(payment.id)  # issue 12: desconto por antecipação
    for alloc in query:
        inst = alloc.installment
        left = inst.amount_cents - inst.paid_cents
        status = ("" if payment.reversed_at is not None  # today's state is not this payment's
                  else " — quitada" if left <= 0 else f" — falta {format_brl(left)}")
        origin = (f"do acordo nº {inst.agreement_id}" if inst.agreement_id  # issue 12
                  else f"da {_purchase_label(inst.sale)}")
        rows.append((f"Parcela {inst.number}/{inst.count} {origin}, "
                     f"vencimento {format_date(inst.due_date)}{status}", alloc.amount_cents))
        if discounts.get(inst.id):
            rows.append((f"Desconto por antecipação na parcela {inst.number}/{inst.count}",
                         -discounts[inst.id]))
    if payment.kind == "down_payment" and payment.sale_id:
        rows.append((f"Entrada da {_purchase_label(payment.sale)}", payment.amount_cents))
    return rows


def _lines_table(rows: list[tuple[str, str]], narrow: bool) -> str:
    if narrow:
        body = "".join(f"<tr><td>{k}<br><b>{v}</b></td></tr>" for k, v in rows)
    else:
        body = "".join(f"<tr><td width='75%'>{k}</td><td align='right'>{v}</td></tr>"
                       for k, v in rows)
    return f"<table width='100%' cellspacing='0' cellpadding='2'>{body}</table>"


def receipt_document(payment_id: int, today: date, settings, *,
                     page: PageFormat = PageFormat.A4) -> Document:
    """The Recibo of ``payment_id`` issued on ``today`` as a Document."""
    p = Payment.get_or_none(Payment.id == payment_id)
    if p is None:
        raise NotFound("Pagamento não encontrado.")
    narrow = page is PageFormat.ROLL_80MM
    customer = p.customer
    received = p.amount_cents + p.fee_cents
    method = method_label(p.method)
    who = esc(customer.name) + (f" (CPF {format_cpf(customer.cpf)})" if customer.cpf else "")
    store = store_identity(settings)
    blocks = [heading(f"{TITLE} nº {p.id}", f"Pagamento de {format_date(p.payment_date)}")]
    if p.reversed_at is not None:
        blocks.append(f"<p><b>ESTORNADO — este pagamento foi desfeito: "
                      f"{esc(p.reversal_reason)}</b></p>")
    blocks.append(
        f"<p>Recebi de <b>{who}</b> a importância de <b>{format_brl(received)}</b> "
        f"({amount_in_words(received)}), em {format_date(p.payment_date)}, "
        f"por {esc(method)}.</p>")
    rows = [(what, format_brl(cents)) for what, cents in _settled_rows(p)]
    if p.kind == "credit_use":
        rows.insert(0, ("Pago com crédito que a cliente tinha", ""))
    if p.fee_cents:
        rows.append(("Multa e juros por atraso (à parte das parcelas)", format_brl(p.fee_cents)))
    rows.append(("<b>Total recebido</b>", f"<b>{format_brl(received)}</b>"))
    blocks.append(_lines_table(rows, narrow))
    remaining = open_balance_cents(customer.id)
    after = [(f"Saldo em aberto em {format_date(today)}",
              format_brl(remaining) if remaining else "nada — tudo quitado")]
    credit = credit_cents(customer.id)
    if credit > 0:
        after.append(("Crédito para a próxima compra", format_brl(credit)))
    blocks.append(_lines_table(after, narrow))
    signer = esc(settings.owner_name.strip() or store.name)
    blocks.append("<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 24px;'>"
                  f"<tr><td align='center'><br><br>_______________________________<br>{signer}"
                  f"<br>{esc(store.name)}</td></tr></table>")
    return Document(TITLE, store, today, tuple(blocks), page=page, subject=customer.name)
