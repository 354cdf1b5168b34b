"""Pieces speed (issue 22) on the harsh demo's catalogue of 5,000 pieces × 10 variants: the
catalogue search per keystroke, the Peças page's read, a sale of 10 catalogue pieces, and
the pieces spreadsheet both ways.

Run: ``python benchmarks/bench_pieces.py [--customers 5000] [--db PATH]``. Each figure is
printed next to a baseline measured in the same run with raw ``sqlite3`` doing the same
reads or writes (the same SQL, without our Python around it), so what our layers cost is
visible. Goals: search < 16 ms a keystroke, the page's read < 100 ms, the sale < 50 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import TODAY, print_table, timed  # noqa: E402

TYPED = ("vestido lirio m", "calca 38 azul", "biquini noronha g", "d00123", "rosa")
OTHER = ("", "m", "38", "gg verde", "zzz")


def build(path: Path, customers: int) -> None:
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo

    open_database(path, today=TODAY)
    summary = generate_demo(customers, TODAY, harsh=True)
    close_database()
    print(f"demo: {summary.customers} clientes, {summary.sales} vendas, {summary.pieces} "
          "peças no catálogo")


def keystrokes() -> list[str]:
    """Every prefix she types, letter by letter, and a few whole queries."""
    return [text[:n] for text in TYPED for n in range(1, len(text) + 1)] + list(OTHER)


def raw_search(conn: sqlite3.Connection, query: str) -> int:
    """The search's own SQL, raw: each word looked up as a size, the first pieces by name,
    their grids (what a keystroke reads when the first pieces are enough)."""
    from app.services.core.text import fold
    from app.services.pieces.catalog import _BATCH

    words = fold(query).split()
    where = " AND ".join(["p.archived = 0"] + ["instr(' ' || p.search_key, ?)"] * len(words))
    params = [f" {w}" for w in words]
    for word in words:
        conn.execute("SELECT 1 FROM piece_variant v JOIN piece p ON p.id = v.piece_id WHERE "
                     f"v.size = ? COLLATE NOCASE AND v.archived = 0 AND {where} LIMIT 1",
                     [word, *params]).fetchone()
    batch = [r[0] for r in conn.execute(
        f"SELECT p.id, p.name, p.reference FROM piece p WHERE {where} ORDER BY p.name, p.id "
        "LIMIT ?", [*params, _BATCH])]
    return len(conn.execute(
        "SELECT id, piece_id, size, colour, stock FROM piece_variant WHERE archived = 0 AND "
        f"piece_id IN ({', '.join('?' * len(batch))})", batch).fetchall())


def cpu_timed(fn, repeat: int) -> float:
    """Median CPU milliseconds of ``repeat`` runs (steadier than the clock on a shared
    machine: time spent waiting for the processor is not counted)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def search_figures(conn: sqlite3.Connection) -> list[tuple]:
    from app.services import catalog

    rows = []
    for label, clock in (("", timed), (" (tempo de CPU)", None)):
        ours, base = {}, {}
        for query in keystrokes():
            run = lambda q=query: catalog.search_variants(q)  # noqa: E731
            raw = lambda q=query: raw_search(conn, q)  # noqa: E731
            ours[query] = clock(run, 7)[0] if clock else cpu_timed(run, 7)
            base[query] = clock(raw, 7)[0] if clock else cpu_timed(raw, 7)
        worst = max(ours, key=ours.get)
        rows += [(f"busca no catálogo por tecla, mediana ({len(ours)} teclas){label}",
                  statistics.median(ours.values()), statistics.median(base.values()),
                  "< 16 ms"),
                 (f"busca no catálogo por tecla, pior caso (“{worst}”){label}", ours[worst],
                  base[worst], "< 16 ms")]
    return rows


def raw_cells(conn: sqlite3.Connection) -> int:
    """Every piece and every cell of its grid (what the Estoque report reads)."""
    rows = conn.execute("SELECT id, name, reference, price_cents, cost_cents, low_stock, "
                        "archived, search_key FROM piece WHERE archived = 0 "
                        "ORDER BY name, id").fetchall()
    cells = conn.execute("SELECT piece_id, id, size, colour, stock, defective FROM "
                         "piece_variant WHERE archived = 0 ORDER BY id").fetchall()
    return len(rows) + len(cells)


def raw_page(conn: sqlite3.Connection) -> int:
    """The page's grouped query (each piece with its totals), raw."""
    from app.services.pieces.piece_list import _ROWS_SQL

    return len(conn.execute(_ROWS_SQL.format(where="WHERE p.archived = 0")).fetchall())


def page_figures(conn: sqlite3.Connection) -> list[tuple]:
    """The Peças page lists every piece with its totals (``piece_list.list_pieces``, the
    grids only of the rows on the screen); the Estoque report reads every cell."""
    from app.services.pieces.piece_list import list_pieces
    from app.services.reports.stock_report import stock_list

    return [("página Peças: cada peça com os totais (piece_list.list_pieces)",
             timed(list_pieces, 5)[0], timed(lambda: raw_page(conn), 5)[0], "< 100 ms"),
            ("relatório Estoque: uma linha por variação (stock_list)",
             timed(stock_list, 5)[0], timed(lambda: raw_cells(conn), 5)[0], "—")]


