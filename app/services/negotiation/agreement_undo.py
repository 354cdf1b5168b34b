"""Desfazer acordo: bring back the installments an agreement replaced, or say why not.

Rules (issue 19, made precise here):

- Only the newest agreement of a chain can be undone. When some of an agreement's
  installments were renegotiated into a newer agreement that stands, undoing the older one
  would bring back its debt beside the newer one (the same debt owed twice): it is refused,
  naming the newer agreement to undo first. The Acordos page offers "Desfazer" only where it
  works (``AgreementRow.can_undo``).
- Nothing of it may be paid: while a valid payment (or credit) pays one of its installments,
  undo is refused, naming those payments (date, amount, form) and saying what to do:
  reverse them first. Once every payment of it is reversed, undo works.
- Undoing deletes its own installments and brings back the replaced ones exactly as they
  were (amount, paid part, due date), in one transaction; her money is then re-applied
  (``ledger.settle``), and a fee-charged payment whose money now pays less late principal
  keeps only the fees that principal justifies (as after a reversal). The agreement row
  stays (``undone_on``) and the contact log records the undo.
- A reversed payment keeps its history: its allocations to the deleted installments go (the
  installments no longer exist), and its note says what it had paid there ("Tinha pago
  R$ 50,00 da parcela 1/2 do acordo nº 5, desfeito em 25/11/2026").
- Every refusal is a ``ValidationError`` on the field ``agreement`` with a code:
  ``already_undone``, ``renegotiated``, ``has_payment``.
"""

from __future__ import annotations

from datetime import date

from peewee import SQL

from app.models.db import database
from app.models.negotiation import Agreement
from app.models.receivables import Allocation, Installment, Payment
from app.services.collection.contacts import log_contact
from app.services.configuration.settings import load_settings
from app.services.core.changes import Topic, writes
from app.services.core.codes import PaymentKind, method_label
from app.services.core.dates import MIN_DATE, format_date
from app.services.core.errors import NotFound, ValidationError
from app.services.core.money import format_brl
from app.services.core.sql import flag
from app.services.receivables import ledger
from app.services.receivables.payment_guards import fee_room, release_unjustified_fees

_PAID_SQL = """
SELECT p.payment_date, p.kind, p.method, SUM(a.amount_cents)
FROM allocation a JOIN payment p ON p.id = a.payment_id
JOIN installment i ON i.id = a.installment_id
WHERE i.agreement_id = ? AND p.reversed_at IS NULL
GROUP BY p.id ORDER BY p.payment_date, p.id
"""
_HISTORY_SQL = """
SELECT a.id, a.payment_id, a.amount_cents, i.number, i.count
FROM allocation a JOIN installment i ON i.id = a.installment_id
WHERE i.agreement_id = ? ORDER BY a.payment_id, i.number
"""


def _refusal(message: str, code: str) -> ValidationError:
    return ValidationError({"agreement": message}, {"agreement": code})


def newer_agreement(agreement_id: int) -> int | None:
    """The standing agreement some of this one's installments were renegotiated into."""
    row = (Installment.select(Installment.renegotiated_in_id)
           .where((Installment.agreement_id == agreement_id)
                  & SQL(flag("renegotiated")))
           .order_by(Installment.renegotiated_in_id.desc()).first())
    return row.renegotiated_in_id if row else None


def _payments_text(agreement_id: int) -> str:
    parts = []
    for day, kind, method, cents in database.execute_sql(_PAID_SQL, (agreement_id,)):
        when = format_date(date.fromisoformat(day[:10]))
        if kind == PaymentKind.CREDIT_USE:
            parts.append(f"{format_brl(cents)} de crédito de pagamento anterior, usado em {when}")
        else:
            parts.append(f"{format_brl(cents)} de {when} ({method_label(method)})")
    return "; ".join(parts)


def refuse_undo(agreement: Agreement) -> None:
    """Raise the ValidationError that stops undoing ``agreement`` (rules above), if any."""
    number = f"O acordo nº {agreement.id}"
    if agreement.undone_on is not None:
        raise _refusal("Este acordo já foi desfeito.", "already_undone")
    newer = newer_agreement(agreement.id)
    if newer is not None:
        raise _refusal(
            f"{number} foi renegociado no acordo nº {newer}. Desfaça primeiro o acordo nº "
            f"{newer}: as parcelas deste acordo voltam, e aí ele também pode ser desfeito.",
            "renegotiated")
    paid = (Installment.select().where((Installment.agreement_id == agreement.id)
                                       & (Installment.paid_cents > 0)).exists())
    if paid:
        which = _payments_text(agreement.id)
        raise _refusal(
            f"{number} já tem pagamento registrado" + (f" ({which})" if which else "")
            + ". Para desfazer, estorne antes esse pagamento na página da cliente (aba "
            "Pagamentos) e depois desfaça o acordo; se ela pagou de verdade, registre o "
            "pagamento de novo em seguida.", "has_payment")


def _keep_history(agreement_id: int, today: date) -> None:
    """Allocations left on the agreement's installments belong to reversed payments (a valid
    one would make it paid): their note keeps what they had paid, then they go."""
    notes: dict[int, list[str]] = {}
    ids = []
    for aid, pid, cents, number, count in database.execute_sql(_HISTORY_SQL, (agreement_id,)):
        ids.append(aid)
        notes.setdefault(pid, []).append(
            f"Tinha pago {format_brl(cents)} da parcela {number}/{count} do acordo nº "
            f"{agreement_id}, desfeito em {format_date(today)}.")
    for payment in Payment.select().where(Payment.id.in_(list(notes))):
        before = payment.note.strip()
        if before and not before.endswith((".", "!", "?", ")")):
            before += "."
        note = " ".join([before, *notes[payment.id]]).strip()
        Payment.update(note=note).where(Payment.id == payment.id).execute()
    if ids:
        Allocation.delete().where(Allocation.id.in_(ids)).execute()


@writes(Topic.AGREEMENTS, Topic.PAYMENTS, Topic.CUSTOMERS, Topic.CONTACTS)  # as closing
def undo_agreement(agreement_id: int, today: date) -> None:
    """Undo an agreement (rules in the module docstring): the replaced installments come back
    exactly; a ValidationError with a sentence when it cannot be undone."""
    agreement = Agreement.get_or_none(Agreement.id == agreement_id)
    if agreement is None:
        raise NotFound("Acordo não encontrado.")
    settings = load_settings()
    with database.atomic():
        refuse_undo(agreement)
        customer_id = agreement.customer_id
        fees_before = fee_room(customer_id, MIN_DATE, settings)
        _keep_history(agreement_id, today)
        Installment.delete().where(Installment.agreement_id == agreement_id).execute()
        Installment.update(renegotiated=False, renegotiated_in_id=None).where(
            Installment.renegotiated_in_id == agreement_id).execute()
        Agreement.update(undone_on=today).where(Agreement.id == agreement_id).execute()
        ledger.settle(customer_id)
        if release_unjustified_fees(fees_before, customer_id, settings):
            ledger.settle(customer_id)
        log_contact(customer_id, "agreement_undo", today,
                    note=f"Acordo nº {agreement_id} desfeito; parcelas originais de volta.")
