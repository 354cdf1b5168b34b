"""The Peças page's list (one row per piece with its grid) and the in-memory search Nova venda
uses, which follows the very rule of ``catalog.search_variants``."""

from __future__ import annotations

import pytest

from app.services import catalog
from app.services.pieces.catalog import PieceInput, VariantInput
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


def test_one_row_per_piece_with_its_grid_and_what_is_low_or_empty(rack, today):
    rows = {r.name: r for r in catalog.list_pieces()}
    assert list(rows) == ["Blusa Ana", "Saia Évora", "Vestido Lírio", "Vestido Midi"]
    dress = rows["Vestido Lírio"]
    assert dress.grid_text == "rosa: P 2, M 3, G 1" and dress.stock == 6
    assert dress.low == ["G rosa"] and dress.empty == []  # warning at 1 by default
    assert rows["Blusa Ana"].grid_text == "Único 5"
    assert rows["Saia Évora"].grid_text == "38 2, 40 0" and rows["Saia Évora"].empty == ["40"]
    assert [v.name for v in rows["Vestido Midi"].variants] == ["Vestido Midi P azul",
                                                               "Vestido Midi GG azul"]
    assert "Blusa Antiga" in {r.name for r in catalog.list_pieces(include_archived=True)}


@pytest.mark.parametrize("query", ["", "v", "vestido", "vestido m", "lirio m rosa", "VL-01 p",
                                   "azul", "gg", "evora 38", "saia", "rosa", "m", "xyz",
                                   "blusa", "antiga"])
def test_the_search_in_memory_is_the_search_of_the_service(rack, query):
    loaded = CatalogueSearch(catalog.list_pieces(include_archived=True))
    assert [v.id for v in loaded.search(query, 12)] == [v.id for v in catalog.search_variants(
        query, 12)]


def test_the_search_finds_pieces_as_she_types_them(rack):
    loaded = CatalogueSearch(catalog.list_pieces())
    names = lambda q: [v.name for v in loaded.search(q, 20)]  # noqa: E731
    assert names("vestido m") == ["Vestido Lírio M rosa"]  # not Vestido Midi
    assert names("midi") == ["Vestido Midi P azul", "Vestido Midi GG azul"]  # stock first
    assert names("ÉVORA 38") == ["Saia Évora 38"]
    assert names("se-7") == ["Saia Évora 38", "Saia Évora 40"]
    assert names("antiga") == []  # archived