def on_shelf(conn: sqlite3.Connection, n: int, skip: int) -> list[tuple[int, int, str]]:
    return conn.execute(
        "SELECT v.id, p.price_cents, p.name FROM piece_variant v JOIN piece p "
        "ON p.id = v.piece_id WHERE v.stock > 1 AND p.archived = 0 ORDER BY v.id "
        "LIMIT ? OFFSET ?", (n, skip)).fetchall()


def raw_sale(conn: sqlite3.Connection, customer: int, variants, day: date) -> None:
    """The same rows a sale of 10 catalogue pieces in 3 installments writes, raw."""
    with conn:
        sale = conn.execute(
            "INSERT INTO sale (customer_id, sale_date, total_cents, down_payment_cents, "
            "interval, notes, created_at, discount_cents) VALUES (?, ?, ?, 0, 'monthly', '', "
            "datetime('now'), 0)", (customer, day.isoformat(),
                                    sum(p for _, p, _ in variants))).lastrowid
        for vid, price, name in variants:
            item = conn.execute(
                "INSERT INTO sale_item (sale_id, description, variant, quantity, "
                "unit_price_cents, piece_variant_id, on_order) VALUES (?, ?, '', 1, ?, ?, 0)",
                (sale, name, price, vid)).lastrowid
            conn.execute("UPDATE piece_variant SET stock = stock - 1 WHERE id = ?", (vid,))
            conn.execute(
                "INSERT INTO stock_move (variant_id, move_date, kind, quantity, count_after, "
                "sale_item_id, note, created_at) VALUES (?, ?, 'sale', -1, (SELECT stock FROM "
                "piece_variant WHERE id = ?), ?, '', datetime('now'))",
                (vid, day.isoformat(), vid, item))
        for n in range(3):
            conn.execute(
                "INSERT INTO installment (sale_id, customer_id, number, count, due_date, "
                "amount_cents, paid_cents, renegotiated) VALUES (?, ?, ?, 3, ?, 1000, 0, 0)",
                (sale, customer, n + 1, (day + timedelta(days=30 * (n + 1))).isoformat()))


def sale_figures(conn: sqlite3.Connection) -> list[tuple]:
    """A sale of 10 catalogue pieces (one of each of 10 variants) to the customer with the
    longest history, in 3 monthly installments: validation, stock and its history, the
    installments and her money re-applied — one transaction."""
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale

    customer = conn.execute("SELECT customer_id FROM installment GROUP BY customer_id "
                            "ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    runs = iter(range(1, 100))

    def ours():
        variants = on_shelf(conn, 10, 10 * next(runs))
        items = [ItemInput(name, 1, price, piece_variant_id=vid) for vid, price, name in variants]
        create_sale(customer, TODAY, items, TODAY, plan=PlanInput(3, TODAY + timedelta(30)),
                    override_credit=True)

    ms = timed(ours, 7)[0]
    base = timed(lambda: raw_sale(conn, customer, on_shelf(conn, 10, 900 + 10 * next(runs)),
                                  TODAY), 7)[0]
    return [("venda com 10 peças do catálogo, gravada (cliente com mais histórico)", ms, base,
             "< 50 ms")]


def sheet_figures(folder: Path) -> list[tuple]:
    """Exportar peças (50,000 rows) and its preview when imported again (nothing new)."""
    from app.services.spreadsheets.exporter import ExportKind, export_xlsx
    from app.services.spreadsheets.import_pieces import preview_piece_import
    from app.services.spreadsheets.piece_sheet import guess_piece_mapping, piece_header_score
    from app.services.spreadsheets.spreadsheet_read import read_table

    target = folder / "pecas.xlsx"
    export_ms = timed(lambda: export_xlsx(ExportKind.PIECES, target, TODAY))[0]

    def again():
        table = read_table(target, score=piece_header_score)
        return preview_piece_import(table, guess_piece_mapping(table.headers), TODAY)

    preview_ms, preview = timed(again)
    assert preview.report.skipped == preview.report.rows, "the export must import as is"
    return [(f"exportar peças ({preview.report.rows:,} variações)".replace(",", "."),
             export_ms, None, "—"),
            ("importar a exportação de novo: prévia (nada novo)", preview_ms, None, "—")]


def measure(path: Path) -> list[tuple]:
    from app.models.db import close_database, open_database

    open_database(path, today=TODAY)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        rows = search_figures(conn) + page_figures(conn) + sale_figures(conn)
        rows += sheet_figures(path.parent)
    finally:
        conn.close()
        close_database()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--db", type=Path, help="a copy of this file is measured")
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "pecas.sqlite3"
    start = time.perf_counter()
    if args.db:
        path.write_bytes(args.db.read_bytes())
    else:
        build(path, args.customers)
    print(f"preparado em {(time.perf_counter() - start):.1f} s")
    print_table(measure(path))


if __name__ == "__main__":
    main()
