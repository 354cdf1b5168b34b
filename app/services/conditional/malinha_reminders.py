"""Cobranças de hoje watches the malinha: who to remind of pieces due back today or late.

Rules (the installments' ones, for the malinha's own régua):

- A malinha is a candidate from its return date (its stage: the largest offset of the
  malinha's régua ≤ today − return date) while anything of it is out with her.
- She is listed when one of her malinhas reached a stage no reminder told it yet
  (``conditional_reminder``): once a stage is logged, the malinha waits for the next one.
  At most one reminder a day: a reminder logged today (any stage, installments' or
  malinha's) removes her until tomorrow, as it does in the installments' list.
- One message, one contact: when she also has an installment reminder today, the malinha
  joins it (its paragraph before the closing line, the Pix code last); otherwise she has an
  entry of her own, at the malinha's stage, with no amount to pay and no Pix. Her malinhas
  due or late are named together; logging the contact records each one at its own stage.
- The joined SMS stays one SMS (160 characters, ``SMS_MAX``): after the installment SMS's
  words comes the malinha's SMS (greeting and closing left out) when it fits; else one
  line, "Malinha: era para voltar em 20/11."; else that line takes the place of the
  "Pix copia e cola por…" line. Only an installment SMS she wrote too long on its own
  (the editor warns of it) ends longer, with that shortest form. Like every SMS, it says the
  store's name short and its amounts with a plain space (``collection.sms``); the default
  texts and the malinha's line are in the GSM-7 alphabet, so the SMS goes as one part
  unless her name (or the store's) has an ã, ç… (then it goes as UCS-2, 70 a part).
- The firm words go to recurrent delinquents, as for installments. Lateness never changes
  her standing.
"""

from __future__ import annotations

import re
from bisect import insort
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from app.models.conditional import ConditionalReminder
from app.models.db import database
from app.services.collection.cadence import stage_for
from app.services.collection.messages import (
    PIX_ON_REQUEST,
    SMS_MAX,
    message_signature,
    render_message,
    render_subject,
)
from app.services.collection.sms import sms_store_name, sms_text
from app.services.conditional.malinha_cadence import (
    MalinhaContext,
    MalinhaStage,
    load_malinha_stages,
    render_malinha_sms,
)
from app.services.people.standing import standing_lookup

_DUE_SQL = """
SELECT k.id, k.customer_id, k.sent_on, k.return_by,
       (SELECT MAX(r.stage_offset) FROM conditional_reminder r
        WHERE r.conditional_id = k.id) AS told,
       (SELECT MAX(l.contact_date) FROM contact_log l WHERE l.customer_id = k.customer_id
        AND l.stage_offset IS NOT NULL AND l.contact_date <= :today) AS last
FROM conditional k INDEXED BY conditional_open
WHERE k.closed_on IS NULL AND k.return_by <= :today
ORDER BY k.return_by, k.id
"""
_LINES_SQL = """
SELECT conditional_id, description, variant_label, quantity - returned - kept,
       (quantity - returned - kept) * unit_price_cents
FROM conditional_item WHERE conditional_id IN ({ids}) AND quantity - returned - kept > 0
ORDER BY conditional_id, id
"""


@dataclass(frozen=True)
class MalinhaDue:
    """Her malinhas due today or late, when one of them has something new to say."""

    customer_id: int
    stage: MalinhaStage  # the most advanced stage her malinhas reached
    reached: tuple[tuple[int, int], ...]  # (malinha id, its stage offset) of each one named
    sent_on: date  # of the oldest
    return_by: date  # the oldest return date
    pieces: tuple[tuple[str, int], ...]  # (name, quantity still with her)
    value_cents: int
    days_late: int  # today − the oldest return date

    @property
    def conditional_ids(self) -> tuple[int, ...]:
        return tuple(k for k, _ in self.reached)


