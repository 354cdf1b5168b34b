"""The summary of a sale to send the customer: what she bought, the entrada and each
installment with its due date, ready to paste into WhatsApp.

Offered right after a sale on the caderneta is saved ("Copiar resumo para a cliente"). It
is a record of her purchase, not a collection message: it names no late amount and carries
no Pix code (the carnê has one per installment). Signed as every message to her (CDC art.
42-A, ``messages.message_signature``): with the option on, the store's name in the closing
line gives way to the store's identity, on a line of its own.
"""

from __future__ import annotations

from peewee import SQL

from app.models.receivables import Installment, Payment, Sale, SaleItem
from app.services.collection.messages import message_signature, sign_message
from app.services.core.dates import format_date
from app.services.core.errors import NotFound
from app.services.core.money import format_brl
from app.services.core.sql import flag
from app.services.core.text import first_name, plural
from app.services.receivables.installments import installment_label
from app.services.receivables.payments import method_label


def sale_summary_text(sale_id: int, store_name: str, settings=None) -> str:
    """The summary of ``sale_id`` signed by ``store_name``: greeting by her first name, each
    piece (quantity, size/colour, total), the discount, the total, the entrada with its
    method, and each installment of this sale with its amount and due date; with
    ``settings`` asking for it, ending with the art. 42-A signature instead of the bare store
    name. Raises NotFound for an unknown sale."""
    sale = Sale.get_or_none(Sale.id == sale_id)
    if sale is None:
        raise NotFound("Venda não encontrada.")
    name = first_name(sale.customer.name) or sale.customer.name
    lines = [f"Oi, {name}! Segue o resumo da sua compra de {format_date(sale.sale_date)}:"]
    for item in SaleItem.select().where(SaleItem.sale == sale_id).order_by(SaleItem.id):
        count = f"{item.quantity}× " if item.quantity != 1 else ""
        variant = f" ({item.variant})" if item.variant else ""
        lines.append(f"• {count}{item.description}{variant}: "
                     f"{format_brl(item.quantity * item.unit_price_cents)}")
    if sale.discount_cents:
        lines.append(f"• Desconto fidelidade: −{format_brl(sale.discount_cents)}")
    lines.append(f"Total: {format_brl(sale.total_cents)}")
    lines += _payment_lines(sale)
    signature = message_signature(settings) if settings is not None else ""
    # signed: the signature (which names the store) takes the store name's place
    lines.append("Obrigada pela compra!" if signature
                 else f"Obrigada pela compra! {store_name}".rstrip())
    return sign_message("\n".join(lines), signature)


def _payment_lines(sale: Sale) -> list[str]:
    """The entrada and the installments (or "pago à vista")."""
    own = list(Installment.select().where(
        (Installment.sale == sale.id) & Installment.agreement_id.is_null()
        & SQL(flag("renegotiated", False)))
        .order_by(Installment.number))
    down = (Payment.select().where((Payment.sale == sale.id) & (Payment.kind == "down_payment")
                                   & Payment.reversed_at.is_null()).first())
    if not own:
        how = f" ({method_label(down.method)})" if down is not None else ""
        return [f"Pago à vista{how}."]
    lines = []
    if sale.down_payment_cents:
        how = f" ({method_label(down.method)})" if down is not None else ""
        lines.append(f"Entrada: {format_brl(sale.down_payment_cents)}{how}")
    lines.append(f"Na caderneta, em {plural(len(own), 'parcela')}:")
    lines += [f"• {installment_label(i.number, i.count)}: {format_brl(i.amount_cents)}, "
              f"vence em {format_date(i.due_date)}{_paid(i)}" for i in own]
    return lines


def _paid(installment: Installment) -> str:
    """Her credit may have paid some of it when the sale was saved."""
    if not installment.paid_cents:
        return ""
    if installment.paid_cents >= installment.amount_cents:
        return " (já paga com o seu crédito)"
    return f" ({format_brl(installment.paid_cents)} já pagos com o seu crédito)"
