"""Acordos: close a payment plan for a late customer, undo it, follow it (open/broken/done).

Rules (issue 12, made precise here; the arithmetic is in ``agreement_plans``):

- Closing is one transaction. The chosen installments stay as they were (amount, paid part,
  due date) with ``renegotiated = 1`` and ``renegotiated_in_id`` = the agreement: every
  overdue figure (Em atraso, Cobranças, Painel, balances, payments) ignores them, while the
  standing still counts them as late episodes (``standing``). The agreement's installments
  (the entrada due today, then the plan) are ordinary installments with ``agreement_id``,
  attached to the sale of the oldest installment they replace; they go through the régua
  like any other. The contact log records the agreement with its text. Her money is then
  re-applied (``ledger.settle``), as after any change to her installments.
- The entrada (or the whole amount, à vista) can be received in the same step as closing
  (``entrada_method``): a payment dated ``today`` ticked for that installment, in the same
  transaction, so it can never go to an older installment outside the agreement.
- Undo: only the newest agreement of a chain, and only while nothing of it is paid; the
  replaced installments come back exactly (rules in ``agreement_undo``).
- Status on ``today``: *desfeito* (undone), *cumprido* (every installment paid), *quebrado*
  (an installment of it open and late: past its grace date, ``lateness`` — one due on a
  Saturday and paid on Monday never breaks it), otherwise *em dia*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from peewee import SQL

from app.models.db import database
from app.models.negotiation import Agreement
from app.models.people import Customer
from app.models.receivables import Installment
from app.services.collection.contacts import log_contact
from app.services.configuration.settings import load_settings
from app.services.core.changes import Changes, Topic, writes
from app.services.core.errors import NotFound, ValidationError
from app.services.core.sql import LATE, NOT_PRESCRIBED, OPEN, late, not_prescribed, open_installment
from app.services.negotiation.agreement_plans import (
    AgreementBasis,
    AgreementOption,
    agreement_basis,
    build_option,
    proposals,
)
from app.services.negotiation.agreement_text import agreement_text
from app.services.negotiation.agreement_undo import undo_agreement
from app.services.receivables import ledger
from app.services.receivables.lateness import days_late, sql_dates
from app.services.receivables.payments import record_payment

__all__ = ["AGREEMENT_CHANGES", "AgreementOption", "AgreementRow", "AgreementStatus",
           "agreement_basis", "agreement_text_of", "broken_agreements", "close_agreement",
           "list_agreements", "pay_first", "propose_options", "undo_agreement"]


# what closing or undoing an agreement changes, for the screens to refresh
AGREEMENT_CHANGES = Changes.of(Topic.AGREEMENTS, Topic.PAYMENTS, Topic.CUSTOMERS,
                               Topic.CONTACTS)


class AgreementStatus(StrEnum):
    OPEN = "open"
    BROKEN = "broken"
    COMPLETED = "completed"
    RENEGOTIATED = "renegotiated"  # what was left of it went into a later agreement
    UNDONE = "undone"


STATUS_LABELS = {
    AgreementStatus.OPEN: "Em dia",
    AgreementStatus.BROKEN: "Quebrado",
    AgreementStatus.COMPLETED: "Cumprido",
    AgreementStatus.RENEGOTIATED: "Renegociado",
    AgreementStatus.UNDONE: "Desfeito",
}


def propose_options(customer_id: int, today: date,
                    installment_ids: list[int] | None = None) -> list[AgreementOption]:
    """The proposals for renegotiating ``installment_ids`` (default: her overdue ones)."""
    settings = load_settings()
    return proposals(agreement_basis(customer_id, today, settings, installment_ids), settings)


def _checked(basis: AgreementBasis, option: AgreementOption, settings) -> AgreementOption:
    """``option`` rebuilt from the basis: refuses figures that do not add up or break the room."""
    stale = ValidationError({"option": (
        "Os valores do acordo mudaram (algum pagamento entrou?). Revise a proposta e "
        "feche de novo.")}, {"option": "changed"})
    try:
        rebuilt = build_option(
            basis, settings, down_payment_cents=option.down_payment_cents, count=option.count,
            first_due=option.first_due_asked or option.first_due, interval=option.interval,
            discount_cents=option.discount_cents, label=option.label)
    except ValidationError as exc:
        raise ValidationError({**exc.errors, **stale.errors},
                              {**exc.codes, **stale.codes}) from None
    if (rebuilt.installments != list(option.installments)
            or rebuilt.total_cents != option.total_cents):
        raise stale
    return rebuilt


@writes(*AGREEMENT_CHANGES.topics)
def close_agreement(customer_id: int, option: AgreementOption, today: date,
                    installment_ids: list[int] | None = None, *,
                    entrada_method: str | None = None) -> int:
    """Save ``option`` for ``installment_ids`` (default: her overdue ones); return its id.

    With ``entrada_method`` (a payment method code) the entrada — or the whole amount of an
    à vista agreement — is recorded as paid today, by that method, in the same transaction.
    """
    settings = load_settings()
    if not Customer.select().where(Customer.id == customer_id).exists():
        raise NotFound("Cliente não encontrada.")
    with database.atomic():
        basis = agreement_basis(customer_id, today, settings, installment_ids)
        option = _checked(basis, option, settings)
        agreement = Agreement.create(
            customer=customer_id, created_on=today, principal_cents=basis.principal_cents,
            fees_cents=basis.fees_cents, discount_cents=option.discount_cents,
            interest_cents=option.interest_cents, down_payment_cents=option.down_payment_cents,
            total_cents=option.total_cents, interval=option.interval)
        first_id = _replace_installments(agreement.id, customer_id, basis, option, today)
        ledger.settle(customer_id)  # her money re-applied over the new installments
        paid = bool(entrada_method and option.down_payment_cents)
        if paid:
            _receive_entrada(agreement.id, customer_id, first_id, option, entrada_method,
                             today, settings)
        text = agreement_text(agreement.id, basis, option, today, settings, entrada_paid=paid)
        Agreement.update(text=text).where(Agreement.id == agreement.id).execute()
        first_due = option.schedule(today)[0][0]
        # logged at the first payment's stage, so "Vence hoje" does not repeat an entrada
        log_contact(customer_id, "agreement", today, text=text,
                    note=f"Acordo nº {agreement.id} fechado.", group_due=first_due,
                    stage_offset=0 if first_due == today else None)
    return agreement.id


def _receive_entrada(agreement_id: int, customer_id: int, installment_id: int,
                     option: AgreementOption, method: str, today: date, settings) -> None:
    """The entrada she paid at closing: a payment of exactly it, ticked for it (no fees,
    no early discount: it is what was just agreed)."""
    what = "Entrada" if option.count else "Pagamento à vista"
    record_payment(customer_id, option.down_payment_cents, today, method, today,
                   note=f"{what} do acordo nº {agreement_id}", installment_ids=[installment_id],
                   settings=settings, early_discount=False)


def _replace_installments(agreement_id: int, customer_id: int, basis: AgreementBasis,
                          option: AgreementOption, today: date) -> int:
    """Mark the basis replaced and add the agreement's installments; return the first's id."""
    old = Installment.get_by_id(basis.installment_ids[0])
    Installment.update(renegotiated=True, renegotiated_in_id=agreement_id).where(
        Installment.id.in_(basis.installment_ids)).execute()
    schedule = option.schedule(today)
    Installment.insert_many([
        {"sale": old.sale_id, "customer": customer_id, "number": n, "count": len(schedule),
         "due_date": due, "amount_cents": cents, "interest_cents": interest,
         "agreement_id": agreement_id}
        for n, (due, cents, interest, _) in enumerate(schedule, 1)
    ]).execute()
    return (Installment.select(Installment.id).where(Installment.agreement_id == agreement_id)
            .order_by(Installment.number).first().id)


@dataclass(frozen=True)
class AgreementRow:
    id: int
    customer_id: int
    name: str
    created_on: date
    total_cents: int
    paid_cents: int
    installments: int
    installments_paid: int
    next_due: date | None
    next_due_cents: int
    status: AgreementStatus
    days_late: int  # of its oldest late installment (broken ones)
    text: str = ""
    renegotiated_in: int | None = None  # the newer agreement part of it went into
    can_undo: bool = False  # the page offers "Desfazer" (rules in ``agreement_undo``)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def progress(self) -> str:
        """"2/4 parcelas pagas"."""
        return f"{self.installments_paid}/{self.installments} pagas"

    @property
    def undo_note(self) -> str:
        """Why "Desfazer" is not offered for it, in pt-BR ("" when it is)."""
        if self.can_undo:
            return ""
        if self.status is AgreementStatus.UNDONE:
            return "Este acordo já foi desfeito."
        if self.renegotiated_in:
            return (f"Renegociado no acordo nº {self.renegotiated_in}: desfaça aquele "
                    "primeiro.")
        return ("Já tem pagamento: estorne o pagamento (aba Pagamentos da cliente) antes de "
                "desfazer.")


_LIST_SQL = """
SELECT a.id, a.customer_id, c.name, a.created_on, a.total_cents, a.undone_on, a.text,
       COALESCE(SUM(i.paid_cents), 0), COUNT(i.id),
       COALESCE(SUM(i.paid_cents >= i.amount_cents), 0), COALESCE(SUM(i.renegotiated), 0),
       MIN(CASE WHEN {open_i} THEN i.due_date END),
       MIN(CASE WHEN {open_i} AND {late_i} THEN i.due_date END),
       MAX(CASE WHEN i.renegotiated THEN i.renegotiated_in_id END)
