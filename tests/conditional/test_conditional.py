"""The malinha on real files: pieces go out, come back on different days, what she keeps is one
sale, refusals leave nothing half-saved, and an acerto can be undone while nothing was paid."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.conditional import Conditional, ConditionalItem, ConditionalSettlement
from app.models.pieces import StockMove
from app.models.receivables import Installment, Payment, Sale, SaleItem
from app.services import catalog, conditional
from app.services.configuration.settings import load_settings, save_settings
from app.services.core.errors import CreditLimitConfirmation, NotFound, ValidationError
from app.services.people.customers import CustomerInput, save_customer
from app.services.pieces import stock
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import PlanInput


def counts(variant_id: int) -> tuple[int, int]:
    """(on the shelf, in malinhas) as the catalogue shows them."""
    v = catalog.variant(variant_id)
    return v.stock, v.in_conditional


def balanced(shelf) -> bool:
    return all(stock.where_pieces_are(v).balanced for v in shelf.values())


def test_a_malinha_takes_pieces_from_the_shelf_with_a_history_row(shelf, ana, today):
    k = conditional.send(ana, [(shelf["M"], 2), (shelf["blusa"], 1)], today,
                         return_by=today + timedelta(days=2))
    assert counts(shelf["M"]) == (1, 2) and counts(shelf["blusa"]) == (4, 1)
    out = stock.history(shelf["M"])[0]
    assert (out.label, out.quantity, out.count_after, out.conditional_id) == (
        "Saiu na condicional", -2, 1, k)
    assert out.note == f"malinha nº {k}"
    [view] = conditional.open_conditionals(today)
    assert (view.id, view.customer_id, view.return_by, view.late) == (
        k, ana, date(2026, 11, 25), False)
    assert (view.pieces_out, view.value_out_cents) == (3, 2 * 18_990 + 5_990)
    assert balanced(shelf)


def test_the_malinha_note_is_stored_without_invisible_characters(shelf, ana, today):
    """A bidi override pasted into the note would reverse the rest of the termo's line and of
    her reminder: it is stripped with the zero-width space on the way in."""
    rlo, zw = "\u202e", "\u200b"
    k = conditional.send(ana, [(shelf["blusa"], 1)], today, note=f"{rlo}festa{zw}")
    assert Conditional.get_by_id(k).note == "festa"


def test_the_same_piece_listed_twice_is_one_line_at_the_price_of_the_day(shelf, ana, today):
    k = conditional.send(ana, [(shelf["M"], 1), (shelf["M"], 1)], today)
    [line] = conditional.conditional_lines(k)
    assert (line.name, line.quantity, line.unit_price_cents) == ("Vestido Lírio M rosa", 2,
                                                                 18_990)


def test_the_default_return_date_counts_days_or_business_days(shelf, ana, today):
    k = conditional.send(ana, [(shelf["blusa"], 1)], today)
    assert conditional.get_conditional(k, today).return_by == date(2026, 11, 25)
    settings = save_settings(load_settings(), conditional_business_days=1)
    friday, christmas_eve = date(2026, 11, 27), date(2026, 12, 24)
    assert conditional.default_return_by(friday, settings) == date(2026, 12, 1)
    assert conditional.default_return_by(christmas_eve, settings) == date(2026, 12, 29)
    settings = save_settings(settings, conditional_return_days=0)
    assert conditional.default_return_by(friday, settings) == friday


def test_due_today_and_late_as_days_pass(shelf, ana, bia, today):
    a = conditional.send(ana, [(shelf["P"], 1)], today, return_by=today)
    b = conditional.send(bia, [(shelf["G"], 1)], today, return_by=today + timedelta(days=1))
    later = today + timedelta(days=3)
    views = {k.id: k for k in conditional.open_conditionals(later)}
    assert views[a].late and views[a].days_late == 3 and views[a].status_text == \
        "3 dias de atraso"
    assert views[b].late and views[b].days_late == 2
    now = {k.id: k for k in conditional.open_conditionals(today)}
    assert now[a].due_today and not now[a].late and now[a].status_text == "Devolve hoje"
    assert now[b].status_text == "No prazo"
    assert [k.id for k in conditional.open_conditionals(later)] == [a, b]  # most late first


def test_settle_makes_one_sale_of_what_she_kept_and_the_rest_goes_back(shelf, ana, today):
    k = conditional.send(ana, [(shelf["M"], 2), (shelf["blusa"], 2)], today)
    day = today + timedelta(days=2)
    sale = conditional.settle(k, {shelf["M"]: 1}, day)
    assert sale.total_cents == 18_990 and sale.id == sale.sale_id == int(sale)
    assert Sale.get_by_id(sale).total_cents == 18_990
    [item] = SaleItem.select().where(SaleItem.sale == sale.sale_id)
    assert (item.description, item.variant, item.quantity, item.piece_variant_id) == (
        "Vestido Lírio", "M rosa", 1, shelf["M"])
    stored = Sale.get_by_id(sale.sale_id)
    assert stored.sale_date == day and stored.down_payment_cents == 18_990  # à vista
    assert (sale.customer_id, sale.sale_date) == (stored.customer_id, stored.sale_date) == (
        ana, day)  # read like the sale itself
    assert counts(shelf["M"]) == (2, 0) and counts(shelf["blusa"]) == (5, 0)
    assert [m.label for m in stock.history(shelf["M"])[:2]] == [
        "Vendida da condicional", "Voltou da condicional"]
    assert conditional.open_conditionals(day) == []
    assert conditional.get_conditional(k, day).closed_on == day
    counted = stock.where_pieces_are(shelf["M"])
    assert (counted.shelf, counted.in_conditional, counted.sold) == (2, 0, 1)
    assert balanced(shelf)


def test_kept_pieces_on_the_caderneta_with_entrada_and_loyalty_discount(shelf, ana, today):
    k = conditional.send(ana, [(shelf["M"], 1), (shelf["saia"], 1)], today)
    sale = conditional.settle(k, {shelf["M"]: 1, shelf["saia"]: 1}, today,
                              PlanInput(3, date(2026, 12, 23)), 3_090, payment_method="pix",
                              discount_cents=1_000)
    assert sale.total_cents == 18_990 + 12_000 - 1_000
    amounts = [i.amount_cents for i in Installment.select().where(
        Installment.sale == sale.sale_id).order_by(Installment.number)]
    assert amounts == [8_967, 8_967, 8_966] and sum(amounts) == sale.total_cents - 3_090
    assert Payment.get(Payment.sale == sale.sale_id).method == "pix"
    assert counts(shelf["saia"]) == (0, 0)


def test_she_kept_nothing_everything_comes_back(shelf, ana, today):
    k = conditional.send(ana, [(shelf["G"], 1)], today)
    assert conditional.settle(k, {}, today) is None
    assert counts(shelf["G"]) == (1, 0) and Sale.select().count() == 0
    assert conditional.get_conditional(k, today).status_text == "Acertada em 23/11/2026"


def test_partial_returns_on_different_days_and_a_piece_left_open(shelf, ana, today):
    k = conditional.send(ana, [(shelf["M"], 3), (shelf["blusa"], 2)], today)
    assert conditional.return_pieces(k, {shelf["M"]: 1}, today + timedelta(days=1)) is False
    assert counts(shelf["M"]) == (1, 2)
    day = today + timedelta(days=2)
    sale = conditional.settle(k, {shelf["M"]: 1}, day, returned={shelf["blusa"]: 2})
    view = conditional.get_conditional(k, day)
    assert view.is_open and view.pieces_out == 1 and view.pieces_label == "1 de 5 peças"
    assert counts(shelf["M"]) == (1, 1) and counts(shelf["blusa"]) == (5, 0)
    assert sale.total_cents == 18_990
    done = conditional.settle(k, {}, today + timedelta(days=4))  # the last M came back
    assert done is None and counts(shelf["M"]) == (2, 0)
    assert [s.text for s in conditional.settlements_of(k)] == [
        "24/11/2026: voltou 1 peça", "25/11/2026: voltaram 2 peças; ficou com 1 peça "
        "(R$\xa0189,90)", "27/11/2026: voltou 1 peça"]
    assert balanced(shelf)


def written() -> tuple[int, ...]:
    return (Conditional.select().count(), ConditionalItem.select().count(),
            ConditionalSettlement.select().count(), StockMove.select().count(),
            Sale.select().count())


def test_sending_a_piece_with_no_stock_is_refused_and_nothing_is_written(shelf, ana, today):
    before = written()
    with pytest.raises(ValidationError) as refused:
        conditional.send(ana, [(shelf["blusa"], 1), (shelf["G"], 2)], today)
    assert refused.value.errors == {"items": "Só há 1 Vestido Lírio G rosa em estoque "
                                             "(pediu 2)."}
    assert refused.value.code("items") == "not_enough"
    assert written() == before and counts(shelf["blusa"]) == (5, 0)
    with pytest.raises(ValidationError, match="antes de hoje"):
        conditional.send(ana, [(shelf["blusa"], 1)], today, return_by=today - timedelta(1))
    with pytest.raises(ValidationError, match="Escolha as peças"):
        conditional.send(ana, [], today)
    with pytest.raises(NotFound):
        conditional.send(9_999, [(shelf["blusa"], 1)], today)


def test_settling_more_than_went_out_or_twice_is_refused(shelf, ana, today):
    k = conditional.send(ana, [(shelf["M"], 2)], today)
    before = written()
    with pytest.raises(ValidationError) as refused:
        conditional.settle(k, {shelf["M"]: 3}, today)
    assert refused.value.errors == {"items": "Vestido Lírio M rosa: ela levou 2."}
    assert refused.value.code("items") == "too_many"
    with pytest.raises(ValidationError, match="não está nesta malinha"):
        conditional.settle(k, {shelf["blusa"]: 1}, today)
    with pytest.raises(ValidationError, match="Marque o que voltou"):
        conditional.return_pieces(k, {}, today)
    assert written() == before and counts(shelf["M"]) == (1, 2)
    conditional.return_pieces(k, {shelf["M"]: 1}, today)
    with pytest.raises(ValidationError, match="só 1 de 2 ainda estão com ela"):
        conditional.settle(k, {shelf["M"]: 2}, today)
    conditional.settle(k, {shelf["M"]: 1}, today)
    with pytest.raises(ValidationError) as twice:
        conditional.settle(k, {}, today)
    assert twice.value.code("conditional") == "settled"
    assert "já foi acertada em 23/11/2026" in twice.value.errors["conditional"]
    assert Sale.select().count() == 1


def test_a_refused_sale_leaves_the_malinha_as_it_was(shelf, ana, today):
    from app.models.people import Customer

    Customer.update(credit_limit_cents=10_000).where(Customer.id == ana).execute()
    k = conditional.send(ana, [(shelf["M"], 1)], today)
    before = written()
    with pytest.raises(CreditLimitConfirmation):
        conditional.settle(k, {shelf["M"]: 1}, today, PlanInput(2, date(2026, 12, 23)))
    assert written() == before and counts(shelf["M"]) == (2, 1)
    sale = conditional.settle(k, {shelf["M"]: 1}, today, PlanInput(2, date(2026, 12, 23)),
                              override_credit=True)
    assert Installment.select().where(Installment.sale == sale.sale_id).count() == 2


def test_undo_a_settle_while_its_sale_has_no_payment(shelf, ana, today):
    k = conditional.send(ana, [(shelf["M"], 2), (shelf["blusa"], 1)], today)
    sale = conditional.settle(k, {shelf["M"]: 1}, today, PlanInput(2, date(2026, 12, 23)))
    undone = conditional.undo_settle(k, today)
    assert undone.removed_sale_id == sale.sale_id
    assert Sale.get_or_none(Sale.id == sale.sale_id) is None
    assert Installment.select().count() == 0
    assert counts(shelf["M"]) == (1, 2) and counts(shelf["blusa"]) == (4, 1)
    view = conditional.get_conditional(k, today)
    assert view.is_open and view.pieces_out == 3
    assert conditional.settlements_of(k)[0].undone_on == today
    assert stock.history(shelf["M"])[0].label == "Acerto da condicional desfeito"
    assert balanced(shelf)
    again = conditional.settle(k, {shelf["blusa"]: 1}, today)  # a new acerto works
    assert again.total_cents == 5_990


def test_undo_an_a_vista_settle_removes_its_payment_with_it(shelf, ana, today):
    k = conditional.send(ana, [(shelf["saia"], 1)], today)
    conditional.settle(k, {shelf["saia"]: 1}, today, payment_method="pix")
    conditional.undo_settle(k, today)
    assert Payment.select().count() == 0 and counts(shelf["saia"]) == (0, 1)


def test_undo_is_refused_once_the_sale_has_a_payment(shelf, ana, today):
    k = conditional.send(ana, [(shelf["M"], 1)], today)
    conditional.settle(k, {shelf["M"]: 1}, today, PlanInput(2, date(2026, 12, 23)))
    record_payment(ana, 1_000, today, "pix", today)
    with pytest.raises(ValidationError) as refused:
        conditional.undo_settle(k, today)
    assert refused.value.code("sale") == "has_payments"
    assert Sale.select().count() == 1 and counts(shelf["M"]) == (2, 0)


def test_undo_is_refused_when_the_returned_piece_left_the_shelf(shelf, ana, bia, today):
    k = conditional.send(ana, [(shelf["G"], 1)], today)
    conditional.settle(k, {}, today)
    conditional.send(bia, [(shelf["G"], 1)], today)  # lent again to someone else
    with pytest.raises(ValidationError, match="já saiu do estoque"):
        conditional.undo_settle(k, today)
    assert conditional.get_conditional(k, today).closed_on == today
    with pytest.raises(ValidationError, match="não tem acerto"):
        conditional.undo_settle(conditional.open_conditionals(today)[0].id, today)


def test_a_late_malinha_blocks_a_new_one_only_when_she_asks(shelf, ana, today):
    conditional.send(ana, [(shelf["P"], 1)], today, return_by=today)
    later = today + timedelta(days=2)
    conditional.send(ana, [(shelf["blusa"], 1)], later)  # the block is off by default
    save_settings(load_settings(), conditional_block_late=1)
    with pytest.raises(ValidationError) as refused:
        conditional.send(ana, [(shelf["blusa"], 1)], later)
    assert refused.value.code("customer") == "late_conditional"
    assert "atrasada desde 23/11/2026" in refused.value.errors["customer"]
    other = save_customer(CustomerInput("Carla Dias"), today)
    assert conditional.send(other, [(shelf["blusa"], 1)], later)


def test_a_late_malinha_is_a_note_never_a_payment_delay(shelf, ana, today):
    from app.services.people.standing import standing_for

    k = conditional.send(ana, [(shelf["P"], 1)], today, return_by=today)
    later = today + timedelta(days=3)
    assert conditional.notes_for(ana, later) == (
        f"Está com a malinha nº {k} há 3 dias além do combinado (devolução em 23/11/2026).",)
    conditional.settle(k, {}, later)
    assert conditional.notes_for(ana, later) == (
        f"Devolveu a malinha nº {k} com 3 dias de atraso (combinado: 23/11/2026).",)
    assert standing_for(ana, later).code == "em_dia"


def test_the_painel_shows_the_value_out_on_condicional(shelf, ana, bia, today):
    from app.services.collection.dashboard import dashboard

    a = conditional.send(ana, [(shelf["M"], 2)], today, return_by=today)
    conditional.send(bia, [(shelf["blusa"], 1)], today, return_by=today + timedelta(days=2))
    conditional.return_pieces(a, {shelf["M"]: 1}, today)
    later = dashboard(today + timedelta(days=1))
    assert (later.conditional_out_cents, later.conditional_open, later.conditional_late) == (
        18_990 + 5_990, 2, 1)
    assert later.receivable_cents == 0  # pieces out are not money owed


def test_a_customer_with_a_malinha_is_archived_never_deleted(shelf, today):
    from app.services.people.customers import remove_customer

    carla = save_customer(CustomerInput("Carla Dias"), today)
    conditional.send(carla, [(shelf["blusa"], 1)], today)
    assert remove_customer(carla) == "archived"


def test_a_size_with_pieces_in_a_malinha_stays_in_the_grid(shelf, ana, today):
    from app.services.pieces.catalog import PieceInput, VariantInput

    conditional.send(ana, [(shelf["saia"], 1)], today)  # the only Saia Flor M azul
    piece = catalog.variant(shelf["saia"]).piece_id
    with pytest.raises(ValidationError, match="tem peças em condicional"):
        catalog.save_piece(PieceInput("Saia Flor", 12_000, "SF-2",
                                      variants=(VariantInput("G", "azul", 1),)), today, piece)
    assert [v.grid_label for v in catalog.variants_of(piece)] == ["M azul"]


def test_the_page_reads_the_same_totals_whichever_list_it_shows(shelf, ana, bia, today):
    from app.services.conditional.conditional_list import OutTotals, conditionals_page, out_totals

    a = conditional.send(ana, [(shelf["M"], 2)], today, return_by=today)
    conditional.send(bia, [(shelf["blusa"], 2)], today, return_by=today + timedelta(days=1))
    conditional.return_pieces(a, {shelf["M"]: 1}, today)
    later = today + timedelta(days=1)
    pages = [conditionals_page(later, which) for which in ("open", "settled", "all")]
    assert {p.totals for p in pages} == {out_totals(later)}
    assert out_totals(later) == OutTotals(2, 1, 3, 18_990 + 2 * 5_990)
    assert [len(p.rows) for p in pages] == [2, 0, 2]
    assert [line.out for line in pages[0].lines[a]] == [1]
