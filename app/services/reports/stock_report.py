"""Estoque: the printed stock list — every variant with its stock and value, and the totals.

Rules:
- Every variant of every piece in the catalogue (archived pieces and variants are out),
  grouped by piece in A→Z order; each piece is a block: its name, reference, price and
  cost, then one line per variant (in the grid's order) with what is on the shelf, what is
  kept aside "com defeito", the value at cost (shelf × cost) and at price (shelf × price),
  and a mark in words, never in colour alone: "sem estoque" (nothing on the shelf) or
  "acabando" (at or below the piece's low-stock warning, ``Piece.low_stock``).
- ``only_low``: only the variants "acabando" or "sem estoque" (the shopping list for her
  supplier); the totals are then of those lines.
- Only the shelf is valued: pieces com defeito are listed but cannot be sold. A piece
  without a cost has no value at cost ("—"), and the total at cost says how many units on
  the shelf it leaves out.
- Totals: pieces, variants, units on the shelf and aside, value at cost, value at price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.db import database
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.progress import NO_PROGRESS, Progress
from app.services.core.sql import flag
from app.services.core.text import plural
from app.services.reports.document import Document, esc, heading, store_identity

TITLE = "Estoque"
_SQL = f"""
SELECT p.id, p.name, p.reference, p.price_cents, p.cost_cents, p.low_stock, v.size, v.colour,
       v.stock, v.defective
