"""Returns and exchanges: stock back, installments reduced from the last one, excess as credit
or cash, exchanges, refusals — on real files, to the centavo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.pieces import SaleReturn
from app.models.receivables import Installment, Payment, Sale, SaleItem
from app.services import catalog, returns
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import LateReturnConfirmation, ValidationError
from app.services.core.money import format_brl
from app.services.negotiation.agreements import close_agreement, propose_options, undo_agreement
from app.services.people.customers import credit_cents, open_balance_cents
from app.services.pieces.return_history import return_context
from app.services.receivables.installments import Status, installment_state
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput
from tests.pieces.conftest import sell


def _plan(sale_id) -> list[tuple[date, int, int]]:
    return [(i.due_date, i.amount_cents, i.paid_cents) for i in
            Installment.select().where(Installment.sale == sale_id).order_by(Installment.number)]


def _items(sale_id) -> dict[str, int]:
    return {f"{i.description}": i.id for i in SaleItem.select().where(SaleItem.sale == sale_id)}


def assert_identity(sale_id: int) -> None:
    """total (with exchanged-in pieces) − Σ(value − credit − refund) − entrada = Σ parcelas."""
    sale = Sale.get_by_id(sale_id)
    back = sum(r.value_cents - r.credit_cents - r.refund_cents
               for r in SaleReturn.select().where(SaleReturn.sale == sale_id))
    assert sale.total_cents - back - sale.down_payment_cents == sum(a for _, a, _ in
                                                                     _plan(sale_id))


def test_a_partial_return_takes_the_last_installments_first_and_keeps_due_dates(shelf, ana,
                                                                                today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990), (shelf["blusa"], 2, 5_990)])
    before = _plan(sale.sale_id)  # 309,70 in 3: 103,24 + 103,23 + 103,23
    result = returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today)
    after = _plan(sale.sale_id)
    assert [d for d, _, _ in after] == [d for d, _, _ in before]
    assert [a for _, a, _ in after] == [10_324, 1_656, 0]  # 103,23 + 86,67 off the last two
    assert result.value_cents == 18_990 and result.installments_cents == -18_990
    assert len(result.cancelled) == 1  # the third, nothing paid: cancelled
    third = Installment.get_by_id(result.cancelled[0])
    assert installment_state(third.amount_cents, third.paid_cents, third.due_date,
                             today).status is Status.CANCELLED
    assert catalog.stock_of(shelf["M"]) == 3 and open_balance_cents(ana) == 11_980
    assert_identity(sale.sale_id)


def test_what_exceeds_the_open_amount_becomes_credit_used_oldest_first(shelf, ana, today):
    first = sell(ana, today, today, [(shelf["M"], 1, 18_990)], count=2)
    record_payment(ana, 9_495, today, "pix", today)  # pays 1/2 of the dress
    second = sell(ana, today, today, [(shelf["blusa"], 1, 5_990)], count=1)
    result = returns.return_items(first.sale_id, {_items(first.sale_id)["Peça 1"]: 1}, today)
    assert result.installments_cents == -9_495 and result.credit_cents == 9_495
    assert _plan(second.sale_id)[0][2] == 5_990  # the blouse paid by the credit
    assert credit_cents(ana) == 9_495 - 5_990 and open_balance_cents(ana) == 0
    credit = Payment.get(Payment.method == "return_credit")
    assert credit.amount_cents == 9_495 and "devolução" in credit.note.lower()
    assert_identity(first.sale_id)


def test_or_is_paid_back_in_cash_with_the_method_recorded(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)], count=2, down=4_990)
    result = returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today,
                                  refund="cash", refund_method="pix")
    assert (result.installments_cents, result.refund_cents, result.credit_cents) == (
        -14_000, 4_990, 0)
    record = SaleReturn.get_by_id(result.return_id)
    assert record.refund_method == "pix" and credit_cents(ana) == 0
    assert result.summary == (f"O carnê diminuiu {format_brl(14_000)}; 2 parcelas canceladas; "
                              f"devolver {format_brl(4_990)} a ela.")
    assert_identity(sale.sale_id)


def test_the_discount_share_comes_off_and_everything_back_is_exactly_the_total(shelf, ana,
                                                                            today):
    sale = sell(ana, today, today, [(shelf["P"], 1, 18_990), (shelf["blusa"], 1, 5_990)],
                discount_cents=1_249)  # loyalty 5%
    items = _items(sale.sale_id)
    first = returns.return_items(sale.sale_id, {items["Peça 2"]: 1}, today)
    assert first.value_cents == 5_990 - 300  # 5,99 × 1.249 / 249,80 → R$ 2,99½ → 3,00
    second = returns.return_items(sale.sale_id, {items["Peça 1"]: 1}, today)
    assert first.value_cents + second.value_cents == Sale.get_by_id(sale.sale_id).total_cents
    assert all(a == 0 for _, a, _ in _plan(sale.sale_id))
    assert_identity(sale.sale_id)


def test_defective_pieces_are_kept_aside_not_put_on_the_shelf(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["G"], 1, 18_990)])
    item = _items(sale.sale_id)["Peça 1"]
    returns.return_items(sale.sale_id, {item: 1}, today, defective={item},
                         reason="Zíper quebrado")
    (variant,) = [v for v in catalog.variants_of(catalog.variant(shelf["G"]).piece_id)
                  if v.id == shelf["G"]]
    assert (variant.stock, variant.defective) == (0, 1)


def test_what_already_came_back_cannot_come_back_again(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["blusa"], 2, 5_990)])
    item = _items(sale.sale_id)["Peça 1"]
    returns.return_items(sale.sale_id, {item: 1}, today)
    with pytest.raises(ValidationError, match="só 1 de 2 ainda podem voltar"):
        returns.return_items(sale.sale_id, {item: 2}, today)
    returns.return_items(sale.sale_id, {item: 1}, today)
    with pytest.raises(ValidationError, match="só 0 de 2"):
        returns.return_items(sale.sale_id, {item: 1}, today)


def test_late_returns_need_her_confirmation_and_withdrawal_is_marked(shelf, ana, today):
    old = today - timedelta(days=91)
    sale = sell(ana, old, today, [(shelf["P"], 1, 18_990)], count=0)  # à vista
    item = _items(sale.sale_id)["Peça 1"]
    with pytest.raises(LateReturnConfirmation, match="91 dias"):
        returns.return_items(sale.sale_id, {item: 1}, today)
    late = returns.return_items(sale.sale_id, {item: 1}, today, confirm_late=True)
    assert not late.withdrawal and late.credit_cents == 18_990
    fresh = sell(ana, today - timedelta(days=7), today, [(shelf["P"], 1, 18_990)], count=0)
    assert returns.return_items(fresh.sale_id, {_items(fresh.sale_id)["Peça 1"]: 1}, today,
                                refund="cash").withdrawal
    save_settings(load_settings(), sales_outside_store=0)  # a shop: no CDC art. 49
    shop = sell(ana, today, today, [(shelf["P"], 1, 18_990)], count=0)
    assert not returns.return_items(shop.sale_id, {_items(shop.sale_id)["Peça 1"]: 1},
                                    today).withdrawal


def test_an_exchange_for_a_dearer_piece_spreads_the_difference(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["blusa"], 1, 5_990)])  # 19,97 + 19,97 + 19,96
    result = returns.exchange(
        sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1},
        [ItemInput("Vestido Lírio", 1, 18_990, "M rosa", piece_variant_id=shelf["M"])], today)
    assert result.installments_cents == 13_000
    assert [a for _, a, _ in _plan(sale.sale_id)] == [6_331, 6_330, 6_329]
    assert catalog.stock_of(shelf["blusa"]) == 5 and catalog.stock_of(shelf["M"]) == 2
    assert_identity(sale.sale_id)


def test_an_exchange_difference_paid_now_is_an_entrada(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["blusa"], 1, 5_990)])
    result = returns.exchange(
        sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1},
        [ItemInput("Vestido Lírio", 1, 18_990, "M rosa", piece_variant_id=shelf["M"])], today,
        difference="now", method="pix")
    assert result.paid_now_cents == 13_000 and result.installments_cents == 0
    assert Sale.get_by_id(sale.sale_id).down_payment_cents == 13_000
    assert_identity(sale.sale_id)


def test_an_exchange_for_a_cheaper_piece_follows_the_return_rule(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)])
    result = returns.exchange(
        sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1},
        [ItemInput("Blusa Ana", 1, 5_990, piece_variant_id=shelf["blusa"])], today)
    assert result.installments_cents == -13_000
    assert [a for _, a, _ in _plan(sale.sale_id)] == [5_990, 0, 0]
    assert_identity(sale.sale_id)


def test_fees_already_received_stay_received(shelf, ana, today):
    save_settings(load_settings(), late_fee_bp=200)
    old = date(2026, 8, 3)
    sale = sell(ana, old, today, [(shelf["M"], 1, 18_990)], first_due=date(2026, 9, 10))
    paid = record_payment(ana, 6_330, today, "pix", today, charge_fees=True)
    fee = Payment.get_by_id(paid.payment_id).fee_cents
    assert fee > 0
    returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today,
                         confirm_late=True)
    assert Payment.get_by_id(paid.payment_id).fee_cents == fee
    assert_identity(sale.sale_id)


def _agreement(customer: int, sale, today, option: int, **kw) -> int:
    """A real agreement over the sale's installments: 0 à vista, 1 in 2x, 2 in 3x."""
    ids = list(sale.installment_ids)
    return close_agreement(customer, propose_options(customer, today, ids)[option], today,
                           ids, **kw)


