"""A customer's page: her sales with items and installments, payments and totals."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.models.db import database
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.people.customers import CustomerData, credit_cents, get_customer
from app.services.pieces.return_history import ReturnView, returns_of_customer
from app.services.receivables.installments import (
    InstallmentState,
    Status,
    installment_label,
    installment_state,
)
from app.services.receivables.naming import installment_name
from app.services.receivables.payments import PaymentView, list_payments


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
    sale_label: str = ""
    agreement_id: int | None = None  # issue 12: an agreement's own installment
    purchase: str = ""  # the first item's description: "Biquíni"
    renegotiated_in: int | None = None  # issue 19: the agreement that replaced it

    @property
    def open_cents(self) -> int:
        return self.state.open_cents

    @property
    def name(self) -> str:
        """"Biquíni 1/4": the installment named with its purchase (or its agreement)."""
        if self.agreement_id:
            return installment_name(f"Acordo nº {self.agreement_id}", self.number, self.count)
        return installment_name(self.purchase, self.number, self.count)


@dataclass(frozen=True)
class ItemView:
    description: str
    variant: str
    quantity: int
    unit_price_cents: int
    returned: int = 0  # issue 22: how many of them came back (devolução or troca)


@dataclass(frozen=True)
class SaleView:
    id: int
    sale_date: date
    total_cents: int
    down_payment_cents: int
    items: tuple[ItemView, ...]
    installments: tuple[InstallmentView, ...]
    discount_cents: int = 0  # issue 12: loyalty discount taken off the items
    returns: tuple[ReturnView, ...] = ()  # issue 22: its returns and exchanges, oldest first
    entrada_cents: int = 0  # the entrada that stands (received and not reversed)

    @property
    def own_installments(self) -> tuple[InstallmentView, ...]:
        """Its installments without the agreements' ones attached to it (issue 19: those
        belong to their agreement, ``CustomerDetail.agreements``)."""
        return tuple(i for i in self.installments if not i.agreement_id)

    @property
    def summary(self) -> str:
        first = self.items[0].description if self.items else "Venda"
        more = len(self.items) - 1
        return f"{first} + {plural(more, 'item', 'itens')}" if more > 0 else first


@dataclass(frozen=True)
class AgreementView:
    """One agreement that stands, with its own installments (issue 19: its block of the
    extrato)."""

    id: int
    created_on: date
    total_cents: int
    installments: tuple[InstallmentView, ...]


@dataclass(frozen=True)
class CustomerDetail:
    customer: CustomerData
    sales: tuple[SaleView, ...]
    payments: tuple[PaymentView, ...]
    balance_cents: int
    overdue_cents: int
    credit_cents: int
    agreements: tuple[AgreementView, ...] = ()  # oldest first

    @property
    def returns(self) -> list[ReturnView]:
        """Her returns and exchanges, oldest first (issue 22)."""
        return sorted((r for s in self.sales for r in s.returns), key=lambda r: (r.day, r.id))

    @property
    def installments(self) -> list[InstallmentView]:
        """All her installments, by due date."""
        return sorted(
            (i for s in self.sales for i in s.installments), key=lambda i: (i.due_date, i.id)
        )

    @property
    def open_installments(self) -> list[InstallmentView]:
        return [i for i in self.installments if i.open_cents > 0]

    @property
    def prescribed_cents(self) -> int:
        """Open centavos of installments prescritas (``lateness``): in the balance, never
        asked."""
        return sum(i.open_cents for i in self.installments
                   if i.state.status is Status.PRESCRIBED)


_INSTALLMENTS_SQL = """
    SELECT id, sale_id, number, count, due_date, amount_cents, paid_cents, paid_date,
           renegotiated, agreement_id, renegotiated_in_id
    FROM installment WHERE customer_id = ? ORDER BY due_date, id"""
_AGREEMENTS_SQL = """
    SELECT id, created_on, total_cents FROM agreement
    WHERE customer_id = ? AND undone_on IS NULL ORDER BY created_on, id"""
_SALES_SQL = """
    SELECT s.id, s.sale_date, s.total_cents, s.down_payment_cents, s.discount_cents,
           (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payment p WHERE p.sale_id = s.id
            AND p.kind = 'down_payment' AND p.reversed_at IS NULL)
    FROM sale s WHERE s.customer_id = ? ORDER BY s.sale_date DESC, s.id DESC"""
_ITEMS_SQL = """
    SELECT i.sale_id, i.description, i.variant, i.quantity, i.unit_price_cents,
           COALESCE((SELECT SUM(r.quantity) FROM sale_return_item r
                     WHERE r.sale_item_id = i.id), 0)
    FROM sale_item i JOIN sale s ON s.id = i.sale_id WHERE s.customer_id = ? ORDER BY i.id"""


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def installment_views(customer_id: int, today: date) -> list[InstallmentView]:
    """Her installments with their state on ``today``, by due date."""
    views = []
    for iid, sale_id, number, count, due, amount, paid, paid_on, reneg, agreement_id, into in (
            database.execute_sql(_INSTALLMENTS_SQL, (customer_id,))):
        due_date = date.fromisoformat(due[:10])
        views.append(InstallmentView(
            iid, sale_id, number, count, due_date, amount, paid, _day(paid_on),
            installment_state(amount, paid, due_date, today, bool(reneg)),
            agreement_id=agreement_id, renegotiated_in=into))
    return views


def _sale_view(row: tuple, items: list[ItemView], insts: list[InstallmentView],
               returns: tuple[ReturnView, ...] = ()) -> SaleView:
    sale_id, day, total, down, discount, entrada = row
    sale_date = date.fromisoformat(day[:10])
    view = SaleView(sale_id, sale_date, total, down, tuple(items), (), discount, returns,
                    entrada)
    label = f"{format_date(sale_date)} · {view.summary}"
    purchase = items[0].description if items else ""
    return replace(view, installments=tuple(
        replace(i, sale_label=f"Acordo nº {i.agreement_id}" if i.agreement_id else label,
                purchase="" if i.agreement_id else purchase)
        for i in insts))


def customer_detail(customer_id: int, today: date) -> CustomerDetail:
    """Everything the customer page shows, computed for ``today``."""
    customer = get_customer(customer_id)
    by_sale: dict[int, list[InstallmentView]] = {}
    for inst in installment_views(customer_id, today):
        by_sale.setdefault(inst.sale_id, []).append(inst)
    items: dict[int, list[ItemView]] = {}
    for sale_id, *item in database.execute_sql(_ITEMS_SQL, (customer_id,)):
        items.setdefault(sale_id, []).append(ItemView(*item))
    returned: dict[int, list[ReturnView]] = {}
    for view in returns_of_customer(customer_id):
        returned.setdefault(view.sale_id, []).append(view)
    sale_views = tuple(_sale_view(row, items.get(row[0], []), by_sale.get(row[0], []),
                                  tuple(returned.get(row[0], ())))
                       for row in database.execute_sql(_SALES_SQL, (customer_id,)))
    open_insts = [i for v in sale_views for i in v.installments if i.open_cents > 0]
    return CustomerDetail(
        customer=customer,
        sales=sale_views,
        payments=tuple(list_payments(customer_id)),
        balance_cents=sum(i.open_cents for i in open_insts),
        overdue_cents=sum(i.open_cents for i in open_insts if i.state.days_late > 0),
        credit_cents=credit_cents(customer_id),
        agreements=_agreement_views(customer_id, sale_views),
    )


def _agreement_views(customer_id: int, sales: tuple[SaleView, ...]) -> tuple[AgreementView, ...]:
    """Her agreements that stand, each with its own installments by due date."""
    own: dict[int, list[InstallmentView]] = {}
    for inst in (i for s in sales for i in s.installments if i.agreement_id):
        own.setdefault(inst.agreement_id, []).append(inst)
    return tuple(
        AgreementView(aid, date.fromisoformat(day[:10]), total, tuple(sorted(
            own.get(aid, ()), key=lambda i: (i.due_date, i.number))))
        for aid, day, total in database.execute_sql(_AGREEMENTS_SQL, (customer_id,)))


def situation(inst: InstallmentView) -> str:
    """"em atraso (3 dias)", or "renegociada no acordo nº 5" for one an agreement replaced."""
    if inst.renegotiated_in:
        return f"{inst.state.label} no acordo nº {inst.renegotiated_in}"
    return inst.state.label


def _installment_rows(insts) -> list[str]:
    return [f"<tr><td>{format_date(i.due_date)}</td><td>&nbsp;&nbsp;Parcela "
            f"{installment_label(i.number, i.count)}</td><td align='right'>"
            f"{format_brl(i.amount_cents)}</td><td>{situation(i)}</td></tr>" for i in insts]


def statement_html(detail: CustomerDetail, store_name: str, today: date) -> str:
    """The customer's statement (extrato) as simple HTML, for screen and print."""
    from html import escape

    c = detail.customer
    out = [f"<h2>Extrato — {escape(c.name)}</h2>",
           f"<p>{escape(store_name)} · emitido em {format_date(today)}</p>",
           "<table border='0' cellspacing='0' cellpadding='4' width='100%'>",
           "<tr><th align='left'>Data</th><th align='left'>Descrição</th>"
           "<th align='right'>Valor</th><th align='left'>Situação</th></tr>"]
    for sale in sorted(detail.sales, key=lambda s: s.sale_date):
        out.append(f"<tr><td>{format_date(sale.sale_date)}</td><td><b>Compra:</b> "
                   f"{escape(sale.summary)}</td><td align='right'>{format_brl(sale.total_cents)}"
                   "</td><td>" + (f"desconto fidelidade {format_brl(sale.discount_cents)}"
                                  if sale.discount_cents else "") + "</td></tr>")
        out += _installment_rows(sale.own_installments)
        out += [f"<tr><td>{format_date(r.day)}</td><td>&nbsp;&nbsp;<b>{escape(r.label)}</b>"
                f"</td><td align='right'>{format_brl(r.added_cents - r.value_cents)}</td>"
                f"<td>{escape(r.effect)}</td></tr>" for r in sale.returns]
    for agreement in detail.agreements:  # issue 19: an agreement's installments, its own block
        out.append(f"<tr><td>{format_date(agreement.created_on)}</td><td><b>Acordo nº "
                   f"{agreement.id}</b></td><td align='right'>"
                   f"{format_brl(agreement.total_cents)}</td><td></td></tr>")
        out += _installment_rows(agreement.installments)
    for p in sorted(detail.payments, key=lambda p: p.payment_date):
        status = f"estornado: {escape(p.reversal_reason)}" if p.reversed else ""
        out.append(f"<tr><td>{format_date(p.payment_date)}</td><td><b>Pagamento</b> "
                   f"({escape(p.method_label)})</td><td align='right'>{format_brl(p.amount_cents)}"
                   f"</td><td>{status}</td></tr>")
    out.append("</table>")
    out.append(f"<p><b>Saldo em aberto: {format_brl(detail.balance_cents)}</b>")
    if detail.overdue_cents:
        out.append(f" · em atraso: {format_brl(detail.overdue_cents)}")
    if detail.credit_cents:
        out.append(f" · crédito: {format_brl(detail.credit_cents)}")
    out.append("</p>")
    return "".join(out)
