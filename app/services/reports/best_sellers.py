"""Mais vendidas: which pieces, and which sizes, sold most over a period, returns subtracted.

Rules:
- Counted: the sale items that are catalogue pieces (taken from stock or sold "sob
  encomenda"), on the day of their sale — or, for a piece an exchange added, on the day
  of the exchange — from ``start`` to ``end``, both included.
- Returns come off on the day they happened, as a bookkeeper books a "devolução de venda":
  a dress sold in March and returned in April counts in March and comes off in April (a
  cancelled sale is a return of all its pieces). "Vendidas" is what sold in the period,
  "devolvidas" what came back in it, "líquido" the difference; the ranking is by the
  net quantity, then the net value, then the name.
- Values are at the price of the piece on the sale (quantity × unit price), before the
  sale's loyalty discount: the report ranks pieces, the money of each sale is in its
  extrato.
- Two tables: by piece (the first ``BEST_LIMIT``, then one line for all the others, so the
  totals stay whole) and by size — every piece of a size together ("M", "38", "Único"),
  sizes compared without accents or case. Items typed as free text (not from the
  catalogue) are not pieces: one line says how many were sold apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.db import database
from app.services.core.dates import format_date
from app.services.core.errors import ValidationError
from app.services.core.money import format_brl
from app.services.core.text import fold, plural
from app.services.reports.document import Document, esc, heading, store_identity

TITLE = "Mais vendidas"
BEST_LIMIT = 50
UNIQUE = "Único"

_SQL = """
SELECT v.piece_id, v.size, SUM(sold_q), SUM(sold_c), SUM(back_q), SUM(back_c)
FROM (
    SELECT i.piece_variant_id AS vid, i.quantity AS sold_q,
           i.quantity * i.unit_price_cents AS sold_c, 0 AS back_q, 0 AS back_c
    FROM sale_item i JOIN sale s ON s.id = i.sale_id
    WHERE i.piece_variant_id IS NOT NULL AND COALESCE(i.added_on, s.sale_date) BETWEEN ? AND ?
    UNION ALL
    SELECT i.piece_variant_id, 0, 0, r.quantity, r.quantity * i.unit_price_cents
    FROM sale_return_item r JOIN sale_return sr ON sr.id = r.sale_return_id
    JOIN sale_item i ON i.id = r.sale_item_id
    WHERE i.piece_variant_id IS NOT NULL AND sr.return_date BETWEEN ? AND ?
) moved JOIN piece_variant v ON v.id = moved.vid
GROUP BY v.piece_id, v.size
"""
_FREE_SQL = """
SELECT COALESCE(SUM(i.quantity), 0), COALESCE(SUM(i.quantity * i.unit_price_cents), 0)
FROM sale_item i JOIN sale s ON s.id = i.sale_id
WHERE i.piece_variant_id IS NULL AND COALESCE(i.added_on, s.sale_date) BETWEEN ? AND ?
"""


@dataclass(frozen=True)
class Sold:
    """One line of a table: a piece or a size, and its figures in the period."""

    label: str
    reference: str
    sold: int
    sold_cents: int
    returned: int
    returned_cents: int

    @property
    def net(self) -> int:
        return self.sold - self.returned

    @property
    def net_cents(self) -> int:
        return self.sold_cents - self.returned_cents

    def __add__(self, other: Sold) -> Sold:
        return Sold(self.label, self.reference, self.sold + other.sold,
                    self.sold_cents + other.sold_cents, self.returned + other.returned,
                    self.returned_cents + other.returned_cents)


@dataclass(frozen=True)
class BestSellers:
    start: date
    end: date
    pieces: tuple[Sold, ...]  # every piece that moved, best first
    sizes: tuple[Sold, ...]  # every size that moved, best first
    free_items: int  # units sold as free text (not from the catalogue)
    free_cents: int

    @property
    def total(self) -> Sold:
        return sum(self.pieces, Sold("Total", "", 0, 0, 0, 0))


def _ranked(lines) -> tuple[Sold, ...]:
    return tuple(sorted(lines, key=lambda s: (-s.net, -s.net_cents, fold(s.label))))


def best_sellers(start: date, end: date) -> BestSellers:
    """The pieces and sizes sold from ``start`` to ``end`` (see the module rules);
    ValidationError when the period ends before it starts."""
    if end < start:
        raise ValidationError({"period": "O período termina antes de começar: confira as "
                               "datas."}, {"period": "reversed"})
    period = (start.isoformat(), end.isoformat())
    names = {pid: (name, ref) for pid, name, ref in
             database.execute_sql("SELECT id, name, reference FROM piece")}
    by_piece: dict[int, Sold] = {}
    by_size: dict[str, Sold] = {}
    for pid, size, *figures in database.execute_sql(_SQL, period + period):
        name, ref = names[pid]
        by_piece[pid] = by_piece.get(pid, Sold(name, ref, 0, 0, 0, 0)) + Sold(name, ref,
                                                                               *figures)
        label = " ".join(size.split()) or UNIQUE
        key = fold(label)
        by_size[key] = by_size.get(key, Sold(label, "", 0, 0, 0, 0)) + Sold(label, "",
                                                                            *figures)
    free = database.execute_sql(_FREE_SQL, period).fetchone()
    return BestSellers(start, end, _ranked(by_piece.values()), _ranked(by_size.values()),
                       *free)


def _table(title: str, first: str, lines, with_rank: bool) -> str:
    head = (f"<tr><th align='left' width='6%'>{'nº' if with_rank else ''}</th>"
            f"<th align='left' width='40%'>{first}</th><th align='right' width='11%'>Vendidas"
            "</th><th align='right' width='12%'>Devolvidas</th><th align='right' width='11%'>"
            "Líquido</th><th align='right' width='20%'>Valor líquido</th></tr>")
    rows = "".join(
        f"<tr><td>{rank if with_rank and rank else ''}</td><td>{text}</td>"
        f"<td align='right'>{s.sold}</td><td align='right'>{s.returned or ''}</td>"
        f"<td align='right'><b>{s.net}</b></td><td align='right'>{format_brl(s.net_cents)}"
        "</td></tr>" for rank, text, s in lines)
    return (f"<h3 style='margin-top: 10px;'>{title}</h3><table width='100%' cellspacing='0' "
            f"cellpadding='2'>{head}{rows}</table>")


def _piece_lines(report: BestSellers):
    lines = []
    for rank, s in enumerate(report.pieces[:BEST_LIMIT], 1):
        ref = f" <i>({esc(s.reference)})</i>" if s.reference else ""
        lines.append((rank, f"{esc(s.label)}{ref}", s))
    rest = report.pieces[BEST_LIMIT:]
    if rest:
        others = sum(rest, Sold("", "", 0, 0, 0, 0))
        label = "Outra peça" if len(rest) == 1 else f"Outras {plural(len(rest), 'peça')}"
        lines.append((0, label, others))
    lines.append((0, "<b>Total</b>", report.total))
    return lines


def best_sellers_document(start: date, end: date, today: date, settings) -> Document:
    """Mais vendidas from ``start`` to ``end`` (``settings``: Settings) as a Document."""
    report = best_sellers(start, end)
    period = f"De {format_date(start)} a {format_date(end)}"
    blocks = [heading(TITLE, f"{period} · vendidas menos devolvidas · valores pelo preço da "
                             "peça na venda, antes do desconto de fidelidade")]
    if report.pieces:
        blocks.append(_table("Por peça", "Peça", _piece_lines(report), True))
        blocks.append(_table("Por tamanho", "Tamanho",
                             [(rank, esc(s.label), s)
                              for rank, s in enumerate(report.sizes, 1)], True))
    else:
        blocks.append("<p>Nenhuma peça do catálogo foi vendida nem devolvida nesse período.</p>")
    if report.free_items:
        blocks.append(f"<p>Além disso, "
                      f"{plural(report.free_items, 'item digitado', 'itens digitados')} à "
                      f"mão (fora do catálogo), somando {format_brl(report.free_cents)}.</p>")
    return Document(TITLE, store_identity(settings), today, tuple(blocks))
