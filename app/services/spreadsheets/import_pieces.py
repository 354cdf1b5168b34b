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
- Who is who, and the writing, are ``pieces.catalog_match`` (the planner and its writer).
- ``import_piece_table`` writes in ONE transaction (``Cancelled`` from ``progress``, or any
  failure, rolls everything back); it reads the file again and decides against the
  catalogue as it is inside its transaction, with the very rules of the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.models.db import database
from app.services.core.changes import Topic, writes
from app.services.core.progress import NO_PROGRESS, Progress
from app.services.core.text import plural
from app.services.pieces.catalog_match import Decision, ImportWriter, PiecePlanner
from app.services.spreadsheets.import_files import RejectedRows
from app.services.spreadsheets.import_plan import ACTION_LABELS, Action
from app.services.spreadsheets.importer import PROGRESS_EVERY, SHOWN_FIRST, SHOWN_NOTEWORTHY
from app.services.spreadsheets.piece_sheet import PieceField, PieceRowCleaner
from app.services.spreadsheets.spreadsheet_read import Table


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
        text = (f"{plural(self.pieces, 'peça nova', 'peças novas')} no catálogo, "
                f"{plural(self.variants, 'variação nova', 'variações novas')} (tamanho e cor) "
                f"com {plural(self.stock, 'unidade')} em estoque; linhas: "
                f"{plural(self.updated, 'atualizada')}, {plural(self.skipped, 'ignorada')}, "
                f"{_n(self.errors)} com erro.")
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


def _walk(table: Table, mapping: tuple[PieceField, ...], writer: ImportWriter, progress: Progress,
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
        decision = (Decision(Action.ERROR, row.code, row.problems[0]) if c is None
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

    report = _walk(table, tuple(mapping), ImportWriter(today, dry=True), progress, keep,
                   "Conferindo a linha {n} de {total}…")
    return PiecePreview(table, tuple(mapping), today, report, tuple(shown))


@writes(Topic.PIECES)
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
        writer = ImportWriter(today, dry=False)
        report = _walk(table, tuple(mapping), writer, progress, on_row or _ignore,
                       "Importando a linha {n} de {total}…")
        progress(report.rows, report.rows, "Gravando…")
        writer.finish()
    return report


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _ignore(row: PiecePreviewRow) -> None:
    """Rows are not needed while importing (the report has the counts)."""
