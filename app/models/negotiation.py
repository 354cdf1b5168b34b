"""Peewee model of agreements (acordos): a payment plan that replaced overdue installments."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from app.models.base import BaseModel
from app.models.db import stamp
from app.models.people import Customer


class Agreement(BaseModel):
    """One agreement (schema v6). Its new installments carry ``agreement_id``; the ones it
    replaced keep their rows, with ``renegotiated = 1`` and ``renegotiated_in_id``."""

    customer = ForeignKeyField(Customer, backref="agreements", on_delete="RESTRICT")
    created_on = DateField()
    principal_cents = IntegerField()  # open principal of the installments it replaced
    fees_cents = IntegerField(default=0)  # multa + juros accrued on created_on
    discount_cents = IntegerField(default=0)  # waived (fees first, then principal)
    interest_cents = IntegerField(default=0)  # financing interest added by the plan
    down_payment_cents = IntegerField(default=0)  # entrada (its own installment, due that day)
    total_cents = IntegerField()  # what she agreed to pay: sum of the new installments
    interval = CharField(default="monthly")
    text = TextField(default="")  # the agreement text as sent
    undone_on = DateField(null=True)
    created_at = DateTimeField(default=stamp)
