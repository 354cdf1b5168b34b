"""Importing pieces from a spreadsheet: preview row by row, then write all or nothing.

Rules (the columns and the reading of one row are in ``piece_sheet``):
- One row per variant (size × colour). Rows of the same piece become one piece with its
  grid: the same reference (accents, case and spaces ignored) is the same piece; a row
  without a reference joins the piece of the same name (accents, case and punctuation
  ignored). A reference-less row whose name belongs to several pieces with different
  references must say which (erro); a row with a new reference whose name is a piece that
  has no reference yet is that piece, and fills its reference.
- Each row gets its own answer, by her row number: **criar** (a new piece, or a new variant
  of a piece), **atualizar** (fills the empty reference or cost of a piece already in the
  catalogue), **ignorar** (already in the catalogue, archived there, or the same variant as
  an earlier row of the file — its quantity is not added twice) or **erro**, always with
  the reason and a code. Errors: no name; a quantity negative or not a whole number; a
  price that is not a value above zero, or a new piece without a price; a reference that
  is already another piece's (another name, in the file or the catalogue); more than
  ``catalog.MAX_VARIANTS`` variants in one piece. A bad row never stops the others.
- A piece takes its name, price and cost from its first row; a later row with another
  price is imported with the first one, and says so. A piece already in the catalogue
  keeps its name, price and cost; only its empty reference and cost are filled.
- Stock on a re-import: the file's quantity is the opening stock ("Estoque inicial" in the
  variant's history, dated the import day) of the variants this import creates, and only
  of those. A variant already in the catalogue keeps its stock and history; when the file
  says another quantity, the preview says so (pieces that arrived are an Entrada de peças,
  a recount an Ajuste). So importing the same file twice, or the app's own export, adds
  nothing twice. "Com defeito" is never stock: a new variant's defective pieces are left
  out, with a warning.
- ``import_piece_table`` writes in ONE transaction (``Cancelled`` from ``progress``, or any
  failure, rolls everything back); it reads the file again and decides against the
  catalogue as it is inside its transaction, with the very rules of the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from app.models.db import database
from app.services.core.money import format_brl
from app.services.core.progress import NO_PROGRESS, Progress
from app.services.core.text import fold
from app.services.pieces.catalog import MAX_VARIANTS
from app.services.spreadsheets.import_files import RejectedRows
from app.services.spreadsheets.import_plan import ACTION_LABELS, Action, name_key
from app.services.spreadsheets.importer import PROGRESS_EVERY, SHOWN_FIRST, SHOWN_NOTEWORTHY
from app.services.spreadsheets.piece_sheet import (
    PieceCandidate,
    PieceField,
    PieceRowCleaner,
)
from app.services.spreadsheets.spreadsheet_read import Table

OPENING_NOTE = "Importada de planilha"


class MissingPieceName(ValueError):
    """No column is mapped to the piece's name: the user must say which one it is."""

    def __init__(self, headers: tuple[str, ...]):
        self.headers = headers
        found = ", ".join(f"“{h}”" for h in headers if h) or "nenhuma"
        super().__init__(f"A planilha não tem coluna com o nome da peça. Colunas encontradas: "
                         f"{found}. Escolha qual coluna é o nome da peça.")


def mapping_problem(table: Table, mapping: tuple[PieceField, ...], command: bool = False) -> str:
    """The sentence when these columns cannot be imported as pieces (empty when they can):
    no column is the name, or neither the price nor the quantity has a column (a list of
    customers chosen by mistake). ``command``: the advice fits the command line."""
    if not table.row_count:
        return ""
    if PieceField.NAME not in mapping:
        text = str(MissingPieceName(table.headers))
        return text.replace("Escolha qual coluna é o nome da peça.", "Dê o título “Peça” à "
                            "coluna do nome e importe de novo.") if command else text
    if PieceField.PRICE in mapping or PieceField.QUANTITY in mapping:
        return ""
    found = ", ".join(f"“{h}”" for h in table.headers if h)
    advice = ("Dê os títulos “Preço” e “Qtd” a essas colunas; uma lista de clientes se "
              "importa sem --pecas." if command else "Escolha qual coluna é o preço e qual é "
              "a quantidade; uma lista de clientes se importa em Importar clientes.")
    return f"A planilha não tem coluna de preço nem de quantidade (colunas: {found}). {advice}"


@dataclass(frozen=True, slots=True)
class PiecePreviewRow:
    """What happens to one row of her spreadsheet."""

    number: int
    action: Action
    code: str  # "new_piece", "new_variant", "filled", "exists", "repeat", an error code…
    reason: str
    name: str = ""
    reference: str = ""
    size: str = ""
    colour: str = ""
    quantity: int | None = None
    price_cents: int | None = None
    warned: bool = False

    @property
    def noteworthy(self) -> bool:
        return self.action is not Action.CREATE or self.warned

    @property
    def grid_label(self) -> str:
        grid = " ".join(p for p in (self.size, self.colour) if p)
        return grid or ("Único" if self.quantity is not None else "")


