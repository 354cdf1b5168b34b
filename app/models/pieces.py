"""Peewee models of the pieces she sells: the catalogue (a piece and its size × colour grid),
every stock movement, and the returns and exchanges of a sale."""

from __future__ import annotations

from peewee import (
    BlobField,
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
from app.models.receivables import Installment, Payment, Sale, SaleItem


class Piece(BaseModel):
    """A catalogue item: "Vestido Lírio", reference "VL-01", R$ 189,90."""

    name = CharField()
    search_key = CharField(index=True)  # name and reference folded (accents, case)
    reference = CharField(default="")  # her code; unique when filled
    price_cents = IntegerField()
    cost_cents = IntegerField(null=True)
    photo = BlobField(null=True)  # a small JPEG/PNG, kept inside the file (and its backups)
    notes = TextField(default="")
    low_stock = IntegerField(default=1)  # a variant with this many or fewer is "acabando"
    archived = BooleanField(default=False)
    created_at = DateTimeField(default=stamp)


class PieceVariant(BaseModel):
    """One cell of the grid (size × colour; empty means "Único") and what is on the shelf."""

    piece = ForeignKeyField(Piece, backref="variants", on_delete="CASCADE")
    size = CharField(default="")
    colour = CharField(default="")
    stock = IntegerField(default=0)  # on the shelf; kept equal to its movements (same write)
    defective = IntegerField(default=0)  # returned "com defeito": out of stock, not lost
    archived = BooleanField(default=False)
    in_conditional = IntegerField(default=0)  # out in malinhas (issue 23), never below zero


class SaleReturn(BaseModel):
    """A return (devolução) or exchange (troca) of a sale's pieces, and what it did to money."""

    sale = ForeignKeyField(Sale, backref="returns", on_delete="RESTRICT")
    customer = ForeignKeyField(Customer, on_delete="RESTRICT")
    return_date = DateField()
    reason = TextField(default="")
    value_cents = IntegerField()  # the returned pieces at what she paid (discount share off)
    added_cents = IntegerField(default=0)  # exchange: the new pieces
    installments_cents = IntegerField(default=0)  # net change of open installments (− less)
    paid_now_cents = IntegerField(default=0)  # exchange difference she paid at once
    credit_cents = IntegerField(default=0)  # excess that became her credit
    refund_cents = IntegerField(default=0)  # excess paid back to her
    refund_method = CharField(default="")
    withdrawal = BooleanField(default=False)  # within the CDC art. 49 seven days
    payment = ForeignKeyField(Payment, null=True, on_delete="RESTRICT")  # credit or paid now
    created_at = DateTimeField(default=stamp)


class SaleReturnItem(BaseModel):
    """How many of one sale item came back, and where they went."""

    sale_return = ForeignKeyField(SaleReturn, backref="items", on_delete="CASCADE")
    sale_item = ForeignKeyField(SaleItem, backref="returned", on_delete="RESTRICT")
    quantity = IntegerField()
    defective = BooleanField(default=False)
    value_cents = IntegerField()


class SaleReturnInstallment(BaseModel):
    """What one return or exchange did to one installment (− taken off, + added)."""

    sale_return = ForeignKeyField(SaleReturn, backref="installments", on_delete="CASCADE")
    installment = ForeignKeyField(Installment, on_delete="RESTRICT")
    cents = IntegerField()


class StockMove(BaseModel):
    """One change of a variant's stock, never edited: the answer to "where did the three M
    go?". ``quantity`` is the signed change of the count its kind belongs to (the shelf, or
    the pieces kept aside as defective: ``app.services.pieces.stock.KIND_BUCKET``)."""

    variant = ForeignKeyField(PieceVariant, backref="moves", on_delete="RESTRICT")
    move_date = DateField()
    kind = CharField()  # app.services.pieces.stock.MoveKind
    quantity = IntegerField()
    count_after = IntegerField()  # that count after this move
    unit_cost_cents = IntegerField(null=True)  # entries: what she paid the supplier
    sale_item = ForeignKeyField(SaleItem, null=True, on_delete="RESTRICT")
    sale_return = ForeignKeyField(SaleReturn, null=True, on_delete="RESTRICT")
    note = TextField(default="")
    created_at = DateTimeField(default=stamp)
    conditional_id = IntegerField(null=True)  # the malinha it went to or came from (issue 23)
