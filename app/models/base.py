"""The base of every model: bound to the one database, tables named in snake_case; the schema
version row."""

from __future__ import annotations

from peewee import DateTimeField, IntegerField, Model

from app.models.db import database, stamp


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField()
    applied_at = DateTimeField(default=stamp)
