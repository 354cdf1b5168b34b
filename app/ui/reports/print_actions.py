"""Preview, print and "Salvar PDF" for any printed document, from any screen.

The document's HTML is built on a worker (``app.ui.kit.ops.Op``, with progress and Cancelar for
the long overdue summary); the preview and the printer dialog then paint it on the GUI
thread. "Salvar PDF" builds and writes the file on the worker (QPdfWriter and QTextDocument
outside the GUI thread are allowed by Qt for painting on a PDF device).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.configuration.settings import load_settings
from app.services.core.text import file_words
from app.services.reports import ReportRequest, build_document
from app.services.reports.document import Document
from app.ui.kit.files import ask_save_path
from app.ui.kit.fitting import resize_to_fit
from app.ui.kit.ops import Op
from app.ui.kit.pdf import paint, prepare_device, write_pdf

_LABEL = "Montando o documento…"


def _build(request: ReportRequest, today: date) -> Callable:
    return lambda progress: build_document(request, today, load_settings(), progress)


def make_printer(document: Document, mode=QPrinter.PrinterMode.HighResolution) -> QPrinter:
    """A printer set up for ``document`` (A4 portrait, or the 80 mm roll)."""
    printer = QPrinter(mode)
    printer.setDocName(document.window_title)
    prepare_device(document, printer)
    return printer


def show_preview(parent: QWidget | None, document: Document) -> QPrintPreviewDialog:
    """Open the print preview of ``document`` (it can print from there)."""
    printer = make_printer(document)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Visualizar — {document.window_title}")  # whose document it is
    dialog.paintRequested.connect(lambda p: paint(document, p))
    resize_to_fit(dialog, 900, 760)  # never taller than her screen (a 720 px laptop)
    dialog.open()
    return dialog


def print_with_dialog(parent: QWidget | None, document: Document) -> None:
    """Ask which printer, then print ``document``."""
    printer = make_printer(document)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        paint(document, printer)


def suggested_name(request: ReportRequest, today: date, subject: str = "") -> str:
    """A file name for "Salvar PDF": ``resumo-de-atrasos-2026-11-23.pdf``, with whom it is
    about for a customer's document: ``extrato-da-cliente-joana-d-arc-2026-11-23.pdf``."""
    from app.services.reports import REPORT_LABELS

    words = file_words(f"{REPORT_LABELS[request.kind]} {subject}")
    return f"{words}-{today.isoformat()}.pdf"


def preview_request(parent: QWidget, request: ReportRequest, today: date, on_done=None) -> Op:
    """Build the document on a worker, then open its preview."""
    def shown(document: Document) -> None:
        parent._preview_dialog = show_preview(parent, document)
        if on_done is not None:
            on_done(document)

    return Op(parent, _build(request, today), write=False, label=_LABEL,
              cancellable=True).success(shown).run()


def print_request(parent: QWidget, request: ReportRequest, today: date) -> Op:
    """Build the document on a worker, then ask which printer and print it."""
    return Op(parent, _build(request, today), write=False, label=_LABEL,
              cancellable=True).success(lambda doc: print_with_dialog(parent, doc)).run()


def save_pdf_request(parent: QWidget, request: ReportRequest, today: date,
                     path: Path | None = None, on_saved=None, subject: str = "") -> Op | None:
    """Ask where (unless ``path``; the dialog starts in Documentos or the last folder used),
    then build and write the PDF on a worker."""
    if path is None:
        path = ask_save_path(parent, "Salvar PDF", suggested_name(request, today, subject),
                             "PDF (*.pdf)", ".pdf")
        if path is None:
            return None
    build = _build(request, today)

    def work(progress):
        document = build(progress)
        return document, write_pdf(document, path, progress)

    op = Op(parent, work, write=False, label="Gravando o PDF…", cancellable=True)
    if on_saved is not None:
        op.success(lambda result: on_saved(path, *result))
    return op.failure(lambda exc: _not_saved(parent, path, exc)).run()


def _not_saved(parent: QWidget, path: Path, exc: BaseException) -> None:
    """A PDF that could not be written: why, in her words (the old file is untouched)."""
    from app.services.storage.whole_files import write_failure
    from app.ui.kit.ops import show_failure

    if not isinstance(exc, OSError):
        show_failure(parent, exc)  # Cancelar says nothing; anything else, its own sentence
        return
    QMessageBox.warning(parent, "O PDF não foi salvo", write_failure(exc, path))


def _selected_row(table, model):
    rows = table.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def print_menu_button(page) -> QWidget:
    """The customer page's "Imprimir" button: her statement (with the Pix QR), the receipt
    of the chosen payment, the carnê of the chosen sale (the newest when none is chosen) and
    the termo of her latest agreement, each opened in the print preview."""
    from PySide6.QtWidgets import QMenu, QPushButton

    from app.services.reports import ReportKind

    button = QPushButton("Imprimir ▾")
    button.setObjectName("printMenuButton")
    menu = QMenu(button)

    def open_preview(kind: ReportKind) -> None:
        request = _customer_page_request(page, kind)
        if request is not None:
            preview_request(page, request, page._today_fn())

    for text, name, kind in (("Extrato…", "printStatement", ReportKind.STATEMENT),
                             ("Recibo do pagamento escolhido…", "printReceipt",
                              ReportKind.RECEIPT),
                             ("Carnê da venda escolhida…", "printCarne", ReportKind.CARNE),
                             ("Termo do acordo mais recente…", "printAgreement",
                              ReportKind.AGREEMENT)):
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(lambda _=False, k=kind: open_preview(k))
    button.setMenu(menu)
    return button


def _customer_page_request(page, kind) -> ReportRequest | None:
    """What the customer page asks to print; None (and a hint) when there is nothing."""
    from app.services.reports import ReportKind

    if page.view is None:  # her page is still being read
        return None
    if kind is ReportKind.STATEMENT:
        return ReportRequest(kind, customer_id=page.customer_id)
    if kind is ReportKind.AGREEMENT:
        latest = next(iter(page.view.agreements), None)  # newest first, as read with her page
        if latest is None:
            page.payment_feedback.setText("Ela não tem acordos para imprimir o termo.")
            return None
        return ReportRequest(kind, agreement_id=latest.id)
    if kind is ReportKind.RECEIPT:
        payment = (_selected_row(page.payments_table, page.payments)
                   or next(iter(page.detail.payments), None))
        if payment is None:
            page.payment_feedback.setText("Ela ainda não tem pagamentos para o recibo.")
            return None
        return ReportRequest(kind, payment_id=payment.id)
    sale = _selected_row(page.sales_table, page.sales) or next(iter(page.detail.sales), None)
    if sale is None:
        page.payment_feedback.setText("Ela ainda não tem vendas para o carnê.")
        return None
    return ReportRequest(kind, sale_id=sale.id)
