"""Which piece of the catalogue each row of a pieces spreadsheet is, and what importing it
writes (the planner of ``spreadsheets.import_pieces``, whose docstring has the rules).

- The same reference (accents, case and spaces ignored) is the same piece; a row without a
  reference is the piece of the same name (``import_plan.name_key``: accents, case and
  punctuation ignored), when exactly one such piece has no reference (or when only one has
  that name); a row whose new reference names a piece that has none yet is that piece.
- Inside a piece, the same (size, colour), folded, is the same variant: a variant of the
  catalogue keeps its stock; a variant new to the catalogue gets the row's quantity as its
  opening stock ("Estoque inicial", dated the import day).
- The planner keeps the catalogue's keys and the file's pieces in memory (a few hundred
  bytes a piece) and asks its ``ImportWriter`` to write each decision at once; the preview's
  writer (``dry=True``) writes nothing, so preview and import run the very same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from app.models.db import database
from app.services.core.money import format_brl
from app.services.core.text import fold
from app.services.pieces.catalog import MAX_VARIANTS
from app.services.spreadsheets.import_plan import Action, name_key
from app.services.spreadsheets.piece_sheet import PieceCandidate

OPENING_NOTE = "Importada de planilha"


@dataclass
class _Piece:
    """A piece as the planner knows it: from the catalogue (``piece_id`` set, ``row`` 0) or
    created by this file (``row``: its first row)."""

    name: str
    reference: str
    price_cents: int | None
    cost_cents: int | None
    row: int = 0
    piece_id: int | None = None
    archived: bool = False
    variants: dict[tuple[str, str], tuple[int, int, bool]] = field(default_factory=dict)
    # (folded size, folded colour) → (row that created it or 0, stock, archived)

    @property
    def live_variants(self) -> int:
        return sum(1 for _, _, archived in self.variants.values() if not archived)

    def where(self) -> str:
        return f"linha {self.row}" if self.row else "no catálogo"


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to one row: the action, its code (``code`` decides) and the sentence."""

    action: Action
    code: str
    reason: str
    warned: bool = False


@lru_cache(maxsize=65_536)
def _ref_key(reference: str) -> str:
    return fold(reference).replace(" ", "")


@lru_cache(maxsize=4_096)
def _folded(text: str) -> str:
    """``fold`` remembered for the sizes and colours a list repeats on every row."""
    return fold(text)


def _grid_key(size: str, colour: str) -> tuple[str, str]:
    return _folded(size), _folded(colour)


_name_key = lru_cache(maxsize=65_536)(name_key)  # a piece's name is on each of its rows


class ImportWriter:
    """Writes what the planner decides (inside the import's transaction); the preview's
    writer (``dry=True``) writes nothing."""

    def __init__(self, today: date, dry: bool):
        self.today, self.dry = today, dry
        self.touched: set[int] = set()

    def piece(self, piece: _Piece) -> None:
        if self.dry:
            return
        from app.models.pieces import Piece

        piece.piece_id = Piece.create(
            name=piece.name, reference=piece.reference, price_cents=piece.price_cents,
            cost_cents=piece.cost_cents, search_key=fold(f"{piece.name} {piece.reference}")).id

    def variant(self, piece: _Piece, c: PieceCandidate) -> None:
        if self.dry:
            return
        from app.models.pieces import PieceVariant
        from app.services.pieces.stock import MoveKind, get_variant, move

        created = PieceVariant.create(piece=piece.piece_id, size=c.size, colour=c.colour)
        if c.quantity:
            move(get_variant(created.id), MoveKind.OPENING, c.quantity, self.today,
                 note=OPENING_NOTE)
        self.touched.add(piece.piece_id)

    def fill(self, piece: _Piece, **values) -> None:
        if self.dry:
            return
        from app.models.pieces import Piece

        Piece.update(**values).where(Piece.id == piece.piece_id).execute()
        self.touched.add(piece.piece_id)

    def finish(self) -> None:
        """Every piece whose grid or reference changed gets its search key again."""
        from app.services.pieces.catalog import reindex

        for piece_id in sorted(self.touched):
            reindex(piece_id)


