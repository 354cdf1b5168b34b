"""Aniversariantes: customers whose birthday falls in the next 7 days, with a message.

Rules (issue 12, made precise here):

- The window is ``today`` through ``today + 6`` (7 days, today included). A birthday on
  29/02 is celebrated on 28/02 in years without 29/02.
- Archived customers are left out. When ``birthday_skip_overdue_cents`` > 0, so is anyone
  whose overdue principal (renegotiated installments excluded) is above it: a birthday
  message is not the moment to remind her, and not the moment to ignore the debt either.
- The message is ``birthday_template`` with ``{nome}``, ``{loja}`` and ``{fidelidade}``
  (her tier sentence, empty without a tier). Copy or WhatsApp is logged in Contatos with the
  stage name "Aniversário"; ``sent`` says one was logged since the window began this year.
- Her channel comes first (issue 24), as in Cobranças de hoje: ``channel`` is
  ``people.channels.effective_channel``; by e-mail the message goes with the subject
  ``Feliz aniversário, {nome}!`` (``email_url``); by SMS (``sms_text``) her birthday
  message as she wrote it, or, while the message is still the default one (with 🎉, "saúde"
  and the loyalty sentence, which would make it go as UCS-2 in two parts), the default
  SMS ``BIRTHDAY_SMS``, in the GSM-7 alphabet: one SMS. Like every SMS it goes unsigned
  (the CDC art. 42-A signature would pass 160 characters; the WhatsApp and e-mail text
  carry it), with the store's name short and plain spaces (``collection.sms``).
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.models.db import database
from app.services.br.phones import format_phone, is_mobile
from app.services.collection.contacts import log_contact
from app.services.collection.messages import (
    MessageContext,
    email_link,
    message_signature,
    openable_whatsapp_link,
    render_message,
    render_sms,
)
from app.services.configuration.settings import Settings
from app.services.core.changes import Topic, writes
from app.services.core.sql import flag, late, not_prescribed, open_installment
from app.services.core.text import first_name
from app.services.people.channels import effective_channel
from app.services.people.loyalty import LoyaltyTier, tiers_for
from app.services.receivables.lateness import sql_dates

WINDOW_DAYS = 7
STAGE_NAME = "Aniversário"
SUBJECT = "Feliz aniversário, {nome}!"
BIRTHDAY_SMS = "Parabéns, {nome}! Que seu dia seja lindo, cheio de alegria.\nUm beijo, {loja}"


@dataclass(frozen=True)
class BirthdayEntry:
    customer_id: int
    name: str
    phone: str | None
    birthday: date  # as stored (with the birth year)
    celebrated_on: date  # this year's date in the window
    tier: LoyaltyTier | None
    message: str
    sent: bool  # a birthday message was already logged for this birthday
    message_day: date = date.min  # the day the list was made (for "hoje"/"amanhã")
    email: str = ""
    channel_choice: str = ""  # as she chose it; "" = automático
    sms: str = ""  # the message without the store's signature ("" = the message as it is)

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone) or "sem telefone"

    @property
    def whatsapp_url(self) -> str | None:
        return openable_whatsapp_link(self.phone, self.message) if is_mobile(self.phone) else None

    @property
    def channel(self) -> str:
        """The channel to offer first, a ``Channel`` code."""
        return effective_channel(self.channel_choice, self.phone, self.email)

    @property
    def email_subject(self) -> str:
        return SUBJECT.format(nome=first_name(self.name))

    @property
    def email_url(self) -> str | None:
        """The ``mailto:`` link with the birthday message; None without e-mail."""
        return email_link(self.email, self.email_subject, self.message) if self.email else None

    @property
    def sms_text(self) -> str:
        """The SMS: her message unsigned, or ``BIRTHDAY_SMS`` (see the module docstring)."""
        return self.sms or self.message

    @property
    def when(self) -> str:
        """"hoje", "amanhã" or "sexta, 27/11"."""
        return _when(self.celebrated_on, self.message_day)


def _when(day: date, today: date) -> str:
    from app.services.core.dates import WEEKDAYS_PT

    if day == today:
        return "hoje"
    if day == today + timedelta(days=1):
        return "amanhã"
    return f"{WEEKDAYS_PT[day.weekday()]}, {day.day:02d}/{day.month:02d}"


def celebration_date(birthday: date, year: int) -> date:
    """The birthday in ``year`` (29/02 → 28/02 when the year has no 29/02)."""
    day = min(birthday.day, calendar.monthrange(year, birthday.month)[1])
    return date(year, birthday.month, day)


def _in_window(birthday: date, today: date) -> date | None:
    for year in (today.year, today.year + 1):
        day = celebration_date(birthday, year)
        if today <= day < today + timedelta(days=WINDOW_DAYS):
            return day
    return None


_SQL = ("SELECT id, name, phone, birthday, email, channel FROM customer "
        f"WHERE birthday IS NOT NULL AND {flag('archived', False)}")
_DETAILS_SQL = f"""
SELECT j.value,
       (SELECT COALESCE(SUM(i.amount_cents - i.paid_cents), 0) FROM installment i
        WHERE i.customer_id = j.value AND {open_installment("i")}
          AND {late("i")} AND {not_prescribed("i")}),
       (SELECT MAX(cl.contact_date) FROM contact_log cl
        WHERE cl.customer_id = j.value AND cl.stage_name = :stage)
