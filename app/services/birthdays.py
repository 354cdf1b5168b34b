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
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.models.db import database
from app.services.contacts import log_contact
from app.services.loyalty import LoyaltyTier, tiers_all
from app.services.messages import MessageContext, openable_whatsapp_link, render_message
from app.services.phones import format_phone, is_mobile

WINDOW_DAYS = 7
STAGE_NAME = "Aniversário"


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

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone) or "sem telefone"

    @property
    def whatsapp_url(self) -> str | None:
        return openable_whatsapp_link(self.phone, self.message) if is_mobile(self.phone) else None

    @property
    def when(self) -> str:
        """"hoje", "amanhã" or "sexta, 27/11"."""
        return _when(self.celebrated_on, self.message_day)


def _when(day: date, today: date) -> str:
    from app.services.dates import WEEKDAYS_PT

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


_SQL = """
SELECT c.id, c.name, c.phone, c.birthday,
       (SELECT COALESCE(SUM(i.amount_cents - i.paid_cents), 0) FROM installment i
        WHERE i.customer_id = c.id AND i.paid_cents < i.amount_cents AND i.renegotiated = 0
          AND i.due_date < :today),
       (SELECT MAX(cl.contact_date) FROM contact_log cl
        WHERE cl.customer_id = c.id AND cl.stage_name = :stage)
FROM customer c WHERE c.birthday IS NOT NULL AND c.archived = 0
"""


def upcoming_birthdays(today: date, settings) -> list[BirthdayEntry]:
    """Birthdays from ``today`` through the next 6 days, soonest first (rules above)."""
    rows = database.execute_sql(_SQL, {"today": today.isoformat(), "stage": STAGE_NAME})
    tiers = None
    found = []
    for cid, name, phone, raw, overdue, last_sent in rows.fetchall():
        day = _in_window(date.fromisoformat(raw), today)
        if day is None:
            continue
        if settings.birthday_skip_overdue_cents and overdue > settings.birthday_skip_overdue_cents:
            continue
        tiers = tiers if tiers is not None else tiers_all(today, settings)
        tier = tiers.get(cid)
        context = MessageContext(name, (), today, settings.store_name,
                                 loyalty=tier.sentence if tier else "")
        sent = bool(last_sent) and date.fromisoformat(last_sent) >= day - timedelta(
            days=WINDOW_DAYS)
        found.append(BirthdayEntry(cid, name, phone, date.fromisoformat(raw), day, tier,
                                   render_message(settings.birthday_template, context), sent,
                                   message_day=today))
    found.sort(key=lambda e: (e.celebrated_on, e.name.casefold()))
    return found


def log_birthday(entry: BirthdayEntry, action: str, today: date,
                 now: datetime | None = None) -> int:
    """Log that the birthday message was copied (``copy``) or opened in WhatsApp."""
    return log_contact(entry.customer_id, action, today, stage_name=STAGE_NAME,
                       text=entry.message, now=now)