@dataclass(frozen=True)
class PieceImportReport:
    created: int  # rows that create a piece or a variant
    updated: int  # rows that only fill a piece's empty reference or cost
    skipped: int
    errors: int
    pieces: int  # new pieces
    variants: int  # new variants (of new pieces and of pieces already in the catalogue)
    stock: int  # pieces put on the shelf as opening stock of the new variants
    dry_run: bool = False
    rows: int = 0
    noteworthy: int = 0
    rejected: RejectedRows | None = None

    def summary(self) -> str:
        """The one-paragraph summary the panel and the command print."""
        text = (f"{_n(self.pieces)} {_plural(self.pieces, 'peça nova', 'peças novas')} no "
                f"catálogo, {_n(self.variants)} "
                f"{_plural(self.variants, 'variação nova', 'variações novas')} (tamanho e cor) "
                f"com {_n(self.stock)} {_plural(self.stock, 'unidade', 'unidades')} em "
                f"estoque; linhas: {_n(self.updated)} "
                f"{_plural(self.updated, 'atualizada', 'atualizadas')}, {_n(self.skipped)} "
                f"{_plural(self.skipped, 'ignorada', 'ignoradas')}, {_n(self.errors)} com erro.")
        return text + (" Simulação: nada foi gravado." if self.dry_run else "")


@dataclass(frozen=True)
class PiecePreview:
    """What importing would do: the counts, and the rows kept to show (not every row)."""

    table: Table
    mapping: tuple[PieceField, ...]
    today: date
    report: PieceImportReport
    rows: tuple[PiecePreviewRow, ...]

    @property
    def rejected(self) -> RejectedRows:
        return self.report.rejected

    @property
    def hidden(self) -> int:
        return self.report.rows - len(self.rows)


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
class _Decision:
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


