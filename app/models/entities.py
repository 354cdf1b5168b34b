"""Peewee models: customers, sales, installments, payments and settings (money in centavos)."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from app.models.db import database, stamp


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField()
    applied_at = DateTimeField(default=stamp)


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()


class Customer(BaseModel):
    name = CharField()
    search_key = CharField(index=True)  # name folded: lower case, no accents
    phone = CharField(null=True, index=True)  # E.164
    cpf = CharField(null=True, index=True)  # 11 digits
    birthday = DateField(null=True)
    address = CharField(default="")
    neighbourhood = CharField(default="")
    city = CharField(default="")
    notes = TextField(default="")
    credit_limit_cents = IntegerField(null=True)
    blocked = BooleanField(default=False)
    archived = BooleanField(default=False)
    created_at = DateTimeField(default=stamp)


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
    # schema v6 (agreements): plain ids, the Agreement model lives in app.models.agreements
    agreement_id = IntegerField(null=True)  # an agreement's own installment
    renegotiated_in_id = IntegerField(null=True)  # the agreement that replaced this one
    interest_cents = IntegerField(default=0)  # financing interest inside amount_cents


class Payment(BaseModel):
    customer = ForeignKeyField(Customer, backref="payments", on_delete="RESTRICT")
    sale = ForeignKeyField(Sale, null=True, backref="payments", on_delete="RESTRICT")
    payment_date = DateField()
    amount_cents = IntegerField()
    method = CharField()  # app.services.codes.PaymentMethod
    kind = CharField(default="payment")  # app.services.codes.PaymentKind
    fee_cents = IntegerField(default=0)  # multa + juros received on top of amount_cents
    note = TextField(default="")
    created_at = DateTimeField(default=stamp)
    reversed_at = DateTimeField(null=True)
    reversal_reason = TextField(default="")


class Allocation(BaseModel):
    payment = ForeignKeyField(Payment, backref="allocations", on_delete="CASCADE")
    installment = ForeignKeyField(Installment, backref="allocations", on_delete="RESTRICT")
    amount_cents = IntegerField()


ALL_MODELS = [SchemaVersion, Setting, Customer, Sale, SaleItem, Installment, Payment, Allocation]
