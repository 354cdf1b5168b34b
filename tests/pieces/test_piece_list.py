"""The Peças page's list (one row per piece with its totals, the grids of the rows shown) and
the in-memory search Nova venda uses, which follows the very rule of
``catalog.search_variants``."""

from __future__ import annotations

import pytest

from app.services import catalog, conditional
from app.services.pieces.catalog import PieceInput, VariantInput
from app.services.pieces.piece_list import PieceRow, list_grids, list_pieces, piece_grids
from app.services.pieces.piece_search import CatalogueSearch


@pytest.fixture
def rack(shelf, today):
    catalog.save_piece(PieceInput("Vestido Midi", 15_000, variants=(
        VariantInput("P", "azul", 1), VariantInput("GG", "azul", 0))), today)
    catalog.save_piece(PieceInput("Saia Évora", 9_990, "SE-7", variants=(
        VariantInput("38", "", 2), VariantInput("40", "", 0))), today)
    archived = catalog.save_piece(PieceInput("Blusa Antiga", 3_000, variants=(
        VariantInput("M", "rosa", 4),)), today)
    catalog.archive_piece(archived)
    return shelf


def test_one_row_per_piece_with_its_totals_and_what_is_low_or_empty(rack, today):
    rows = {r.name: r for r in list_pieces()}
    assert list(rows) == ["Blusa Ana", "Saia Évora", "Vestido Lírio", "Vestido Midi"]
    dress = rows["Vestido Lírio"]
    assert (dress.variant_count, dress.stock, dress.empty_count, dress.low_count) == (3, 6, 0, 1)
    saia = rows["Saia Évora"]
    assert (saia.variant_count, saia.stock, saia.empty_count, saia.all_empty) == (2, 2, 1, False)
    assert "Blusa Antiga" in {r.name for r in list_pieces(include_archived=True)}
    # each row equal to the one the dataclass would make (set without its __init__)
    assert all(r == PieceRow(**vars(r)) and isinstance(r.archived, bool)
               and r.search_key.startswith(" ") for r in list_pieces(include_archived=True))


def test_the_grids_of_the_pieces_asked_name_each_cell(rack, today):
    ids = {r.name: r.id for r in list_pieces()}
    grids = piece_grids([ids["Vestido Lírio"], ids["Saia Évora"], ids["Blusa Ana"], 999])
    assert set(grids) == {ids["Vestido Lírio"], ids["Saia Évora"], ids["Blusa Ana"]}
    dress = grids[ids["Vestido Lírio"]]
    assert dress.grid_text == "rosa: P 2, M 3, G 1" and dress.stock == 6
    assert dress.low == ["G rosa"] and dress.empty == []  # warning at 1 by default
    assert grids[ids["Blusa Ana"]].grid_text == "Único 5"
    assert grids[ids["Saia Évora"]].grid_text == "38 2, 40 0"
    assert grids[ids["Saia Évora"]].empty == ["40"]
    midi = next(g for g in list_grids() if g.name == "Vestido Midi")
    assert [v.name for v in midi.variants] == ["Vestido Midi P azul", "Vestido Midi GG azul"]


def test_pieces_out_in_a_malinha_are_counted_apart_from_the_shelf(rack, ana, today):
    conditional.send(ana, [(rack["M"], 2), (rack["blusa"], 1)], today)
    rows = {r.name: r for r in list_pieces()}
    dress = rows["Vestido Lírio"]
    assert (dress.stock, dress.in_conditional, dress.low_count) == (4, 2, 2)  # M 1 left
    grid = piece_grids([dress.id])[dress.id]
    assert grid.grid_text == "rosa: P 2, M 1 (2 em condicional), G 1"
    assert grid.low == ["M rosa", "G rosa"]
    assert rows["Blusa Ana"].in_conditional == 1 and rows["Blusa Ana"].stock == 4


@pytest.mark.parametrize("query", ["", "v", "vestido", "vestido m", "lirio m rosa", "VL-01 p",
                                   "azul", "gg", "evora 38", "saia", "rosa", "m", "xyz",
                                   "blusa", "antiga"])
def test_the_search_in_memory_is_the_search_of_the_service(rack, query):
    loaded = CatalogueSearch(list_grids(include_archived=True))
    assert [v.id for v in loaded.search(query, 12)] == [v.id for v in catalog.search_variants(
        query, 12)]


def test_the_search_finds_pieces_as_she_types_them(rack):
    loaded = CatalogueSearch(list_grids())
    names = lambda q: [v.name for v in loaded.search(q, 20)]  # noqa: E731
    assert names("vestido m") == ["Vestido Lírio M rosa"]  # not Vestido Midi
    assert names("midi") == ["Vestido Midi P azul", "Vestido Midi GG azul"]  # stock first
    assert names("ÉVORA 38") == ["Saia Évora 38"]
    assert names("se-7") == ["Saia Évora 38", "Saia Évora 40"]
    assert names("antiga") == []  # archived


def test_the_page_sums_each_piece_from_an_index_alone(db):
    """Schema step 17: the grouped totals of the Peças page read the covering index, never
    each variant's row (a big catalogue has 50,000)."""
    from app.models.db import database
    from app.services.core.sql import flag
    from app.services.pieces.piece_list import _ROWS_SQL

    plan = " ".join(str(row[-1]) for row in database.execute_sql(
        "EXPLAIN QUERY PLAN " + _ROWS_SQL.format(where=f"WHERE {flag('p.archived', False)}")))
    assert "COVERING INDEX piece_variant_totals" in plan
