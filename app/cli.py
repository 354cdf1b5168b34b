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
    p.add_argument("--harsh", action="store_true",
                   help="clientes muito atrasadas (pior caso, para medir velocidade)")


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
    return parser


def run_demo(args) -> int:
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo

    if args.customers < 1 or args.customers > 100_000:
        print("Use entre 1 e 100000 clientes.", file=sys.stderr)
        return 2
    today = _today(args.today)
    open_database(args.db, today=today)
    summary = generate_demo(args.customers, today, seed=args.seed, harsh=args.harsh)
    close_database()
    print(f"{summary.customers} clientes, {summary.sales} vendas, "
          f"{summary.installments} parcelas, {summary.payments} pagamentos em {args.db}")
    return 0


def run_backup(args) -> int:
    from app.services.backup import backup_database

    if not args.db.exists():
        print(f"Arquivo {args.db} não encontrado.", file=sys.stderr)
        return 2
    target = backup_database(args.db, reason="manual", today=date.today(), target_dir=args.to)
    print(target)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        return run_demo(args)
    if args.command == "backup":
        return run_backup(args)
    if args.command == "pix":
        from app.commands import pix

        return pix.run(args)
    from app.ui.app import run_gui

    return run_gui(args.db, date.fromisoformat(args.today) if args.today else None)


if __name__ == "__main__":
    sys.exit(main())
