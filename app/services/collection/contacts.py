"""Contact log (histórico de contatos) and payment promises ("prometeu pagar em…").

Texts are stored cleaned (``text``): notes with ``clean_text``, the message as sent without
its invisible characters (``strip_invisible``: nothing else of it changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.models.collection import ContactLog, PaymentPromise
from app.models.db import database
from app.models.people import Customer
from app.services.core.changes import Topic, writes
from app.services.core.codes import Channel, ContactAction, label
from app.services.core.dates import format_date
from app.services.core.errors import NotFound, ValidationError
from app.services.core.sql import NOT_PRESCRIBED, OPEN
from app.services.core.text import clean_text, strip_invisible
from app.services.receivables.lateness import prescribed_until

ACTIONS = {action.value: label(action) for action in ContactAction}
CHANNELS = {channel.value: label(channel) for channel in Channel}
DEFAULT_CHANNEL = {ContactAction.WHATSAPP: Channel.WHATSAPP, ContactAction.EMAIL: Channel.EMAIL,
                   ContactAction.CALL: Channel.PHONE}
MAX_PROMISE_DAYS = 90


@dataclass(frozen=True)
class ContactView:
    id: int
    contact_date: date
    action: str
    action_label: str
    channel: str
    channel_label: str
    stage_offset: int | None
    stage_name: str
    group_due: date | None
    text: str
    note: str


@writes(Topic.CONTACTS)
def log_contact(
    customer_id: int,
    action: str,
    today: date,
    *,
    stage_offset: int | None = None,
    stage_name: str = "",
    group_due: date | None = None,
    channel: str | None = None,
    text: str = "",
    note: str = "",
    now: datetime | None = None,
) -> int:
    """Record one contact (``action`` in ACTIONS) on ``today``; return its id.

    ``text`` is the exact message copied or sent; ``channel`` is the one actually used
    (issue 24: a copy for SMS is ``copy`` on ``sms``; a WhatsApp link that did not open is
    ``copy`` on ``whatsapp``, never ``whatsapp``), and defaults from the action (WhatsApp for
    ``whatsapp``, e-mail for ``email``, telefone for ``call``); ``now`` stamps ``created_at``.
    """
    if action not in ACTIONS:
        raise ValidationError({"action": "Escolha o que foi feito (copiar, WhatsApp, ligação…)."})
    channel = DEFAULT_CHANNEL.get(action, "") if channel is None else channel
    try:
        channel = Channel(channel)
    except ValueError:
        channel = None
    if channel is None:
        raise ValidationError({"channel": "Escolha o canal: WhatsApp, SMS, e-mail, telefone…"})
    if not Customer.select().where(Customer.id == customer_id).exists():
        raise NotFound("Cliente não encontrada.")
    values = dict(customer=customer_id, contact_date=today, action=action, channel=channel,
                  stage_offset=stage_offset, stage_name=clean_text(stage_name), group_due=group_due,
                  text=strip_invisible(text), note=clean_text(note, multiline=True))
    if now is not None:
        values["created_at"] = now
    with database.atomic():
        return ContactLog.create(**values).id


def list_contacts(customer_id: int) -> list[ContactView]:
    """Her contact history, newest first."""
    rows = (ContactLog.select().where(ContactLog.customer == customer_id)
            .order_by(ContactLog.contact_date.desc(), ContactLog.id.desc()))
    return [
        ContactView(r.id, r.contact_date, r.action, ACTIONS.get(r.action, r.action), r.channel,
                    CHANNELS.get(r.channel, r.channel), r.stage_offset, r.stage_name, r.group_due,
                    r.text, r.note)
        for r in rows
    ]


def _open_due_dates(customer_id: int, up_to: date, today: date) -> list[tuple[date, int]]:
    """Her open installments due up to ``up_to``, prescritas on ``today`` left out."""
    rows = database.execute_sql(
        "SELECT due_date, amount_cents - paid_cents FROM installment WHERE customer_id = :cid "
        f"AND {OPEN} AND due_date <= :up_to AND {NOT_PRESCRIBED} ORDER BY due_date",
        {"cid": customer_id, "up_to": up_to.isoformat(),
         "prescribed_until": prescribed_until(today).isoformat()},
    ).fetchall()
    return [(date.fromisoformat(d), cents) for d, cents in rows]


@writes(Topic.CONTACTS)
def record_promise(
    customer_id: int,
    promised_date: date,
    today: date,
    *,
    covers_up_to: date | None = None,
    note: str = "",
    stage_offset: int | None = None,
    stage_name: str = "",
    group_due: date | None = None,
    now: datetime | None = None,
) -> int:
    """Record "she promised to pay on ``promised_date``" and log it; return the promise id.

    The promise covers her open installments due up to ``covers_up_to`` (default: the later of
    ``promised_date`` and today); reminders pause until ``promised_date`` and she comes back,
    flagged, if those installments are still open after it.
    """
    if promised_date < today:
        raise ValidationError({"promised_date": "A data prometida já passou. Escolha hoje ou "
                                                 "um dia depois de hoje."})
    if promised_date > today + timedelta(days=MAX_PROMISE_DAYS):
        raise ValidationError({"promised_date": (
            f"Promessa para mais de {MAX_PROMISE_DAYS} dias: melhor propor um acordo.")})
    owed = _open_due_dates(customer_id, covers_up_to or max(promised_date, today), today)
    if not owed:
        raise ValidationError({"promised_date": "Ela não tem parcelas em aberto até essa data."})
    text = f"Prometeu pagar em {format_date(promised_date)}."
    with database.atomic():
        log_contact(customer_id, "promise", today, stage_offset=stage_offset,
                    stage_name=stage_name, group_due=group_due, text=text, note=note, now=now)
        values = dict(customer=customer_id, created_on=today, promised_date=promised_date,
                      covers_due=owed[-1][0], amount_cents=sum(c for _, c in owed),
                      note=clean_text(note, multiline=True))
        if now is not None:
            values["created_at"] = now
        return PaymentPromise.create(**values).id


@writes(Topic.CONTACTS)
def cancel_promise(promise_id: int) -> None:
    """Cancel a promise typed by mistake (it stays in the history, reminders resume)."""
    with database.atomic():
        if not PaymentPromise.update(cancelled=True).where(
                PaymentPromise.id == promise_id).execute():
            raise NotFound("Promessa não encontrada.")


@writes(Topic.CONTACTS)
def undo_contact(contact_id: int) -> None:
    """Take back a contact logged by mistake ("Desfazer" right after copying): the log entry is
    deleted, so she comes back to Cobranças de hoje at the same stage."""
    from app.models.collection import ReminderItem
    from app.services.receivables.stored_checks import remember_reminded

    with database.atomic():
        listed = [r.installment_id for r in ReminderItem.select(ReminderItem.installment)
                  .where(ReminderItem.contact == contact_id)]
        ReminderItem.delete().where(ReminderItem.contact == contact_id).execute()
        if not ContactLog.delete().where(ContactLog.id == contact_id).execute():
            raise NotFound("Contato não encontrado.")
        remember_reminded(listed)  # the régua's floor of what it had listed, recomputed
