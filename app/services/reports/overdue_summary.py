"""Resumo de atrasos: the printed list of late accounts for the door-to-door round.

The same figures as the Em atraso screen (``app.services.collection.overdue``): customers
with an installment late on ``today`` (past its grace date, ``lateness``), still open, not
renegotiated and not prescrita; fees as of ``today`` per the settings. Each customer's block:
name, phone, neighbourhood, standing, then every late installment (purchase, due date, days
late, open amount, multa + juros, total) and her total. At the end the grand total and the
count. Order: most days late first (``DAYS``), largest total first (``AMOUNT``) or by place —
city, then neighbourhood, A→Z, each group headed by its count and total, most late first
inside (``NEIGHBOURHOOD``, for a collection round). Filters: one aging band (its customers,
by their most late installment, with everything they owe late: the screen's one rule), one
standing.

Readable in black and white: the customer line is bold, days late are written as a number
and every amount has its own labelled column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.models.db import database
from app.services.collection.overdue import OverdueRow, overdue_report
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.progress import NO_PROGRESS, Progress
from app.services.core.sql import late, not_prescribed, open_installment
from app.services.core.text import fold, plural
from app.services.receivables.fees import installment_fees
from app.services.receivables.lateness import sql_dates
from app.services.reports.document import Document, esc, heading, store_identity

TITLE = "Resumo de atrasos"
# columns (heading, width, right-aligned); "Multa e juros" only when fees are on
_COLUMNS = (("Parcela e compra", "36%", False), ("Vencimento e atraso", "24%", False),
            ("Valor", "13%", True), ("Multa e juros", "13%", True), ("Total", "14%", True))
_NO_FEES = (("Parcela e compra", "42%", False), ("Vencimento e atraso", "30%", False),
            ("Valor em aberto", "28%", True))


class OverdueOrder(StrEnum):
    DAYS = "dias"
    AMOUNT = "valor"
    NEIGHBOURHOOD = "bairro"


ORDER_LABELS = {
    OverdueOrder.DAYS: "Mais dias de atraso primeiro",
    OverdueOrder.AMOUNT: "Maior valor primeiro",
    OverdueOrder.NEIGHBOURHOOD: "Por bairro e cidade (para a rota de cobrança)",
}


@dataclass(frozen=True)
class LateLine:
    """One late installment as printed."""

    purchase: str
    due_date: date
    days_late: int
    principal_cents: int
    fees_cents: int

    @property
    def total_cents(self) -> int:
        return self.principal_cents + self.fees_cents


def late_lines(today: date, settings) -> dict[int, list[LateLine]]:
    """Every overdue installment on ``today`` by customer id, oldest first."""
    rows = database.execute_sql(
        "SELECT i.customer_id, i.id, i.number, i.count, i.due_date, "
        "i.amount_cents - i.paid_cents, s.sale_date "
        "FROM installment i JOIN sale s ON s.id = i.sale_id "
        f"WHERE {open_installment('i')} AND {late('i')} AND {not_prescribed('i')} "
        "ORDER BY i.customer_id, i.due_date, i.id", sql_dates(today)).fetchall()
    lines: dict[int, list[LateLine]] = {}
    for cid, iid, number, count, due, open_cents, sale_date in rows:
        fees = installment_fees(iid, date.fromisoformat(due), open_cents, today, settings)
        bought = format_date(date.fromisoformat(sale_date))
        purchase = f"Parcela {number}/{count} · compra de {bought}"
        lines.setdefault(cid, []).append(LateLine(
            purchase, fees.due_date, fees.days_late, open_cents,
            fees.fee_cents + fees.interest_cents))
    return lines


def _sorted(rows: tuple[OverdueRow, ...], order: OverdueOrder) -> list[OverdueRow]:
    if order is OverdueOrder.AMOUNT:
        return sorted(rows, key=lambda r: (-r.total_cents, -r.days_late, fold(r.name)))
    if order is OverdueOrder.NEIGHBOURHOOD:
        return sorted(rows, key=lambda r: (*_place_key(r), -r.days_late, fold(r.name)))
    return list(rows)  # the report is already most late first


def _place_key(row: OverdueRow) -> tuple[str, str]:
    """(city, neighbourhood) folded; customers without them go last."""
    return (fold(row.city) or "~", fold(row.neighbourhood) or "~")


def _place_title(row: OverdueRow) -> str:
    hood = row.neighbourhood.strip() or "Sem bairro"
    return f"{hood} — {row.city.strip()}" if row.city.strip() else hood


def _place_totals(rows: list[OverdueRow]) -> dict[tuple[str, str], list[int]]:
    """(customers, total) of each place, for the group headings."""
    groups: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        figures = groups.setdefault(_place_key(row), [0, 0])
        figures[0] += 1
        figures[1] += row.total_cents
    return groups


def _days(n: int) -> str:
    return plural(n, "dia")


def _columns_row(fees: bool) -> str:
    return "<tr>" + "".join(
        f"<th width='{width}' align='{'right' if right else 'left'}'>{head}</th>"
        for head, width, right in (_COLUMNS if fees else _NO_FEES)) + "</tr>"


def _line_cells(line: LateLine, fees: bool) -> list[str]:
    cells = [line.purchase, f"{format_date(line.due_date)} ({_days(line.days_late)})",
             format_brl(line.principal_cents)]
    if fees:
        cells += [format_brl(line.fees_cents) if line.fees_cents else "—",
                  format_brl(line.total_cents)]
    return cells


def _customer_block(row: OverdueRow, lines: list[LateLine], group: str, fees: bool) -> str:
    """One customer: a bold line with who and how much, then her late installments. The
    first installment row carries the column widths so every block lines up."""
    columns = _COLUMNS if fees else _NO_FEES
    span = len(columns)
    out = ["<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 6px;'>"]
    if group:
        out.append(f"<tr><td colspan='{span}' style='font-size: 11pt;'><b>{group}</b></td>"
                   f"</tr>{_columns_row(fees)}")
    place = " · ".join(p for p in (row.neighbourhood, row.city) if p) or "sem bairro"
    phone = esc(row.phone_display).replace(" ", "&nbsp;")
    count = f"{plural(len(lines), 'parcela')} em atraso"
    out.append(  # one row: fewer table cells keep 5,000 customers fast to lay out
        f"<tr><td colspan='{span - 1}'><b>{esc(row.name)}</b>&nbsp;&nbsp;&nbsp;{phone}<br>"
        f"{esc(place)} · {esc(row.standing.label)} · {count}</td>"
        f"<td align='right' valign='top'><b>{format_brl(row.total_cents)}</b></td></tr>")
    for n, line in enumerate(lines):
        out.append("<tr>" + "".join(
            f"<td{f' width={columns[k][1]!r}' if n == 0 else ''}"
            f"{' align=right' if columns[k][2] else ''}>{text}</td>"
            for k, text in enumerate(_line_cells(line, fees))) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _intro(report, filters: str, order: OverdueOrder) -> str:
    buckets = "".join(
        f"<tr><td>{b.label} dias</td><td align='right'>{b.customers}</td>"
        f"<td align='right'>{format_brl(b.total_cents)}</td></tr>" for b in report.buckets)
    fees = "com multa e juros até hoje" if report.fees_enabled else "multa e juros desligados"
    return (
        heading(TITLE, f"Situação em {format_date(report.today)} · {ORDER_LABELS[order]}"
                       f"{' · ' + filters if filters else ''} · {fees}")
        + "<table width='60%' cellspacing='0' cellpadding='2'><tr><th align='left'>Faixa de "
        "atraso</th><th align='right'>Clientes</th><th align='right'>Total</th></tr>"
        f"{buckets}<tr><td><b>Todas</b></td><td align='right'><b>{len(report.rows)}</b></td>"
        f"<td align='right'><b>{format_brl(report.total_cents)}</b></td></tr></table>")


def _totals(report) -> str:
    count = len(report.rows)
    installments = sum(r.late_count for r in report.rows)
    return (
        "<table width='100%' cellspacing='0' cellpadding='3' style='margin-top: 10px;'>"
        f"<tr><td><b>Total geral: {plural(count, 'cliente')}, "
        f"{plural(installments, 'parcela')} em atraso</b></td>"
        f"<td align='right'><b>{format_brl(report.total_cents)}</b></td></tr>"
        f"<tr><td>Valor das parcelas</td><td align='right'>{format_brl(report.principal_cents)}"
        "</td></tr><tr><td>Multa e juros</td><td align='right'>"
        f"{format_brl(report.fee_cents + report.interest_cents)}</td></tr></table>")


def overdue_summary(
    today: date,
    settings,
    *,
    order: OverdueOrder = OverdueOrder.DAYS,
    bucket: str | None = None,
    standing: str | None = None,
    standing_label: str = "",
    progress: Progress = NO_PROGRESS,
) -> Document:
    """The Resumo de atrasos on ``today`` (``settings``: Settings) as a Document."""
    report = overdue_report(today, settings, bucket=bucket, standing=standing)
    progress(0, len(report.rows), "Lendo as parcelas em atraso…")
    lines = late_lines(today, settings)
    filters = " · ".join(f for f in (f"faixa {bucket} dias" if bucket else "",
                                     standing_label) if f)
    blocks = [_intro(report, filters, order)]
    if order is not OverdueOrder.NEIGHBOURHOOD:
        blocks.append("<table width='100%' cellspacing='0' cellpadding='2'>"
                      f"{_columns_row(report.fees_enabled)}</table>")
    rows = _sorted(report.rows, order)
    by_place = order is OverdueOrder.NEIGHBOURHOOD
    groups = _place_totals(rows) if by_place else {}
    previous = None
    for n, row in enumerate(rows):
        if n % 200 == 0:
            progress(n, len(rows), "Montando o resumo…")
        title = ""
        if by_place and _place_key(row) != previous:
            previous = _place_key(row)
            count, total = groups[previous]
            title = (f"{esc(_place_title(row))} · {plural(count, 'cliente')} · "
                     f"{format_brl(total)}")
        blocks.append(_customer_block(row, lines.get(row.customer_id, []), title,
                                      report.fees_enabled))
    if not report.rows:
        blocks.append("<p>Ninguém em atraso com esses filtros. Bom sinal!</p>")
    blocks.append(_totals(report))
    return Document(TITLE, store_identity(settings), today, tuple(blocks))
