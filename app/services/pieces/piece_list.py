"""The Peças page's reads: each piece with its totals (one grouped query), and the grids of
the pieces on the screen or of the whole catalogue (Nova venda's search).

Why two reads: 5,000 pieces of 10 cells are 50,000 rows, and handing each to Python costs
more than SQLite takes to sum them. The list needs, per piece, only its units on the shelf,
in malinhas and with a defect, and how many cells are empty or low; the cells themselves are
read for the few dozen rows she sees (``piece_grids``), and all of them only where every cell
is searched (``list_grids``, loaded once by Nova venda's picker on a worker).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from app.models.db import database
from app.services.core.sql import flag
from app.services.pieces.catalog import UNIQUE, VariantView

Cell = tuple[int, str, str, int, int, int]  # variant id, size, colour, stock, defective,
#                                           and how many are out in malinhas


@dataclass(frozen=True)
class PieceRow:
    """One piece as the Peças page lists it: its totals, counted by SQL. The grid itself is
    read only for the rows she sees (``piece_grids``): 5,000 pieces of 10 cells are 5,000
    rows to Python, not 50,000."""

    id: int
    name: str
    reference: str
    price_cents: int
    cost_cents: int | None
    low_stock: int
    archived: bool
    search_key: str  # " " + folded words of name, reference, sizes and colours
    variant_count: int  # cells still in the grid
    stock: int  # on the shelf, every cell
    defective: int  # kept aside "com defeito"
    in_conditional: int  # out in malinhas (issue 23): not on the shelf, not sold
    empty_count: int  # cells with nothing on the shelf
    low_count: int  # cells at or below the low-stock warning (but not empty)

    @property
    def all_empty(self) -> bool:
        return 0 < self.empty_count == self.variant_count


@dataclass(frozen=True)
class PieceGrid:
    """A piece with every cell of its grid and what each holds (kept as plain tuples: 5,000
    pieces of 10 cells load in about the time SQLite reads them)."""

    id: int
    name: str
    reference: str
    price_cents: int
    low_stock: int
    archived: bool
    search_key: str  # " " + folded words of name, reference, sizes and colours
    cells: tuple[Cell, ...]

    @property
    def variants(self) -> list[VariantView]:
        """The grid as VariantViews (for the cells of the piece chosen)."""
        return [self.variants_at(n) for n in range(len(self.cells))]

    def variants_at(self, n: int) -> VariantView:
        """The ``n``-th cell of the grid as a VariantView."""
        vid, size, colour, stock, defective, bag = self.cells[n]
        return VariantView(vid, self.id, self.name, size, colour, stock, defective,
                           self.price_cents, self.reference, self.low_stock, bag)

    @property
    def stock(self) -> int:
        return sum(c[3] for c in self.cells)

    @property
    def defective(self) -> int:
        return sum(c[4] for c in self.cells)

    @property
    def in_conditional(self) -> int:
        return sum(c[5] for c in self.cells)

    @property
    def empty(self) -> list[str]:
        """The labels of the cells with nothing on the shelf ("M rosa")."""
        return [_label(c) for c in self.cells if c[3] == 0]

    @property
    def low(self) -> list[str]:
        """The labels of the cells at or below the low-stock warning (but not empty)."""
        return [_label(c) for c in self.cells if 0 < c[3] <= self.low_stock]

    @property
    def grid_text(self) -> str:
        """"rosa: P 2, M 0 (1 em condicional), G 1 · preto: M 3" (sizes under their
        colour), "Único 4"."""
        by_colour: dict[str, list[str]] = {}
        for _, size, colour, stock, _, bag in self.cells:
            cell = f"{size} {stock}" if size else str(stock) if colour else f"{UNIQUE} {stock}"
            if bag:
                cell += f" ({bag} em condicional)"
            by_colour.setdefault(colour, []).append(cell)
        return " · ".join(f"{colour}: {', '.join(cells)}" if colour else ", ".join(cells)
                          for colour, cells in by_colour.items())


def _label(cell: Cell) -> str:
    return " ".join(p for p in (cell[1], cell[2]) if p) or UNIQUE


_ROWS_SQL = f"""
SELECT p.id, p.name, p.reference, p.price_cents, p.cost_cents, p.low_stock, p.archived,
       p.search_key, count(v.id), ifnull(sum(v.stock), 0), ifnull(sum(v.defective), 0),
       ifnull(sum(v.in_conditional), 0), ifnull(sum(v.stock = 0), 0),
       ifnull(sum(v.stock > 0 AND v.stock <= p.low_stock), 0)
