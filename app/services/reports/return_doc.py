"""Recibo de devolução: the pieces that came back from a sale, what they were worth, and where
the money went (issue 22).

When money was paid back to her (``refund_cents``), the document is a receipt she signs:
"Recebi de <loja> a importância de R$ 94,95 (noventa e quatro reais e noventa e cinco
centavos), em 23/11/2026, por Pix, referente à devolução de…". Otherwise it is the
"Comprovante de devolução" the reseller hands over: what came back and what it took off her
carnê, or what became her credit. A return within the CDC art. 49 seven days says so.
"""

from __future__ import annotations

from datetime import date

from app.models.people import Customer
from app.models.receivables import Sale
from app.services.br.documents import format_cpf
from app.services.core.codes import method_label
from app.services.core.dates import format_date
from app.services.core.errors import NotFound
from app.services.core.money import format_brl
from app.services.people.customers import credit_cents, open_balance_cents
from app.services.pieces.return_history import return_view
from app.services.reports.document import Document, esc, heading, store_identity
from app.services.reports.words import amount_in_words

RECEIPT_TITLE = "Recibo de devolução"
PROOF_TITLE = "Comprovante de devolução"


def _rows(rows: list[tuple[str, str]]) -> str:
    return ("<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 8px;'>"
            + "".join(f"<tr><td width='75%'>{k}</td><td align='right'>{v}</td></tr>"
                      for k, v in rows) + "</table>")


def _opening(view, who: str, store: str, sale_date: date) -> str:
    """The receipt's sentence (money paid back) or the proof's (pieces came back)."""
    if view.refund_cents:
        return (f"<p>Recebi de <b>{esc(store)}</b> a importância de "
                f"<b>{format_brl(view.refund_cents)}</b> ({amount_in_words(view.refund_cents)}), "
                f"em {format_date(view.day)}, por {esc(method_label(view.refund_method))}, "
                f"referente à devolução das peças abaixo, da compra de "
                f"{format_date(sale_date)}.</p>")
    return (f"<p>{who} devolveu em {format_date(view.day)} as peças abaixo, da compra de "
            f"{format_date(sale_date)}.</p>")


def _pieces(view) -> str:
    rows = [(esc(line.label) + (" (com defeito)" if line.defective else ""),
             format_brl(line.value_cents)) for line in view.lines]
    rows.append(("<b>Valor das peças devolvidas</b>", f"<b>{format_brl(view.value_cents)}</b>"))
    rows += [(f"Levou na troca: {esc(line.label)}", format_brl(line.value_cents))
             for line in view.added]
    return _rows(rows)


def _after(customer_id: int, today: date) -> str:
    remaining, credit = open_balance_cents(customer_id), credit_cents(customer_id)
    rows = [(f"Saldo em aberto em {format_date(today)}",
             format_brl(remaining) if remaining else "nada — tudo quitado")]
    if credit > 0:
        rows.append(("Crédito para a próxima compra", format_brl(credit)))
    return _rows(rows)


def return_document(return_id: int, today: date, settings) -> Document:
    """The receipt (or proof) of return ``return_id``, issued ``today``."""
    view = return_view(return_id)
    if view is None:
        raise NotFound("Devolução não encontrada.")
    customer = Customer.get_by_id(view.customer_id)
    sale = Sale.get_by_id(view.sale_id)
    store = store_identity(settings)
    title = RECEIPT_TITLE if view.refund_cents else PROOF_TITLE
    who = esc(customer.name) + (f" (CPF {format_cpf(customer.cpf)})" if customer.cpf else "")
    kind = "Troca" if view.added else "Devolução"
    blocks = [heading(f"{title} nº {view.id}", f"{kind} de {format_date(view.day)} · compra de "
                                               f"{format_date(sale.sale_date)}"),
              _opening(view, who, store.name, sale.sale_date), _pieces(view),
              f"<p><b>O que mudou:</b> {esc(view.effect)}"
              + (f" Motivo: {esc(view.reason)}." if view.reason else "") + "</p>"]
    if view.withdrawal:
        blocks.append("<p>Devolução dentro dos 7 dias do direito de arrependimento de uma compra "
                      "feita fora da loja (Código de Defesa do Consumidor, art. 49).</p>")
    blocks.append(_after(customer.id, today))
    signer = who if view.refund_cents else esc(settings.owner_name.strip() or store.name)
    blocks.append("<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 24px;'>"
                  f"<tr><td align='center'><br><br>_______________________________<br>{signer}"
                  "</td></tr></table>")
    return Document(title, store, today, tuple(blocks))