def test_a_sale_inside_an_open_agreement_is_refused_until_it_is_paid_off(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)])
    agreement = _agreement(ana, sale, today, 1)  # 2 × R$ 94,95
    item = _items(sale.sale_id)["Peça 1"]
    with pytest.raises(ValidationError, match=f"acordo nº {agreement}, ainda em aberto"):
        returns.return_items(sale.sale_id, {item: 1}, today)
    record_payment(ana, 9_495, today, "pix", today)  # the first of the agreement's two
    with pytest.raises(ValidationError, match="ainda em aberto"):
        returns.preview_return(sale.sale_id, {item: 1}, today)
    assert catalog.stock_of(shelf["M"]) == 2 and SaleReturn.select().count() == 0
    assert return_context(sale.sale_id, today).in_agreement


@pytest.mark.parametrize("refund", ["installments", "cash"])
def test_once_the_agreement_is_paid_off_a_return_becomes_credit_or_cash(shelf, ana, today,
                                                                        refund):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)])
    _agreement(ana, sale, today, 1)
    record_payment(ana, 18_990, today, "pix", today)  # both of the agreement's installments
    assert open_balance_cents(ana) == 0
    assert not return_context(sale.sale_id, today).in_agreement
    result = returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today,
                                  refund=refund, refund_method="pix")
    assert result.installments_cents == 0 and not result.cancelled  # nothing left to reduce
    assert (result.credit_cents, result.refund_cents) == (
        (18_990, 0) if refund == "installments" else (0, 18_990))
    assert credit_cents(ana) == result.credit_cents and open_balance_cents(ana) == 0
    assert catalog.stock_of(shelf["M"]) == 3


def test_an_agreement_paid_at_closing_frees_the_sale_at_once(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)])
    _agreement(ana, sale, today, 0, entrada_method="pix")  # à vista, paid as it is closed
    result = returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today)
    assert result.credit_cents == 18_990 and catalog.stock_of(shelf["M"]) == 3


def test_an_undone_agreement_gives_the_sale_back_its_installments_to_reduce(shelf, ana,
                                                                            today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)])
    undo_agreement(_agreement(ana, sale, today, 2), today)
    result = returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today)
    assert result.installments_cents == -18_990 and len(result.cancelled) == 3
    assert result.credit_cents == 0
    assert_identity(sale.sale_id)
