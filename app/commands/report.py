"""Headless ``report`` command: write a printed document (overdue summary, statement, receipt,
carnê, termo de acordo, estoque, mais vendidas) as a PDF, without opening the window.

Layering: the document is built by ``app.services.reports`` (plain data, no Qt); turning it
into PDF pages needs Qt's text layout and painter, so ``run()`` — and only ``run()``, importing
this module loads no Qt — starts an offscreen ``QGuiApplication`` and calls ``app.ui.kit.pdf``, the
QtGui-only renderer the window uses too (no widget, no screen module). Writing the PDF with
the same code as "Salvar PDF" means the command and the window can never print differently.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.clock import Clock
from app.commands.base import CommandError, open_command_db
from app.services.core.text import plural
from app.services.reports import REPORT_LABELS, ReportKind, ReportRequest
from app.services.reports.document import PageFormat
from app.services.reports.overdue_summary import OverdueOrder

EPILOG = (
    "exemplos:\n"
    "  report atrasos --pdf atrasos.pdf --ordem bairro\n"
    "  report extrato --customer 12 --pdf extrato-ana.pdf\n"
    "  report recibo --payment 345 --pdf recibo.pdf --bobina\n"
    "  report carne --sale 78 --pdf carne.pdf\n"
    "  report acordo --agreement 5 --pdf acordo.pdf\n"
    "  report estoque --pdf estoque.pdf --acabando\n"
    "  report mais-vendidas --de 01/10/2026 --ate 31/10/2026 --pdf outubro.pdf"
)
BUCKETS = ("1-30", "31-60", "61-90", "90+")


def add_parser(sub) -> argparse.ArgumentParser:
    """Add ``report`` to the subcommands."""
    kinds = ", ".join(f"{k.value} ({REPORT_LABELS[k].lower()})" for k in ReportKind)
    p = sub.add_parser(
        "report", help="gera um documento em PDF (atrasos, extrato, recibo, carnê, acordo, "
                       "estoque, mais vendidas)",
        description=f"Gera um documento para imprimir, em PDF: {kinds}.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=[k.value for k in ReportKind], metavar="DOCUMENTO",
                   help="atrasos, extrato, recibo, carne, acordo, estoque ou mais-vendidas")
    p.add_argument("--pdf", type=Path, required=True, metavar="ARQUIVO",
                   help="arquivo PDF a gravar")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--customer", type=int, metavar="ID", help="cliente (para o extrato)")
    who.add_argument("--payment", type=int, metavar="ID", help="pagamento (para o recibo)")
    who.add_argument("--sale", type=int, metavar="ID", help="venda (para o carnê)")
    who.add_argument("--agreement", type=int, metavar="ID",
                     help="acordo (para o termo de acordo)")
    p.add_argument("--ordem", choices=[o.value for o in OverdueOrder], default="dias",
                   help="atrasos: ordem por dias de atraso, valor ou bairro (padrão: dias)")
    p.add_argument("--faixa", choices=BUCKETS, help="atrasos: só uma faixa de dias")
    p.add_argument("--sem-pix", action="store_true", help="extrato: sem o QR code do Pix")
    p.add_argument("--bobina", action="store_true",
                   help="recibo: formato estreito de 80 mm (impressora térmica)")
    p.add_argument("--acabando", action="store_true",
                   help="estoque: só as variações acabando ou sem estoque")
    p.add_argument("--de", metavar="DATA", help="mais-vendidas: início do período "
                                                "(padrão: dia 1 deste mês)")
    p.add_argument("--ate", metavar="DATA", help="mais-vendidas: fim do período (padrão: hoje)")
    p.add_argument("--db", type=Path, metavar="ARQUIVO",
                   help="arquivo do banco (padrão: o banco do programa)")
    return p


def _request(args: argparse.Namespace) -> ReportRequest:
    kind = ReportKind(args.kind)
    needs = {ReportKind.STATEMENT: ("customer", "--customer ID"),
             ReportKind.RECEIPT: ("payment", "--payment ID"),
             ReportKind.CARNE: ("sale", "--sale ID"),
             ReportKind.AGREEMENT: ("agreement", "--agreement ID")}
    if kind in needs and getattr(args, needs[kind][0]) is None:
        raise CommandError(f"Para o documento “{kind.value}” informe {needs[kind][1]}.")
    return ReportRequest(
        kind, customer_id=args.customer, payment_id=args.payment, sale_id=args.sale,
        agreement_id=args.agreement,
        order=OverdueOrder(args.ordem),
        bucket=args.faixa.replace("-", "–") if args.faixa else None,
        with_pix=not args.sem_pix,
        page=PageFormat.ROLL_80MM if args.bobina else PageFormat.A4,
        only_low=args.acabando, start=_day(args.de, "--de"), end=_day(args.ate, "--ate"))


def _day(text: str | None, option: str):
    """A date typed as dd/mm/aaaa or aaaa-mm-dd (None when not given)."""
    if not text:
        return None
    from app.services.core.dates import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(f"Data inválida em {option}: “{text}”. Use dd/mm/aaaa, por exemplo "
                           "01/10/2026.") from None


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Build the document and write the PDF; print its path and page count."""
    from app.services.configuration.settings import load_settings
    from app.services.core.errors import NotFound, ValidationError
    from app.services.reports import build_document

    request = _request(args)
    target = Path(args.pdf)
    if target.is_dir() or not target.parent.exists():
        raise CommandError(f"Não é possível gravar {target}: informe um arquivo numa pasta que "
                           "existe, por exemplo relatorio.pdf.")
    with open_command_db(args.db, clock, write=False):
        try:
            document = build_document(request, clock.today(), load_settings())
        except NotFound as exc:
            raise CommandError(f"{exc} Confira o número informado.") from None
        except ValidationError as exc:
            raise CommandError(str(exc)) from None
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.services.storage.whole_files import write_failure
    from app.ui.kit.pdf import ensure_gui_app, write_pdf

    ensure_gui_app()
    try:
        pages = write_pdf(document, target)  # whole or not at all (whole_files)
    except OSError as exc:
        raise CommandError(write_failure(exc, target)) from None
    print(f"{document.title}: {plural(pages, 'página')} em {target}")
    return 0
