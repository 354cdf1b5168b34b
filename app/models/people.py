"""Peewee models of the people she sells to: customers, and the LGPD log (no personal data)."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateField, DateTimeField, IntegerField, TextField

from app.models.base import BaseModel
from app.models.db import stamp


class Customer(BaseModel):
    name = CharField()
    search_key = CharField(index=True)  # name folded: lower case, no accents
    phone = CharField(null=True, index=True)  # E.164
    cpf = CharField(null=True, index=True)  # 11 digits
    email = CharField(default="")  # lower case; "" = none (issue 24)
    channel = CharField(default="")  # preferred Channel code; "" = automático (issue 24)
    birthday = DateField(null=True)
    address = CharField(default="")
    neighbourhood = CharField(default="")
    city = CharField(default="")
    notes = TextField(default="")
    credit_limit_cents = IntegerField(null=True)
    blocked = BooleanField(default=False)
    archived = BooleanField(default=False)
    created_at = DateTimeField(default=stamp)


class PrivacyLog(BaseModel):
    """One LGPD request carried out; holds no personal data (the customer id only)."""

    customer_id = IntegerField(index=True)
    action = CharField()  # exported | anonymized
    happened_at = DateTimeField()
    note = TextField(default="")
