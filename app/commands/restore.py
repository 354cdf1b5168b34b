"""Headless ``restore`` command: put a backup copy in place of the database, safely."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.clock import Clock
from app.commands.base import CommandError, check_db_file, writer_lock
from app.services.core.dates import format_date
from app.services.core.text import plural
from app.services.storage.paths import default_db_path

DESCRIPTION = (
    "Restaura uma cópia de segurança no lugar do banco. Antes, guarda o arquivo atual como\n"
    "backup “antes de restaurar”; depois atualiza a cópia se ela for de uma versão antiga.\n"
    "Feche o Caderneta antes de usar este comando."
)


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``restore`` to the subcommands."""
    p = sub.add_parser("restore", help="restaura uma cópia de segurança", description=DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("backup", type=Path, metavar="ARQUIVO_DE_BACKUP",
                   help="a cópia a restaurar (um arquivo .sqlite3 da pasta backups)")
    p.add_argument("--db", type=Path, metavar="ARQUIVO",
                   help="arquivo do banco a substituir (padrão: o banco do programa)")
    return p


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Restore ``args.backup`` over ``args.db``; print what came back."""
    from app.services.storage.restore import RestoreError, restore_backup

    path = Path(args.db) if args.db else default_db_path()
    check_db_file(args.backup, must_exist=True)
    check_db_file(path, must_exist=False)  # never put a copy over a text file or a folder
    with writer_lock(path):
        try:
            result = restore_backup(args.backup, path, clock)
        except RestoreError as exc:
            raise CommandError(str(exc)) from None
    c = result.contents
    last = format_date(c.last_payment) if c.last_payment else "nenhum"
    print(f"Restaurado: {plural(c.customers, 'cliente')}, {plural(c.sales, 'venda')}, "
          f"último pagamento {last}.")
    if result.saved_current:
        print(f"O arquivo anterior foi guardado em {result.saved_current}")
    return 0