FROM agreement a JOIN customer c ON c.id = a.customer_id
LEFT JOIN installment i ON i.agreement_id = a.id
{where}
GROUP BY a.id ORDER BY a.created_on DESC, a.id DESC
"""


def _status(undone, count, paid_count, renegotiated, oldest_late) -> AgreementStatus:
    if undone:
        return AgreementStatus.UNDONE
    if oldest_late:
        return AgreementStatus.BROKEN
    if paid_count == count:
        return AgreementStatus.COMPLETED
    if renegotiated and paid_count + renegotiated == count:
        return AgreementStatus.RENEGOTIATED
    return AgreementStatus.OPEN


def list_agreements(today: date, customer_id: int | None = None,
                    include_undone: bool = False) -> list[AgreementRow]:
    """Agreements, newest first, with progress and next due on ``today``."""
    where = "WHERE a.customer_id = :cid" if customer_id is not None else ""
    rows = database.execute_sql(
        _LIST_SQL.format(where=where, open_i=open_installment("i"),
                         late_i=f"{late('i')} AND {not_prescribed('i')}"),
        {**sql_dates(today), "cid": customer_id}).fetchall()
    next_cents = _next_due_cents([r[0] for r in rows])
    out = []
    for (aid, cid, name, created, total, undone, text, paid, count, paid_count, renegotiated,
         nxt, oldest, newer) in rows:
        status = _status(undone, count, paid_count, renegotiated, oldest)
        if status is AgreementStatus.UNDONE and not include_undone:
            continue
        out.append(AgreementRow(
            aid, cid, name, date.fromisoformat(created), total, paid, count, paid_count,
            date.fromisoformat(nxt) if nxt else None, next_cents.get(aid, 0), status,
            days_late(date.fromisoformat(oldest), today) if oldest else 0, text, newer,
            status is not AgreementStatus.UNDONE and not newer and paid == 0))
    return out


def _next_due_cents(agreement_ids: list[int]) -> dict[int, int]:
    """Open centavos of each agreement's next open installment."""
    found: dict[int, int] = {}
    if not agreement_ids:  # most customers: no read at all (an empty IN still sorts a scan)
        return found
    for inst in (Installment.select().where(
            Installment.agreement_id.in_(agreement_ids)
            & SQL(OPEN))  # core.sql: the same installment as the next due date of _LIST_SQL
            .order_by(Installment.due_date, Installment.id)):
        found.setdefault(inst.agreement_id, inst.amount_cents - inst.paid_cents)
    return found


def pay_first(installments, today: date) -> list:
    """What Receber pagamento proposes first (issue 19): of ``installments`` (views with
    ``agreement_id``, ``due_date``, ``open_cents``), the agreement's open ones due on or before
    ``today``, in the given order — so that her money keeps the agreement instead of paying an
    older purchase outside it and leaving the agreement broken the next day."""
    return [i for i in installments
            if i.agreement_id and i.open_cents > 0 and i.due_date <= today]


def agreement_text_of(agreement_id: int) -> str:
    """The text saved when the agreement was closed."""
    agreement = Agreement.get_or_none(Agreement.id == agreement_id)
    if agreement is None:
        raise NotFound("Acordo não encontrado.")
    return agreement.text


def broken_agreements(today: date) -> dict[int, int]:
    """Customers with a broken agreement on ``today``: customer id → agreement id."""
    rows = database.execute_sql(
        "SELECT customer_id, MIN(agreement_id) FROM installment INDEXED BY installment_agreement "
        "WHERE agreement_id IS NOT NULL "
        f"AND {OPEN} AND {LATE} AND {NOT_PRESCRIBED} "
        "GROUP BY customer_id", sql_dates(today)).fetchall()
    return dict(rows)
