"""Headless ``pix`` command: print a Pix copia e cola code and optionally save its QR code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.services.money import parse_brl
from app.services.pix import build_payload
from app.services.qr import qr_png_bytes

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
    parser.add_argument("--key", required=True, metavar="CHAVE",
                        help="chave Pix: CPF, CNPJ, celular com DDD, e-mail ou chave aleatória")
    parser.add_argument("--name", required=True, metavar="NOME",
                        help="nome de quem recebe (até 25 letras, sem acentos no código)")
    parser.add_argument("--city", required=True, metavar="CIDADE",
                        help="cidade de quem recebe (até 15 letras, sem acentos no código)")
    parser.add_argument("--amount", metavar="VALOR",
                        help="valor, por exemplo 12,34 ou 1.234,56 (sem ele, quem paga digita)")
    parser.add_argument("--txid", metavar="ID",
                        help="identificador do pagamento: só letras e números, até 25")
    parser.add_argument("--description", metavar="TEXTO",
                        help="mensagem curta que aparece para quem paga")
    parser.add_argument("--png", type=Path, metavar="ARQUIVO",
                        help="salva também o QR code neste arquivo PNG")
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="ARQUIVO",
                        help="arquivo do banco (não é usado por este comando)")


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``pix`` subcommand to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        "pix", help="gera o Pix copia e cola e o QR code", **PARSER_OPTIONS)
    _add_arguments(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the payload (and write the PNG); 2 with a Portuguese message on bad input."""
    try:
        amount = parse_brl(args.amount) if args.amount else None
        payload = build_payload(args.key, args.name, args.city, amount_cents=amount,
                                txid=args.txid, description=args.description)
    except ValueError as error:  # PixError, or parse_brl refusing --amount
        print(f"Erro: {error}", file=sys.stderr)
        return 2
    print(payload)
    if args.png is not None:
        try:
            args.png.write_bytes(qr_png_bytes(payload))
        except OSError as error:
            print(f"Não foi possível salvar a imagem em {args.png}: {error.strerror or error}",
                  file=sys.stderr)
            return 1
        print(f"QR code salvo em {args.png}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point: ``python -m app.commands.pix --key ...``."""
    parser = argparse.ArgumentParser(prog="pix", **PARSER_OPTIONS)
    _add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
