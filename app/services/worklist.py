"""Cobranças de hoje: whom to contact today, at which stage of the régua, with which words.

Rules (DESIGN.md, made precise here):

- A customer is a candidate when she has an open installment (not fully paid, not
  renegotiated) due on or before today + the first stage's lead (5 days by default).
- **The régua never goes backwards.** Each open installment has a stage: the one its own
  days from due reach (largest offset ≤ today − due), but never gentler than the most
  advanced stage of any reminder that already listed it (``reminder_item``, written when a
  reminder is copied, sent, called, promised or skipped). Her stage is the most advanced
  stage of her installments. So a payment never restarts the régua: paying the oldest
  installment leaves the next one at the stage it was already reminded at, and "Esqueceu?"
  never follows "Proposta de acordo" for the same installment.
- The message lists, each with its own due date and amount, the open installments already
  due (or, before the due date, those due within the lead); partial payments lower them.
  With multa/juros on, each amount includes its fees as of today, and the total says "com
  multa e juros": the same figure as Em atraso and the payment dialog. The Pix code carries
  exactly that total, with the txid ``CAD<ids>`` (``pix.make_txid``).
- She is listed when her message would tell her something new: at least one listed
  installment has not yet been in a reminder at her stage. Once logged, she leaves the list
  until an installment reaches a more advanced stage or a new one falls due. A payment does
  the same for the installments it paid part of (DESIGN.md: "a logged contact, a payment or
  a promise removes her until the next stage"): they count as told about the stage they
  had reached on the payment's date; an installment it did not touch keeps its own stage.
- **At most one reminder a day**: a reminder logged today (any stage) removes her until
  tomorrow. Contacts logged outside the worklist (no stage) do not count.
- A promise pauses her through the promised date (inclusive). Afterwards, if what it covered
  is still open, she comes back flagged ``broken_promise`` even with nothing new to say,
  until a reminder is logged after the promised date.
- Sundays, national holidays and hours outside 8h–20h only add warnings.
- Archived customers still appear when they owe: money owed is never hidden.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cached_property, partial

from app.models.collection import ContactLog
from app.models.db import database
from app.models.ledger import ReminderItem
from app.services.agreements import broken_agreements
from app.services.cadence import MIN_OFFSET, CadenceStage, lead_days, load_stages
from app.services.contacts import latest_promises, log_contact, record_promise
from app.services.fees import fees_enabled, installment_fees
from app.services.holidays import contact_warnings
from app.services.loyalty import tier_of
from app.services.messages import MessageContext, openable_whatsapp_link, pix_code, render_message
from app.services.phones import format_phone, is_mobile
from app.services.pix import make_txid
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
    items: tuple[tuple[date, int], ...]  # (due date, open centavos + its fees) in the message
    installment_ids: tuple[int, ...]
    standing: Standing
    compose: Callable[[], tuple[str, str]] = field(repr=False, compare=False)  # message, Pix
    broken_promise: date | None = None  # the date she promised and missed
    fee_cents: int = 0  # multa + juros included in the items (0 when off)
    broken_agreement: int | None = None  # issue 12: id of her agreement with a late installment

    @cached_property
    def _rendered(self) -> tuple[str, str]:
        return self.compose()

    @property
    def message(self) -> str:
        """The reminder text, rendered the first time it is asked for (the row is selected,
        copied or sent), not for every one of thousands of rows when the list is built."""
        return self._rendered[0]

    @property
    def pix_code(self) -> str:
        """The Pix copia e cola at the end of the message ("" without Pix)."""
        return self._rendered[1]

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
_FLOORS_SQL = """
SELECT r.installment_id, MAX(r.stage_offset) FROM reminder_item r
JOIN installment i INDEXED BY installment_open_due ON i.id = r.installment_id
WHERE {open} AND i.due_date <= :horizon
GROUP BY r.installment_id
""".format(open=open_installment("i"))
# a payment acknowledges the stage the installments it paid part of had reached on its date
_PAID_ON_SQL = """
SELECT a.installment_id, MAX(p.payment_date) FROM allocation a
JOIN payment p ON p.id = a.payment_id
JOIN installment i INDEXED BY installment_open_due ON i.id = a.installment_id
WHERE {open} AND i.paid_cents > 0 AND i.due_date <= :horizon
      AND p.kind = 'payment' AND p.reversed_at IS NULL
