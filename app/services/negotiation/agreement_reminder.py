"""The broken-agreement reminder: what Cobranças de hoje says to a customer whose agreement has
a late installment.

Rules (issue 19, made precise here):

- The agreement's words ("Do nosso acordo, ainda está em aberto…", the template
  ``agreement_broken_template``) speak only of the agreement's own installments in the
  reminder. Her other installments in the same reminder (a purchase outside the agreement)
  are never called "do nosso acordo": they follow in a line of their own, in the words of
  their own stage of the régua — "Fora do acordo, também está em aberto …" once late,
  "Fora do acordo, só para lembrar: …" before or on the due date. One message a day, as
  always.
- An amount that includes multa and juros says so: "R$ 103,52 (com multa e juros)".
- The Pix code asks what the message states: when the message lists more than the
  agreement's amounts (her other installments), or the template shows only one of several
  amounts, a "Total" line states the figure the Pix asks — the reminder's total, the same
  as Em atraso and the payment dialog. The code goes last, on its own line, as in every
  reminder.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.models.db import database
from app.services.br.pix import make_txid
from app.services.collection.messages import (
    MessageContext,
    format_parcelas,
    pix_code,
    render_message,
)
from app.services.core.money import format_brl
from app.services.people.loyalty import tier_of

_OPEN_SQL = "SELECT id, agreement_id, amount_cents - paid_cents FROM installment WHERE id IN ({})"


def _parts(entry) -> tuple[list, list]:
    """(agreement items, other items) of the entry, each (due, centavos asked, fees in it)."""
    ids = entry.installment_ids
    rows = {iid: (agreement_id, open_cents) for iid, agreement_id, open_cents in
            database.execute_sql(_OPEN_SQL.format(",".join("?" * len(ids))), ids)}
    ours, rest = [], []
    for iid, (due, cents) in zip(ids, entry.items, strict=True):
        agreement_id, open_cents = rows.get(iid, (None, cents))
        (ours if agreement_id else rest).append((due, cents, max(cents - open_cents, 0)))
    return ours, rest


def _total_line(items: list) -> str:
    total, fees = sum(c for _, c, _ in items), sum(f for _, _, f in items)
    return f"Total: {format_brl(total)}" + (" com multa e juros." if fees else ".")


def _listed(items: list, today: date) -> str:
    return format_parcelas(tuple((d, c) for d, c, _ in items), today,
                           tuple(f for _, _, f in items))


def _rest_line(rest: list, today: date) -> str:
    late = any(due < today for due, _, _ in rest)
    lead = ("Fora do acordo, também está em aberto" if late
            else "Fora do acordo, só para lembrar:")
    return f"{lead} {_listed(rest, today)}."


def broken_agreement_message(entry, today: date, settings) -> tuple[str, str] | None:
    """(message, Pix code) of a Cobranças entry with a broken agreement (rules above); None
    when the reminder lists none of the agreement's installments (the régua's own message).

    ``entry`` is a ``worklist.WorklistEntry``: its listed installments, name and total."""
    template = settings.agreement_broken_template
    ours, rest = _parts(entry)
    if not ours:
        return None
    lines = template.rstrip().split("\n")
    signed = lines[-1].strip() == "{loja}"
    body = "\n".join(lines[:-1]) if signed and len(lines) > 1 else template
    context = MessageContext(entry.name, tuple((d, c) for d, c, _ in ours), today,
                             settings.store_name, "", fee_cents=sum(f for _, _, f in ours),
                             fees_by_item=tuple(f for _, _, f in ours))
    if "{fidelidade}" in template:
        context = replace(context, loyalty=tier_of(entry.customer_id, today, settings).sentence)
    text = [render_message(body, context)]
    shows_all = "{parcelas}" in template or "{total}" in template or len(ours) == 1
    if rest:
        text.append(_rest_line(rest, today))
    if rest or not shows_all:
        text.append(_total_line(ours + rest))
    if signed and len(lines) > 1:
        text.append(settings.store_name)
    code = (pix_code(settings, entry.total_cents, make_txid(list(entry.installment_ids)))
            if settings.pix_key else "")
    message = "\n".join(t for t in text if t)
    if code and "{pix_copia_e_cola}" in template:
        message += f"\n\nPix copia e cola:\n{code}"
    return message, code
