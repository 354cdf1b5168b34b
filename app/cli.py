"""Command line: open the window, or run a headless command (demo, backup, pix)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _today(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


def _add_demo(sub) -> None:
    p = sub.add_parser("demo", help="preenche um banco com dados de exemplo",
                       description="Cria clientes, vendas e pagamentos de exemplo (18 meses).")
    p.add_argument("--db", type=Path, required=True, help="arquivo do banco (será criado)")
    p.add_argument("--customers", type=int, default=200, help="quantas clientes (padrão 200)")
    p.add_argument("--seed", type=int, default=7, help="semente do gerador (padrão 7)")
    p.add_argument("--today", help="data de referência aaaa-mm-dd (padrão: hoje)")


def _add_backup(sub) -> None:
    p = sub.add_parser("backup", help="faz uma cópia de segurança do banco",
                       description="Copia o banco com a API de backup do SQLite.")
    p.add_argument("--db", type=Path, required=True, help="arquivo do banco")
    p.add_argument("--to", type=Path, help="pasta de destino (padrão: backups ao lado do banco)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caderneta", description="Caderneta — vendas a prazo e cobranças da revendedora.")
    parser.add_argument("--db", type=Path, help="abrir outro arquivo de banco")
    parser.add_argument("--today", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="comando")
    _add_demo(sub)
    _add_backup(sub)
    try:
        from app.commands import pix
    except ImportError:
        pix = None
    if pix is not None:
        pix.add_parser(sub)
    from app.commands import restore

    restore.add_parser(sub)
    return parser


class _Today:
    """The smallest clock the commands need until app/services/clock.py lands (issue 8)."""

    def __init__(self, text: str | None):
        self._today = _today(text)

    def today(self) -> date:
        return self._today


def run_demo(args) -> int:
    from app.models.db import close_database, open_database
    from app.models.entities import Customer
    from app.services.demo import generate_demo
    from app.services.lockfile import DatabaseLock, LockBusy, LockError

    if args.customers < 1 or args.customers > 100_000:
        print("Use entre 1 e 100000 clientes.", file=sys.stderr)
        return 2
    today = _today(args.today)
    try:
        with DatabaseLock(args.db):
            open_database(args.db, today=today)
            try:
                if Customer.select().exists():
                    print(f"O arquivo {args.db} já tem clientes; os dados de exemplo iriam se "
                          "misturar com os seus. Use um arquivo novo.", file=sys.stderr)
                    return 2
                summary = generate_demo(args.customers, today, seed=args.seed)
            finally:
                close_database()
    except LockBusy:
        print(f"O arquivo {args.db} está aberto no Caderneta. Feche a janela e tente de novo.",
              file=sys.stderr)
        return 2
    except LockError:
        print(f"A pasta de {args.db} não aceita gravação (não deu para criar o arquivo de "
              "trava). Use uma pasta sua, como Documentos.", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - one Portuguese line, never a traceback
        print(_explain(exc), file=sys.stderr)
        return 2
    print(f"{summary.customers} clientes, {summary.sales} vendas, "
          f"{summary.installments} parcelas, {summary.payments} pagamentos em {args.db}")
    return 0


def run_backup(args) -> int:
    from app.services.backup import backup_database

    if not args.db.exists():
        print(f"Arquivo {args.db} não encontrado.", file=sys.stderr)
        return 2
    from app.services.backup import BackupError

    try:
        target = backup_database(args.db, reason="manual", today=date.today(),
                                 target_dir=args.to)
    except BackupError as exc:
        print(exc.explanation.message, file=sys.stderr)
        return 2
    print(target)
    return 0


def _explain(exc: BaseException) -> str:
    from app.services.dbhealth import classify

    return classify(exc).message


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        return run_demo(args)
    if args.command == "backup":
        return run_backup(args)
    if args.command == "pix":
        from app.commands import pix

        return pix.run(args)
    if args.command == "restore":
        from app.commands import restore

        return restore.run(args, _Today(args.today))
    from app.ui.app import run_gui

    return run_gui(args.db, date.fromisoformat(args.today) if args.today else None)


if __name__ == "__main__":
    sys.exit(main())
