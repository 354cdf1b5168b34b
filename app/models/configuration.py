"""Peewee model of her settings: key/value text (typed in ``app.services.configuration``)."""

from __future__ import annotations

from peewee import CharField, TextField

from app.models.base import BaseModel


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()
