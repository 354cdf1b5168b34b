"""Stock follows every sale, entry and adjustment, never goes negative, and tells its history."""

from __future__ import annotations

from datetime import date, datetime

import peewee
import pytest

from app.models.db import database
from app.models.pieces import PieceVariant, StockMove
from app.models.receivables import Installment, Payment, Sale, SaleItem
from app.services import catalog, returns
from app.services.core.errors import NotFound, ValidationError
from app.services.people.customers import credit_cents, open_balance_cents
from app.services.pieces import stock
from app.services.receivables.payments import record_payment, reverse_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from tests.pieces.conftest import sell


def test_a_sale_takes_the_pieces_from_the_shelf_with_a_history_row(shelf, ana, today):
    sell(ana, today, today, [(shelf["M"], 2, 18_990), (shelf["blusa"], 1, 5_990)])
    assert catalog.stock_of(shelf["M"]) == 1 and catalog.stock_of(shelf["blusa"]) == 4
    (last, _opening) = stock.history(shelf["M"])
    assert (last.label, last.quantity, last.count_after, last.customer) == ("Venda", -2, 1,
                                                                            "Ana Souza")


def test_more_than_the_shelf_is_refused_and_nothing_is_written(shelf, ana, today):
    with pytest.raises(ValidationError) as refused:
        sell(ana, today, today, [(shelf["blusa"], 1, 5_990), (shelf["G"], 1, 18_990),
                                 (shelf["G"], 1, 18_990)])  # two lines of the one G there is
    assert refused.value.errors == {
        "item2": "Item 2: Só há 1 Vestido Lírio G rosa em estoque (pediu 2). Diminua a "
                 "quantidade ou marque “sob encomenda”."}
    assert Sale.select().count() == 0 and catalog.stock_of(shelf["blusa"]) == 5
    assert StockMove.select().count() == 4  # the four opening rows only


def test_an_order_sob_encomenda_takes_no_stock(shelf, ana, today):
    create_sale(ana, today, [ItemInput("Vestido Lírio", 2, 18_990, "G rosa",
                                       piece_variant_id=shelf["G"], on_order=True)], today,
                plan=PlanInput(2, date(2026, 12, 23)))
    assert catalog.stock_of(shelf["G"]) == 1 and len(stock.history(shelf["G"])) == 1
    assert SaleItem.get().on_order


def test_a_free_text_piece_still_sells(shelf, ana, today):
    create_sale(ana, today, [ItemInput("Conjunto sob medida", 1, 25_000)], today,
                plan=PlanInput(2, date(2026, 12, 23)))
    assert SaleItem.get().piece_variant_id is None


def test_a_catalogue_piece_is_named_by_keyword_and_a_stray_id_is_refused(shelf, ana, today):
    """``ItemInput``'s fourth field is the size/colour text: an id passed there would print
    "5" on the carnê and take nothing from the shelf, so it is refused outright."""
    with pytest.raises(TypeError, match="piece_variant_id="):
        ItemInput("Vestido Lírio", 1, 18_990, shelf["M"])
    with pytest.raises(TypeError):
        ItemInput("Vestido Lírio", 1, 18_990, "M rosa", shelf["M"])  # keyword-only
    create_sale(ana, today, [ItemInput("Vestido Lírio", 1, 18_990, "M rosa",
                                       piece_variant_id=shelf["M"])], today,
                plan=PlanInput(2, date(2026, 12, 23)))
    assert catalog.stock_of(shelf["M"]) == 2
    assert (SaleItem.get().variant, SaleItem.get().piece_variant_id) == ("M rosa", shelf["M"])


def test_an_entry_adds_with_its_cost_and_date(shelf, today):
    assert stock.record_entry({shelf["P"]: 4, shelf["M"]: 2}, date(2026, 11, 20), today,
                              unit_cost_cents=8_500, note="Fornecedora Brás") == 6
    assert catalog.stock_of(shelf["P"]) == 6
    entry = stock.history(shelf["P"])[0]
    assert (entry.label, entry.quantity, entry.day, entry.unit_cost_cents, entry.note) == (
        "Entrada de peças", 4, date(2026, 11, 20), 8_500, "Fornecedora Brás")
    with pytest.raises(ValidationError, match="futuro"):
        stock.record_entry({shelf["P"]: 1}, date(2026, 11, 24), today)


def test_an_adjustment_needs_a_reason_and_writes_the_difference(shelf, today):
    with pytest.raises(ValidationError, match="motivo"):
        stock.adjust_stock(shelf["M"], 1, "  ", today)
    assert stock.adjust_stock(shelf["M"], 1, "Contagem de novembro", today) == -2
    (adjusted, _) = stock.history(shelf["M"])
    assert (adjusted.label, adjusted.quantity, adjusted.count_after, adjusted.note) == (
        "Ajuste", -2, 1, "Contagem de novembro")
    assert stock.adjust_stock(shelf["M"], 1, "de novo", today) == 0  # nothing to write
    assert len(stock.history(shelf["M"])) == 2


