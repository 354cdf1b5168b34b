"""Headless ``demo`` command: fill a new database with example customers, sales, payments and a
catalogue of pieces."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.clock import Clock
from app.commands.base import CommandError, open_command_db
from app.services.core.text import plural

MAX_CUSTOMERS = 100_000


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``demo`` to the subcommands."""
    p = sub.add_parser("demo", help="preenche um banco com dados de exemplo",
                       description="Cria clientes, vendas, pagamentos e um catálogo de peças "
                                   "com estoque, trocas e devoluções de exemplo (18 meses).")
    p.add_argument("--db", type=Path, required=True, metavar="ARQUIVO",
                   help="arquivo do banco (será criado)")
    p.add_argument("--customers", type=int, default=200, metavar="N",
                   help="quantas clientes (padrão 200)")
    p.add_argument("--seed", type=int, default=7, help="semente do gerador (padrão 7)")
    p.add_argument("--harsh", action="store_true",
                   help="clientes muito atrasadas e um catálogo de 5.000 peças × 10 variações "
                        "(pior caso, para medir velocidade)")
    return p


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Generate the demo data; print what was created."""
    from app.services.demo import generate_demo

    if not 1 <= args.customers <= MAX_CUSTOMERS:
        raise CommandError(f"Use entre 1 e {MAX_CUSTOMERS} clientes.")
    from app.models.people import Customer

    with open_command_db(args.db, clock, write=True) as path:
        if Customer.select().exists():
            raise CommandError(f"O arquivo {path} já tem clientes; os dados de exemplo iriam se "
                               "misturar com os seus. Use um arquivo novo.")
        summary = generate_demo(args.customers, clock.today(), seed=args.seed,
                                harsh=args.harsh)
    print(f"{plural(summary.customers, 'cliente')}, {plural(summary.sales, 'venda')}, "
          f"{plural(summary.installments, 'parcela')}, "
          f"{plural(summary.payments, 'pagamento')}, "
          f"{plural(summary.pieces, 'peça')} no catálogo em {path}")
    return 0
