"""Cobranças de hoje: whom to contact today, at which stage of the régua, with which words.

Rules (DESIGN.md, made precise here):

- A customer is a candidate when she has an open installment (not fully paid, not
  renegotiated, not prescrita) due on or before today + the first stage's lead (5 days by
  default).
- Days from due follow ``lateness``: before the due date they count down (D−5), from the
  due date to its grace date they stay 0 (a Saturday due date is still "Vence hoje" on
  Sunday and Monday), then they are the days late: "Esqueceu?" (D+1) comes the day after
  the grace date, and multa and juros count from it too.
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
- Her channel (issue 24): each entry says which channel to offer first (``channel``:
  ``people.channels.effective_channel`` of her choice, phone and e-mail) and carries each
  channel's text: the message (WhatsApp, e-mail body, copy), the e-mail subject of the
  stage, the stage's short SMS (the Pix code replaced by a line saying it goes by WhatsApp
  or e-mail on request) and the ``mailto:`` link (``messages.email_link``).
- Archived customers still appear when they owe: money owed is never hidden.
- A malinha due back today or late (issue 23) joins her entry, or has one of its own, by
  the malinha's régua (``conditional.malinha_reminders``): one message, one contact a day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache, partial

from app.models.collection import ContactLog, ReminderItem
from app.models.db import database
from app.services.br.holidays import contact_warnings
from app.services.br.phones import format_phone, is_mobile
from app.services.br.pix import make_txid
from app.services.collection.cadence import MIN_OFFSET, CadenceStage, lead_days, load_stages
from app.services.collection.contacts import log_contact, record_promise
from app.services.collection.messages import (
    MessageContext,
    email_link,
    message_signature,
    offer_field,
    openable_whatsapp_link,
    pix_code,
    render_message,
    render_sms,
    render_subject,
)
from app.services.conditional.malinha_reminders import with_malinhas
from app.services.core.changes import Topic, writes
from app.services.core.errors import ValidationError
from app.services.core.row_order import sort_rows
from app.services.core.sql import (
    days_from_due,
    flag,
    not_prescribed,
    open_installment,
    sql_column,
)
from app.services.negotiation.agreement_reminder import (
    broken_agreement_message,
    broken_agreement_sms,
)
from app.services.negotiation.agreements import broken_agreements
from app.services.people.channels import effective_channel
from app.services.people.loyalty import tier_of
from app.services.people.standing import Standing, standing_lookup
from app.services.receivables import lateness
from app.services.receivables.asked import early_priced, offer_phrase
from app.services.receivables.fees import fee_sql
from app.services.receivables.lateness import sql_dates
from app.services.receivables.stored_checks import remember_reminded


@dataclass(frozen=True)
class WorklistEntry:
    """One customer to contact. ``sql`` is her row of ``worklist_sql`` as fetched; figures
    and installments are read from it on access (thousands are built, few are opened)."""

    sql: tuple = field(repr=False)
    stage: CadenceStage
    today: date
    standing_of: Callable[[int], Standing] = field(repr=False, compare=False)
    compose: Callable[[WorklistEntry], tuple[str, str, int]] = field(repr=False, compare=False)
    broken_agreement: int | None = None  # issue 12: id of her agreement with a late installment
    compose_short: Callable[[WorklistEntry], tuple[str, str]] | None = field(
        default=None, repr=False, compare=False)  # issue 24: (SMS text, e-mail subject)
    malinha: object | None = field(default=None, compare=False)  # issue 23: MalinhaDue

    @classmethod
    def of_rows(cls, rows: list[tuple], stages: dict[int, CadenceStage], today: date,
                standing_of, compose, broken: dict[int, int], compose_short) -> list:
        """One entry per row of ``worklist_sql`` (``stages`` by offset, ``broken`` agreement
        ids by customer), equal to ``cls(row, stages[row[3]], today, …)``; set at once
        instead of through the frozen dataclass's ``__init__``, whose eight
        ``object.__setattr__`` per entry cost ~9 ms of the 20 for 13,000 rows (issue 18)."""
        new, common = object.__new__, {
            "today": today, "standing_of": standing_of, "compose": compose,
            "compose_short": compose_short, "malinha": None}
        entries = []
        for row in rows:
            entry = new(cls)
            entry.__dict__.update(common, sql=row, stage=stages[row[3]],
                                  broken_agreement=broken.get(row[0]))
            entries.append(entry)
        return entries

    @cached_property
    def standing(self) -> Standing:
        """Her standing, classified when a row shows it or a message needs it (its figures
        were read with the list, by ``standing.standing_lookup``)."""
        return self.standing_of(self.customer_id)

    @cached_property
    def group_due(self) -> date:
        """Due date of her most late open installment."""
        return date.fromisoformat(self.sql[4])

    @cached_property
    def days_from_due(self) -> int:
        """Where today stands from ``group_due`` (``lateness.days_from_due``). A malinha alone
        (nothing to pay) counts plain days from its return date, as its régua does: pieces
        are not a payment, so no weekend grace."""
        if self.malinha is not None and not self.sql[8]:
            return self.malinha.days_late
        return lateness.days_from_due(self.group_due, self.today)

    @property
    def due_sign(self) -> int:
        """The sign of ``days_from_due`` — −1 before the due date, 0 from it to its grace
        date, 1 late — from the row's oldest due date alone (``lateness.late_until``: late
        is due on or before it), with no date arithmetic: the groups of Cobranças de hoje
        ask it of every row (issue 18: 13,000 at 20,000 customers)."""
        if self.malinha is not None and not self.sql[8]:
            days = self.malinha.days_late
            return (days > 0) - (days < 0)
        due, (today, late_until) = self.sql[4], _sign_bounds(self.today)
        if due > today:
            return -1
        return 1 if due <= late_until else 0

    customer_id = sql_column(0)  # int
    name = sql_column(1)  # str
    phone = sql_column(2)  # str | None

    @property
    def broken_promise(self) -> date | None:
        """The date she promised and missed."""
        return date.fromisoformat(self.sql[5]) if self.sql[5] else None

    total_cents = sql_column(6, "What the message asks: open centavos + their fees.")  # int
    fee_cents = sql_column(7, "Multa + juros included in the items (0 when off).")  # int

    @cached_property
    def _installments(self) -> tuple[tuple[int, date, int], ...]:
        """(id, due date, open centavos + fees) of what the message lists, oldest first:
        those due up to today, or all within the lead when none is; parsed from the SQL row
        the first time a message or a log needs it."""
        parts = [item.split(" ") for item in self.sql[8].split(",") if item]
        today = _sign_bounds(self.today)[0]
        listed = [p for p in parts if p[1] <= today] or parts  # ``worklist_sql``'s listed
        return tuple(sorted(((int(i), date.fromisoformat(d), int(c)) for i, d, c in listed),
                            key=lambda t: (t[1], t[0])))

    @property
    def items(self) -> tuple[tuple[date, int], ...]:
        """(due date, open centavos + its fees) of each installment in the message."""
        return tuple((due, cents) for _, due, cents in self._installments)

    @property
    def installment_ids(self) -> tuple[int, ...]:
        return tuple(iid for iid, _, _ in self._installments)

    @property
    def whatsapp(self) -> bool:
        """A mobile number: WhatsApp can be offered."""
        return is_mobile(self.phone)

    @cached_property
    def _rendered(self) -> tuple[str, str, int]:
        return self.compose(self)

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
    def pix_cents(self) -> int:
        """What the message and its Pix ask: the amounts listed, less the desconto por
        antecipação that paying today earns (the message then says "pagando até…")."""
        return self._rendered[2]

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

    @property
    def email(self) -> str:
        """Her e-mail address ("" without one)."""
        return self.sql[9] or ""

    @property
    def channel(self) -> str:
        """The channel to offer first, a ``Channel`` code (issue 24)."""
        return effective_channel(self.sql[10], self.phone, self.email)

    @cached_property
    def _short(self) -> tuple[str, str]:
        return self.compose_short(self) if self.compose_short else ("", "")

    @property
    def sms_text(self) -> str:
        """The short SMS version of the reminder (no Pix code: a line says how to get it)."""
        return self._short[0]

    @property
    def email_subject(self) -> str:
        return self._short[1]

    @property
    def email_url(self) -> str | None:
        """The ``mailto:`` link with the stage's subject and the message; None without
        e-mail."""
        return email_link(self.email, self.email_subject, self.message) if self.email else None


@lru_cache(maxsize=64)
def _sign_bounds(today: date) -> tuple[str, str]:
    """(today, ``lateness.late_until``) as ISO text: the bounds the worklist's rows are
    compared with (``due_sign``, the listed items, her late dues)."""
    return today.isoformat(), lateness.late_until(today).isoformat()


@dataclass(frozen=True)
class Worklist:
    today: date
    entries: tuple[WorklistEntry, ...]  # most advanced stage first
    warnings: tuple[str, ...]  # Sunday / holiday / hour: suggestions, never a block


NEVER_REMINDED = MIN_OFFSET - 1  # the floor of an installment no reminder listed yet
_LATER = 1_000_000  # added to what an installment not yet due was told: ``told_key``


def worklist_sql(offsets: tuple[int, ...], late_fee_bp: int = 0, interest_bp: int = 0) -> str:
    """The whole selection of the module docstring in one query (parameters of
    ``lateness.sql_dates`` and ``:horizon`` = today + the lead): one row per customer to
    contact, with (customer id, name, phone, stage offset, oldest due, broken promise date,
    total asked, fees in it, her open installments up to the horizon as
    ``"id due cents,…"``, e-mail, channel), in no order (sorting in SQL would copy every long
    list of items; Python sorts the rows). Fees are priced per installment by
    ``fees.fee_sql``, exactly as ``fees.installment_fees``.

    ``due``: her open installments up to the horizon, each with its days from due, its
    floor (the most advanced stage a reminder already listed it at: ``reminded_offset``) and
    the days from due on the latest payment that paid part of it (``last_paid_on``); both
    stored on the installment and kept by the writes (``receivables.stored_checks``), so the
    whole list is one pass over the ``installment_open_customer`` index. Her stage is the
    largest offset ≤ the most any installment reached: its own days, or its floor.
    ``listed``: due up to today (``now``); before her first due date, all within the lead
    (the figures of the ``now`` ones when there are any, else of all). ``told``:
    the most advanced stage an installment was told about, by a reminder (its floor) or by
    the latest payment that paid part of it (the stage reached on that payment's date);
    she has news when a listed installment was not told about her stage.

    Each aggregate costs about 0.25 µs per installment (32,000 at 20,000 customers), so the
    query keeps them few (issue 18): ``items`` lists all her installments up to the horizon
    and ``WorklistEntry`` keeps the listed ones when a message needs them (one not yet due
    has no fees, so its item is its open amount either way); ``told_key`` is the least
    ``told`` of the listed ones, those not yet due counted ``_LATER`` higher, so one ``MIN``
    says both; the total of the ``now`` ones, or when there are none, the plain sum of all
    (then none is late: no fees). The due dates of her open late installments, which her
    standing needs, are read from ``items`` too (``_LateDues``), not concatenated again.
    """
    def stage_of(days: str) -> str:  # the largest offset ≤ days (NULL before the first)
        return ("CASE " + " ".join(f"WHEN {days} >= {int(o)} THEN {int(o)}"
                                   for o in sorted(offsets, reverse=True)) + " END")

    fee, interest = fee_sql("open", "days", late_fee_bp, interest_bp)
    item = "id || ' ' || due_date || ' ' || (open + fee + interest)"
    return f"""
WITH due AS MATERIALIZED (
    SELECT i.customer_id AS cid, i.id, i.due_date, i.amount_cents - i.paid_cents AS open,
           {days_from_due("i.due_date")} AS days, i.reminded_offset AS floor,
           CASE WHEN i.last_paid_on IS NOT NULL
               THEN {days_from_due("i.due_date", "i.last_paid_on")} END AS paid_days,
           i.due_date <= :today AS now
    FROM installment i INDEXED BY installment_open_customer
    WHERE {open_installment("i")} AND i.due_date <= :horizon AND {not_prescribed("i")}
), priced AS (  -- cheap arithmetic on due's columns: computed where used
    SELECT *, {fee} AS fee, {interest} AS interest,
           MAX(COALESCE(floor, {NEVER_REMINDED}),
               COALESCE({stage_of("paid_days")}, {NEVER_REMINDED})) AS told
    FROM due
), her AS MATERIALIZED (
    SELECT cid, MIN(due_date) AS first_due,
           MAX(MAX(days, COALESCE(floor, {NEVER_REMINDED}))) AS reach,
           MIN(told + CASE WHEN now THEN 0 ELSE {_LATER} END) AS told_key,
           COALESCE(SUM(CASE WHEN now THEN open + fee + interest END), SUM(open)) AS total,
           SUM(fee + interest) AS fees, group_concat({item}, ',') AS items
    FROM priced GROUP BY cid
), staged AS MATERIALIZED (
    SELECT h.*, {stage_of("h.reach")} AS stage,
           (SELECT MAX(l.contact_date) FROM contact_log l WHERE l.customer_id = h.cid
            AND l.stage_offset IS NOT NULL AND l.contact_date <= :today) AS last,
           COALESCE(p.created_on <= :today, 0) AS promised, p.promised_date, p.covers_due
    FROM her h LEFT JOIN payment_promise p ON p.id = (
        SELECT MAX(q.id) FROM payment_promise q WHERE q.customer_id = h.cid
          AND {flag('q.cancelled', False)})
), ready AS (
    SELECT *, CASE WHEN promised AND first_due <= covers_due THEN promised_date END AS broken,
           CASE WHEN told_key >= {_LATER // 2} THEN told_key - {_LATER} ELSE told_key END
               AS listed_told
    FROM staged
    WHERE stage IS NOT NULL AND last IS NOT :today
      AND NOT (promised AND :today <= promised_date)
)
SELECT r.cid, c.name, c.phone, r.stage, r.first_due, r.broken, r.total, r.fees, r.items,
       c.email, c.channel
FROM ready r JOIN customer c ON c.id = r.cid
WHERE r.listed_told < r.stage
   OR (r.broken IS NOT NULL AND (r.last IS NULL OR r.last <= r.broken))
"""


class _LateDues:
    """Customer id → the due dates of her open late installments (``"2026-10-05,…"``, None
    for none), read from her row's items when her standing is classified (``standing_lookup``
    asks one customer at a time, for the rows that show it): open late are the items due on
    or before ``lateness.late_until`` (the items hold no prescrita)."""

    def __init__(self, rows: list[tuple], today: date):
        self._items = {r[0]: r[8] for r in rows}
        self._until = _sign_bounds(today)[1]

    def get(self, customer_id: int) -> str | None:
        items = self._items.get(customer_id) or ""
        dues = [d for d in (item.split(" ")[1] for item in items.split(",") if item)
                if d <= self._until]
        return ",".join(dues) or None


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
    by_offset = {s.offset: s for s in stages}
    sql = worklist_sql(tuple(by_offset), settings.late_fee_bp, settings.late_interest_bp)
    rows = database.execute_sql(sql, {
        **sql_dates(today),
        "horizon": (today + timedelta(days=lead_days(stages))).isoformat()}).fetchall()
    late_until = _sign_bounds(today)[1]  # her oldest is late: she is late
    standing = standing_lookup(today, [r[0] for r in rows], _LateDues(rows, today),
                               late_now=[r[0] for r in rows if r[4] <= late_until])
    broken = broken_agreements(today)  # issue 12
    compose = partial(_compose, today, settings)
    short = partial(_compose_short, today, settings)
    # most advanced stage, most late, largest total first; equal ones go by name
    sort_rows(rows, ((3, True), (4, False), (6, True)), name=1)
    entries = WorklistEntry.of_rows(rows, by_offset, today, standing, compose, broken, short)
    entries = with_malinhas(entries, today, settings)  # issue 23
    if settings.early_discount_bp or settings.agreement_interest_bp:
        for entry in entries:  # an offer ("pagando até…") is priced from the file: here,
            if entry.stage.offset < 0:  # on the reading thread, never when a row is chosen
                entry.message  # noqa: B018 - composed and kept now
    return Worklist(today, tuple(entries), contact_warnings(today, now_hour))


def _compose(today: date, settings, entry: WorklistEntry) -> tuple[str, str, int]:
    """(message, Pix code, amount asked) of one entry: the code for exactly the total listed,
    at the very end on its own line; the loyalty sentence only when the template asks for it.
    A broken agreement gets its own firm-but-kind message about its installments only
    (``agreement_reminder``, issues 12 and 19). When paying today earns the desconto por
    antecipação, the message says so after the amounts ("pagando até 23/11, fica R$ 71,25")
    and the Pix asks that amount (issue 19)."""
    if entry.broken_agreement and lateness.is_late(entry.group_due, today):
        broken = broken_agreement_message(entry, today, settings)
        if broken is not None:
            return (*broken, entry.total_cents)
    template = entry.stage.template_for(entry.standing.firm)
    cents, ids = _pix_scope(template, entry)
    discounts = _early_discounts(today, settings, entry)
    early = [discounts[iid] for iid in ids if iid in discounts]
    cents -= sum(off for off, _ in early)
    offer = offer_phrase(min(until for _, until in early), today, cents) if early else ""
    code = pix_code(settings, cents, make_txid(list(ids))) if settings.pix_key else ""
    field = offer_field(template)
    context = MessageContext(entry.name, entry.items, today, settings.store_name, code,
                             fee_cents=entry.fee_cents, signature=message_signature(settings),
                             offer=offer, offer_in=field)
    if "{fidelidade}" in template:  # issue 12: looked up only when the template uses it
        context = replace(context, loyalty=tier_of(entry.customer_id, today, settings).sentence)
    text = render_message(template, context)
    if offer and not field:  # the template states no amount: the offer gets its own line
        text = f"{text}\n{offer[0].upper()}{offer[1:]}."
    return _pix_last(text, code), code, cents


def _early_discounts(today: date, settings, entry: WorklistEntry) -> dict[int, tuple[int, date]]:
    """Installment id → (discount, last day it is earned) for the listed installments not
    yet due that a payment today would get the desconto por antecipação on (``asked``)."""
    if not (settings.early_discount_bp or settings.agreement_interest_bp):
        return {}  # no discount can be earned: nothing to read
    coming = [item for item in entry._installments if item[1] > today]
    return {a.installment_id: (a.discount_cents, a.discount_until)
            for a in (early_priced(coming, today, settings) if coming else ())
            if a.discount_cents}


def _compose_short(today: date, settings, entry: WorklistEntry) -> tuple[str, str]:
    """(SMS text, e-mail subject) of one entry, from its stage (issue 24); a broken
    agreement's SMS talks about the agreement, as its message does, and names her other
    purchases apart (``agreement_reminder.broken_agreement_sms``). SMS go unsigned: the
    store's CPF/CNPJ does not fit 160 characters (the WhatsApp and e-mail text carry it)."""
    template = entry.stage.sms
    context = MessageContext(entry.name, entry.items, today, settings.store_name,
                             entry.pix_code, fee_cents=entry.fee_cents)
    if "{fidelidade}" in template + entry.stage.subject:
        context = replace(context, loyalty=tier_of(entry.customer_id, today, settings).sentence)
    subject = render_subject(entry.stage.subject, context)
    if entry.broken_agreement and lateness.is_late(entry.group_due, today):
        broken = broken_agreement_sms(entry, today, settings)
        if broken is not None:
            return broken, subject
    return render_sms(template, context), subject


def _pix_scope(template: str, entry: WorklistEntry) -> tuple[int, tuple[int, ...]]:
    """(amount, installment ids) the Pix asks for: the total of what the message lists. A
    template that states only ``{valor}`` (the oldest installment) and neither ``{parcelas}``
    nor ``{total}`` lists one amount, so its Pix asks that amount, for that installment —
    never more than the text says. Otherwise (amounts listed, or none at all) the total."""
    if "{valor}" in template and "{parcelas}" not in template and "{total}" not in template:
        first_id, _due, first_cents = entry._installments[0]
        return first_cents, (first_id,)
    return entry.total_cents, entry.installment_ids


def _pix_last(message: str, code: str) -> str:
    """The Pix code moved to the very end, on its own line: she pastes it in the bank app."""
    if not code or code not in message:
        return message
    lines = message.replace(code, "").split("\n")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()
    return f"{text}\n\nPix copia e cola:\n{code}"


def _remember(entry: WorklistEntry, contact_id: int) -> None:
    """Note which installments this reminder listed, at its stage (the régua's floor), and
    the malinhas it named (issue 23)."""
    from app.services.conditional.malinha_reminders import remember_malinha

    remember_malinha(entry, contact_id)
    if not entry.installment_ids:
        return
    ReminderItem.insert_many([
        {"contact": contact_id, "customer": entry.customer_id, "installment": iid,
         "stage_offset": entry.stage.offset} for iid in entry.installment_ids
    ]).execute()
    remember_reminded(entry.installment_ids)


@writes(Topic.CONTACTS)
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


@writes(Topic.CONTACTS)
def skip_entry(entry: WorklistEntry, today: date, note: str = "",
               now: datetime | None = None) -> int:
    """"Pular": log a skip; she leaves the list for this stage."""
    return log_entry_action(entry, "skip", today, note=note, now=now)


@writes(Topic.CONTACTS)
def promise_entry(entry: WorklistEntry, promised_date: date, today: date, note: str = "",
                  now: datetime | None = None) -> int:
    """"Prometeu pagar em…" for what this entry's message covers; returns the promise id."""
    if not entry.items:  # a malinha alone (issue 23) has nothing to pay
        raise ValidationError({"promise": "Não há parcelas nesta mensagem para prometer."},
                              {"promise": "nothing_owed"})
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