def malinhas_due(today: date, stages=None) -> dict[int, MalinhaDue]:
    """customer id → her malinhas to remind of today (rules in the module docstring)."""
    stages = tuple(sorted(stages or load_malinha_stages(), key=lambda s: s.offset))
    rows = database.execute_sql(_DUE_SQL, {"today": today.isoformat()}).fetchall()
    mine: dict[int, list[tuple]] = defaultdict(list)
    for kid, cid, sent, back, told, last in rows:
        stage = stage_for(stages, (today - date.fromisoformat(back)).days)
        if last != today.isoformat() and stage is not None:
            mine[cid].append((kid, date.fromisoformat(sent), date.fromisoformat(back), stage,
                              told))
    news = {cid: ks for cid, ks in mine.items()
            if any(told is None or told < stage.offset for *_, stage, told in ks)}
    if not news:
        return {}
    lines = _lines([k[0] for ks in news.values() for k in ks])
    return {cid: _due(cid, ks, lines, today) for cid, ks in news.items()}


def _lines(ids: list[int]) -> dict[int, list[tuple[str, int, int]]]:
    found: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    sql = _LINES_SQL.format(ids=",".join("?" * len(ids)))
    for kid, description, label, out, cents in database.execute_sql(sql, ids).fetchall():
        found[kid].append((" ".join(p for p in (description, label) if p), out, cents))
    return found


def _due(cid: int, ks: list[tuple], lines, today: date) -> MalinhaDue:
    pieces: dict[str, int] = {}
    value = 0
    for kid, *_ in ks:
        for name, out, cents in lines[kid]:
            pieces[name] = pieces.get(name, 0) + out
            value += cents
    oldest = ks[0]  # ordered by return date
    stage = max((k[3] for k in ks), key=lambda s: s.offset)
    return MalinhaDue(cid, stage, tuple((k[0], k[3].offset) for k in ks), oldest[1], oldest[2],
                      tuple(pieces.items()), value, (today - oldest[2]).days)


def with_malinhas(entries: list, today: date, settings) -> list:
    """Cobranças de hoje's entries with her malinhas joined: an installment entry gains the
    malinha paragraph; a malinha alone gets an entry of its own, with her standing read for
    it (her history counts even with nothing open: the firm words for who is recorrente).
    Same order as the list: the most advanced stage first, the oldest date, the largest
    amount, the name."""
    from app.services.collection.worklist import WorklistEntry

    dues = malinhas_due(today)
    if not dues:
        return entries
    result = []
    for entry in entries:
        due = dues.pop(entry.customer_id, None)
        result.append(entry if due is None else replace(
            entry, malinha=due, compose=partial(compose_malinha, today, settings, entry.compose),
            compose_short=partial(short_malinha, today, settings, entry.compose_short)))
    standing_of = standing_lookup(today, list(dues)) if dues else None
    for row in _customers(dues):  # a malinha alone: into its place, the rest keep theirs
        due = dues[row[0]]
        sql = (row[0], row[1], row[2], due.stage.offset, due.return_by.isoformat(), None, 0, 0,
               "", row[3], row[4])
        insort(result, WorklistEntry(sql, due.stage, today, standing_of,
                                     partial(compose_malinha, today, settings, None),
                                     compose_short=partial(short_malinha, today, settings, None),
                                     malinha=due), key=_list_order)
    return result


def _list_order(entry) -> tuple:
    """Cobranças de hoje's order, read from the entry's row as ``todays_worklist`` sorts the
    rows: the most advanced stage first, the oldest date, the largest amount, the name."""
    row = entry.sql
    return -row[3], row[4], -row[6], row[1].casefold()


def _customers(dues: dict[int, MalinhaDue]) -> list[tuple]:
    ids = list(dues)
    return database.execute_sql(
        f"SELECT id, name, phone, email, channel FROM customer WHERE id IN "
        f"({','.join('?' * len(ids))})", ids).fetchall() if ids else []


def malinha_context(due: MalinhaDue, name: str, today: date, settings,
                    signed: bool = True) -> MalinhaContext:
    return MalinhaContext(name, due.pieces, due.value_cents, due.sent_on, due.return_by, today,
                          settings.store_name, message_signature(settings) if signed else "")


