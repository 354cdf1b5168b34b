"""Headless ``backup`` command: a checked copy of the database, path printed."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.clock import Clock
from app.commands.base import CommandError, check_db_file, explain_database_error, refuse_hollow
from app.services.storage.paths import default_db_path


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``backup`` to the subcommands."""
    p = sub.add_parser("backup", help="faz uma cópia de segurança do banco",
                       description="Copia o banco com a API de backup do SQLite.")
    p.add_argument("--db", type=Path, metavar="ARQUIVO",
                   help="arquivo do banco (padrão: o banco do programa)")
    p.add_argument("--to", type=Path, metavar="PASTA",
                   help="pasta de destino (padrão: backups ao lado do banco)")
    return p


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Write the copy and print its path."""
    from app.services.storage.backup import BackupError, backup_database, backups_dir
    from app.services.storage.dbhealth import Problem

    path = Path(args.db) if args.db else default_db_path()
    check_db_file(path, must_exist=True)
    if args.to is not None and args.to.exists() and not args.to.is_dir():
        raise CommandError(f"{args.to} é um arquivo, não uma pasta. Informe uma pasta em --to.")
    try:
        target = backup_database(path, reason="manual", today=clock.today(), target_dir=args.to)
    except BackupError as exc:
        if exc.problem is Problem.EMPTY:
            refuse_hollow(path)  # copies with customers beside it: say how to restore one
            raise CommandError(
                f"O arquivo {path} não tem dados do Caderneta (está vazio ou é de outro "
                "programa), então nenhuma cópia foi feita: uma cópia dele não serviria para "
                "nada e empurraria as cópias boas para fora.") from None
        if exc.problem is Problem.DAMAGED:
            raise CommandError(explain_database_error(exc, path)) from None
        where = args.to or backups_dir(path)
        raise CommandError(
            f"Não foi possível gravar a cópia em {where}: {exc.explanation.title.lower()}. "
            "Escolha outra pasta com --to.") from None
    print(target)
    return 0
