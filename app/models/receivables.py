"""Peewee models of what she is owed: sales with items, installments, payments, how each payment
was applied (allocations), the installments she ticked for it, and early-payment discounts.
Money in integer centavos."""

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


class Sale(BaseModel):
    customer = ForeignKeyField(Customer, backref="sales", on_delete="RESTRICT")
    sale_date = DateField()
    total_cents = IntegerField()
    down_payment_cents = IntegerField(default=0)
    interval = CharField(default="monthly")
    notes = TextField(default="")
    created_at = DateTimeField(default=stamp)
    discount_cents = IntegerField(default=0)  # loyalty discount taken off the items (v6)


class SaleItem(BaseModel):
    sale = ForeignKeyField(Sale, backref="items", on_delete="CASCADE")
    description = CharField()
    variant = CharField(default="")  # size / colour
    quantity = IntegerField(default=1)
    unit_price_cents = IntegerField()
    # schema v11 (pieces): the catalogue variant sold (a plain id: the model lives in
    # app.models.pieces), and "sob encomenda" (sold without taking stock)
    piece_variant_id = IntegerField(null=True)
    on_order = BooleanField(default=False)
    added_on = DateField(null=True)  # an exchange's new piece: the day it joined the sale


class Installment(BaseModel):
    sale = ForeignKeyField(Sale, backref="installments", on_delete="RESTRICT")
    customer = ForeignKeyField(Customer, backref="installments", on_delete="RESTRICT")
    number = IntegerField()
    count = IntegerField()
    due_date = DateField()
    amount_cents = IntegerField()
    paid_cents = IntegerField(default=0)  # kept in step with allocations, same transaction
    paid_date = DateField(null=True)  # date the installment became fully paid
    renegotiated = BooleanField(default=False)
    # schema v6 (agreements): plain ids, the Agreement model lives in app.models.negotiation
    agreement_id = IntegerField(null=True)  # an agreement's own installment
    renegotiated_in_id = IntegerField(null=True)  # the agreement that replaced this one
    interest_cents = IntegerField(default=0)  # financing interest inside amount_cents
    # schema v16 (issue 18), kept by the ledger and the worklist in each write's transaction:
    last_paid_on = DateField(null=True)  # latest valid payment that paid part of it
    reminded_offset = IntegerField(null=True)  # most advanced stage a reminder listed it at


class Payment(BaseModel):
    customer = ForeignKeyField(Customer, backref="payments", on_delete="RESTRICT")
    sale = ForeignKeyField(Sale, null=True, backref="payments", on_delete="RESTRICT")
    payment_date = DateField()
    amount_cents = IntegerField()
    method = CharField()  # app.services.core.codes.PaymentMethod
    kind = CharField(default="payment")  # app.services.core.codes.PaymentKind
    fee_cents = IntegerField(default=0)  # multa + juros received on top of amount_cents
    waived_fee_cents = IntegerField(default=0)  # multa + juros she did not charge (v12)
    note = TextField(default="")
    created_at = DateTimeField(default=stamp)
    reversed_at = DateTimeField(null=True)
    reversal_reason = TextField(default="")


class Allocation(BaseModel):
    payment = ForeignKeyField(Payment, backref="allocations", on_delete="CASCADE")
    installment = ForeignKeyField(Installment, backref="allocations", on_delete="RESTRICT")
    amount_cents = IntegerField()


class PaymentTarget(BaseModel):
    """An installment the reseller ticked for a payment; ``position`` keeps her order.

    Kept so that re-applying money after a reversal pays the ticked installments first again.
    """

    payment = ForeignKeyField(Payment, backref="targets", on_delete="CASCADE")
    installment = ForeignKeyField(Installment, on_delete="CASCADE")
    position = IntegerField()


class PaymentDiscount(BaseModel):
    """Desconto por antecipação granted with a payment on one installment (schema v6).

    Not money: ``ledger`` counts it as settled on the installment whenever it re-applies
    the payment (a reversed payment grants nothing)."""

    payment = ForeignKeyField(Payment, backref="discounts", on_delete="CASCADE")
    installment = ForeignKeyField(Installment, on_delete="CASCADE")
    percent_cents = IntegerField(default=0)  # x% off paying n days early (setting)
    interest_cents = IntegerField(default=0)  # agreement interest not run (CDC art. 52 §2)
