"""Peewee models of collection: the contact log, payment promises, and the installments each
logged reminder listed (at its régua stage)."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from app.models.base import BaseModel
from app.models.db import stamp
from app.models.people import Customer
from app.models.receivables import Installment


class ContactLog(BaseModel):
    """One contact with a customer: message copied/opened, call, promise or skip."""

    customer = ForeignKeyField(Customer, backref="contacts", on_delete="CASCADE")
    contact_date = DateField()
    action = CharField()  # app.services.core.codes.ContactAction
    channel = CharField(default="")  # app.services.core.codes.Channel
    stage_offset = IntegerField(null=True)  # cadence stage (days from the due date)
    stage_name = CharField(default="")
    group_due = DateField(null=True)  # due date of the most late open installment then
    text = TextField(default="")  # the exact message sent or copied
    note = TextField(default="")
    created_at = DateTimeField(default=stamp)


class PaymentPromise(BaseModel):
    """"She said she pays on the 10th": reminders pause until ``promised_date``."""

    customer = ForeignKeyField(Customer, backref="promises", on_delete="CASCADE")
    created_on = DateField()
    promised_date = DateField()
    covers_due = DateField()  # open installments due up to this date are what she promised
    amount_cents = IntegerField(default=0)
    note = TextField(default="")
    cancelled = BooleanField(default=False)
    created_at = DateTimeField(default=stamp)


class ReminderItem(BaseModel):
    """One installment listed in a logged reminder, at the régua stage of that reminder."""

    contact = ForeignKeyField(ContactLog, backref="items", on_delete="CASCADE")
    customer = ForeignKeyField(Customer, on_delete="CASCADE")
    installment = ForeignKeyField(Installment, on_delete="CASCADE")
    stage_offset = IntegerField()


