"""Headless ``restore`` command: put a backup copy in place of the database, safely."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.services.dates import format_date
from app.services.lockfile import DatabaseLock, LockBusy, LockError
from app.services.restore import RestoreError, restore_backup

DESCRIPTION = (
    "Restaura uma cópia de segurança no lugar do banco. Antes, guarda o arquivo atual como\n"
    "backup “antes de restaurar”; depois atualiza a cópia se ela for de uma versão antiga.\n"
    "Feche o Caderneta antes de usar este comando."
)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``restore`` subcommand to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        "restore", help="restaura uma cópia de segurança", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("backup", type=Path, metavar="ARQUIVO_DE_BACKUP",
                        help="a cópia a restaurar (um arquivo .sqlite3 da pasta backups)")
    parser.add_argument("--db", type=Path, required=True, help="arquivo do banco a substituir")
    return parser


def run(args: argparse.Namespace, clock) -> int:
    """Restore ``args.backup`` over ``args.db``; print what came back; 2 on any refusal."""
    if not args.backup.is_file():
        return _fail(f"Cópia {args.backup} não encontrada.")
    lock = DatabaseLock(args.db)
    try:
        lock.acquire()
    except LockBusy:
        return _fail(f"O arquivo {args.db} está aberto no Caderneta. Feche a janela e tente de "
                     "novo.")
    except LockError:
        return _fail(f"A pasta de {args.db} não aceita gravação (não deu para criar o arquivo "
                     "de trava). Restaure numa pasta sua, como Documentos.")
    try:
        result = restore_backup(args.backup, args.db, clock.today())
    except RestoreError as exc:
        return _fail(str(exc))
    finally:
        lock.release()
    c = result.contents
    last = format_date(c.last_payment) if c.last_payment else "nenhum"
    print(f"Restaurado: {c.customers} clientes, {c.sales} vendas, último pagamento {last}.")
    if result.saved_current:
        print(f"O arquivo anterior foi guardado em {result.saved_current}")
    return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2
