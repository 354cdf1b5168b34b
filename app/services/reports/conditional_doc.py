"""Termo de condicional: the receipt of the pieces she took home, to be signed by both, and the
same words as a text to send by WhatsApp.

It names the store (name, CPF/CNPJ and address: CDC art. 42-A) and the customer (CPF, address,
phone), lists each piece with size, colour, quantity and price, the total if she keeps
everything, the day it went out and the return date, how the acerto works, and has a line for
each signature. A malinha already partly settled also says what came back and what she kept;
a settled one is marked ACERTADA. A4, or the narrow 80 mm roll of a thermal printer.
"""

from __future__ import annotations

from datetime import date

from app.models.conditional import Conditional
from app.services.br.documents import format_cpf
from app.services.br.phones import format_phone
from app.services.conditional.conditional_list import (
    ConditionalLine,
    conditional_lines,
    pieces_text,
)
from app.services.core.dates import format_date, weekday_name
from app.services.core.errors import NotFound
from app.services.core.money import format_brl
from app.services.reports.document import Document, PageFormat, esc, heading, store_identity

TITLE = "Termo de condicional"
_TABLE = "<table width='100%' cellspacing='0' cellpadding='3' style='margin-top: 8px;'>"
TERMS = ("As peças acima foram entregues em condicional, para provar em casa, em bom estado e "
         "com etiqueta. Até a data combinada, a cliente devolve as que não quiser, do mesmo "
         "jeito que recebeu; as que ela ficar viram uma compra pelos preços acima, à vista ou "
         "na caderneta, como combinarmos no acerto.")


def _malinha(conditional_id: int) -> Conditional:
    k = Conditional.get_or_none(Conditional.id == conditional_id)
    if k is None:
        raise NotFound("Essa condicional não existe.")
    return k


def _customer_lines(k: Conditional) -> list[str]:
    c = k.customer
    place = ", ".join(p for p in (c.address, c.neighbourhood, c.city) if p)
    return ([c.name] + ([f"CPF {format_cpf(c.cpf)}"] if c.cpf else [])
            + ([place] if place else []) + ([format_phone(c.phone)] if c.phone else []))


def _parties(k: Conditional, settings, narrow: bool) -> str:
    store = store_identity(settings)
    ours = [f"<b>{esc(store.name)}</b>"] + [esc(line) for line in store.lines[1:]]
    hers = _customer_lines(k)
    hers = [f"<b>{esc(hers[0])}</b>"] + [esc(line) for line in hers[1:]]
    if narrow:
        return (f"<p>Loja: {'<br>'.join(ours)}</p><p>Cliente: {'<br>'.join(hers)}</p>")
    return (f"{_TABLE}<tr><td width='50%' valign='top'>Loja<br>{'<br>'.join(ours)}</td>"
            f"<td width='50%' valign='top'>Cliente<br>{'<br>'.join(hers)}</td></tr></table>")


def _line_status(line: ConditionalLine) -> str:
    parts = [f"voltou {line.returned}" if line.returned else "",
             f"ficou {line.kept}" if line.kept else ""]
    return ", ".join(p for p in parts if p)


