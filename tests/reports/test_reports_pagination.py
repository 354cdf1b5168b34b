"""A long overdue summary (500 customers) paginates without cutting a customer's block."""

from __future__ import annotations

import re
from datetime import date, timedelta

from app.models.db import database
from app.models.people import Customer
from app.models.receivables import Installment, Sale
from app.services.configuration.settings import load_settings
from app.services.reports.overdue_summary import overdue_summary

CUSTOMERS = 500
TALL = 250  # this one has more late installments than fit on a page


def _late_count(n: int) -> int:
    return 70 if n == TALL else 1 + n % 9


def _fill(today: date) -> None:
    """500 customers, each with 1–9 late installments (one with 70), inserted in bulk."""
    with database.atomic():
        Customer.insert_many([{"name": f"Cliente {n:04d} Teste", "search_key": f"cliente {n}",
                               "neighbourhood": f"Bairro {n % 7}"}
                              for n in range(CUSTOMERS)]).execute()
        ids = [c.id for c in Customer.select(Customer.id).order_by(Customer.id)]
        Sale.insert_many([{"customer": cid, "sale_date": date(2025, 1, 5),
                           "total_cents": 10000 * _late_count(n)}
                          for n, cid in enumerate(ids)]).execute()
        sales = [s.id for s in Sale.select(Sale.id).order_by(Sale.id)]
        rows = []
        for n, (cid, sid) in enumerate(zip(ids, sales, strict=True)):
            k = _late_count(n)
            rows += [{"sale": sid, "customer": cid, "number": i + 1, "count": k,
                      "due_date": today - timedelta(days=5 + (n % 40) + i),
                      "amount_cents": 10000} for i in range(k)]
        for start in range(0, len(rows), 500):
            Installment.insert_many(rows[start:start + 500]).execute()


def _segments(text: str) -> tuple[int, list[tuple[int, int]]]:
    """(installment lines before the first name, [(customer number, installment lines)])."""
    text = re.sub(r"\s+", " ", text)
    parts = re.split(r"Cliente (\d{4}) Teste", text)
    count = lambda chunk: len(re.findall(r"Parcela \d+/\d+ · compra", chunk))  # noqa: E731
    return count(parts[0]), [(int(parts[i]), count(parts[i + 1]))
                             for i in range(1, len(parts), 2)]


def pdf_texts(path) -> list[str]:
    """Each page's text, read by QtPdf (pdfium): pypdf takes ~20 s on 80 pages."""
    from PySide6.QtPdf import QPdfDocument

    pdf = QPdfDocument()
    pdf.load(str(path))
    return [pdf.getAllText(page).text() for page in range(pdf.pageCount())]


def _every_page_fits(document, pages: int) -> bool:
    """The plan the PDF was painted from: as many pages, none taller than the body band."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPdfWriter

    from app.ui.kit.pdf import page_layout, plan_document

    sink = QBuffer()
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(sink)
    writer.setResolution(300)
    writer.setPageLayout(page_layout(document))
    frame, _body, plan = plan_document(document, writer)
    return len(plan) == pages and all(bottom - top <= frame.body for top, bottom in plan)


def test_500_customers_paginate_without_splitting_a_block_that_fits(db, today, qapp,
                                                                    tmp_path):
    from app.ui.kit.pdf import write_pdf

    _fill(today)
    document = overdue_summary(today, load_settings())
    pages = write_pdf(document, tmp_path / "atrasos.pdf")
    texts = pdf_texts(tmp_path / "atrasos.pdf")
    assert len(texts) == pages > 20
    assert _every_page_fits(document, pages)
    seen: dict[int, list[int]] = {}
    for number, text in enumerate(texts, 1):
        assert f"Página {number} de {pages}" in re.sub(r"\s+", " ", text)
        leading, segments = _segments(text)
        if leading:  # only the continuation of the customer too tall for one page
            assert seen[TALL], f"página {number} começa no meio de um bloco"
            seen[TALL].append(leading)
        for customer, lines in segments:
            seen.setdefault(customer, []).append(lines)
    assert len(seen) == CUSTOMERS
    for customer, counts in seen.items():
        if customer == TALL:
            assert sum(counts) == 70 and len(counts) >= 2
        else:
            assert counts == [_late_count(customer)], f"cliente {customer}: {counts}"
    last = re.sub(r"\s+", " ", texts[-1])
    total = sum(_late_count(n) for n in range(CUSTOMERS))
    grouped = f"{total:,}".replace(",", ".")  # 2.552: thousands grouped in Portuguese
    assert f"Total geral: 500 clientes, {grouped} parcelas em atraso" in last
