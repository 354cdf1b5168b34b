"""Headless ``import`` command: read a spreadsheet, print the same summary as the dialog, write.

Customers by default; ``--pecas`` imports pieces (issue 22: one row per size × colour, the
rules of ``app.services.spreadsheets.import_pieces``). Exit 0 when the file was read (even
with bad rows: they are listed with their reason); exit 2 with one Portuguese line when it
is not a spreadsheet at all or has no name column (the line says which columns were found).
``--dry-run`` changes nothing. The file is read before the database is opened, so a bad
file never touches the database.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.commands.base import CommandError, open_command_db
from app.services.core.text import plural

if TYPE_CHECKING:
    from app.clock import Clock


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``import`` to the subcommands."""
    p = sub.add_parser(
        "import", help="importa clientes e saldos de uma planilha (xlsx, xls, ods, csv)",
        description="Importa clientes (e saldos anteriores) de uma planilha, ou peças com "
                    "--pecas. Mostra, linha por linha, o que foi criado, atualizado, ignorado "
                    "ou deu erro.")
    p.add_argument("file", type=Path, metavar="ARQUIVO",
                   help="a planilha (.xlsx, .xls, .ods, .csv)")
    p.add_argument("--sheet", metavar="ABA", help="a aba a importar (padrão: a primeira com dados)")
    p.add_argument("--pecas", action="store_true",
                   help="importa peças (nome, referência, tamanho, cor, quantidade, preço, "
                        "custo; uma linha por tamanho e cor) em vez de clientes")
    p.add_argument("--dry-run", action="store_true",
                   help="só mostra o que aconteceria, sem gravar nada")
    p.add_argument("--db", type=Path, metavar="ARQUIVO",
                   help="arquivo do banco (padrão: o banco do programa)")
    return p


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Print the rows worth a look and the summary; import in one transaction (or, with
    --dry-run, only say what would happen). The rows are printed as they are read."""
    from app.services.configuration.settings import load_settings
    from app.services.spreadsheets.import_columns import Field, guess_mapping
    from app.services.spreadsheets.importer import (
        ACTION_LABELS,
        MissingNameColumn,
        import_table,
        preview_import,
    )
    from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table

    if args.pecas:
        return _run_pieces(args, clock)
    try:
        table = read_table(args.file, args.sheet)
    except SpreadsheetError as exc:
        raise CommandError(str(exc)) from None
    mapping = guess_mapping(table.headers)
    if Field.NAME not in mapping and table.row_count:
        raise CommandError(str(MissingNameColumn(table.headers)).replace(
            "Escolha qual coluna é o nome da cliente.",
            "Dê o título “Nome” à coluna do nome e importe de novo."))

    def say(row) -> None:
        if row.noteworthy:
            print(f"linha {row.number}: {ACTION_LABELS[row.action]} — {row.reason}")

    with open_command_db(args.db, clock, write=not args.dry_run):
        today, ddd = clock.today(), load_settings().default_ddd
        print(f"{args.file.name} · aba “{table.sheet}” · cabeçalho na linha {table.header_row} "
              f"· {plural(table.row_count, 'linha')}")
        if args.dry_run:
            report = preview_import(table, mapping, today, ddd, on_row=say).report
        else:
            report = import_table(table, mapping, today, ddd, now=clock.now(), on_row=say)
    print(report.summary())
    return 0


def _say(row) -> None:
    """Print a row worth a look, as it is read."""
    from app.services.spreadsheets.import_plan import ACTION_LABELS

    if row.noteworthy:
        print(f"linha {row.number}: {ACTION_LABELS[row.action]} — {row.reason}")


def _run_pieces(args: argparse.Namespace, clock: Clock) -> int:
    """``import --pecas``: the pieces import, with the same output shape as the customers'."""
    from app.services.spreadsheets.import_pieces import (
        import_piece_table,
        mapping_problem,
        preview_piece_import,
    )
    from app.services.spreadsheets.piece_sheet import guess_piece_mapping, piece_header_score
    from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table

    try:
        table = read_table(args.file, args.sheet, score=piece_header_score)
    except SpreadsheetError as exc:
        raise CommandError(str(exc)) from None
    mapping = guess_piece_mapping(table.headers)
    problem = mapping_problem(table, mapping, command=True)
    if problem:
        raise CommandError(problem)
    with open_command_db(args.db, clock, write=not args.dry_run):
        today = clock.today()
        print(f"{args.file.name} · aba “{table.sheet}” · cabeçalho na linha {table.header_row} "
              f"· {plural(table.row_count, 'linha')}")
        if args.dry_run:
            report = preview_piece_import(table, mapping, today, on_row=_say).report
        else:
            report = import_piece_table(table, mapping, today, on_row=_say)
    print(report.summary())
    return 0
