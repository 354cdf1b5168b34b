"""Cobranças de hoje: whom to contact today, at which stage of the régua, with which words.

Rules (DESIGN.md, made precise here):

- A customer is a candidate when she has an open installment (not fully paid, not
  renegotiated) due on or before today + the first stage's lead (5 days by default).
- Her *installment group* is identified by ``group_due``, the due date of her most late open
  installment; her stage is the stage with the largest offset ≤ today − group_due. Two
  installments at different stages give one entry, at the most advanced stage.
- The message lists the open installments already due (or, before the due date, those due
  within the lead), with their open amounts: partial payments lower them.
- A contact logged (copy, WhatsApp, call, promise, skip…) at that stage for that group removes
  her until she reaches the next stage. A payment that leaves nothing due removes her at once.
- A promise pauses her through the promised date (inclusive). Afterwards, if what it covered
  is still open, she comes back flagged ``broken_promise`` even at a stage already contacted,
  until a contact is logged at her stage after the promised date.
- Sundays, national holidays and hours outside 8h–20h only add warnings.
- Archived customers still appear when they owe: money owed is never hidden.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from app.models.db import database
from app.services.agreements import broken_agreements
from app.services.cadence import CadenceStage, lead_days, load_stages
from app.services.contacts import latest_promises, log_contact, record_promise
from app.services.holidays import contact_warnings
from app.services.loyalty import tier_of
from app.services.messages import MessageContext, openable_whatsapp_link, pix_code, render_message
from app.services.phones import format_phone, is_mobile
from app.services.sql import open_installment
from app.services.standing import NO_HISTORY, Standing, standing_all


@dataclass(frozen=True)
class WorklistEntry:
    customer_id: int
    name: str
    phone: str | None
    whatsapp: bool  # a mobile number: WhatsApp can be offered
    stage: CadenceStage
    group_due: date  # due date of her most late open installment
    days_from_due: int  # today − group_due (negative before the due date)
    items: tuple[tuple[date, int], ...]  # (due date, open centavos) in the message
    installment_ids: tuple[int, ...]
    standing: Standing
    message: str
    broken_promise: date | None = None  # the date she promised and missed
    broken_agreement: int | None = None  # issue 12: id of her agreement with a late installment

    @property
    def total_cents(self) -> int:
        return sum(cents for _, cents in self.items)

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone) or "sem telefone"

    @property
    def whatsapp_url(self) -> str | None:
        """The wa.me link, or None (no mobile, or a link over 2,000 characters: copy instead)."""
        return openable_whatsapp_link(self.phone, self.message) if self.whatsapp else None

    @property
    def link_too_long(self) -> bool:
        return self.whatsapp and self.whatsapp_url is None


@dataclass(frozen=True)
class Worklist:
    today: date
    entries: tuple[WorklistEntry, ...]  # most advanced stage first
    warnings: tuple[str, ...]  # Sunday / holiday / hour: suggestions, never a block


_OPEN_SQL = """
SELECT i.customer_id, i.id, i.due_date, i.amount_cents - i.paid_cents, c.name, c.phone
FROM installment i INDEXED BY installment_open_due JOIN customer c ON c.id = i.customer_id
WHERE {open} AND i.due_date <= :horizon
ORDER BY i.customer_id, i.due_date, i.id
""".format(open=open_installment("i"))
_CONTACTED_SQL = """
SELECT j.key, (SELECT MAX(cl.contact_date) FROM contact_log cl
               WHERE cl.customer_id = json_extract(j.value, '$[0]')
                 AND cl.group_due = json_extract(j.value, '$[1]')
                 AND cl.stage_offset = json_extract(j.value, '$[2]')
                 AND cl.contact_date <= :today)
