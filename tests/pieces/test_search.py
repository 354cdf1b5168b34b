"""Catalogue search (issue 22's speed work): every match is found however many pieces the
words touch, in the same order as reading the whole catalogue would give, at any size."""

from __future__ import annotations

import random

import pytest

from app.services import catalog
from app.services.core.text import fold
from app.services.pieces.catalog import PieceInput, VariantInput


def _everything(query: str, limit: int = 50) -> list[tuple[str, str, str]]:
    """The rule applied to the whole catalogue, the slow and obvious way."""
    from app.models.db import database

    words = fold(query).split()
    rows = database.execute_sql(
        "SELECT p.id, p.name, p.reference, p.search_key, v.id, v.size, v.colour, v.stock "
        "FROM piece_variant v JOIN piece p ON p.id = v.piece_id "
        "WHERE p.archived = 0 AND v.archived = 0").fetchall()
    found = [r for r in rows if all(f" {w}" in f" {r[3]}" for w in words)]
    sizes = {w for w in words if any(fold(r[5]) == w for r in found)}

    def matches(r) -> bool:
        tokens = fold(f"{r[1]} {r[2]} {r[6]}").split()
        for w in words:
            if w in sizes:
                if fold(r[5]) != w:
                    return False
            elif not any(t.startswith(w) for t in tokens) and w != fold(r[5]):
                return False
        return True

    kept = sorted((r for r in found if matches(r)), key=lambda r: (r[7] == 0, r[1], r[0], r[4]))
    return [(r[1], r[5], r[6]) for r in kept[:limit]]


def _got(query: str, limit: int = 50) -> list[tuple[str, str, str]]:
    return [(v.piece_name, v.size, v.colour) for v in catalog.search_variants(query, limit)]


@pytest.fixture
def crowded(db, today):
    """Sixty "Vestido Aurora" before the one "Vestido Lírio" (the old search read the first
    400 cells and missed it), a "Vestido Midi" with no M, and stock here and there."""
    rng = random.Random(5)
    for n in range(60):
        catalog.save_piece(PieceInput(f"Vestido Aurora {n:02d}", 15_990, variants=tuple(
            VariantInput(size, colour, rng.choice((0, 0, 1, 3)))
            for size in ("P", "M", "G", "GG") for colour in ("preto", "verde"))), today)
    catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", variants=(
        VariantInput("M", "rosa", 2), VariantInput("G", "rosa", 0))), today)
    catalog.save_piece(PieceInput("Vestido Midi", 12_990, variants=(
        VariantInput("P", "lilás", 1),)), today)
    catalog.save_piece(PieceInput("Blusa 100% algodão", 5_990, "B_1", variants=(
        VariantInput("", "", 4),)), today)
    archived = catalog.save_piece(PieceInput("Vestido Lua", 9_990, variants=(
        VariantInput("M", "", 5),)), today)
    catalog.archive_piece(archived)


QUERIES = ("", "v", "vestido", "vestido l", "vestido li", "lirio", "vl-01", "vestido m", "m",
           "m rosa", "midi", "vestido midi", "gg verde", "aurora 59", "lua", "100%", "b_1", "%",
           "_", "zzz", "rosa g", "VESTIDO LÍRIO")


def test_every_match_in_the_order_of_the_whole_catalogue(crowded):
    for query in QUERIES:
        assert _got(query) == _everything(query), query
        assert _got(query, 7) == _everything(query, 7), query


def test_what_the_old_search_missed_is_found(crowded):
    assert _got("vestido lir") == [("Vestido Lírio", "M", "rosa"),
                                   ("Vestido Lírio", "G", "rosa")]
    assert ("Vestido Lírio", "M", "rosa") in _got("vestido l")
    assert _got("vestido m")[0][1] == "M" and ("Vestido Midi", "P", "lilás") not in _got(
        "vestido m", 500)
    assert _got("midi") == [("Vestido Midi", "P", "lilás")]  # no M among the Midi: a word
    assert _got("lua") == []  # archived


def test_a_large_random_catalogue_agrees_with_the_whole_reading(db, today):
    rng = random.Random(11)
    names = ("Vestido", "Blusa", "Saia", "Biquíni", "Calça", "Kimono")
    for n in range(120):
        sizes = rng.choice((("P", "M", "G"), ("36", "38", "40"), ("",)))
        colours = rng.sample(("preto", "rosa", "verde", "azul", "off-white"), 2)
        catalog.save_piece(PieceInput(f"{rng.choice(names)} {rng.choice(('Lis', 'Mar', 'Sol'))}"
                                      f" {n}", 5_000 + n, variants=tuple(
            VariantInput(s, c, rng.choice((0, 1, 2))) for s in sizes for c in colours)), today)
    for query in ("", "s", "sa", "saia m", "38", "calca 38 azul", "mar", "sol p", "rosa",
                  "off", "biquini m verde", "k", "1", "12"):
        assert _got(query, 30) == _everything(query, 30), query


def test_a_size_is_looked_up_by_its_index(db):
    """Schema v12: "is this word a size?" never reads every variant."""
    from app.models.db import database

    plan = " ".join(str(r) for r in database.execute_sql(
        "EXPLAIN QUERY PLAN SELECT 1 FROM piece_variant v JOIN piece p ON p.id = v.piece_id "
        "WHERE v.size = ? COLLATE NOCASE AND v.archived = 0 AND p.archived = 0 LIMIT 1",
        ("m",)).fetchall())
    assert "USING INDEX piece_variant_size" in plan
