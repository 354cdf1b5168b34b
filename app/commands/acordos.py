"""Headless ``acordos`` command: list agreements, or show the proposals for a customer."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.clock import Clock
from app.commands.base import CommandError, open_command_db

STATUS_CHOICES = {"em-dia": "open", "quebrado": "broken", "cumprido": "completed",
                  "renegociado": "renegotiated"}


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``acordos`` to the subcommands."""
    p = sub.add_parser("acordos", help="lista os acordos ou mostra propostas para uma cliente",
                       description="Lista os acordos (em dia, quebrados, cumpridos) ou, com "
                                   "--propor, as três propostas para as parcelas em atraso "
                                   "de uma cliente. Não grava nada.")
    p.add_argument("--db", type=Path, metavar="ARQUIVO",
                   help="arquivo do banco (padrão: o banco do programa)")
    p.add_argument("--situacao", choices=sorted(STATUS_CHOICES),
                   help="mostra só os acordos nesta situação")
    p.add_argument("--propor", type=int, metavar="CLIENTE",
                   help="número da cliente: mostra as propostas de acordo para ela")
    return p


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Print the agreements (or the proposals), one per line, in Portuguese."""
    with open_command_db(args.db, clock, write=False):
        lines = (_proposals(args.propor, clock) if args.propor is not None
                 else _listing(args.situacao, clock))
    print("\n".join(lines))
    return 0


def _listing(situacao: str | None, clock: Clock) -> list[str]:
    from app.services.core.dates import format_date
    from app.services.core.money import format_brl
    from app.services.negotiation.agreements import list_agreements

    rows = [r for r in list_agreements(clock.today())
            if situacao is None or r.status.value == STATUS_CHOICES[situacao]]
    if not rows:
        return ["Nenhum acordo" + (f" {situacao}." if situacao else ".")]
    return [f"nº {r.id} · {r.name} · fechado em {format_date(r.created_on)} · "
            f"{format_brl(r.total_cents)} · {r.progress} · "
            + (f"próximo {format_date(r.next_due)} {format_brl(r.next_due_cents)} · "
               if r.next_due else "") + r.status_label for r in rows]


def _proposals(customer_id: int, clock: Clock) -> list[str]:
    from app.services.core.dates import format_date
    from app.services.core.errors import NotFound, ValidationError
    from app.services.core.money import format_brl
    from app.services.negotiation.agreements import propose_options

    try:
        options = propose_options(customer_id, clock.today())
    except ValidationError as exc:
        raise CommandError(f"Cliente {customer_id}: {exc}") from None
    except NotFound:
        raise CommandError(f"Cliente {customer_id} não encontrada.") from None
    lines = []
    for option in options:
        parts = [f"{label} {format_brl(cents)} em {format_date(due)}"
                 for due, cents, _, label in option.schedule(clock.today())]
        lines.append(f"{option.label}: total {format_brl(option.total_cents)}, desconto "
                     f"{format_brl(option.discount_cents)} — " + "; ".join(parts))
    return lines