FROM json_each(:keys) j
"""


def _open_by_customer(horizon: date) -> dict[int, tuple[str, str | None, list]]:
    """customer id → (name, phone, [(installment id, due date, open centavos), …])."""
    found: dict[int, tuple[str, str | None, list]] = {}
    for cid, iid, due, open_cents, name, phone in database.execute_sql(
            _OPEN_SQL, {"horizon": horizon.isoformat()}).fetchall():
        if cid not in found:
            found[cid] = (name, phone, [])
        found[cid][2].append((iid, date.fromisoformat(due), open_cents))
    return found


def _last_contacts(keys: list[tuple[int, date, int]], today: date) -> list[date | None]:
    """For each (customer, group due, stage offset): the last contact date at that stage."""
    if not keys:
        return []
    payload = json.dumps([[c, g.isoformat(), s] for c, g, s in keys])
    rows = database.execute_sql(_CONTACTED_SQL, {"keys": payload, "today": today.isoformat()})
    last = [None] * len(keys)
    for index, value in rows.fetchall():
        last[index] = date.fromisoformat(value) if value else None
    return last


@dataclass(frozen=True)
class _Candidate:
    customer_id: int
    name: str
    phone: str | None
    stage: CadenceStage
    installments: list
    broken_promise: date | None


def _candidates(today: date, stages: tuple[CadenceStage, ...]) -> list[_Candidate]:
    """Customers at a stage today and not paused by a promise (contacts not yet checked)."""
    offsets = [s.offset for s in stages]
    promises = latest_promises()
    found = []
    for cid, (name, phone, insts) in _open_by_customer(
            today + timedelta(days=lead_days(stages))).items():
        position = bisect_right(offsets, (today - insts[0][1]).days)
        if position == 0:
            continue
        promise = promises.get(cid)
        broken = None
        if promise and promise.created_on <= today:
            if today <= promise.promised_date:
                continue  # paused until the promised date
            if insts[0][1] <= promise.covers_due:
                broken = promise.promised_date
        found.append(_Candidate(cid, name, phone, stages[position - 1], insts, broken))
    return found


def todays_worklist(
    today: date,
    settings,
    *,
    now_hour: int | None = None,
    stages: tuple[CadenceStage, ...] | None = None,
) -> Worklist:
    """Cobranças de hoje for ``today`` (rules in the module docstring).

    ``settings`` gives the store name and Pix; ``stages`` defaults to the stored régua;
    ``now_hour`` (0–23) only feeds the "outside 8h–20h" warning.
    """
    stages = tuple(sorted(stages or load_stages(), key=lambda s: s.offset))
    candidates = _candidates(today, stages)
    last = _last_contacts(
        [(c.customer_id, c.installments[0][1], c.stage.offset) for c in candidates], today)
    standings = standing_all(today)
    broken = broken_agreements(today)
    entries = [
        _entry(c, today, settings, standings.get(c.customer_id, NO_HISTORY),
               broken.get(c.customer_id))
        for c, contacted in zip(candidates, last, strict=True)
        if contacted is None or (c.broken_promise and contacted <= c.broken_promise)
    ]
    entries.sort(key=lambda e: (-e.stage.offset, -e.days_from_due, -e.total_cents,
                                e.name.casefold()))
    return Worklist(today, tuple(entries), contact_warnings(today, now_hour))


def _entry(c: _Candidate, today: date, settings, standing: Standing,
           broken_agreement: int | None = None) -> WorklistEntry:
    group_due = c.installments[0][1]
    limit = today if group_due <= today else c.installments[-1][1]
    chosen = [(iid, due, cents) for iid, due, cents in c.installments if due <= limit]
    items = tuple((due, cents) for _, due, cents in chosen)
    total = sum(cents for _, cents in items)
    txid = f"CAD{c.customer_id}P{chosen[0][0]}"[:25]
    context = MessageContext(c.name, items, today, settings.store_name,
                             pix_code(settings, total, txid))
    template = c.stage.template_for(standing.firm)
    if broken_agreement and group_due < today:  # issue 12: its own firm-but-kind message
        template = settings.agreement_broken_template
    if "{fidelidade}" in template:  # issue 12: looked up only when the template uses it
        context = replace(context, loyalty=tier_of(c.customer_id, today, settings).sentence)
    message = render_message(template, context)
    return WorklistEntry(
        c.customer_id, c.name, c.phone, is_mobile(c.phone), c.stage, group_due,
        (today - group_due).days, items, tuple(iid for iid, _, _ in chosen), standing, message,
        c.broken_promise, broken_agreement,
    )


def log_entry_action(
    entry: WorklistEntry,
    action: str,
    today: date,
    *,
    channel: str | None = None,
    text: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """Log what was done for this entry (copy, whatsapp, call, skip…) at its stage and group;
    ``text`` defaults to the entry's message. She leaves the list until the next stage."""
    message = entry.message if text is None else text
    return log_contact(entry.customer_id, action, today, stage_offset=entry.stage.offset,
                       stage_name=entry.stage.name, group_due=entry.group_due, channel=channel,
                       text="" if action == "skip" else message, note=note, now=now)


def skip_entry(entry: WorklistEntry, today: date, note: str = "",
               now: datetime | None = None) -> int:
    """"Pular": log a skip; she leaves the list for this stage."""
    return log_entry_action(entry, "skip", today, note=note, now=now)


def promise_entry(entry: WorklistEntry, promised_date: date, today: date, note: str = "",
                  now: datetime | None = None) -> int:
    """"Prometeu pagar em…" for what this entry's message covers; returns the promise id."""
    return record_promise(entry.customer_id, promised_date, today,
                          covers_up_to=entry.items[-1][0], note=note,
                          stage_offset=entry.stage.offset, stage_name=entry.stage.name,
                          group_due=entry.group_due, now=now)