def test_the_file_itself_refuses_a_negative_count(shelf):
    with pytest.raises(peewee.IntegrityError), database.atomic():
        PieceVariant.update(stock=-1).where(PieceVariant.id == shelf["P"]).execute()


def test_a_sale_with_nothing_paid_can_be_cancelled_and_its_pieces_come_back(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 2, 18_990)])
    result = returns.cancel_sale(sale.sale_id, today, "Ela desistiu")
    assert catalog.stock_of(shelf["M"]) == 3
    assert stock.history(shelf["M"])[0].label == "Venda cancelada"
    assert len(result.cancelled) == 3 and result.credit_cents == result.refund_cents == 0


def test_a_sale_with_a_payment_is_not_cancelled_but_returned(shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)])
    record_payment(ana, 1_000, today, "pix", today)
    with pytest.raises(ValidationError, match="Devolução"):
        returns.cancel_sale(sale.sale_id, today)
    assert catalog.stock_of(shelf["M"]) == 2


def test_a_sale_whose_entrada_was_reversed_can_be_cancelled_entrada_included(shelf, ana,
                                                                             today):
    sale = sell(ana, today, today, [(shelf["M"], 2, 18_990)], down=5_000)
    with pytest.raises(ValidationError, match="já tem pagamento"):
        returns.cancel_sale(sale.sale_id, today)  # the entrada stands
    entrada = Payment.get(Payment.kind == "down_payment")
    reverse_payment(entrada.id, "Pix não caiu", datetime(2026, 11, 23, 15, 0))
    owed = Installment.get((Installment.sale == sale.sale_id) & (Installment.number == 0))
    assert (owed.amount_cents, open_balance_cents(ana)) == (5_000, 37_980)  # owed again
    result = returns.cancel_sale(sale.sale_id, today)
    assert catalog.stock_of(shelf["M"]) == 3
    assert owed.id in result.cancelled and len(result.cancelled) == 4  # Entrada + 3 parcelas
    assert all(i.amount_cents == 0 for i in Installment.select())
    assert open_balance_cents(ana) == 0 and credit_cents(ana) == 0
    assert result.credit_cents == result.refund_cents == 0


def test_the_history_names_whose_sale_or_return_it_was_as_she_is_called_now(shelf, ana, today):
    from app.services.people.customers import CustomerInput, save_customer
    from tests.pieces.test_returns import _items

    sale = sell(ana, today, today, [(shelf["M"], 2, 18_990)])
    returns.return_items(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today,
                         reason="Ficou grande")
    save_customer(CustomerInput("Ana Souza Lima", phone="11987654321"), today, customer_id=ana)
    back, sold, opening = stock.history(shelf["M"])
    assert (back.label, back.quantity, back.customer, back.note) == (
        "Devolução", 1, "Ana Souza Lima", "Ficou grande")
    assert (sold.label, sold.customer, sold.customer_id) == ("Venda", "Ana Souza Lima", ana)
    assert (opening.customer, opening.customer_id) == ("", None)


def test_discarding_defective_pieces_needs_a_quantity_and_never_more_than_kept(shelf, ana,
                                                                               today):
    from tests.pieces.test_returns import _items

    sale = sell(ana, today, today, [(shelf["G"], 1, 18_990)])
    item = _items(sale.sale_id)["Peça 1"]
    returns.return_items(sale.sale_id, {item: 1}, today, defective={item})
    with pytest.raises(ValidationError, match="quantas"):
        stock.discard_defective(shelf["G"], 0, "", today)
    with pytest.raises(ValidationError, match="Só há 1"):
        stock.discard_defective(shelf["G"], 2, "", today)
    stock.discard_defective(shelf["G"], 1, "", today)
    gone = stock.history(shelf["G"])[0]
    assert (gone.label, gone.quantity, gone.defective, gone.note) == (
        "Saída de peça com defeito", -1, True, "Peça com defeito descartada")
    assert catalog.variant(shelf["G"]).defective == 0


def test_counting_a_whole_piece_adjusts_each_cell_that_differs_in_one_step(shelf, today):
    with pytest.raises(ValidationError, match="motivo"):
        stock.adjust_counts({shelf["P"]: 1}, "", today)
    with pytest.raises(ValidationError, match="negativo"):
        stock.adjust_counts({shelf["P"]: -1}, "Contagem", today)
    assert stock.adjust_counts({shelf["P"]: 2, shelf["M"]: 5, shelf["G"]: 0}, "Contagem",
                               today) == 2
    assert [catalog.stock_of(shelf[k]) for k in "PMG"] == [2, 5, 0]
    assert [m.label for m in stock.history(shelf["P"])] == ["Estoque inicial"]  # untouched
    with pytest.raises(NotFound):  # nothing half-counted
        stock.adjust_counts({shelf["P"]: 1, 999: 1}, "Contagem", today)
    assert catalog.stock_of(shelf["P"]) == 2
