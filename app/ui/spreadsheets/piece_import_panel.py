"""Importar peças: the customer import's flow (file → sheet → mapping → preview → import)
for her stock list, one row per size × colour."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.services.core.changes import Topic
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.spreadsheets.import_pieces import (
    PiecePreview,
    mapping_problem,
    preview_piece_import,
    run_piece_import,
)
from app.services.spreadsheets.piece_sheet import (
    PIECE_LABELS,
    PieceField,
    guess_piece_mapping,
    piece_header_score,
    write_piece_template,
)
from app.services.spreadsheets.spreadsheet_read import Table, read_table
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.spreadsheets.import_mapping import MappingEditor
from app.ui.spreadsheets.import_panel import ImportPanel
from app.ui.spreadsheets.import_preview import action_colour, action_text, n, shown_rows


class PieceImportPreviewTableModel(RowTableModel):
    COLUMNS = (
        Column("Linha", lambda r: str(r.number), sort=lambda r: r.number, align_right=True),
        Column("O que acontece", lambda r: action_text(r), foreground=lambda r: action_colour(r)),
        Column("Peça", lambda r: r.name),
        Column("Ref.", lambda r: r.reference),
        Column("Tamanho e cor", lambda r: r.grid_label),
        Column("Qtd", lambda r: "" if r.quantity is None else str(r.quantity),
               sort=lambda r: r.quantity or 0, align_right=True),
        Column("Preço", lambda r: format_brl(r.price_cents) if r.price_cents else "",
               sort=lambda r: r.price_cents or 0, align_right=True),
        Column("Por quê", lambda r: r.reason, tooltip=lambda r: r.reason, stretch=True),
    )


def piece_preview_summary(preview: PiecePreview) -> str:
    """The counts above the preview table, and which rows the table shows."""
    r = preview.report
    text = (f"{plural(r.rows, 'linha')}: {n(r.created)} a criar, {n(r.updated)} a atualizar, "
            f"{n(r.skipped)} a ignorar, {n(r.errors)} com erro — "
            f"{plural(r.pieces, 'peça nova', 'peças novas')}, "
            f"{plural(r.variants, 'variação nova', 'variações novas')}, "
            f"{plural(r.stock, 'unidade')} no estoque.")
    return text + shown_rows(preview, "peças e variações novas")


class PieceImportPanel(ImportPanel):
    """The import flow for pieces: the same panel, with the pieces columns and services."""

    WATCHED = frozenset({Topic.PIECES})
    INTRO = ("Traga sua lista de peças de uma planilha (.xlsx, .xls, .ods ou .csv): uma linha "
             "por tamanho e cor, com nome, referência, quantidade, preço e custo. Linhas com a "
             "mesma referência (ou o mesmo nome) viram uma peça só, com a sua grade. Importar "
             "de novo a mesma planilha não soma nada duas vezes.")
    MAPPING_HINT = ("Confira para onde vai cada coluna (clique para mudar). Colunas que o "
                    "programa não conhece não são importadas.")
    NO_ROWS = ("Esta aba não tem nenhuma linha de peças abaixo do cabeçalho. Escolha outra "
               "aba ou outra planilha.")
    IMPORTING = "Importando peças…"
    TEMPLATE_NAME = "modelo-pecas.xlsx"

    def _mapping_editor(self) -> MappingEditor:
        return MappingEditor(fields=tuple(PieceField), labels=PIECE_LABELS)

    def _preview_model(self) -> RowTableModel:
        return PieceImportPreviewTableModel(self)

    def _read(self, path: Path, sheet: str | None) -> Table:
        return read_table(path, sheet, score=piece_header_score)

    def _guess(self, headers: tuple[str, ...]) -> tuple:
        return guess_piece_mapping(headers)

    def _missing_name(self, table: Table, mapping: tuple) -> str:
        return mapping_problem(table, mapping)

    def _previewer(self, table: Table, mapping: tuple, today) -> Callable:
        return lambda progress: preview_piece_import(table, mapping, today, progress)

    def _run(self, preview, progress, now):
        return run_piece_import(preview, progress)

    def _summary(self, preview) -> str:
        return piece_preview_summary(preview)

    def _write_template(self, path: Path) -> None:
        write_piece_template(path)
