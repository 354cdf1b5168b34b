"""Printed documents (Relatórios): each builder returns a ``Document`` of HTML blocks.

``build_document`` is the one entry the Relatórios page, the customer page and the headless
``report`` command share: it takes a ``ReportRequest`` (which document, for whom, options)
and returns the Document, without Qt. ``app.ui.kit.pdf`` turns a Document into pages.

The Termo de acordo (issue 12's agreements) is one more kind, ``acordo``, built by
``agreement_doc``. The pieces (issue 22) add ``estoque`` (``stock_report``: every variant
with its stock and value) and ``mais-vendidas`` (``best_sellers``: by piece and by size over
a period, returns subtracted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.services.core.errors import ValidationError
from app.services.core.progress import NO_PROGRESS, Progress
from app.services.reports.document import Document, PageFormat
from app.services.reports.overdue_summary import OverdueOrder


class ReportKind(StrEnum):
    """The documents, by the name the command line uses."""

    OVERDUE = "atrasos"
    STATEMENT = "extrato"
    RECEIPT = "recibo"
    CARNE = "carne"
    AGREEMENT = "acordo"
    STOCK = "estoque"
    BEST_SELLERS = "mais-vendidas"


REPORT_LABELS = {
    ReportKind.OVERDUE: "Resumo de atrasos",
    ReportKind.STATEMENT: "Extrato da cliente",
    ReportKind.RECEIPT: "Recibo de pagamento",
    ReportKind.CARNE: "Carnê de uma venda",
    ReportKind.AGREEMENT: "Termo de acordo",
    ReportKind.STOCK: "Estoque",
    ReportKind.BEST_SELLERS: "Mais vendidas",
}


@dataclass(frozen=True)
class ReportRequest:
    """Which document and for what: ``customer_id`` (extrato), ``payment_id`` (recibo),
    ``sale_id`` (carnê), ``agreement_id`` (termo de acordo); the overdue summary takes
    ``order``, ``bucket`` and ``standing``; Estoque takes ``only_low``; Mais vendidas the
    period ``start``–``end`` (default: the month of ``today`` up to ``today``)."""

    kind: ReportKind
    customer_id: int | None = None
    payment_id: int | None = None
    sale_id: int | None = None
    agreement_id: int | None = None
    order: OverdueOrder = OverdueOrder.DAYS
    bucket: str | None = None
    standing: str | None = None
    standing_label: str = ""
    with_pix: bool = True
    page: PageFormat = PageFormat.A4
    only_low: bool = False
    start: date | None = None
    end: date | None = None


_NEEDS = {
    ReportKind.STATEMENT: ("customer_id", "customer", "Escolha a cliente do extrato."),
    ReportKind.RECEIPT: ("payment_id", "payment", "Escolha o pagamento do recibo."),
    ReportKind.CARNE: ("sale_id", "sale", "Escolha a venda do carnê."),
    ReportKind.AGREEMENT: ("agreement_id", "agreement", "Escolha o acordo."),
}


def build_document(request: ReportRequest, today: date, settings,
                   progress: Progress = NO_PROGRESS) -> Document:
    """The Document ``request`` asks for, as of ``today`` (``settings``: Settings).

    Raises ValidationError (code ``missing``) when the customer, payment, sale or agreement is
    not given, and NotFound when it does not exist."""
    from app.services.reports.agreement_doc import agreement_document
    from app.services.reports.carne_doc import carne_document
    from app.services.reports.overdue_summary import overdue_summary
    from app.services.reports.receipt_doc import receipt_document
    from app.services.reports.statement_doc import statement_document

    if request.kind in _NEEDS:
        attr, field, message = _NEEDS[request.kind]
        if getattr(request, attr) is None:
            raise ValidationError({field: message}, {field: "missing"})
    if request.kind is ReportKind.OVERDUE:
        return overdue_summary(today, settings, order=request.order, bucket=request.bucket,
                               standing=request.standing,
                               standing_label=request.standing_label, progress=progress)
    if request.kind is ReportKind.STATEMENT:
        return statement_document(request.customer_id, today, settings,
                                  with_pix=request.with_pix)
    if request.kind is ReportKind.RECEIPT:
        return receipt_document(request.payment_id, today, settings, page=request.page)
    if request.kind is ReportKind.AGREEMENT:
        return agreement_document(request.agreement_id, today, settings)
    if request.kind in (ReportKind.STOCK, ReportKind.BEST_SELLERS):
        return _pieces_document(request, today, settings, progress)
    return carne_document(request.sale_id, today, settings)


def _pieces_document(request: ReportRequest, today: date, settings,
                     progress: Progress) -> Document:
    """Estoque or Mais vendidas (issue 22)."""
    from app.services.reports.best_sellers import best_sellers_document
    from app.services.reports.stock_report import stock_document

    if request.kind is ReportKind.STOCK:
        return stock_document(today, settings, request.only_low, progress)
    return best_sellers_document(request.start or today.replace(day=1), request.end or today,
                                 today, settings)
