"""Peewee model for the LGPD log: data exported for a customer, customer anonymised (v7)."""

from __future__ import annotations

from peewee import CharField, DateTimeField, IntegerField, TextField

from app.models.entities import BaseModel


class PrivacyLog(BaseModel):
    """One LGPD request carried out; holds no personal data (the customer id only)."""

    customer_id = IntegerField(index=True)
    action = CharField()  # exported | anonymized
    happened_at = DateTimeField()
    note = TextField(default="")