class _Writer:
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

    def __init__(self, writer: _Writer):
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

    def place(self, number: int, c: PieceCandidate) -> _Decision:
        """The decision for one clean row (written at once by the writer, when importing)."""
        found = self._find(c)
        if isinstance(found, _Decision):
            return found
        if found is None:
            return self._new_piece(number, c)
        return self._join(number, c, found)

    def _find(self, c: PieceCandidate) -> _Piece | _Decision | None:
        named = self.by_name.get(_name_key(c.name), [])
        if c.reference:
            piece = self.by_ref.get(_ref_key(c.reference))
            if piece is not None and _name_key(piece.name) != _name_key(c.name):
                return _Decision(Action.ERROR, "duplicate_reference", (
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
        return _Decision(Action.ERROR, "ambiguous_name", (
            f"Há {len(named)} peças chamadas “{c.name}” com referências diferentes: escreva a "
            "referência desta linha."))

    def _new_piece(self, number: int, c: PieceCandidate) -> _Decision:
        if c.price_cents is None:
            return _Decision(Action.ERROR, "no_price", f"Peça nova sem preço: escreva o preço "
                                                       f"de venda de {c.name}.")
        piece = self._register(_Piece(c.name, c.reference, c.price_cents, c.cost_cents, number))
        self.writer.piece(piece)
        self.pieces += 1
        self._add_variant(number, piece, c)
        return _Decision(Action.CREATE, "new_piece",
                         f"Peça nova: {c.label}, {_in_stock(c.quantity)}."
                         + _defective_note(c), bool(c.defective))

    def _join(self, number: int, c: PieceCandidate, piece: _Piece) -> _Decision:
        if piece.archived:
            return _Decision(Action.SKIP, "archived", f"{piece.name} está arquivada no "
                             "catálogo: restaure a peça em Peças e importe de novo.")
        key = _grid_key(c.size, c.colour)
        label = " ".join(p for p in (piece.name, c.size, c.colour) if p)
        notes = self._price_note(c, piece)
        filled = self._fill(c, piece)
        if key in piece.variants:
            return self._existing(number, c, piece, key, label, notes, filled)
        if piece.live_variants >= MAX_VARIANTS:
            return _Decision(Action.ERROR, "too_many_variants",
                             f"{piece.name} já tem {MAX_VARIANTS} variações, o máximo.")
        self._add_variant(number, piece, c)
        where = "que já está no catálogo" if piece.row == 0 else f"da linha {piece.row}"
        text = (f"Variação nova de {piece.name}, {where}: "
                f"{' '.join(p for p in (c.size, c.colour) if p) or 'Único'}, "
                f"{_in_stock(c.quantity)}." + filled + notes + _defective_note(c))
        return _Decision(Action.CREATE, "new_variant", text, bool(notes or c.defective))

    def _existing(self, number, c, piece, key, label, notes, filled) -> _Decision:
        row, stock, archived = piece.variants[key]
        if row:
            return _Decision(Action.SKIP, "repeat", f"Repete a linha {row} ({label}): a "
                             "quantidade desta linha não foi somada.", True)
        if archived:
            return _Decision(Action.SKIP, "archived", f"{label} está fora da grade (arquivada): "
                             "inclua a variação de novo em Peças, se quiser.")
        differs = c.quantity != stock
        said = (f" A planilha diz {c.quantity}: o estoque não muda pela importação (peças que "
                "chegaram: Entrada de peças; contagem diferente: Ajuste)." if differs else "")
        if filled:
            return _Decision(Action.UPDATE, "filled", f"Já está no catálogo ({label}, "
                             f"{_in_stock(stock)}).{filled}{said}{notes}", differs or bool(notes))
        return _Decision(Action.SKIP, "exists", f"Já está no catálogo ({label}, "
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


def _walk(table: Table, mapping: tuple[PieceField, ...], writer: _Writer, progress: Progress,
          on_row: Callable[[PiecePreviewRow], None], text: str) -> PieceImportReport:
    """One pass over the rows: clean, decide (and write, when importing), count."""
    if PieceField.NAME not in mapping and table.row_count:
        raise MissingPieceName(table.headers)
    cleaner, planner = PieceRowCleaner(mapping), PiecePlanner(writer)
    counts = dict.fromkeys(Action, 0)
    noteworthy, rejected, total = 0, RejectedRows(table.headers), table.row_count
    for done, source in enumerate(table.iter_rows()):
        if done % PROGRESS_EVERY == 0:
            progress(done, total, text.format(n=_n(done + 1), total=_n(total)))
        row = cleaner.clean(source)
        c = row.candidate
        decision = (_Decision(Action.ERROR, row.code, row.problems[0]) if c is None
                    else planner.place(source.number, c))
        warnings = row.problems if c is not None else ()
        reason = " ".join((decision.reason, *warnings))
        counts[decision.action] += 1
        if decision.action in (Action.ERROR, Action.SKIP):
            rejected.add(source, ACTION_LABELS[decision.action], reason)
        preview_row = PiecePreviewRow(
            source.number, decision.action, decision.code, reason, row.name,
            c.reference if c else "", c.size if c else "", c.colour if c else "",
            c.quantity if c else None, c.price_cents if c else None,
            decision.warned or bool(warnings))
        noteworthy += preview_row.noteworthy
        on_row(preview_row)
    return PieceImportReport(counts[Action.CREATE], counts[Action.UPDATE], counts[Action.SKIP],
                             counts[Action.ERROR], planner.pieces, planner.variants,
                             planner.stock, writer.dry, sum(counts.values()), noteworthy,
                             rejected.done())


def preview_piece_import(table: Table, mapping: tuple[PieceField, ...], today: date,
                         progress: Progress = NO_PROGRESS,
                         on_row: Callable[[PiecePreviewRow], None] | None = None
                         ) -> PiecePreview:
    """What importing ``table`` with ``mapping`` would do, row by row (nothing is written).

    Raises MissingPieceName when no column is the piece's name and the sheet has rows;
    ``progress`` may raise ``Cancelled``; ``on_row`` (optional) hears every row."""
    shown: list[PiecePreviewRow] = []

    def keep(row: PiecePreviewRow) -> None:
        if len(shown) < SHOWN_FIRST or (row.noteworthy
                                        and len(shown) < SHOWN_FIRST + SHOWN_NOTEWORTHY):
            shown.append(row)
        if on_row is not None:
            on_row(row)

    report = _walk(table, tuple(mapping), _Writer(today, dry=True), progress, keep,
                   "Conferindo a linha {n} de {total}…")
    return PiecePreview(table, tuple(mapping), today, report, tuple(shown))


def run_piece_import(preview: PiecePreview, progress: Progress = NO_PROGRESS,
                     on_row: Callable[[PiecePreviewRow], None] | None = None
                     ) -> PieceImportReport:
    """Import what ``preview`` showed, in one transaction (see ``import_piece_table``)."""
    return import_piece_table(preview.table, preview.mapping, preview.today, progress, on_row)


def import_piece_table(table: Table, mapping: tuple[PieceField, ...], today: date,
                       progress: Progress = NO_PROGRESS,
                       on_row: Callable[[PiecePreviewRow], None] | None = None
                       ) -> PieceImportReport:
    """Import ``table`` in ONE transaction and return the report; ``Cancelled`` from
    ``progress`` (or any failure) rolls everything back. New variants get their opening
    stock dated ``today``."""
    with database.atomic():
        writer = _Writer(today, dry=False)
        report = _walk(table, tuple(mapping), writer, progress, on_row or _ignore,
                       "Importando a linha {n} de {total}…")
        progress(report.rows, report.rows, "Gravando…")
        writer.finish()
    return report


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _ignore(row: PiecePreviewRow) -> None:
    """Rows are not needed while importing (the report has the counts)."""
