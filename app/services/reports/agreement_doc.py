"""Termo de acordo: the printed agreement, to be signed by the store and the customer.

From what ``negotiation.agreements`` saved: the parties (store with CPF/CNPJ and address,
customer with CPF and address), the installments the agreement replaced (named by purchase,
with their due dates and open amounts), multa and juros, the discount, the financing interest,
the total agreed and the new plan (entrada and installments with dates, amounts and today's
situation), a Pix QR for the next open payment when Pix is configured, and a signature line for
each side. Worded kindly (CDC art. 42): no threat, just what was agreed. An undone agreement
still prints, marked DESFEITO, as a record.
"""

from __future__ import annotations

from datetime import date

from app.models.negotiation import Agreement
from app.models.receivables import Installment, Sale
from app.services.br.documents import format_cpf
from app.services.core.dates import format_date
from app.services.core.errors import NotFound
from app.services.core.money import format_brl
from app.services.receivables.installments import installment_state
from app.services.reports.document import Document, esc, heading, pix_qr, store_identity

TITLE = "Termo de acordo"
_TABLE = "<table width='100%' cellspacing='0' cellpadding='3' style='margin-top: 8px;'>"


def _replaced_label(inst: Installment) -> str:
    if inst.agreement_id:
        return f"Parcela {inst.number}/{inst.count} do acordo nº {inst.agreement_id}"
    sale = Sale.get_by_id(inst.sale_id)
    return f"Parcela {inst.number}/{inst.count} da compra de {format_date(sale.sale_date)}"


def _parties(agreement: Agreement, settings) -> str:
    store, c = store_identity(settings), agreement.customer
    place = ", ".join(p for p in (c.address, c.neighbourhood, c.city) if p)
    ours = [f"<b>{esc(store.name)}</b>"] + [esc(line) for line in store.lines[1:]]
    hers = [f"<b>{esc(c.name)}</b>"] + ([f"CPF {format_cpf(c.cpf)}"] if c.cpf else []) + (
        [esc(place)] if place else [])
    return (f"{_TABLE}<tr><td width='50%' valign='top'>Loja (quem recebe)<br>"
            f"{'<br>'.join(ours)}</td><td width='50%' valign='top'>Cliente<br>"
            f"{'<br>'.join(hers)}</td></tr></table>")


def _owed(agreement: Agreement, replaced: list[Installment]) -> str:
    rows = [f"<tr><td width='60%'>{_replaced_label(i)}</td><td width='20%'>"
            f"venc. {format_date(i.due_date)}</td><td width='20%' align='right'>"
            f"{format_brl(i.amount_cents - i.paid_cents)}</td></tr>" for i in replaced]
    figures = [("Valor das parcelas em aberto", agreement.principal_cents),
               ("Multa e juros até o dia do acordo", agreement.fees_cents)]
    if agreement.discount_cents:
        figures.append(("Desconto dado pela loja", -agreement.discount_cents))
    if agreement.interest_cents:
        figures.append(("Juros do parcelamento", agreement.interest_cents))
    rows += [f"<tr><td colspan='2'>{label}</td><td align='right'>"
             f"{'− ' + format_brl(-cents) if cents < 0 else format_brl(cents)}</td></tr>"
             for label, cents in figures]
    rows.append(f"<tr><td colspan='2'><b>Total combinado</b></td><td align='right'><b>"
                f"{format_brl(agreement.total_cents)}</b></td></tr>")
    return (f"{_TABLE}<tr><td colspan='3'><b>O que estava em aberto</b></td></tr>"
            f"{''.join(rows)}</table>")


def _plan(agreement: Agreement, own: list[Installment], today: date) -> str:
    entrada = 1 if agreement.down_payment_cents and len(own) > 0 else 0
    rows = []
    for n, inst in enumerate(own):
        label = ("Entrada" if n < entrada else
                 f"Parcela {n + 1 - entrada}/{len(own) - entrada}")
        state = installment_state(inst.amount_cents, inst.paid_cents, inst.due_date, today)
        rows.append(f"<tr><td width='30%'>{label}</td><td width='25%'>"
                    f"{format_date(inst.due_date)}</td><td width='20%' align='right'>"
                    f"{format_brl(inst.amount_cents)}</td><td width='25%'>&nbsp;&nbsp;"
                    f"{esc(state.label)}</td></tr>")
    return (f"{_TABLE}<tr><td colspan='4'><b>Como vai ser pago</b></td></tr><tr>"
            "<th align='left'>Pagamento</th><th align='left'>Vencimento</th>"
            "<th align='right'>Valor</th><th align='left'>&nbsp;&nbsp;Situação</th></tr>"
            f"{''.join(rows)}</table>")


def _pix(own: list[Installment], settings, agreement_id: int) -> tuple[str, dict]:
    """A Pix QR for the next open payment of the agreement (when Pix is configured)."""
    nxt = next((i for i in own if i.paid_cents < i.amount_cents), None)
    qr = pix_qr(settings, nxt.amount_cents - nxt.paid_cents, [nxt.id],
                f"pix-acordo-{agreement_id}") if nxt else None
    if qr is None:
        return "", {}
    return (f"{_TABLE}<tr><td width='140'>{qr[0]}</td><td><b>Próximo pagamento por Pix: "
            f"{format_brl(nxt.amount_cents - nxt.paid_cents)}</b> até "
            f"{format_date(nxt.due_date)}.<br>Abra o app do banco, escolha Pix → ler QR code e "
            "aponte a câmera.</td></tr></table>", qr[1])


def _signatures(agreement: Agreement, store_name: str) -> str:
    line = "_______________________________"
    return (f"{_TABLE}<tr><td><br><br></td></tr><tr><td width='50%' align='center'>{line}<br>"
            f"{esc(store_name)}</td><td width='50%' align='center'>{line}<br>"
            f"{esc(agreement.customer.name)}</td></tr></table>")


def agreement_document(agreement_id: int, today: date, settings) -> Document:
    """The Termo de acordo of ``agreement_id`` (issued ``today``) as a Document."""
    agreement = Agreement.get_or_none(Agreement.id == agreement_id)
    if agreement is None:
        raise NotFound("Acordo não encontrado.")
    replaced = list(Installment.select().where(Installment.renegotiated_in_id == agreement_id)
                    .order_by(Installment.due_date, Installment.id))
    own = list(Installment.select().where(Installment.agreement_id == agreement_id)
               .order_by(Installment.number))
    store = store_identity(settings)
    blocks = [heading(f"{TITLE} nº {agreement.id}",
                      f"Fechado em {format_date(agreement.created_on)}")]
    if agreement.undone_on is not None:
        blocks.append(f"<p><b>DESFEITO em {format_date(agreement.undone_on)}</b> — as parcelas "
                      "originais voltaram a valer; este termo fica só como registro.</p>")
    blocks += [_parties(agreement, settings), _owed(agreement, replaced)]
    if own:
        blocks.append(_plan(agreement, own, today))
    blocks.append(
        "<p>Com este acordo, as parcelas acima deixam de ser cobradas e passam a valer as datas "
        "e os valores combinados. Pode pagar por Pix, dinheiro ou cartão; cada pagamento "
        "recebe seu recibo. Se alguma data ficar difícil, converse com a loja antes do "
        "vencimento.</p>")
    pix, images = _pix(own, settings, agreement_id) if agreement.undone_on is None else ("", {})
    if pix:
        blocks.append(pix)
    blocks.append(_signatures(agreement, store.name))
    return Document(TITLE, store, today, tuple(blocks), images,
                    subject=agreement.customer.name)
