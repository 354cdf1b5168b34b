"""Finding a piece as she types, in memory: the catalogue loaded once, each keystroke a pass
in Python over folded keys made at load time (5,000 pieces × 10 cells in a few ms).

The rule (``catalog.search_variants`` is this same code over the pieces SQL pre-selects):

- Every word typed (accents and case ignored) must be inside the piece's search key (name,
  reference, sizes and colours), and, for each sellable cell, must start a word of the
  piece's name, reference or the cell's colour, or be the cell's size.
- A word that is exactly the size of some cell of the pieces found ("m", "38") keeps only
  that size: "vestido m" lists the M ones, not "Vestido Midi P".
- The cells with stock come first, then the empty ones; each group by the piece's name,
  then in the order the grid was made.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.core.text import fold
from app.services.pieces.catalog import VariantView
from app.services.pieces.piece_list import PieceGrid


@dataclass(frozen=True)
class _Indexed:
    """A piece with its folded words, made once."""

    row: PieceGrid
    key: str  # " " + folded name, reference, sizes and colours (``PieceGrid.search_key``)
    base: str  # " " + folded words of the name and reference (word starts: " " + word)
    cell_sizes: tuple[str, ...]  # the folded size of each cell of row.cells, in its order
    cell_colours: tuple[str, ...]  # " " + the folded colour of each cell, in the same order
    sizes: frozenset[str]
    colours: str  # " " + the folded colours of every cell (a word no cell can match: skip)


def _indexed(row: PieceGrid, folded: dict[str, str]) -> _Indexed:
    """``folded``: the sizes and colours folded so far (a catalogue repeats a few of them
    thousands of times).

    Two tuples of strings per piece, not a tuple per cell: Python's collector walks every
    tuple made on the worker once the catalogue reaches the GUI thread, and a tuple per
    cell (50,000 in a catalogue of 5,000 pieces) made that walk ~20 ms longer (issue 18)."""

    def fold_once(text: str) -> str:
        found = folded.get(text)
        if found is None:
            found = folded[text] = fold(text)
        return found

    cell_sizes = tuple(fold_once(cell[1]) for cell in row.cells)
    cell_colours = tuple(" " + fold_once(cell[2]) for cell in row.cells)
    base = " " + fold(f"{row.name} {row.reference}")
    key = row.search_key or " " + " ".join(
        (base, *(f"{s}{c}" for s, c in zip(cell_sizes, cell_colours, strict=True))))
    return _Indexed(row, key, base, cell_sizes, cell_colours,
                    frozenset(size for size in cell_sizes if size),
                    "".join(dict.fromkeys(cell_colours)))


class CatalogueSearch:
    """The sellable pieces (not archived, with a grid) of ``rows``, searched by the rule in
    the module docstring; ``rows`` come from ``piece_list.list_grids``."""

    def __init__(self, rows: list[PieceGrid]):
        folded: dict[str, str] = {}
        pieces = [_indexed(r, folded) for r in rows if not r.archived and r.cells]
        pieces.sort(key=lambda p: (p.row.name, p.row.id))
        self._pieces = pieces
        self._sizes = frozenset().union(*(p.sizes for p in pieces))
        self._last: tuple[str, list[_Indexed]] = ("", pieces)  # the previous keystroke

    def __len__(self) -> int:
        return len(self._pieces)

    def search(self, query: str, limit: int = 50) -> list[VariantView]:
        """The variants matching ``query``, stock first, at most ``limit``."""
        folded = " ".join(fold(query).split())
        words = folded.split()
        before, found = self._last
        pool = found if before and folded.startswith(before) else self._pieces  # typed on
        if len(words) == 1:
            word = words[0]
            candidates = [p for p in pool if word in p.key]
        else:
            candidates = [p for p in pool if all(w in p.key for w in words)]
        self._last = (folded, candidates)
        size_words = {w for w in words
                      if w in self._sizes and any(w in p.sizes for p in candidates)}
        with_stock: list[VariantView] = []
        empty: list[VariantView] = []
        for piece in candidates:
            if size_words and not all(w in piece.sizes for w in size_words):
                continue  # no cell of this piece has every size asked
            loose = [w for w in words if w not in size_words and f" {w}" not in piece.base]
            if any(f" {w}" not in piece.colours and w not in piece.sizes for w in loose):
                continue  # a word neither its name, nor a colour or size of it
            for n, size in enumerate(piece.cell_sizes):
                colour = piece.cell_colours[n]
                if any(w != size for w in size_words):
                    continue
                if any(f" {w}" not in colour and w != size for w in loose):
                    continue
                view = piece.row.variants_at(n)
                (with_stock if view.stock else empty).append(view)
            if len(with_stock) >= limit:
                break
        return (with_stock + empty)[:limit]
