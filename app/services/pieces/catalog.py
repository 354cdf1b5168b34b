"""The catalogue: pieces with a name, reference, price, cost, photo and a size × colour grid.

The rules:

- A piece needs a name with at least one letter and a price above zero; the cost is optional
  and never negative; the reference (her code) is optional and, when filled, belongs to one
  piece only (accents, case and spaces ignored when comparing).
- Its variants are the cells of the grid: a size, a colour, both or neither ("Único"). Two
  cells that read the same (accents and case ignored) are one cell. The stock typed when a
  variant is created (or brought back to the grid after it left it empty) is written as its
  opening movement; afterwards the stock changes only
  through sales, returns, entries and adjustments (``stock``), never by editing the piece.
- Editing a piece keeps every variant it still lists (matched by size and colour) with its
  stock and history; a variant left out is archived when nothing of it is on the shelf or
  kept aside, and refused with a sentence otherwise. Archiving a piece hides it from Nova
  venda and the list, keeps its history, and is undone by ``restore_piece``.
- Search ignores accents and case and matches every word typed against the name, the
  reference, the size and the colour ("vestido m rosa").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from peewee import SQL

from app.models.db import database
from app.models.pieces import Piece, PieceVariant
from app.services.core.changes import Topic, writes
from app.services.core.errors import NotFound, ValidationError
from app.services.core.money import MAX_CENTS
from app.services.core.sql import flag
from app.services.core.text import clean_text, fold, has_letter
from app.services.pieces.stock import MAX_QUANTITY, MoveKind, move

MAX_VARIANTS = 120
UNIQUE = "Único"
_LIVE = flag("archived", False)  # a piece or variant still in the catalogue


@dataclass(frozen=True)
class VariantInput:
    """One cell of the grid: ``size`` and ``colour`` may be empty; ``stock`` counts only
    when the variant is created."""

    size: str = ""
    colour: str = ""
    stock: int = 0


@dataclass(frozen=True)
class PieceInput:
    name: str
    price_cents: int
    reference: str = ""
    variants: tuple[VariantInput, ...] = (VariantInput(),)
    cost_cents: int | None = None
    notes: str = ""
    low_stock: int = 1
    photo: bytes | None = None


@dataclass(frozen=True)
class VariantView:
    """A variant as the screens and the checks read it."""

    id: int
    piece_id: int
    piece_name: str
    size: str
    colour: str
    stock: int
    defective: int
    price_cents: int
    reference: str
    low_stock: int
    in_conditional: int = 0  # out in malinhas (issue 23): not on the shelf, not sold

    @property
    def grid_label(self) -> str:
        """"M rosa", "M", "rosa" or "Único"."""
        return " ".join(p for p in (self.size, self.colour) if p) or UNIQUE

    @property
    def name(self) -> str:
        """"Vestido Lírio M rosa" (a "Único" variant is the piece's name alone)."""
        return " ".join(p for p in (self.piece_name, self.size, self.colour) if p)

    @property
    def low(self) -> bool:
        return 0 < self.stock <= self.low_stock


@writes(Topic.PIECES)
def save_piece(data: PieceInput, today: date, piece_id: int | None = None) -> int:
    """Create (or, with ``piece_id``, edit) a piece and its grid in one transaction; return
    its id. ValidationError with a sentence per field otherwise. Texts are stored as every
    service stores them (``text.clean_text``: no invisible or direction-changing characters
    pasted from a supplier's site or a chat)."""
    data = _cleaned(data)
    errors = _piece_errors(data, piece_id)
    if errors:
        raise ValidationError(errors)
    fields = dict(name=data.name, reference=data.reference,
                  search_key=fold(f"{data.name} {data.reference}"),
                  price_cents=data.price_cents, cost_cents=data.cost_cents,
                  notes=data.notes, low_stock=data.low_stock, photo=data.photo)
    with database.atomic():
        if piece_id is None:
            piece_id = Piece.create(**fields).id
        elif not Piece.update(**fields).where(Piece.id == piece_id).execute():
            raise NotFound("Essa peça não está no catálogo.")
        _save_grid(piece_id, data.variants, today)
        _index(piece_id)
    return piece_id


def _cleaned(data: PieceInput) -> PieceInput:
    return replace(
        data, name=clean_text(data.name), reference=clean_text(data.reference),
        notes=clean_text(data.notes, multiline=True),
        variants=tuple(replace(v, size=clean_text(v.size), colour=clean_text(v.colour))
                       for v in data.variants))


def reindex(piece_id: int) -> None:
    """Recompute the piece's search key after its grid changed outside ``save_piece`` (the
    spreadsheet import adds variants); call inside the writer's transaction."""
    _index(piece_id)


def search_key(name: str, reference: str, grid) -> str:
    """The search key of a piece: its name, reference and every (size, colour) of ``grid``
    (the variants not archived), folded."""
    cells = " ".join(f"{size} {colour}" for size, colour in grid)
    return fold(f"{name} {reference} {cells}")


def _index(piece_id: int) -> None:
    """The piece's search key: name, reference and every size and colour of its grid."""
    piece = Piece.get_by_id(piece_id)
    grid = [(v.size, v.colour) for v in PieceVariant.select().where(
        (PieceVariant.piece == piece_id) & SQL(_LIVE))]
    Piece.update(search_key=search_key(piece.name, piece.reference, grid)).where(
        Piece.id == piece_id).execute()


def _piece_errors(data: PieceInput, piece_id: int | None) -> dict[str, str]:
    errors = {}
    if not has_letter(data.name):
        errors["name"] = "Dê um nome à peça (por exemplo: Vestido Lírio)."
    if not 0 < data.price_cents <= MAX_CENTS:
        errors["price"] = "Informe o preço de venda, maior que zero."
    if data.cost_cents is not None and not 0 <= data.cost_cents <= MAX_CENTS:
        errors["cost"] = "O custo não pode ser negativo."
    if not 0 <= data.low_stock <= MAX_QUANTITY:
        errors["low_stock"] = "O aviso de estoque baixo deve ser 0 ou mais."
    reference = fold(data.reference).replace(" ", "")
    if reference:
        for other_id, other_name, other_reference in Piece.select(
                Piece.id, Piece.name, Piece.reference).where(Piece.reference != "").tuples():
            if fold(other_reference).replace(" ", "") == reference and other_id != piece_id:
                errors["reference"] = f"A referência {data.reference.strip()} já é de " \
                                      f"“{other_name}”."
                break
    errors.update(_grid_errors(data.variants))
    return errors


def _grid_errors(variants: tuple[VariantInput, ...]) -> dict[str, str]:
    if not variants:
        return {"variants": "A peça precisa de pelo menos uma variação (ou “Único”)."}
    if len(variants) > MAX_VARIANTS:
        return {"variants": f"No máximo {MAX_VARIANTS} variações por peça."}
    seen = set()
    for v in variants:
        key = (fold(v.size), fold(v.colour))
        if key in seen:
            label = " ".join(p for p in (v.size, v.colour) if p) or UNIQUE
            return {"variants": f"A variação {label} aparece duas vezes."}
        seen.add(key)
        if not 0 <= v.stock <= MAX_QUANTITY:
            return {"variants": f"Estoque entre 0 e {MAX_QUANTITY} peças."}
    return {}


def _save_grid(piece_id: int, variants: tuple[VariantInput, ...], today: date) -> None:
    existing = {(fold(v.size), fold(v.colour)): v
                for v in PieceVariant.select().where(PieceVariant.piece == piece_id)}
    listed = set()
    for v in variants:
        key = (fold(v.size), fold(v.colour))
        listed.add(key)
        size, colour = " ".join(v.size.split()), " ".join(v.colour.split())
        if key in existing:
            PieceVariant.update(size=size, colour=colour, archived=False).where(
                PieceVariant.id == existing[key].id).execute()
            if existing[key].archived and v.stock:  # back in the grid: its stock typed now
                move(_with_piece(existing[key].id), MoveKind.OPENING, v.stock, today)
            continue
        variant = PieceVariant.create(piece=piece_id, size=size, colour=colour)
        if v.stock:
            move(_with_piece(variant.id), MoveKind.OPENING, v.stock, today)
    for key, variant in existing.items():
        if key in listed or variant.archived:
            continue
        label = " ".join(p for p in (variant.size, variant.colour) if p) or UNIQUE
        if variant.in_conditional:  # issue 23: pieces of it are out with customers
            raise ValidationError({"variants": f"A variação {label} tem peças em condicional: "
                                   "acerte as malinhas antes de tirá-la da grade."})
        if variant.stock or variant.defective:
            raise ValidationError({"variants": f"A variação {label} ainda tem peças: zere o "
                                   "estoque dela (Ajuste) antes de tirá-la da grade."})
        PieceVariant.update(archived=True).where(PieceVariant.id == variant.id).execute()


def _with_piece(variant_id: int) -> PieceVariant:
    return PieceVariant.select(PieceVariant, Piece).join(Piece).where(
        PieceVariant.id == variant_id).get()


@writes(Topic.PIECES)
def archive_piece(piece_id: int) -> None:
    """Hide the piece from Nova venda and the list (history kept)."""
    if not Piece.update(archived=True).where(Piece.id == piece_id).execute():
        raise NotFound("Essa peça não está no catálogo.")


@writes(Topic.PIECES)
def restore_piece(piece_id: int) -> None:
    """Bring an archived piece back."""
    if not Piece.update(archived=False).where(Piece.id == piece_id).execute():
        raise NotFound("Essa peça não está no catálogo.")


_VARIANTS_SQL = """
SELECT v.id, v.piece_id, p.name, v.size, v.colour, v.stock, v.defective, p.price_cents,
       p.reference, p.low_stock, v.in_conditional
FROM piece_variant v JOIN piece p ON p.id = v.piece_id
"""


def _view(row) -> VariantView:
    return VariantView(*row)


def variants_of(piece_id: int, include_archived: bool = False) -> list[VariantView]:
    """The piece's grid, in the order it was created."""
    where = "" if include_archived else f" AND {flag('v.archived', False)}"
    rows = database.execute_sql(f"{_VARIANTS_SQL} WHERE v.piece_id = ?{where} ORDER BY v.id",
                                (piece_id,)).fetchall()
    return [_view(r) for r in rows]


def variant(variant_id: int) -> VariantView:
    """One variant (NotFound when it does not exist)."""
    row = database.execute_sql(f"{_VARIANTS_SQL} WHERE v.id = ?", (variant_id,)).fetchone()
    if row is None:
        raise NotFound("Essa peça não está no catálogo.")
    return _view(row)


def stock_of(variant_id: int) -> int:
    """Pieces of this variant on the shelf now (NotFound when it does not exist)."""
    return variant(variant_id).stock


def search_variants(query: str, limit: int = 50) -> list[VariantView]:
    """Sellable variants matching every word of ``query`` (accents and case ignored), the
    ones with stock first, then by name.

    A word matches a variant when it starts a word of the piece's name, reference or colour,
    or is its size; a word that is exactly the size of some variant found ("m", "38")
    keeps only that size ("vestido m" lists the M ones, not "Vestido Midi P").

    Every match is found, however many pieces the words also touch: SQL walks the pieces
    by name (the name index) keeping those where every word starts a word of the search
    key, a few dozen at a time (twice as many each time), and reads their grids, until
    ``limit`` variants with stock are found — a keystroke reads a few hundred rows of a
    5,000 × 10 catalogue, not all of them."""
    words = fold(query).split()
    where = " AND ".join([flag("p.archived", False)]
                         + ["instr(' ' || p.search_key, ?)"] * len(words))
    params = [f" {w}" for w in words]  # each word starts a word of the piece
    sizes = _sizes_among(words, where, params)
    with_stock: list[int] = []
    empty: list[int] = []
    verdicts: dict[tuple, bool] = {}
    after, size = (), _BATCH
    while len(with_stock) < limit:
        batch = database.execute_sql(  # the next pieces by name, from the name index
            f"SELECT p.id, p.name, p.reference FROM piece p WHERE {where}"
            f"{' AND (p.name, p.id) > (?, ?)' if after else ''} ORDER BY p.name, p.id LIMIT ?",
            [*params, *after, size]).fetchall()
        if not batch:
            break
        after, size = (batch[-1][1], batch[-1][0]), size * 2
        cells = database.execute_sql(
            f"SELECT id, piece_id, size, colour, stock FROM piece_variant WHERE {_LIVE} "
            f"AND piece_id IN ({', '.join('?' * len(batch))})", [p[0] for p in batch])
        for vid, stock in _matching(batch, cells, words, sizes, verdicts):
            (with_stock if stock else empty).append(vid)
    chosen = (with_stock + empty)[:limit]
    views = {r[0]: _view(r) for r in database.execute_sql(
        f"{_VARIANTS_SQL} WHERE v.id IN ({', '.join('?' * len(chosen))})", chosen)}
    return [views[vid] for vid in chosen]


_BATCH = 48  # pieces read first (then twice as many each time)


def _sizes_among(words: list[str], where: str, params: list[str]) -> set[str]:
    """The words that are exactly the size of some variant of the pieces found (each looked
    up by the size index, case ignored)."""
    return {word for word in set(words) if database.execute_sql(
        f"SELECT 1 FROM piece_variant v JOIN piece p ON p.id = v.piece_id WHERE v.size = ? "
        f"COLLATE NOCASE AND {flag('v.archived', False)} AND {where} LIMIT 1",
        [word, *params]).fetchone()}


@lru_cache(maxsize=16_384)
def _folded(text: str) -> tuple[str, ...]:
    """The folded words of ``text``, remembered: a catalogue repeats its names, sizes and
    colours many times."""
    return tuple(fold(text).split())


def _matching(batch: list[tuple], cells, words: list[str], sizes: set[str],
              verdicts: dict[tuple, bool]):
    """(variant id, stock) of the cells of ``batch``'s pieces ((id, name, reference), in its
    order, then the grid's) whose variant matches every word: a size word is its size; any
    other word starts a word of the piece's name or reference (checked once per piece), of
    its colour, or is its size. ``verdicts`` remembers the answer for a (words left, size,
    colour): a catalogue repeats its cells."""
    grids: dict[int, list[tuple]] = {pid: [] for pid, _, _ in batch}
    for cell in cells:
        grids[cell[1]].append(cell)
    for pid, name, reference in batch:
        base = _folded(f"{name} {reference}")
        loose = tuple(w for w in words if w not in sizes
                      and not any(token.startswith(w) for token in base))
        for vid, _, size, colour, stock in sorted(grids[pid]):
            key = (loose, size, colour)
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = _cell_matches(size, colour, words, sizes, loose)
            if verdict:
                yield vid, stock


def _cell_matches(size: str, colour: str, words: list[str], sizes: set[str],
                  loose: tuple[str, ...]) -> bool:
    size = " ".join(_folded(size))
    if any(w in sizes and w != size for w in words):
        return False
    colour_words = _folded(colour)
    return all(w == size or any(t.startswith(w) for t in colour_words) for w in loose)


@dataclass(frozen=True)
class PieceData:
    """A piece as the piece dialog edits it."""

    id: int
    name: str
    reference: str
    price_cents: int
    cost_cents: int | None
    low_stock: int
    notes: str
    photo: bytes | None
    archived: bool
    variants: tuple[VariantView, ...]


def piece_data(piece_id: int) -> PieceData:
    """The piece with everything the dialog edits (NotFound when it does not exist)."""
    piece = Piece.get_or_none(Piece.id == piece_id)
    if piece is None:
        raise NotFound("Essa peça não está no catálogo.")
    return PieceData(piece.id, piece.name, piece.reference, piece.price_cents,
                     piece.cost_cents, piece.low_stock, piece.notes, piece.photo,
                     piece.archived, tuple(variants_of(piece_id)))

