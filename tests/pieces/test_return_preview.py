"""The returns dialog shows what will happen to the money before she confirms: the preview
runs the same rule and the same refusals as the real return, writes nothing, and equals it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.models.pieces import SaleReturn, StockMove
from app.models.receivables import Installment, Payment, SaleItem
from app.services import catalog, returns
from app.services.core.errors import LateReturnConfirmation, ValidationError
from app.services.pieces.return_history import return_view, returns_of_customer
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from tests.pieces.conftest import sell
from tests.pieces.test_returns import _items


def _snapshot():
    return (SaleReturn.select().count(), StockMove.select().count(), Payment.select().count(),
            [(i.amount_cents, i.paid_cents) for i in Installment.select().order_by(Installment.id)])


def _same(preview, real) -> None:
    assert replace(preview, return_id=real.return_id) == real
    assert preview.return_id == 0 and preview.summary == real.summary


@pytest.mark.parametrize("refund", ["installments", "cash"])
def test_a_return_previewed_is_the_return_made(shelf, ana, today, refund):
    first = sell(ana, today, today, [(shelf["M"], 1, 18_990), (shelf["blusa"], 2, 5_990)],
                 count=3, down=2_000)
    record_payment(ana, 15_000, today, "pix", today)  # the first installment and part of 2nd
    item = _items(first.sale_id)["Peça 1"]
    before = _snapshot()
    preview = returns.preview_return(first.sale_id, {item: 1}, today, refund=refund)
    assert _snapshot() == before  # nothing written, nothing moved
    real = returns.return_items(first.sale_id, {item: 1}, today, refund=refund)
    _same(preview, real)
    assert (real.credit_cents if refund == "installments" else real.refund_cents) > 0


@pytest.mark.parametrize(("new", "difference"), [
    ("M", "installments"), ("M", "now"), ("blusa", "installments")])
def test_an_exchange_previewed_is_the_exchange_made(shelf, ana, today, new, difference):
    old, price = ("blusa", 18_990) if new == "M" else ("M", 5_990)
    sale = sell(ana, today, today, [(shelf[old], 1, 5_990 if old == "blusa" else 18_990)])
    item = _items(sale.sale_id)["Peça 1"]
    taking = [ItemInput("Nova", 1, price, piece_variant_id=shelf[new])]
    before = _snapshot()
    preview = returns.preview_return(sale.sale_id, {item: 1}, today, new_items=taking,
                                     difference=difference)
    assert _snapshot() == before and catalog.stock_of(shelf[new]) in (3, 5)
    _same(preview, returns.exchange(sale.sale_id, {item: 1}, taking, today,
                                    difference=difference))


def test_the_preview_refuses_what_the_return_refuses(shelf, ana, today):
    old = sell(ana, today - timedelta(days=120), today, [(shelf["P"], 1, 18_990)])
    item = _items(old.sale_id)["Peça 1"]
    with pytest.raises(LateReturnConfirmation, match="120 dias"):
        returns.preview_return(old.sale_id, {item: 1}, today)
    assert returns.preview_return(old.sale_id, {item: 1}, today, confirm_late=True).value_cents
    with pytest.raises(ValidationError, match="ela levou 1"):
        returns.preview_return(old.sale_id, {item: 2}, today, confirm_late=True)
    with pytest.raises(ValidationError) as short:
        returns.preview_return(old.sale_id, {item: 1}, today, confirm_late=True, new_items=[
            ItemInput("Vestido Lírio", 5, 18_990, piece_variant_id=shelf["G"])])
    assert "Só há 1 Vestido Lírio G rosa" in short.value.errors["item1"]


def test_the_statement_reads_a_return_and_an_exchange_in_her_words(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990), (shelf["blusa"], 2, 5_990)])
    items = _items(sale.sale_id)
    back = returns.return_items(sale.sale_id, {items["Peça 1"]: 1}, today,
                                reason="Ficou apertado")
    view = return_view(back.return_id)
    assert view.label == "Devolução de Peça 1 M rosa (R$\xa0189,90)"  # the size it had
    assert view.effect == "O carnê diminuiu R$\xa0189,90; 1 parcela cancelada."
    assert view.reason == "Ficou apertado" and view.cancelled == 1
    swap = returns.exchange(sale.sale_id, {items["Peça 2"]: 2},
                            [ItemInput("Vestido Lírio", 1, 18_990, "P rosa",
                                       piece_variant_id=shelf["P"])], today)
    (_, second) = returns_of_customer(ana)
    assert second.id == swap.return_id
    assert second.label == ("Troca de 2× Peça 2 (R$\xa0119,80) por Vestido Lírio P rosa "
                            "(R$\xa0189,90)")
    assert second.effect == "R$\xa070,10 entraram nas parcelas."


def test_a_catalogue_piece_sold_by_its_id_alone_keeps_its_size_in_the_statement(shelf, ana,
                                                                                today):
    sale = create_sale(ana, today, [ItemInput("Vestido Lírio", 1, 18_990,
                                              piece_variant_id=shelf["M"])], today,
                       plan=PlanInput(2, date(2026, 12, 10)))
    [item] = SaleItem.select().where(SaleItem.sale == sale.sale_id)
    assert item.variant == "M rosa"
    back = returns.return_items(sale.sale_id, {item.id: 1}, today)
    assert return_view(back.return_id).label == "Devolução de Vestido Lírio M rosa (R$\xa0189,90)"


def test_a_cash_refund_names_how_it_was_paid_back(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)], count=0)  # à vista
    result = returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today,
                                  refund="cash", refund_method="pix")
    assert return_view(result.return_id).effect == "R$\xa0189,90 devolvidos a ela (pix)."
    assert return_view(999) is None
