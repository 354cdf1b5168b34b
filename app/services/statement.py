"""A customer's page: her sales with items and installments, payments and totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.entities import Installment, Sale, SaleItem
from app.services.customers import CustomerData, credit_cents, get_customer
from app.services.installments import InstallmentState, installment_state
from app.services.payments import PaymentView, list_payments


@dataclass(frozen=True)
class InstallmentView:
    id: int
    sale_id: int
    number: int
    count: int
    due_date: date
    amount_cents: int
    paid_cents: int
    paid_date: date | None
    state: InstallmentState

    @property
    def open_cents(self) -> int:
        return self.state.open_cents


@dataclass(frozen=True)
class ItemView:
    description: str
    variant: str
    quantity: int
    unit_price_cents: int


@dataclass(frozen=True)
class SaleView:
    id: int
    sale_date: date
    total_cents: int
    down_payment_cents: int
    items: tuple[ItemView, ...]
    installments: tuple[InstallmentView, ...]

    @property
    def summary(self) -> str:
        first = self.items[0].description if self.items else "Venda"
        more = len(self.items) - 1
        return f"{first} + {more} {'item' if more == 1 else 'itens'}" if more > 0 else first


@dataclass(frozen=True)
class CustomerDetail:
    customer: CustomerData
    sales: tuple[SaleView, ...]
    payments: tuple[PaymentView, ...]
    balance_cents: int
    overdue_cents: int
    credit_cents: int

    @property
    def installments(self) -> list[InstallmentView]:
        """All her installments, by due date."""
        return sorted(
            (i for s in self.sales for i in s.installments), key=lambda i: (i.due_date, i.id)
        )

    @property
    def open_installments(self) -> list[InstallmentView]:
        return [i for i in self.installments if i.open_cents > 0]


def installment_views(customer_id: int, today: date) -> list[InstallmentView]:
    """Her installments with their state on ``today``, by due date."""
    rows = Installment.select().where(Installment.customer == customer_id).order_by(
        Installment.due_date, Installment.id
    )
    return [
        InstallmentView(
            i.id, i.sale_id, i.number, i.count, i.due_date, i.amount_cents, i.paid_cents,
            i.paid_date,
            installment_state(i.amount_cents, i.paid_cents, i.due_date, today, i.renegotiated),
        )
        for i in rows
    ]


def customer_detail(customer_id: int, today: date) -> CustomerDetail:
    """Everything the customer page shows, computed for ``today``."""
    customer = get_customer(customer_id)
    by_sale: dict[int, list[InstallmentView]] = {}
    for inst in installment_views(customer_id, today):
        by_sale.setdefault(inst.sale_id, []).append(inst)
    sales = list(Sale.select().where(Sale.customer == customer_id).order_by(
        Sale.sale_date.desc(), Sale.id.desc()))
    items: dict[int, list[ItemView]] = {}
    for it in SaleItem.select().where(SaleItem.sale.in_([s.id for s in sales])).order_by(
            SaleItem.id):
        items.setdefault(it.sale_id, []).append(
            ItemView(it.description, it.variant, it.quantity, it.unit_price_cents))
    sale_views = tuple(
        SaleView(s.id, s.sale_date, s.total_cents, s.down_payment_cents,
                 tuple(items.get(s.id, ())), tuple(by_sale.get(s.id, ())))
        for s in sales
    )
    open_insts = [i for v in sale_views for i in v.installments if i.open_cents > 0]
    return CustomerDetail(
        customer=customer,
        sales=sale_views,
        payments=tuple(list_payments(customer_id)),
        balance_cents=sum(i.open_cents for i in open_insts),
        overdue_cents=sum(i.open_cents for i in open_insts if i.state.days_late > 0),
        credit_cents=credit_cents(customer_id),
    )