GROUP BY a.installment_id
""".format(open=open_installment("i"))
_LAST_REMINDER_SQL = """
SELECT customer_id, MAX(contact_date) FROM contact_log
WHERE stage_offset IS NOT NULL AND contact_date <= :today GROUP BY customer_id
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


@dataclass(frozen=True)
class _Candidate:
    customer_id: int
    name: str
    phone: str | None
    stage: CadenceStage
    installments: list  # the ones the message lists: (id, due, open centavos)
    news: bool  # some listed installment was never reminded at this stage
    broken_promise: date | None


def _reached(offsets: list[int], days: int) -> int:
    """Index + 1 of the stage reached ``days`` after a due date (0: none yet)."""
    return bisect_right(offsets, days)


def _floor(iid: int, due: date, floors: dict, paid_on: dict, offsets: list[int]) -> int:
    """The most advanced stage this installment was already told about: reminded at, or
    reached on the date of a payment that paid part of it (a payment removes her until the
    next stage, like a logged contact)."""
    floor = floors.get(iid, MIN_OFFSET - 1)
    if iid in paid_on:
        reached = _reached(offsets, (date.fromisoformat(paid_on[iid]) - due).days)
        if reached:
            floor = max(floor, offsets[reached - 1])
    return floor


def _listed(insts: list, today: date) -> list:
    """What the message lists: due up to today; before the first due date, the lead window."""
    limit = today if insts[0][1] <= today else insts[-1][1]
    return [i for i in insts if i[1] <= limit]


def _candidates(today: date, stages: tuple[CadenceStage, ...]) -> list[_Candidate]:
    """Customers at a stage today with something to say, not paused, not reminded today."""
    offsets = [s.offset for s in stages]
    horizon = {"horizon": (today + timedelta(days=lead_days(stages))).isoformat()}
    floors = dict(database.execute_sql(_FLOORS_SQL, horizon).fetchall())
    paid_on = dict(database.execute_sql(_PAID_ON_SQL, horizon).fetchall())
    last = {cid: date.fromisoformat(day) for cid, day in database.execute_sql(
        _LAST_REMINDER_SQL, {"today": today.isoformat()}).fetchall()}
    promises = latest_promises()
    found = []
    for cid, (name, phone, insts) in _open_by_customer(
            today + timedelta(days=lead_days(stages))).items():
        if last.get(cid) == today:
            continue  # at most one reminder a day
        reached = {iid: max(_reached(offsets, (today - due).days),
                            _reached(offsets, floors[iid]) if iid in floors else 0)
                   for iid, due, _ in insts}
        position = max(reached.values())
        if position == 0:
            continue
        stage = stages[position - 1]
        listed = _listed(insts, today)
        news = any(_floor(iid, due, floors, paid_on, offsets) < stage.offset
                   for iid, due, _ in listed)
        promise = promises.get(cid)
        broken = None
        if promise and promise.created_on <= today:
            if today <= promise.promised_date:
                continue  # paused until the promised date
            if insts[0][1] <= promise.covers_due:
                broken = promise.promised_date
        if news or (broken and last.get(cid, broken) <= broken):
            found.append(_Candidate(cid, name, phone, stage, listed, news, broken))
    return found


def todays_worklist(
    today: date,
    settings,
    *,
    now_hour: int | None = None,
    stages: tuple[CadenceStage, ...] | None = None,
) -> Worklist:
    """Cobranças de hoje for ``today`` (rules in the module docstring).

    ``settings`` gives the store name, Pix and multa/juros; ``stages`` defaults to the stored
    régua; ``now_hour`` (0–23) only feeds the "outside 8h–20h" warning.
    """
    stages = tuple(sorted(stages or load_stages(), key=lambda s: s.offset))
    standings = standing_all(today)
    broken = broken_agreements(today)  # issue 12
    entries = [_entry(c, today, settings, standings.get(c.customer_id, NO_HISTORY),
                      broken.get(c.customer_id))
               for c in _candidates(today, stages)]
    entries.sort(key=lambda e: (-e.stage.offset, -e.days_from_due, -e.total_cents,
                                e.name.casefold()))
    return Worklist(today, tuple(entries), contact_warnings(today, now_hour))