def _pieces(lines: list[ConditionalLine], narrow: bool) -> str:
    total = sum(line.quantity * line.unit_price_cents for line in lines)
    if narrow:
        rows = "".join(
            f"<tr><td>{esc(line.name)}<br>{line.quantity} × {format_brl(line.unit_price_cents)}"
            f" = <b>{format_brl(line.quantity * line.unit_price_cents)}</b>"
            f"{'<br>' + _line_status(line) if _line_status(line) else ''}</td></tr>"
            for line in lines)
        return (f"{_TABLE}{rows}<tr><td><b>Total se ficar com tudo: {format_brl(total)}</b>"
                "</td></tr></table>")
    rows = "".join(
        f"<tr><td width='36%'>{esc(line.description)}</td><td width='18%'>"
        f"{esc(line.variant_label or 'Único')}</td><td width='8%' align='right'>{line.quantity}"
        f"</td><td width='14%' align='right'>{format_brl(line.unit_price_cents)}</td>"
        f"<td width='14%' align='right'>{format_brl(line.quantity * line.unit_price_cents)}"
        f"</td><td width='10%'>&nbsp;{_line_status(line)}</td></tr>" for line in lines)
    return (f"{_TABLE}<tr><th align='left'>Peça</th><th align='left'>Tamanho e cor</th>"
            "<th align='right'>Qtd.</th><th align='right'>Preço</th><th align='right'>Total</th>"
            f"<th></th></tr>{rows}<tr><td colspan='4'><b>Total se ficar com tudo "
            f"({pieces_text(sum(line.quantity for line in lines))})</b></td>"
            f"<td align='right'><b>{format_brl(total)}</b></td><td></td></tr></table>")


def _dates(k: Conditional) -> str:
    text = (f"<p>Saiu em {format_date(k.sent_on)}. <b>Devolução combinada até "
            f"{format_date(k.return_by)} ({weekday_name(k.return_by)}).</b></p>")
    if k.closed_on is not None:
        text += f"<p><b>ACERTADA em {format_date(k.closed_on)}.</b></p>"
    return text


def _signatures(k: Conditional, store_name: str, narrow: bool) -> str:
    line = "_______________________________"
    if narrow:
        return (f"<p><br><br>{line}<br>{esc(k.customer.name)} (recebi as peças)"
                f"<br><br><br>{line}<br>{esc(store_name)}</p>")
    return (f"{_TABLE}<tr><td><br><br></td></tr><tr><td width='50%' align='center'>{line}<br>"
            f"{esc(k.customer.name)}<br>recebi as peças acima</td><td width='50%' "
            f"align='center'>{line}<br>{esc(store_name)}</td></tr></table>")


def conditional_document(conditional_id: int, today: date, settings, *,
                         page: PageFormat = PageFormat.A4) -> Document:
    """The Termo de condicional of the malinha (issued ``today``) as a Document."""
    k = _malinha(conditional_id)
    narrow = page is PageFormat.ROLL_80MM
    lines = conditional_lines(k.id)
    store = store_identity(settings)
    blocks = [heading(f"{TITLE} nº {k.id}", f"Malinha entregue em {format_date(k.sent_on)}"),
              _parties(k, settings, narrow), _pieces(lines, narrow), _dates(k),
              f"<p>{esc(TERMS)}</p>"]
    if k.note:
        blocks.append(f"<p>Observação: {esc(k.note)}</p>")
    blocks.append(_signatures(k, store.name, narrow))
    return Document(TITLE, store, today, tuple(blocks), page=page)


def conditional_text(conditional_id: int, settings) -> str:
    """The termo as a WhatsApp text: the same pieces, prices, total and return date."""
    k = _malinha(conditional_id)
    store = store_identity(settings)
    lines = conditional_lines(k.id)
    total = sum(line.quantity * line.unit_price_cents for line in lines)
    pieces = [f"• {line.name}: {format_brl(line.unit_price_cents)}" if line.quantity == 1 else
              f"• {line.name}: {line.quantity} × {format_brl(line.unit_price_cents)} = "
              f"{format_brl(line.quantity * line.unit_price_cents)}" for line in lines]
    who = _customer_lines(k)
    text = [f"*{TITLE} nº {k.id}*", " · ".join(store.lines), "",
            f"Cliente: {' · '.join(who[:2])}",
            f"Peças que saíram em {format_date(k.sent_on)}:", *pieces,
            f"Total se ficar com tudo: {format_brl(total)}",
            f"Devolução combinada até {format_date(k.return_by)} ({weekday_name(k.return_by)}).",
            "", TERMS]
    if k.note:
        text.append(f"Observação: {k.note}")
    text += ["", f"Qualquer dúvida, é só me chamar! {store.name}"]
    return "\n".join(text)
