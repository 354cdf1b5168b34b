"""The catalogue: pieces with a size × colour grid, validation, editing, search."""

from __future__ import annotations

import pytest

from app.services import catalog
from app.services.core.errors import ValidationError
from app.services.pieces import stock
from app.services.pieces.catalog import PieceInput, VariantInput


def _dress(today, **kw) -> int:
    data = dict(name="Vestido Lírio", price_cents=18_990, reference="VL-01",
                variants=(VariantInput("P", "rosa", 2), VariantInput("M", "rosa", 3),
                          VariantInput("M", "preto", 0)), cost_cents=9_000)
    return catalog.save_piece(PieceInput(**(data | kw)), today)


def test_a_piece_with_its_grid_and_opening_stock(db, today):
    piece = _dress(today)
    grid = catalog.variants_of(piece)
    assert [(v.size, v.colour, v.stock) for v in grid] == [("P", "rosa", 2), ("M", "rosa", 3),
                                                          ("M", "preto", 0)]
    assert [catalog.stock_of(v.id) for v in grid] == [2, 3, 0]
    assert grid[1].name == "Vestido Lírio M rosa" and grid[1].grid_label == "M rosa"
    opening = stock.history(grid[1].id)
    assert [(m.label, m.quantity, m.count_after) for m in opening] == [("Estoque inicial", 3, 3)]
    assert stock.history(grid[2].id) == []  # nothing typed, nothing to tell


def test_a_single_piece_is_unico(db, today):
    piece = catalog.save_piece(PieceInput("Bolsa de palha", 7_990), today)
    (only,) = catalog.variants_of(piece)
    assert only.grid_label == "Único" and only.name == "Bolsa de palha" and only.stock == 0


@pytest.mark.parametrize(("change", "field", "words"), [
    (dict(name="  ..  "), "name", "nome"),
    (dict(price_cents=0), "price", "preço"),
    (dict(cost_cents=-1), "cost", "negativo"),
    (dict(variants=()), "variants", "pelo menos uma"),
    (dict(variants=(VariantInput("M", "Rosa"), VariantInput(" m ", "rosa"))), "variants",
     "duas vezes"),
    (dict(variants=(VariantInput("M", "", -1),)), "variants", "Estoque"),
])
def test_bad_pieces_are_refused_with_a_sentence(db, today, change, field, words):
    with pytest.raises(ValidationError) as refused:
        _dress(today, **change)
    assert field in refused.value.errors and words in refused.value.errors[field]
    assert catalog.search_variants("") == []


def test_a_reference_belongs_to_one_piece(db, today):
    _dress(today)
    with pytest.raises(ValidationError, match="já é de “Vestido Lírio”"):
        catalog.save_piece(PieceInput("Saia", 5_000, reference=" vl-01 "), today)
    catalog.save_piece(PieceInput("Saia", 5_000, reference=""), today)  # no code is fine
    catalog.save_piece(PieceInput("Blusa", 5_000, reference=""), today)


def test_editing_keeps_stock_adds_cells_and_archives_an_empty_one(db, today):
    piece = _dress(today)
    before = {(v.size, v.colour): v.id for v in catalog.variants_of(piece)}
    catalog.save_piece(PieceInput("Vestido Lírio", 19_990, "VL-01", variants=(
        VariantInput("P", "Rosa", 99), VariantInput("M", "rosa"), VariantInput("G", "rosa", 4))),
        today, piece_id=piece)
    grid = {(v.size, v.colour): v for v in catalog.variants_of(piece)}
    assert grid[("P", "Rosa")].id == before[("P", "rosa")] and grid[("P", "Rosa")].stock == 2
    assert grid[("G", "rosa")].stock == 4 and ("M", "preto") not in grid  # archived: no stock
    assert grid[("M", "rosa")].price_cents == 19_990


def test_a_cell_with_pieces_cannot_leave_the_grid(db, today):
    piece = _dress(today)
    with pytest.raises(ValidationError, match="P rosa ainda tem peças"):
        catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", variants=(
            VariantInput("M", "rosa"),)), today, piece_id=piece)
    assert len(catalog.variants_of(piece)) == 3  # nothing half-saved


def test_search_ignores_accents_and_reads_sizes_colours_and_references(db, today):
    _dress(today)
    catalog.save_piece(PieceInput("Vestido Midi", 15_000, variants=(VariantInput("P", "azul", 1),)),
                       today)
    names = lambda q: [v.name for v in catalog.search_variants(q)]  # noqa: E731
    assert names("lirio m rosa") == ["Vestido Lírio M rosa"]
    assert names("vestido m") == ["Vestido Lírio M rosa", "Vestido Lírio M preto"]
    assert names("VL-01 p") == ["Vestido Lírio P rosa"]
    assert names("AZUL") == ["Vestido Midi P azul"]
    assert names("vestido")[-1] == "Vestido Lírio M preto"  # no stock: listed last
    assert names("saia") == []


def test_archived_pieces_leave_the_search_and_come_back(db, today):
    piece = _dress(today)
    catalog.archive_piece(piece)
    assert catalog.search_variants("lirio") == []
    catalog.restore_piece(piece)
    assert len(catalog.search_variants("lirio")) == 3


def test_a_cell_brought_back_to_the_grid_gets_the_stock_typed_for_it(db, today):
    piece = _dress(today)
    only_pink = (VariantInput("P", "rosa"), VariantInput("M", "rosa"))
    catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", variants=only_pink), today,
                       piece_id=piece)  # M preto (empty) leaves the grid
    catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", variants=(
        *only_pink, VariantInput("M", "Preto", 2))), today, piece_id=piece)
    black = next(v for v in catalog.variants_of(piece) if v.colour == "Preto")
    assert black.stock == 2
    assert [(m.label, m.quantity) for m in stock.history(black.id)] == [("Estoque inicial", 2)]