FROM piece p LEFT JOIN piece_variant v ON v.piece_id = p.id AND {flag('v.archived', False)}
{{where}} GROUP BY p.id ORDER BY p.name, p.id
"""


def list_pieces(include_archived: bool = False) -> list[PieceRow]:
    """Every piece (archived ones too when asked), by name, each with its totals (units on
    the shelf, in malinhas, with a defect; how many cells are empty or low): one grouped
    query, the cells summed inside SQLite."""
    where = "" if include_archived else f"WHERE {flag('p.archived', False)}"
    new, rows = object.__new__, []
    for r in database.execute_sql(_ROWS_SQL.format(where=where)).fetchall():
        row = new(PieceRow)  # equal to PieceRow(...): its fields set at once, not through
        row.__dict__.update(zip(_FIELDS, r, strict=True),  # the frozen ``__init__`` (issue 18)
                            archived=bool(r[6]), search_key=" " + r[7])
        rows.append(row)
    return rows


_FIELDS = tuple(f.name for f in fields(PieceRow))  # in the order of ``_ROWS_SQL``'s columns


_GRID_PIECES_SQL = """
SELECT id, name, reference, price_cents, low_stock, archived, search_key
FROM piece {where} ORDER BY name, id
"""
_CELLS_SQL = ("SELECT piece_id, id, size, colour, stock, defective, in_conditional "
              f"FROM piece_variant WHERE {flag('archived', False)}")  # by id: grid order
_CHUNK = 500  # ids per query (far below SQLite's limit of bound parameters)


def list_grids(include_archived: bool = False) -> list[PieceGrid]:
    """Every piece (archived ones too when asked), by name, each with every cell of its
    grid: one query for the pieces, one for the cells (Nova venda's search loads it once)."""
    where = "" if include_archived else f"WHERE {flag('archived', False)}"
    cells = _CELLS_SQL
    if where:
        cells += f" AND piece_id IN (SELECT id FROM piece {where})"
    return _grids(database.execute_sql(_GRID_PIECES_SQL.format(where=where)),
                  database.execute_sql(cells + " ORDER BY id").fetchall())


def has_catalogue() -> bool:
    """True when some piece can be sold (Nova venda opens no list of matches in a caderneta
    without pieces)."""
    return bool(database.execute_sql(
        f"SELECT EXISTS (SELECT 1 FROM piece WHERE {flag('archived', False)})").fetchone()[0])


def piece_grids(piece_ids) -> dict[int, PieceGrid]:
    """The grids of these pieces (the rows on the screen), by piece id; ids of pieces that
    no longer exist are left out."""
    ids = sorted(set(piece_ids))
    found: dict[int, PieceGrid] = {}
    for n in range(0, len(ids), _CHUNK):
        chunk = ids[n:n + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        pieces = database.execute_sql(
            _GRID_PIECES_SQL.format(where=f"WHERE id IN ({marks})"), chunk)
        cells = database.execute_sql(f"{_CELLS_SQL} AND piece_id IN ({marks}) ORDER BY id",
                                     chunk).fetchall()
        found.update((g.id, g) for g in _grids(pieces, cells))
    return found


def _grids(pieces, cells) -> list[PieceGrid]:
    grids: dict[int, list[Cell]] = {}
    for row in cells:
        grid = grids.get(row[0])
        if grid is None:
            grid = grids[row[0]] = []
        grid.append(row[1:])
    return [PieceGrid(pid, name, reference, price, low, bool(archived), " " + key,
                      tuple(grids.get(pid, ())))
            for pid, name, reference, price, low, archived, key in pieces]