FROM json_each(:ids) j
"""


def _in_the_window(today: date) -> list[tuple]:
    """(id, name, phone, birthday, celebrated on, e-mail, channel) of everyone celebrating
    in the window."""
    found = []
    for cid, name, phone, raw, email, channel in database.execute_sql(_SQL).fetchall():
        birthday = date.fromisoformat(raw)
        day = _in_window(birthday, today)
        if day is not None:
            found.append((cid, name, phone, birthday, day, email, channel))
    return found


def upcoming_birthdays(today: date, settings, messages: bool = True) -> list[BirthdayEntry]:
    """Birthdays from ``today`` through the next 6 days, soonest first (rules above).

    Only the customers in the window are looked at further (overdue amount, last birthday
    message, and with ``messages`` the tier and the message): 5,000 customers, 106
    birthdays in the week: ~30 ms without messages, ~45 ms with them.
    """
    people = _in_the_window(today)
    if not people:
        return []
    details = {row[0]: row[1:] for row in database.execute_sql(_DETAILS_SQL, {
        **sql_dates(today), "stage": STAGE_NAME,
        "ids": json.dumps([p[0] for p in people])}).fetchall()}
    limit = settings.birthday_skip_overdue_cents
    people = [p for p in people if not (limit and details[p[0]][0] > limit)]
    tiers = tiers_for([p[0] for p in people], today, settings) if messages else {}
    found = [_entry(p, details[p[0]][1], tiers.get(p[0]), today, settings, messages)
             for p in people]
    found.sort(key=lambda e: (e.celebrated_on, e.name.casefold()))
    return found


def _entry(person, last_sent, tier, today: date, settings, messages: bool) -> BirthdayEntry:
    cid, name, phone, birthday, day, email, channel = person
    context = MessageContext(name, (), today, settings.store_name,
                             loyalty=tier.sentence if tier else "",
                             signature=message_signature(settings))
    text = render_message(settings.birthday_template, context) if messages else ""
    sms = render_sms(birthday_sms_template(settings), context) if messages else ""
    sent = bool(last_sent) and date.fromisoformat(last_sent) >= day - timedelta(days=WINDOW_DAYS)
    return BirthdayEntry(cid, name, phone, birthday, day, tier, text, sent, message_day=today,
                         email=email or "", channel_choice=channel or "", sms=sms)


def birthday_sms_template(settings) -> str:
    """The birthday SMS template: ``BIRTHDAY_SMS`` while her birthday message is the default
    one, else her message (the SMS says what she wrote)."""
    template = settings.birthday_template
    return BIRTHDAY_SMS if template.strip() == Settings.birthday_template.strip() else template


@writes(Topic.CONTACTS)
def log_birthday(entry: BirthdayEntry, action: str, today: date,
                 now: datetime | None = None, *, channel: str | None = None,
                 note: str = "") -> int:
    """Log the birthday message: copied (``copy``, on ``channel`` when it was for SMS or a
    link that did not open), opened in WhatsApp or in her mail program, or a ``call``."""
    text = entry.sms_text if channel == "sms" else entry.message
    return log_contact(entry.customer_id, action, today, stage_name=STAGE_NAME,
                       channel=channel, text="" if action == "call" else text,
                       note=note, now=now)
