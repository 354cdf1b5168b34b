"""Peewee models of the condicional (malinha): pieces lent on approval with a return date,
each acerto of what came back and what she kept, and the reminders that named a malinha."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from app.models.base import BaseModel
from app.models.collection import ContactLog
from app.models.db import stamp
from app.models.people import Customer
from app.models.pieces import PieceVariant
from app.models.receivables import Sale


class Conditional(BaseModel):
    """A malinha: the pieces she took home on ``sent_on``, to give back by ``return_by``;
    ``closed_on`` is the day nothing of it was left out (NULL while open)."""

    customer = ForeignKeyField(Customer, backref="conditionals", on_delete="RESTRICT")
    sent_on = DateField()
    return_by = DateField()
    note = TextField(default="")
    closed_on = DateField(null=True)
    created_at = DateTimeField(default=stamp)


class ConditionalItem(BaseModel):
    """One variant in the malinha: how many went out at which price, how many came back and
    how many she kept (kept in step with the acertos, in the same write)."""

    conditional = ForeignKeyField(Conditional, backref="items", on_delete="CASCADE")
    variant = ForeignKeyField(PieceVariant, on_delete="RESTRICT")
    description = CharField()  # the piece's name when it went out
    variant_label = CharField(default="")  # "M rosa"
    quantity = IntegerField()
    unit_price_cents = IntegerField()
    returned = IntegerField(default=0)
    kept = IntegerField(default=0)

    @property
    def out(self) -> int:
        """Pieces of this line still with her."""
        return self.quantity - self.returned - self.kept


class ConditionalSettlement(BaseModel):
    """One acerto on ``settle_date``: pieces back and/or kept (the kept ones became ``sale``).
    An undone acerto stays as a record (``undone_on``); its sale is gone."""

    conditional = ForeignKeyField(Conditional, backref="settlements", on_delete="CASCADE")
    settle_date = DateField()
    sale = ForeignKeyField(Sale, null=True, on_delete="RESTRICT")
    kept_cents = IntegerField(default=0)  # the sale's total when it was made
    undone_on = DateField(null=True)
    created_at = DateTimeField(default=stamp)


class ConditionalSettlementItem(BaseModel):
    """What one acerto did to one line of the malinha."""

    settlement = ForeignKeyField(ConditionalSettlement, backref="items", on_delete="CASCADE")
    item = ForeignKeyField(ConditionalItem, on_delete="CASCADE")
    returned = IntegerField(default=0)
    kept = IntegerField(default=0)


class ConditionalReminder(BaseModel):
    """A malinha named by a logged reminder, at the stage of the malinha's régua it was at."""

    contact = ForeignKeyField(ContactLog, backref="conditionals", on_delete="CASCADE")
    conditional = ForeignKeyField(Conditional, on_delete="CASCADE")
    stage_offset = IntegerField()
