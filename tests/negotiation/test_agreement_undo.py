"""Issue 19: agreements undo cleanly or refuse clearly — only the newest of a chain, never two
sets owed for one debt, and after every payment of it is reversed undo brings the originals
back exactly (no database error, the reversed payment keeps its history)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.models.db import database
from app.models.receivables import Payment
from app.services.collection.overdue import overdue_report
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import ValidationError
from app.services.negotiation.agreement_plans import agreement_basis, build_option
from app.services.negotiation.agreements import (
    AgreementStatus,
    close_agreement,
    list_agreements,
    propose_options,
    undo_agreement,
)
from app.services.people.customers import CustomerInput, open_balance_cents, save_customer
from app.services.receivables.payments import list_payments, record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

TODAY = date(2026, 11, 23)  # a Monday


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture
def bia(db) -> int:
    """Bia bought R$ 300,00 in 3 × R$ 100,00 (14/09, 14/10, 13/11) and paid nothing; no fees."""
    cid = save_customer(CustomerInput("Bia Lima", phone="(11) 98888-1111"), TODAY)
    days = (d("2026-09-14"), d("2026-10-14"), d("2026-11-13"))
    create_sale(cid, d("2026-08-14"), [ItemInput("Vestido", 1, 30_000)], TODAY,
                plan=PlanInput(3, days[0], "custom", custom_dates=days))
    return cid


def installment_rows() -> list[tuple]:
    return database.execute_sql("SELECT * FROM installment ORDER BY id").fetchall()


def renegotiate(cid: int, agreement_id: int, today: date) -> int:
    """A new agreement on every open installment of ``agreement_id``."""
    ids = [r[0] for r in database.execute_sql(
        "SELECT id FROM installment WHERE agreement_id = ? AND paid_cents < amount_cents",
        (agreement_id,))]
    return close_agreement(cid, propose_options(cid, today, ids)[1], today, ids)


def test_an_old_agreement_of_a_chain_cannot_be_undone_and_the_debt_is_never_doubled(bia):
    first = close_agreement(bia, propose_options(bia, TODAY)[2], TODAY)  # 3x of R$ 100,00
    later = d("2026-12-09")  # its first installment (30/11) is late: broken, renegotiated
    second = renegotiate(bia, first, later)
    assert open_balance_cents(bia) == 30_000
    rows = {r.id: r for r in list_agreements(later, bia)}
    assert (rows[first].can_undo, rows[first].renegotiated_in) == (False, second)
    assert rows[second].can_undo  # the page offers "Desfazer" on the newest only

    with pytest.raises(ValidationError) as caught:
        undo_agreement(first, later)
    assert caught.value.codes == {"agreement": "renegotiated"}
    assert caught.value.errors["agreement"] == (
        f"O acordo nº {first} foi renegociado no acordo nº {second}. Desfaça primeiro o "
        f"acordo nº {second}: as parcelas deste acordo voltam, e aí ele também pode ser "
        "desfeito.")
    assert open_balance_cents(bia) == 30_000  # she bought R$ 300,00: never R$ 600,00

    undo_agreement(second, later)  # the newest first, then the old one
    assert list_agreements(later, bia)[0].can_undo
    undo_agreement(first, later)
    assert open_balance_cents(bia) == 30_000
    assert overdue_report(later, load_settings()).rows[0].principal_cents == 30_000
    assert {r.status for r in list_agreements(later, bia, include_undone=True)} == {
        AgreementStatus.UNDONE}


def test_after_every_payment_is_reversed_undo_restores_the_originals_exactly(bia):
    before = installment_rows()
    basis = agreement_basis(bia, TODAY, load_settings())
    option = build_option(basis, load_settings(), down_payment_cents=6_000, count=2,
                          first_due=d("2026-12-23"), interval="monthly", discount_cents=0)
    agreement_id = close_agreement(bia, option, TODAY, entrada_method="pix")
    record_payment(bia, 12_000, d("2026-12-23"), "dinheiro", d("2026-12-23"))
    today = d("2026-12-28")

    with pytest.raises(ValidationError) as caught:
        undo_agreement(agreement_id, today)
    assert caught.value.codes == {"agreement": "has_payment"}
    message = caught.value.errors["agreement"]
    assert "R$\xa060,00 de 23/11/2026 (Pix)" in message
    assert "R$\xa0120,00 de 23/12/2026 (Dinheiro)" in message
    assert "estorne antes" in message

    for payment in list_payments(bia):  # she reverses both, newest first
        reverse_payment(payment.id, "lançado no acordo errado", datetime(2026, 12, 28, 10))
    undo_agreement(agreement_id, today)  # no IntegrityError: it simply works

    assert installment_rows() == before
    assert open_balance_cents(bia) == 30_000
    entrada = Payment.get(Payment.note.contains("Entrada do acordo"))
    assert entrada.note == (f"Entrada do acordo nº {agreement_id}. Tinha pago R$\xa060,00 da "
                            f"parcela 1/3 do acordo nº {agreement_id}, desfeito em 28/12/2026.")
    assert all(p.reversed for p in list_payments(bia))
    with pytest.raises(ValidationError) as again:
        undo_agreement(agreement_id, today)
    assert again.value.codes == {"agreement": "already_undone"}


def test_undo_with_fees_charged_and_reversed_leaves_no_fee_without_lateness(bia):
    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    agreement_id = close_agreement(bia, propose_options(bia, TODAY)[2], TODAY)
    late_day = d("2026-12-10")  # its 30/11 installment is 10 days late
    paid = record_payment(bia, 5_000, late_day, "pix", late_day, charge_fees=True)
    assert paid.fee_cents > 0
    reverse_payment(paid.payment_id, "era de outra cliente", datetime(2026, 12, 10, 11))
    undo_agreement(agreement_id, late_day)
    rows = database.execute_sql("SELECT COUNT(*) FROM allocation a JOIN payment p ON "
                                "p.id = a.payment_id WHERE p.reversed_at IS NULL").fetchone()
    assert rows == (0,) and open_balance_cents(bia) == 30_000
