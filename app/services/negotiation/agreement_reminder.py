"""The broken-agreement reminder: what Cobranças de hoje says to a customer whose agreement has
a late installment.

Rules (issue 19, made precise here):

- The agreement's words ("Do nosso acordo, ainda está em aberto…", the template
  ``agreement_broken_template``) speak only of the agreement's own installments in the
  reminder. Her other installments in the same reminder (a purchase outside the agreement)
  are never called "do nosso acordo": they follow in a line of their own, in the words of
  their own stage of the régua — "Fora do acordo, também está em aberto …" once late,
  "Fora do acordo, só para lembrar: …" before or on the due date, or up to the next
  business day for a due date on a weekend or holiday (``lateness.is_late``). One message
  a day, as always.
- An amount that includes multa and juros says so: "R$ 103,52 (com multa e juros)".
- The Pix code asks what the message states: when the message lists more than the
  agreement's amounts (her other installments), or the template shows only one of several
  amounts, a "Total" line states the figure the Pix asks — the reminder's total, the same
  as Em atraso and the payment dialog. The code goes last, on its own line, as in every
  reminder.
- Signed as every message (CDC art. 42-A): with the option on, the closing ``{loja}`` line
  becomes the store's identity (``messages.message_signature``), before the Pix code.
- The SMS (``broken_agreement_sms``) names the agreement's part as the agreement's and her
  other purchases apart ("de outras compras, mais R$ 82,96"), in one SMS: the longest
  wording that fits 160 characters, the shortest as a last resort, without the "Pix copia
  e cola por…" line if that is what fits (``messages.render_sms``). Like every SMS it goes
  unsigned (the signature does not fit; the WhatsApp and e-mail text carry it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.models.db import database
from app.services.br.pix import make_txid
from app.services.collection.messages import (
    SMS_MAX,
    MessageContext,
    format_parcelas,
    message_signature,
    pix_code,
    render_message,
    render_sms,
    sign_message,
)
from app.services.core.money import format_brl
from app.services.people.loyalty import tier_of
from app.services.receivables.lateness import is_late

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
    """Her other installments in their own words: "também está em aberto" once one is late
    (the one lateness rule: a weekend or holiday due date is late only after the next
    business day), "só para lembrar" before."""
    late = any(is_late(due, today) for due, _, _ in rest)
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
    message = sign_message("\n".join(t for t in text if t), message_signature(settings),
                           settings.store_name)
    if code and "{pix_copia_e_cola}" in template:
        message += f"\n\nPix copia e cola:\n{code}"
    return message, code


AGREEMENT_BROKEN_SMS = ("Oi, {nome}. Do nosso acordo, ficou {total} em aberto. Quando "
                        "consegue pagar?\n{pix_copia_e_cola}\n{loja}")
# With her other purchases listed too: the agreement's part named as the agreement's, the
# rest apart. Longest first; the first one that fits an SMS is sent.
_WITH_REST_SMS = (
    "Oi, {nome}. Do nosso acordo, ficou em aberto {acordo}; de outras compras, mais "
    "{outras}. Até quando consegue pagar?",
    "Oi, {nome}. Em aberto{juros}: {acordo} do nosso acordo e {outras} de outras compras. "
    "Até quando consegue pagar?",
    "Oi, {nome}. Em aberto{juros}: {acordo} do nosso acordo e {outras} de outras compras.",
)
_SMS_CLOSING = "\n{pix_copia_e_cola}\n{loja}"


def _amounts(ours: list, rest: list, together: bool) -> dict[str, str]:
    """The agreement's and the other purchases' amounts, each saying when fees are in it;
    ``together``: when both have fees, "com multa e juros" is said once, after "Em aberto"."""
    fees = (any(f for *_, f in ours), any(f for *_, f in rest))
    once = together and all(fees)
    acordo, outras = (format_brl(sum(c for _, c, _ in part))
                      + (" com multa e juros" if fee and not once else "")
                      for part, fee in ((ours, fees[0]), (rest, fees[1])))
    return {"acordo": acordo, "outras": outras, "juros": ", com multa e juros" if once else ""}


def broken_agreement_sms(entry, today: date, settings) -> str | None:
    """The short SMS of a Cobranças entry with a broken agreement (rules above); None when
    the reminder lists none of the agreement's installments (the régua's own SMS)."""
    ours, rest = _parts(entry)
    if not ours:
        return None
    context = MessageContext(entry.name, tuple((d, c) for d, c, _ in ours), today,
                             settings.store_name, entry.pix_code,
                             fee_cents=sum(f for _, _, f in ours))
    if not rest:
        return render_sms(AGREEMENT_BROKEN_SMS, context)
    forms = []
    for n, form in enumerate(_WITH_REST_SMS):
        for name, value in _amounts(ours, rest, together=n > 0).items():
            form = form.replace("{" + name + "}", value)  # amounts hold no braces
        forms.append(form + _SMS_CLOSING)
    texts = [render_sms(form, context, fit=False) for form in forms]
    # the shortest wording without the Pix line before an overlong one
    return next((t for t in texts if len(t) <= SMS_MAX), render_sms(forms[-1], context))
