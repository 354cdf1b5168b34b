"""Headless ``pix`` command: print a Pix copia e cola code and optionally save its QR code.

With ``--db`` the key, name and city saved in Configurações → Pix are used (each can still be
given on the command line, which wins)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.clock import Clock
from app.commands.base import CommandError, open_command_db
from app.services.br.pix import build_payload
from app.services.br.qr import qr_png_bytes
from app.services.core.money import parse_brl

DESCRIPTION = (
    "Gera o Pix copia e cola (BR Code estático) com a sua chave Pix e, se pedir,\n"
    "salva o QR code numa imagem PNG. O código sai na saída padrão."
)
EPILOG = (
    "exemplo:\n"
    "  pix --key minha@loja.com --name \"Maria Modas\" --city \"São Paulo\" \\\n"
    "      --amount 150,00 --txid CAD12 --png pix.png"
)
PARSER_OPTIONS = {
    "description": DESCRIPTION,
    "epilog": EPILOG,
    "formatter_class": argparse.RawDescriptionHelpFormatter,
    "add_help": False,
}


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help="mostra esta ajuda e sai")
    parser.add_argument("--key", metavar="CHAVE",
                        help="chave Pix: CPF, CNPJ, celular com DDD, e-mail ou chave aleatória")
    parser.add_argument("--name", metavar="NOME",
                        help="nome de quem recebe (até 25 letras, sem acentos no código)")
    parser.add_argument("--city", metavar="CIDADE",
                        help="cidade de quem recebe (até 15 letras, sem acentos no código)")
    parser.add_argument("--amount", metavar="VALOR",
                        help="valor, por exemplo 12,34 ou 1.234,56 (sem ele, quem paga digita)")
    parser.add_argument("--txid", metavar="ID",
                        help="identificador do pagamento: só letras e números, até 25")
    parser.add_argument("--description", metavar="TEXTO",
                        help="mensagem curta que aparece para quem paga")
    parser.add_argument("--png", type=Path, metavar="ARQUIVO",
                        help="salva também o QR code neste arquivo PNG")
    parser.add_argument("--db", type=Path, metavar="ARQUIVO",
                        help="usa a chave, o nome e a cidade salvos neste banco")


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``pix`` subcommand to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        "pix", help="gera o Pix copia e cola e o QR code", **PARSER_OPTIONS)
    _add_arguments(parser)
    return parser


def _stored_pix(args: argparse.Namespace, clock: Clock) -> tuple[str, str, str]:
    """Key, name and city: from the command line, else from the database's settings."""
    key, name, city = args.key, args.name, args.city
    if args.db is not None and not (key and name and city):
        from app.services.configuration.settings import load_settings

        with open_command_db(args.db, clock, write=False):
            settings = load_settings()
        key = key or settings.pix_key
        name = name or settings.pix_name or settings.store_name
        city = city or settings.pix_city or settings.city
    missing = [flag for flag, value in (("--key", key), ("--name", name), ("--city", city))
               if not value]
    if missing:
        raise CommandError(
            f"Faltou informar {', '.join(missing)} (ou use --db com o Pix configurado).")
    return key, name, city


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Print the payload (and write the PNG); 2 with a Portuguese message on bad input."""
    key, name, city = _stored_pix(args, clock)
    try:
        amount = parse_brl(args.amount) if args.amount else None
        payload = build_payload(key, name, city, amount_cents=amount,
                                txid=args.txid, description=args.description)
    except ValueError as error:  # PixError, or parse_brl refusing --amount
        raise CommandError(f"Erro: {error}") from None
    print(payload)
    if args.png is not None:
        from app.services.storage.whole_files import write_bytes_whole, write_failure

        try:
            write_bytes_whole(args.png, qr_png_bytes(payload))
        except OSError as error:
            raise CommandError(write_failure(error, args.png)) from None
        print(f"QR code salvo em {args.png}", file=sys.stderr)
    return 0