def _entry(c: _Candidate, today: date, settings, standing: Standing,
           broken_agreement: int | None = None) -> WorklistEntry:
    group_due = c.installments[0][1]
    if fees_enabled(settings):
        priced = [installment_fees(iid, due, cents, today, settings)
                  for iid, due, cents in c.installments]
        items = tuple((f.due_date, f.total_cents) for f in priced)
        fee = sum(f.fee_cents + f.interest_cents for f in priced)
    else:
        items, fee = tuple((due, cents) for _, due, cents in c.installments), 0
    ids = tuple(iid for iid, _, _ in c.installments)
    template = c.stage.template_for(standing.firm)
    if broken_agreement and group_due < today:  # issue 12: its own firm-but-kind message
        template = settings.agreement_broken_template
    return WorklistEntry(
        c.customer_id, c.name, c.phone, is_mobile(c.phone), c.stage, group_due,
        (today - group_due).days, items, ids, standing,
        partial(_compose, c.customer_id, c.name, items, ids, fee, template, today, settings),
        c.broken_promise, fee, broken_agreement,
    )


def _compose(customer_id: int, name: str, items, ids, fee: int, template: str, today: date,
             settings) -> tuple[str, str]:
    """(message, Pix code) of one entry: the code for exactly the total listed, at the very
    end on its own line; the loyalty sentence only when the template asks for it."""
    total = sum(cents for _, cents in items)
    code = pix_code(settings, total, make_txid(list(ids))) if settings.pix_key else ""
    context = MessageContext(name, items, today, settings.store_name, code, fee_cents=fee)
    if "{fidelidade}" in template:  # issue 12: looked up only when the template uses it
        context = replace(context, loyalty=tier_of(customer_id, today, settings).sentence)
    return _pix_last(render_message(template, context), code), code


def _pix_last(message: str, code: str) -> str:
    """The Pix code moved to the very end, on its own line: she pastes it in the bank app."""
    if not code or code not in message:
        return message
    lines = message.replace(code, "").split("\n")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()
    return f"{text}\n\nPix copia e cola:\n{code}"


def _remember(entry: WorklistEntry, contact_id: int) -> None:
    """Note which installments this reminder listed, at its stage (the régua's floor)."""
    ReminderItem.insert_many([
        {"contact": contact_id, "customer": entry.customer_id, "installment": iid,
         "stage_offset": entry.stage.offset} for iid in entry.installment_ids
    ]).execute()


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
    with database.atomic():
        contact_id = log_contact(
            entry.customer_id, action, today, stage_offset=entry.stage.offset,
            stage_name=entry.stage.name, group_due=entry.group_due, channel=channel,
            text="" if action == "skip" else message, note=note, now=now)
        _remember(entry, contact_id)
    return contact_id


def skip_entry(entry: WorklistEntry, today: date, note: str = "",
               now: datetime | None = None) -> int:
    """"Pular": log a skip; she leaves the list for this stage."""
    return log_entry_action(entry, "skip", today, note=note, now=now)


def promise_entry(entry: WorklistEntry, promised_date: date, today: date, note: str = "",
                  now: datetime | None = None) -> int:
    """"Prometeu pagar em…" for what this entry's message covers; returns the promise id."""
    with database.atomic():
        promise_id = record_promise(entry.customer_id, promised_date, today,
                                    covers_up_to=entry.items[-1][0], note=note,
                                    stage_offset=entry.stage.offset, stage_name=entry.stage.name,
                                    group_due=entry.group_due, now=now)
        contact = (ContactLog.select().where((ContactLog.customer == entry.customer_id)
                                             & (ContactLog.action == "promise"))
                   .order_by(ContactLog.id.desc()).first())
        _remember(entry, contact.id)
    return promise_id