class PiecePlanner:
    """Decides every row in her order against the catalogue and the rows before it."""

    def __init__(self, writer: ImportWriter):
        self.writer = writer
        self.by_ref: dict[str, _Piece] = {}
        self.by_name: dict[str, list[_Piece]] = {}
        self.pieces = self.variants = self.stock = 0
        self._load()

    def _load(self) -> None:
        known: dict[int, _Piece] = {}
        for pid, name, reference, price, cost, archived in database.execute_sql(
                "SELECT id, name, reference, price_cents, cost_cents, archived FROM piece"):
            known[pid] = self._register(_Piece(name, reference, price, cost, 0, pid,
                                               bool(archived)))
        for pid, size, colour, stock, archived in database.execute_sql(
                "SELECT piece_id, size, colour, stock, archived FROM piece_variant"):
            known[pid].variants[_grid_key(size, colour)] = (0, stock, bool(archived))

    def _register(self, piece: _Piece) -> _Piece:
        if piece.reference:
            self.by_ref[_ref_key(piece.reference)] = piece
        self.by_name.setdefault(_name_key(piece.name), []).append(piece)
        return piece

    def place(self, number: int, c: PieceCandidate) -> Decision:
        """The decision for one clean row (written at once by the writer, when importing)."""
        found = self._find(c)
        if isinstance(found, Decision):
            return found
        if found is None:
            return self._new_piece(number, c)
        return self._join(number, c, found)

    def _find(self, c: PieceCandidate) -> _Piece | Decision | None:
        named = self.by_name.get(_name_key(c.name), [])
        if c.reference:
            piece = self.by_ref.get(_ref_key(c.reference))
            if piece is not None and _name_key(piece.name) != _name_key(c.name):
                return Decision(Action.ERROR, "duplicate_reference", (
                    f"A referência {c.reference} já é de “{piece.name}” ({piece.where()}); "
                    f"esta linha diz “{c.name}”. Corrija a referência ou o nome."))
            if piece is not None:
                return piece
            unreferenced = [p for p in named if not p.reference]
            return unreferenced[0] if len(unreferenced) == 1 else None
        if len(named) <= 1:
            return named[0] if named else None
        unreferenced = [p for p in named if not p.reference]
        if len(unreferenced) == 1:
            return unreferenced[0]
        return Decision(Action.ERROR, "ambiguous_name", (
            f"Há {len(named)} peças chamadas “{c.name}” com referências diferentes: escreva a "
            "referência desta linha."))

    def _new_piece(self, number: int, c: PieceCandidate) -> Decision:
        if c.price_cents is None:
            return Decision(Action.ERROR, "no_price", f"Peça nova sem preço: escreva o preço "
                                                       f"de venda de {c.name}.")
        piece = self._register(_Piece(c.name, c.reference, c.price_cents, c.cost_cents, number))
        self.writer.piece(piece)
        self.pieces += 1
        self._add_variant(number, piece, c)
        return Decision(Action.CREATE, "new_piece",
                         f"Peça nova: {c.label}, {_in_stock(c.quantity)}."
                         + _defective_note(c), bool(c.defective))

    def _join(self, number: int, c: PieceCandidate, piece: _Piece) -> Decision:
        if piece.archived:
            return Decision(Action.SKIP, "archived", f"{piece.name} está arquivada no "
                             "catálogo: restaure a peça em Peças e importe de novo.")
        key = _grid_key(c.size, c.colour)
        label = " ".join(p for p in (piece.name, c.size, c.colour) if p)
        notes = self._price_note(c, piece)
        filled = self._fill(c, piece)
        if key in piece.variants:
            return self._existing(number, c, piece, key, label, notes, filled)
        if piece.live_variants >= MAX_VARIANTS:
            return Decision(Action.ERROR, "too_many_variants",
                             f"{piece.name} já tem {MAX_VARIANTS} variações, o máximo.")
        self._add_variant(number, piece, c)
        where = "que já está no catálogo" if piece.row == 0 else f"da linha {piece.row}"
        text = (f"Variação nova de {piece.name}, {where}: "
                f"{' '.join(p for p in (c.size, c.colour) if p) or 'Único'}, "
                f"{_in_stock(c.quantity)}." + filled + notes + _defective_note(c))
        return Decision(Action.CREATE, "new_variant", text, bool(notes or c.defective))

    def _existing(self, number, c, piece, key, label, notes, filled) -> Decision:
        row, stock, archived = piece.variants[key]
        if row:
            return Decision(Action.SKIP, "repeat", f"Repete a linha {row} ({label}): a "
                             "quantidade desta linha não foi somada.", True)
        if archived:
            return Decision(Action.SKIP, "archived", f"{label} está fora da grade (arquivada): "
                             "inclua a variação de novo em Peças, se quiser.")
        differs = c.quantity != stock
        said = (f" A planilha diz {c.quantity}: o estoque não muda pela importação (peças que "
                "chegaram: Entrada de peças; contagem diferente: Ajuste)." if differs else "")
        if filled:
            return Decision(Action.UPDATE, "filled", f"Já está no catálogo ({label}, "
                             f"{_in_stock(stock)}).{filled}{said}{notes}", differs or bool(notes))
        return Decision(Action.SKIP, "exists", f"Já está no catálogo ({label}, "
                         f"{_in_stock(stock)}): nada muda.{said}{notes}", differs or bool(notes))

    def _price_note(self, c: PieceCandidate, piece: _Piece) -> str:
        if c.price_cents is None or c.price_cents == piece.price_cents:
            return ""
        return (f" Preço {format_brl(c.price_cents)} nesta linha: a peça fica com "
                f"{format_brl(piece.price_cents)} ({piece.where()}).")

    def _fill(self, c: PieceCandidate, piece: _Piece) -> str:
        """Fill the empty reference and cost of the piece; the sentences saying so."""
        values, said = {}, ""
        if c.reference and not piece.reference:
            piece.reference = values["reference"] = c.reference
            self.by_ref[_ref_key(c.reference)] = piece
            said += f" Referência {c.reference} anotada na peça."
        if c.cost_cents is not None and piece.cost_cents is None:
            piece.cost_cents = values["cost_cents"] = c.cost_cents
            said += f" Custo {format_brl(c.cost_cents)} anotado na peça."
        if values:
            self.writer.fill(piece, **values)
        return said

    def _add_variant(self, number: int, piece: _Piece, c: PieceCandidate) -> None:
        piece.variants[_grid_key(c.size, c.colour)] = (number, c.quantity, False)
        self.writer.variant(piece, c)
        self.variants += 1
        self.stock += c.quantity


def _in_stock(quantity: int) -> str:
    return "sem estoque" if not quantity else f"{quantity} em estoque"


def _defective_note(c: PieceCandidate) -> str:
    if not c.defective:
        return ""
    return (f" {c.defective} com defeito não {'entra' if c.defective == 1 else 'entram'} no "
            "estoque.")