FROM piece_variant v JOIN piece p ON p.id = v.piece_id
WHERE {flag("p.archived", False)} AND {flag("v.archived", False)} {{low}}
ORDER BY p.search_key, p.id, v.id
"""
_LOW = "AND v.stock <= p.low_stock"


@dataclass(frozen=True, slots=True)
class StockLine:
    """One variant on the list."""

    grid: str  # "M rosa", "Único"
    stock: int
    defective: int
    cost_cents: int | None  # stock × the piece's cost (None: the piece has no cost)
    price_cents: int  # stock × the piece's price
    mark: str  # "sem estoque", "acabando" or ""


@dataclass(frozen=True, slots=True)
class StockPiece:
    name: str
    reference: str
    unit_price_cents: int
    unit_cost_cents: int | None
    lines: tuple[StockLine, ...]


@dataclass(frozen=True)
class StockTotals:
    pieces: int
    variants: int
    units: int  # on the shelf
    defective: int
    cost_cents: int
    price_cents: int
    uncosted_units: int  # units on the shelf of pieces without a cost
    empty: int  # variants sem estoque
    low: int  # variants acabando


def _mark(stock: int, low_stock: int) -> str:
    if stock == 0:
        return "sem estoque"
    return "acabando" if stock <= low_stock else ""


def stock_list(only_low: bool = False) -> tuple[list[StockPiece], StockTotals]:
    """The pieces and lines of the list, and its totals (see the module rules)."""
    pieces: list[StockPiece] = []
    current, lines = None, []
    rows = database.execute_sql(_SQL.format(low=_LOW if only_low else ""))
    for pid, name, ref, price, cost, low_stock, size, colour, stock, defective in rows:
        if current is None or current[0] != pid:
            if current is not None:
                pieces.append(StockPiece(*current[1:], tuple(lines)))
            current, lines = (pid, name, ref, price, cost), []
        grid = " ".join(p for p in (size, colour) if p) or "Único"
        lines.append(StockLine(grid, stock, defective, None if cost is None else stock * cost,
                               stock * price, _mark(stock, low_stock)))
    if current is not None:
        pieces.append(StockPiece(*current[1:], tuple(lines)))
    every = [(p, line) for p in pieces for line in p.lines]
    totals = StockTotals(
        len(pieces), len(every), sum(line.stock for _, line in every),
        sum(line.defective for _, line in every),
        sum(line.cost_cents or 0 for _, line in every),
        sum(line.price_cents for _, line in every),
        sum(line.stock for p, line in every if p.unit_cost_cents is None),
        sum(1 for _, line in every if line.mark == "sem estoque"),
        sum(1 for _, line in every if line.mark == "acabando"))
    return pieces, totals


_HEAD = ("<tr><th align='left' width='34%'>Tamanho e cor</th>"
         "<th align='right' width='11%'>Estoque</th><th align='right' width='11%'>Com defeito"
         "</th><th align='right' width='15%'>Valor de custo</th>"
         "<th align='right' width='15%'>Valor de venda</th><th align='left' width='14%'>"
         "Situação</th></tr>")


def _piece_block(piece: StockPiece) -> str:
    cost = (format_brl(piece.unit_cost_cents) if piece.unit_cost_cents is not None
            else "não informado")
    ref = f" · ref. {esc(piece.reference)}" if piece.reference else ""
    out = ["<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 6px;'>",
           f"<tr><td colspan='6'><b>{esc(piece.name)}</b>{ref} · preço "
           f"{format_brl(piece.unit_price_cents)} · custo {cost}</td></tr>"]
    for line in piece.lines:
        value_at_cost = "—" if line.cost_cents is None else format_brl(line.cost_cents)
        mark = f"<b>{line.mark}</b>" if line.mark else ""
        out.append(f"<tr><td width='34%'>{esc(line.grid)}</td><td width='11%' align='right'>"
                   f"{line.stock}</td><td width='11%' align='right'>{line.defective or ''}</td>"
                   f"<td width='15%' align='right'>{value_at_cost}</td><td width='15%' "
                   f"align='right'>{format_brl(line.price_cents)}</td><td width='14%'>{mark}"
                   "</td></tr>")
    out.append("</table>")
    return "".join(out)


def _totals(t: StockTotals) -> str:
    uncosted = (f" ({plural(t.uncosted_units, 'unidade')} "
                "sem custo informado ficam fora)" if t.uncosted_units else "")
    return (
        "<table width='100%' cellspacing='0' cellpadding='3' style='margin-top: 10px;'>"
        f"<tr><td><b>Total: {plural(t.pieces, 'peça')}, "
        f"{plural(t.variants, 'variação', 'variações')}, "
        f"{plural(t.units, 'unidade')} em estoque</b></td><td></td></tr>"
        f"<tr><td>Valor de custo do estoque{uncosted}</td><td align='right'>"
        f"<b>{format_brl(t.cost_cents)}</b></td></tr>"
        f"<tr><td>Valor de venda do estoque</td><td align='right'><b>"
        f"{format_brl(t.price_cents)}</b></td></tr>"
        f"<tr><td>Separadas com defeito (fora do estoque)</td><td align='right'>{t.defective}"
        f"</td></tr><tr><td>Variações sem estoque · acabando</td><td align='right'>{t.empty} · "
        f"{t.low}</td></tr></table>")


def stock_document(today: date, settings, only_low: bool = False,
                   progress: Progress = NO_PROGRESS) -> Document:
    """The Estoque list on ``today`` (``settings``: Settings) as a Document; ``only_low``
    keeps the variants acabando or sem estoque."""
    progress(0, None, "Lendo o estoque…")
    pieces, totals = stock_list(only_low)
    scope = "só o que está acabando ou sem estoque" if only_low else "todas as peças"
    blocks = [heading(TITLE, f"Situação em {format_date(today)} · {scope}"),
              f"<table width='100%' cellspacing='0' cellpadding='2'>{_HEAD}</table>"]
    for n, piece in enumerate(pieces):
        if n % 500 == 0:
            progress(n, len(pieces), "Montando a lista…")
        blocks.append(_piece_block(piece))
    if not pieces:
        blocks.append("<p>Nenhuma peça acabando ou sem estoque. Tudo abastecido!</p>" if only_low
                      else "<p>Nenhuma peça no catálogo ainda. Cadastre em Peças ou importe "
                           "uma planilha em Importar/Exportar.</p>")
    blocks.append(_totals(totals))
    return Document(TITLE, store_identity(settings), today, tuple(blocks))
