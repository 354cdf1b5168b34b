"""The catalogue: pieces with a name, reference, price, cost, photo and a size × colour grid.

The rules:

- A piece needs a name with at least one letter and a price above zero; the cost is optional
  and never negative; the reference (her code) is optional and, when filled, belongs to one
  piece only (accents, case and spaces ignored when comparing).
- Its variants are the cells of the grid: a size, a colour, both or neither ("Único"). Two
  cells that read the same (accents and case ignored) are one cell. The stock typed when a
  variant is created is written as its opening movement; afterwards the stock changes only
  through sales, returns, entries and adjustments (``stock``), never by editing the piece.
- Editing a piece keeps every variant it still lists (matched by size and colour) with its
  stock and history; a variant left out is archived when nothing of it is on the shelf or
  kept aside, and refused with a sentence otherwise. Archiving a piece hides it from Nova
  venda and the list, keeps its history, and is undone by ``restore_piece``.
- Search ignores accents and case and matches every word typed against the name, the
  reference, the size and the colour ("vestido m rosa").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.db import database
from app.models.pieces import Piece, PieceVariant, StockMove
from app.services.core.errors import NotFound, ValidationError
from app.services.core.money import MAX_CENTS
from app.services.core.text import fold
from app.services.pieces.stock import MAX_QUANTITY, MoveKind, move

MAX_VARIANTS = 120
UNIQUE = "Único"


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


def save_piece(data: PieceInput, today: date, piece_id: int | None = None) -> int:
    """Create (or, with ``piece_id``, edit) a piece and its grid in one transaction; return
    its id. ValidationError with a sentence per field otherwise."""
    errors = _piece_errors(data, piece_id)
    if errors:
        raise ValidationError(errors)
    fields = dict(name=" ".join(data.name.split()), reference=data.reference.strip(),
                  search_key=fold(f"{data.name} {data.reference}"),
                  price_cents=data.price_cents, cost_cents=data.cost_cents,
                  notes=data.notes.strip(), low_stock=data.low_stock, photo=data.photo)
    with database.atomic():
        if piece_id is None:
            piece_id = Piece.create(**fields).id
        elif not Piece.update(**fields).where(Piece.id == piece_id).execute():
            raise NotFound("Essa peça não está no catálogo.")
        _save_grid(piece_id, data.variants, today)
        _index(piece_id)
    return piece_id


def _index(piece_id: int) -> None:
    """The piece's search key: name, reference and every size and colour of its grid."""
    piece = Piece.get_by_id(piece_id)
    grid = " ".join(f"{v.size} {v.colour}" for v in PieceVariant.select().where(
        (PieceVariant.piece == piece_id) & (PieceVariant.archived == False)))  # noqa: E712
    Piece.update(search_key=fold(f"{piece.name} {piece.reference} {grid}")).where(
        Piece.id == piece_id).execute()


def _piece_errors(data: PieceInput, piece_id: int | None) -> dict[str, str]:
    errors = {}
    if not any(ch.isalpha() for ch in data.name):
        errors["name"] = "Dê um nome à peça (por exemplo: Vestido Lírio)."
    if not 0 < data.price_cents <= MAX_CENTS:
        errors["price"] = "Informe o preço de venda, maior que zero."
    if data.cost_cents is not None and not 0 <= data.cost_cents <= MAX_CENTS:
        errors["cost"] = "O custo não pode ser negativo."
    if not 0 <= data.low_stock <= MAX_QUANTITY:
        errors["low_stock"] = "O aviso de estoque baixo deve ser 0 ou mais."
    reference = fold(data.reference).replace(" ", "")
    if reference:
        for other in Piece.select(Piece.id, Piece.name, Piece.reference).where(
                Piece.reference != ""):
            if fold(other.reference).replace(" ", "") == reference and other.id != piece_id:
                errors["reference"] = f"A referência {data.reference.strip()} já é de " \
                                      f"“{other.name}”."
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
            continue
        variant = PieceVariant.create(piece=piece_id, size=size, colour=colour)
        variant = PieceVariant.select(PieceVariant, Piece).join(Piece).where(
            PieceVariant.id == variant.id).get()
        if v.stock:
            move(variant, MoveKind.OPENING, v.stock, today)
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


def archive_piece(piece_id: int) -> None:
    """Hide the piece from Nova venda and the list (history kept)."""
    if not Piece.update(archived=True).where(Piece.id == piece_id).execute():
        raise NotFound("Essa peça não está no catálogo.")


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
    where = "" if include_archived else " AND v.archived = 0"
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
    keeps only that size ("vestido m" lists the M ones, not "Vestido Midi P")."""
    words = fold(query).split()
    clauses = " AND ".join("p.search_key LIKE ?" for _ in words) or "1"
    rows = database.execute_sql(
        f"{_VARIANTS_SQL} WHERE p.archived = 0 AND v.archived = 0 AND {clauses} "
        "ORDER BY v.stock = 0, p.name, v.id LIMIT ?",
        (*[f"%{w}%" for w in words], limit * 8)).fetchall()
    found = [_view(r) for r in rows]
    sizes = {fold(v.size) for v in found if v.size}
    return [v for v in found if _matches(v, words, sizes)][:limit]


def _matches(v: VariantView, words: list[str], sizes: set[str]) -> bool:
    tokens = fold(f"{v.piece_name} {v.reference} {v.colour}").split()
    size = fold(v.size)
    for word in words:
        if word in sizes:
            if word != size:
                return False
        elif not any(token.startswith(word) for token in tokens) and word != size:
            return False
    return True


def moves_count(variant_id: int) -> int:
    """How many history rows the variant has (a check for the screens and the walks)."""
    return StockMove.select().where(StockMove.variant == variant_id).count()
