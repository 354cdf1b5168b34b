"""Payments and reversals refused because they would make money vanish or leave fees
without lateness; each raises ValidationError (pt-BR, with a code) inside the caller's
transaction, so nothing of the refused write stays."""

from __future__ import annotations

from datetime import date

from peewee import SQL

from app.models.db import database
from app.models.receivables import Allocation, Installment, Payment
from app.services.core.dates import MIN_DATE, format_date
from app.services.core.errors import ValidationError
from app.services.core.money import percent_of
from app.services.core.sql import flag
from app.services.people.customers import credit_cents
from app.services.receivables.fees import late_interest_cents
from app.services.receivables.lateness import days_late

_IN_AGREEMENT = ("{what}. Para estornar, desfaça o acordo primeiro (em Acordos) e depois "
                 "estorne o pagamento; assim o valor volta a ficar em aberto.")


def refuse_if_in_agreement(payment_id: int) -> None:
    """A payment that paid part of an installment now replaced by an agreement cannot be
    reversed while the agreement stands: the agreement was closed on what was still open,
    so the reversed money would vanish from what she owes."""
    inst = (Installment.select().join(Allocation)
            .where((Allocation.payment == payment_id)
                   & SQL(flag("renegotiated"))).first())
    if inst is not None:
        raise ValidationError({"reason": _IN_AGREEMENT.format(
            what=f"Este pagamento quitou parte de uma parcela que entrou no acordo nº "
                 f"{inst.renegotiated_in_id}")}, codes={"reason": "in_agreement"})


def refuse_negative_credit(customer_id: int) -> None:
    """After a reversal: her credit below zero means the reversed money had become credit
    that paid an installment now in an agreement (frozen there)."""
    if credit_cents(customer_id) < 0:
        raise ValidationError({"reason": _IN_AGREEMENT.format(
            what="Parte deste pagamento virou crédito e foi usada numa parcela que "
                 "entrou num acordo")}, codes={"reason": "in_agreement"})


def fee_room(customer_id: int, since: date, settings) -> dict[int, tuple[str, int, int]]:
    """Her fee-charged payments dated ``since`` or later: payment id → (date, fee charged,
    multa + juros its late principal justifies at the settings' rates, as placed now)."""
    rows = database.execute_sql(
        "SELECT p.id, p.payment_date, p.fee_cents, a.amount_cents, i.due_date FROM payment p "
        "LEFT JOIN allocation a ON a.payment_id = p.id "
        "LEFT JOIN installment i ON i.id = a.installment_id "
        "WHERE p.customer_id = ? AND p.kind = 'payment' AND p.fee_cents > 0 "
        "AND p.reversed_at IS NULL AND p.payment_date >= ?",
        (customer_id, since.isoformat())).fetchall()
    room: dict[int, tuple[str, int, int]] = {}
    for pid, day, fee, cents, due in rows:
        days = days_late(date.fromisoformat(due), date.fromisoformat(day)) if due else 0
        justified = (percent_of(cents, settings.late_fee_bp)
                     + late_interest_cents(cents, settings.late_interest_bp, days)
                     if days > 0 else 0)
        room[pid] = (day, fee, room.get(pid, (day, fee, 0))[2] + justified)
    return room


def refuse_moving_paid_fees(before: dict[int, tuple[str, int, int]], customer_id: int,
                            payment_date: date, settings) -> None:
    """A payment dated before one that was charged multa and juros moves that one's money to
    later installments (oldest first). When that leaves less late principal than its fees
    were charged on (``before``: ``fee_room`` before the new payment), she would have paid
    fees for nothing: refused (the transaction rolls back), saying what to do."""
    for pid, (day, fee, justified) in fee_room(customer_id, payment_date, settings).items():
        if pid in before and justified < before[pid][2] and fee > justified:
            when = format_date(date.fromisoformat(day))
            raise ValidationError({"date": (
                f"Em {when} ela pagou uma parcela atrasada com multa e juros. Com a data "
                f"{format_date(payment_date)}, este pagamento quitaria aquela parcela antes "
                f"do atraso, e a multa de {when} ficaria cobrada sem atraso. Registre este "
                f"pagamento com data a partir de {when} (ou estorne o de {when} e registre "
                "os dois de novo).")}, codes={"date": "before_paid_fees"})


def release_unjustified_fees(before: dict[int, tuple[str, int, int]], customer_id: int,
                             settings) -> bool:
    """After a reversal: a fee-charged payment whose re-applied money now pays less late
    principal than before keeps only the fees that principal justifies; the rest becomes
    principal of that payment (placed again by the caller's ``settle``: it pays her oldest
    installment or becomes credit). Returns True when a payment changed."""
    changed = False
    for pid, (_, fee, justified) in fee_room(customer_id, MIN_DATE, settings).items():
        if pid in before and justified < before[pid][2] and fee > justified:
            Payment.update(fee_cents=justified,
                           amount_cents=Payment.amount_cents + (fee - justified)).where(
                Payment.id == pid).execute()
            changed = True
    return changed