def compose_malinha(today: date, settings, base, entry) -> tuple[str, str, int]:
    """(message, Pix code, amount asked) of an entry with a malinha: the malinha's message
    alone (no Pix, nothing asked), or the installment message (``base``) with the malinha's
    paragraph joined."""
    template = entry.malinha.stage.template_for(entry.standing.firm)
    if base is None:
        return render_message(template, malinha_context(entry.malinha, entry.name, today,
                                                        settings)), "", 0
    message, code, cents = base(entry)
    paragraph = render_message(template, malinha_context(entry.malinha, entry.name, today,
                                                         settings, signed=False))
    return join_paragraph(message, paragraph, code, settings), code, cents


def short_malinha(today: date, settings, base, entry) -> tuple[str, str]:
    """(SMS, e-mail subject): the malinha's own, or the installment's with the malinha
    joined within one SMS (rules above; the subject stays the installment's)."""
    context = malinha_context(entry.malinha, entry.name, today, settings, signed=False)
    sms = render_malinha_sms(entry.malinha.stage.sms, context)
    if base is None:
        return sms, render_subject(entry.malinha.stage.subject, context)
    text, subject = base(entry)
    return join_sms(text, sms, malinha_line(context), sms_store_name(settings.store_name)), \
        subject


def malinha_line(context: MalinhaContext) -> str:
    """The malinha in one line of an SMS, in the GSM-7 alphabet: the return date."""
    back = context.value("devolucao")
    return ("Malinha: combinamos a volta para hoje." if back == "hoje"
            else f"Malinha: era para voltar em {back}.")


def join_sms(text: str, sms: str, line: str, store_name: str) -> str:
    """The installment SMS ``text`` with the malinha's ``sms`` joined, or its one ``line``,
    within ``SMS_MAX`` (the module's rules): the first of the three forms that fits.
    ``store_name`` is the store's name as the SMS say it (``sms.sms_store_name``)."""
    lines = text.rstrip().split("\n")
    cut = len(lines)
    if cut > 1 and store_name.strip() and store_name.strip() in lines[-1]:
        cut -= 1  # her closing line stays last
    if cut > 1 and lines[cut - 1].strip() == PIX_ON_REQUEST:
        cut -= 1  # and the Pix line before it
    words, tail = lines[:cut], lines[cut:]
    forms = (words + [_body(sms, store_name)] + tail, words + [line] + tail,
             words + [line] + [t for t in tail if t.strip() != PIX_ON_REQUEST])
    texts = [sms_text("\n".join(form)) for form in forms]
    return next((t for t in texts if len(t) <= SMS_MAX), texts[-1])


_GREETING = re.compile(
    r"(?:(?:oi|olá|ola|oie|bom dia|boa tarde|boa noite)\b[^!?.\n]*[!?.]"
    r"|tudo bem\b[^!?.\n]*[!?.]|[^\w\n]+)\s*", re.IGNORECASE)


def _body(paragraph: str, store_name: str) -> str:
    """The malinha's message without its greeting and its closing line (the store's name):
    what joins an installment message, which has both already."""
    text = paragraph.strip()
    while (found := _GREETING.match(text)) and found.end():
        text = text[found.end():]
    lines = text.split("\n")
    if len(lines) > 1 and store_name.strip() and store_name.strip() in lines[-1]:
        lines.pop()
    text = "\n".join(lines).strip()
    return text[:1].upper() + text[1:]


def join_paragraph(message: str, paragraph: str, code: str, settings) -> str:
    """``message`` with ``paragraph`` (greeting and closing left out) before its closing line
    — the store's name or signature —, and the Pix code, when there is one, still last."""
    tail = f"\n\nPix copia e cola:\n{code}"
    pix = bool(code) and message.endswith(tail)
    lines = (message[:-len(tail)] if pix else message).rstrip().split("\n")
    body = _body(paragraph, settings.store_name)
    closing = settings.store_name.strip()
    if len(lines) > 1 and closing and closing in lines[-1]:
        lines[-1:-1] = ["", body, ""]
    else:
        lines += ["", body]
    return "\n".join(lines) + (tail if pix else "")


def remember_malinha(entry, contact_id: int) -> None:
    """Note which malinhas this reminder named, each at its own stage (the régua's floor)."""
    if entry.malinha is None:
        return
    ConditionalReminder.insert_many([
        {"contact": contact_id, "conditional": kid, "stage_offset": offset}
        for kid, offset in entry.malinha.reached]).execute()
