"""Payments: oldest first, ticked first, credit on overpayment, reversal, receipt, preview."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.models.entities import ALL_MODELS
from app.models.receivables import Allocation, Installment, Payment
from app.services.core.errors import NotFound, ValidationError
from app.services.people.customers import (
    credit_cents,
    open_balance_cents,
)
from app.services.receivables.payments import (
    list_payments,
    preview_payment,
    receipt_text,
    record_payment,
    reverse_payment,
)
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

SALE_DAY = date(2026, 9, 20)
FIRST_DUE = date(2026, 10, 20)  # 20/10, 20/11 overdue on 23/11; 20/12 upcoming
NOW = datetime(2026, 11, 23, 15, 30)


def counts() -> dict[str, int]:
    return {m.__name__: m.select().count() for m in ALL_MODELS}


@pytest.fixture
def sale(ana, today):
    """R$ 100,00 in 3x: 33,34 + 33,33 + 33,33."""
    return create_sale(ana, SALE_DAY, [ItemInput("Vestido midi", 1, 10000)], today,
                       plan=PlanInput(3, FIRST_DUE))


def paid(sale) -> list[int]:
    return [Installment.get_by_id(i).paid_cents for i in sale.installment_ids]


def test_fifty_reais_pays_oldest_first(ana, sale, today):
    result = record_payment(ana, 5000, today, "pix", today)
    first, second, third = sale.installment_ids
    assert result.allocations == ((first, 3334), (second, 1666))
    assert result.credit_cents == 0
    assert paid(sale) == [3334, 1666, 0]
    assert Installment.get_by_id(first).paid_date == today
    assert Installment.get_by_id(second).paid_date is None
    assert open_balance_cents(ana) == 5000


def test_ticked_installment_paid_first(ana, sale, today):
    third = sale.installment_ids[2]
    result = record_payment(ana, 5000, today, "dinheiro", today, installment_ids=[third])
    assert result.allocations == ((third, 3333), (sale.installment_ids[0], 1667))
    assert paid(sale) == [1667, 0, 3333]


def test_several_ticked_keep_due_order(ana, sale, today):
    first, second, third = sale.installment_ids
    record_payment(ana, 3333, today, "pix", today, installment_ids=[third, second])
    assert paid(sale) == [0, 3333, 0]


def test_partial_payment_leaves_the_rest_open(ana, sale, today):
    record_payment(ana, 1000, today, "pix", today)
    inst = Installment.get_by_id(sale.installment_ids[0])
    assert inst.paid_cents == 1000 and inst.paid_date is None
    record_payment(ana, 2334, date(2026, 11, 22), "pix", today)
    inst = Installment.get_by_id(sale.installment_ids[0])
    assert inst.paid_cents == 3334
    # Money is applied in date order: R$ 23,34 on 22/11, the last R$ 10,00 on 23/11, so the
    # installment was fully paid on 23/11 (the old code said 22/11: recording order).
    assert inst.paid_date == today
    assert open_balance_cents(ana) == 6666


def test_exact_total_pays_everything(ana, sale, today):
    result = record_payment(ana, 10000, today, "pix", today)
    assert result.credit_cents == 0
    assert paid(sale) == [3334, 3333, 3333]
    assert open_balance_cents(ana) == 0


def test_overpayment_refused_without_accepting_credit(ana, sale, today):
    before = counts()
    with pytest.raises(ValidationError) as info:
        record_payment(ana, 12000, today, "pix", today)
    message = info.value.errors["amount"]
    assert "crédito" in message
    assert "R$\xa0100,00" in message and "R$\xa020,00" in message
    assert counts() == before


def test_overpayment_becomes_credit_when_accepted(ana, sale, today):
    result = record_payment(ana, 12000, today, "pix", today, accept_credit=True)
    assert result.credit_cents == 2000
    assert sum(c for _, c in result.allocations) == 10000
    assert credit_cents(ana) == 2000
    assert open_balance_cents(ana) == 0


def test_payment_with_nothing_owed_is_all_credit(ana, today):
    with pytest.raises(ValidationError, match="crédito"):
        record_payment(ana, 5000, today, "pix", today)
    result = record_payment(ana, 5000, today, "pix", today, accept_credit=True)
    assert result.allocations == ()
    assert result.credit_cents == 5000
    assert credit_cents(ana) == 5000


@pytest.mark.parametrize(
    ("amount", "when", "method", "keys"),
    [
        (0, date(2026, 11, 23), "pix", {"amount"}),
        (-500, date(2026, 11, 23), "pix", {"amount"}),
        (5000, date(2026, 11, 24), "pix", {"date"}),
        (5000, date(1900, 11, 23), "pix", {"date"}),
        (5000, date(2026, 11, 23), "cheque", {"method"}),
        (5000, date(2026, 11, 23), "credito_cliente", {"method"}),
        (0, date(2027, 1, 1), "", {"amount", "date", "method"}),
    ],
)
def test_bad_payment_refused(ana, sale, today, amount, when, method, keys):
    before = counts()
    with pytest.raises(ValidationError) as info:
        record_payment(ana, amount, when, method, today)
    assert set(info.value.errors) == keys
    assert counts() == before


def test_payment_for_unknown_customer(db, today):
    with pytest.raises(NotFound):
        record_payment(999, 100, today, "pix", today)


def test_reverse_requires_a_reason(ana, sale, today):
    pid = record_payment(ana, 5000, today, "pix", today).payment_id
    with pytest.raises(ValidationError) as info:
        reverse_payment(pid, "   ", NOW)
    assert "motivo" in info.value.errors["reason"]
    assert paid(sale) == [3334, 1666, 0]


def test_reverse_restores_installments_and_keeps_history(ana, sale, today):
    record_payment(ana, 1000, date(2026, 11, 1), "dinheiro", today)
    pid = record_payment(ana, 5000, today, "pix", today).payment_id
    assert paid(sale) == [3334, 2666, 0]
    reverse_payment(pid, " lancei em dobro ", NOW)
    assert paid(sale) == [1000, 0, 0]
    first = Installment.get_by_id(sale.installment_ids[0])
    assert first.paid_date is None
    assert open_balance_cents(ana) == 9000
    views = list_payments(ana)
    assert [v.id for v in views][0] == pid  # newest first
    reversed_view = views[0]
    assert reversed_view.reversed
    assert reversed_view.reversal_reason == "lancei em dobro"
    assert reversed_view.amount_cents == 5000
    assert not views[1].reversed
    assert Payment.get_by_id(pid).reversed_at == NOW
    assert Allocation.select().where(Allocation.payment == pid).count() == 2  # kept as history


def test_second_reversal_refused(ana, sale, today):
    pid = record_payment(ana, 5000, today, "pix", today).payment_id
    reverse_payment(pid, "engano", NOW)
    with pytest.raises(ValidationError, match="já foi estornado"):
        reverse_payment(pid, "de novo", NOW)
    assert paid(sale) == [0, 0, 0]


def test_reverse_unknown_payment(db):
    with pytest.raises(NotFound):
        reverse_payment(12345, "engano", NOW)


def test_reversing_payment_whose_credit_was_used_reapplies_what_is_left(ana, sale, today):
    # Old rule refused this ("estorne primeiro o uso do crédito"); now her remaining money is
    # re-applied: with the R$ 150,00 gone, the R$ 60,00 sale is simply owed again.
    pid = record_payment(ana, 15000, today, "pix", today, accept_credit=True).payment_id
    assert credit_cents(ana) == 5000
    new = create_sale(ana, today, [ItemInput("Saia", 1, 6000)], today,
                      plan=PlanInput(2, date(2026, 12, 23)))
    assert new.credit_used_cents == 5000
    reverse_payment(pid, "engano", NOW)
    assert Payment.get_by_id(pid).reversed_at == NOW
    assert Payment.select().where(Payment.kind == "credit_use").count() == 0
    assert (open_balance_cents(ana), credit_cents(ana)) == (16000, 0)
    assert paid(sale) == [0, 0, 0]


def test_reversing_a_credit_use_uses_the_credit_again_at_once(ana, sale, today):
    # Old behaviour freed the credit beside open installments; credit never sits there now.
    pid = record_payment(ana, 15000, date(2026, 11, 20), "pix", today,
                         accept_credit=True).payment_id
    create_sale(ana, today, [ItemInput("Saia", 1, 6000)], today,
                plan=PlanInput(2, date(2026, 12, 23)))
    use = Payment.get(Payment.kind == "credit_use")
    reverse_payment(use.id, "crédito usado por engano", NOW)
    assert Payment.get_by_id(use.id).reversal_reason == "crédito usado por engano"
    assert (open_balance_cents(ana), credit_cents(ana)) == (1000, 0)
    again = Payment.get((Payment.kind == "credit_use") & Payment.reversed_at.is_null())
    assert again.amount_cents == 5000
    reverse_payment(pid, "engano", NOW)
    assert credit_cents(ana) == 0
    assert open_balance_cents(ana) == 16000


def test_receipt_text(ana, sale, today):
    pid = record_payment(ana, 5000, today, "pix", today).payment_id
    text = receipt_text(pid, "Loja da Ana")
    assert "Loja da Ana" in text
    assert "Ana Souza" in text
    assert "R$\xa050,00" in text
    assert "23/11/2026" in text
    assert "Pix" in text
    assert "1/3" in text and "2/3" in text and "3/3" not in text
    assert "R$\xa033,34" in text and "R$\xa016,66" in text
    assert "20/09/2026" in text  # the sale it belongs to
    assert "Saldo em aberto: R$\xa050,00" in text


def test_receipt_when_everything_is_paid_and_credit_left(ana, sale, today):
    pid = record_payment(ana, 10500, today, "dinheiro", today, accept_credit=True).payment_id
    text = receipt_text(pid, "Loja")
    assert "Dinheiro" in text
    assert "Tudo quitado" in text
    assert "Saldo em aberto" not in text
    assert "R$\xa05,00" in text and "Crédito" in text


def test_receipt_of_reversed_payment_says_so(ana, sale, today):
    pid = record_payment(ana, 5000, today, "pix", today).payment_id
    reverse_payment(pid, "valor errado", NOW)
    assert "ESTORNADO: valor errado" in receipt_text(pid, "Loja")


def test_receipt_unknown_payment(db):
    with pytest.raises(NotFound):
        receipt_text(404, "Loja")


@pytest.mark.parametrize(
    ("amount", "ticked"),
    [(5000, None), (1, None), (10000, None), (12000, None), (5000, [2]), (7000, [2, 1])],
)
def test_preview_matches_what_record_then_does(ana, sale, today, amount, ticked):
    ids = [sale.installment_ids[i] for i in ticked] if ticked else None
    before = counts()
    preview = preview_payment(ana, amount, today, ids)
    assert counts() == before  # preview saves nothing
    result = record_payment(ana, amount, today, "pix", today, installment_ids=ids,
                            accept_credit=True)
    assert result.allocations == preview.allocations
    assert result.credit_cents == preview.credit_cents


def test_list_payments_shows_what_each_paid(ana, sale, today):
    record_payment(ana, 5000, today, "transferencia", today)
    view = list_payments(ana)[0]
    assert view.method_label == "Transferência"
    assert [(n, c, cents) for _, n, c, cents in view.allocations] == [(1, 3, 3334), (2, 3, 1666)]


def test_old_portuguese_method_codes_read_in_portuguese(ana, sale, today):
    """An entrada saved by an older version (and by the demo) as "dinheiro" lists and prints
    as "Dinheiro", like one saved as "cash"."""
    pid = record_payment(ana, 5000, today, "pix", today).payment_id
    Payment.update(method="dinheiro").where(Payment.id == pid).execute()
    assert [p.method_label for p in list_payments(ana)] == ["Dinheiro"]
    assert "(Dinheiro)" in receipt_text(pid, "Loja da Ana")
