"""Peewee models of schema v5: ticked installments of a payment, installments of a reminder."""

from __future__ import annotations

from peewee import ForeignKeyField, IntegerField

from app.models.collection import ContactLog
from app.models.entities import BaseModel, Customer, Installment, Payment


class PaymentTarget(BaseModel):
    """An installment the reseller ticked for a payment; ``position`` keeps her order.

    Kept so that re-applying money after a reversal pays the ticked installments first again.
    """

    payment = ForeignKeyField(Payment, backref="targets", on_delete="CASCADE")
    installment = ForeignKeyField(Installment, on_delete="CASCADE")
    position = IntegerField()


class ReminderItem(BaseModel):
    """One installment listed in a logged reminder, at the régua stage of that reminder."""

    contact = ForeignKeyField(ContactLog, backref="items", on_delete="CASCADE")
    customer = ForeignKeyField(Customer, on_delete="CASCADE")
    installment = ForeignKeyField(Installment, on_delete="CASCADE")
    stage_offset = IntegerField()


LEDGER_MODELS = [PaymentTarget, ReminderItem]
