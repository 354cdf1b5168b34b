"""Headless ``export`` command: any sheet of the export, or tudo, to an xlsx file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.commands.base import CommandError, open_command_db

if TYPE_CHECKING:
    from app.clock import Clock

KINDS = ("clientes", "vendas", "parcelas", "pagamentos", "atrasos", "devolucoes", "pecas",
         "tudo")


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``export`` to the subcommands."""
    p = sub.add_parser(
        "export", help="exporta seus dados para uma planilha xlsx",
        description="Exporta clientes, vendas (com itens), parcelas, pagamentos, o resumo de "
                    "atrasos, as devoluções e trocas, as peças (estoque por tamanho e cor) ou "
                    "tudo (uma aba cada) para uma planilha do Excel (.xlsx).")
    p.add_argument("kind", choices=KINDS, metavar="O_QUE", help="um de: " + ", ".join(KINDS))
    p.add_argument("file", type=Path, metavar="ARQUIVO", help="a planilha a criar (.xlsx)")
    p.add_argument("--db", type=Path, metavar="ARQUIVO",
                   help="arquivo do banco (padrão: o banco do programa)")
    return p


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Write the workbook and print where, with the rows of each sheet."""
    from app.services.spreadsheets.exporter import export_xlsx
    from app.services.storage.whole_files import write_failure

    target: Path = args.file
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    if target.parent and not target.parent.exists():
        raise CommandError(f"A pasta {target.parent} não existe. Escolha outra pasta.")
    with open_command_db(args.db, clock, write=False):
        try:
            result = export_xlsx(args.kind, target, clock.today())
        except OSError as exc:  # nothing half-written: the sentence says why
            raise CommandError(write_failure(exc, target)) from None
    print(result.summary())
    return 0
