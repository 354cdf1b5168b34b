"""The screens of Peças on a big catalogue: the Peças page, a search keystroke there, and a
keystroke in Nova venda's "Peça" (the piece picker), on 5,000 pieces × 10 variants.

Run: ``python benchmarks/bench_pieces_screens.py [--pieces 5000]``.
Each figure is printed next to a baseline measured in the same run with raw ``sqlite3``
doing the same reads (the page: its grouped query and the grids of one screenful; Nova
venda's catalogue: every piece and cell; a keystroke: the LIKE over the search keys).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import print_table, timed  # noqa: E402

TODAY = date(2026, 11, 23)
SIZES = ("PP", "P", "M", "G", "GG")
COLOURS = ("rosa", "preto")
NAMES = ("Vestido", "Blusa", "Saia", "Calça", "Biquíni", "Macacão", "Camisa", "Short")
FLOWERS = ("Lírio", "Rosa", "Dália", "Íris", "Flor", "Jasmim", "Violeta", "Hortênsia")


def build(path: Path, pieces: int) -> None:
    """A catalogue written the way the service writes it (search key, opening movement)."""
    from app.models.db import close_database, open_database
    from app.services.core.text import fold

    open_database(path, today=TODAY)
    close_database()
    conn = sqlite3.connect(path)
    with conn:
        for n in range(pieces):
            name = f"{NAMES[n % len(NAMES)]} {FLOWERS[n // len(NAMES) % len(FLOWERS)]} {n}"
            grid = [(s, c) for c in COLOURS for s in SIZES]
            key = fold(f"{name} REF-{n} " + " ".join(f"{s} {c}" for s, c in grid))
            pid = conn.execute(
                "INSERT INTO piece (name, search_key, reference, price_cents, low_stock, "
                "archived, notes, created_at) VALUES (?, ?, ?, ?, 1, 0, '', ?)",
                (name, key, f"REF-{n}", 5_000 + n, f"{TODAY} 09:00:00")).lastrowid
            for v, (size, colour) in enumerate(grid):
                stock = (n + v) % 4
                vid = conn.execute(
                    "INSERT INTO piece_variant (piece_id, size, colour, stock, defective, "
                    "archived) VALUES (?, ?, ?, ?, 0, 0)", (pid, size, colour, stock)).lastrowid
                if stock:
                    conn.execute(
                        "INSERT INTO stock_move (variant_id, move_date, kind, quantity, "
                        "count_after, note, created_at) VALUES (?, ?, 'opening', ?, ?, '', ?)",
                        (vid, TODAY.isoformat(), stock, stock, f"{TODAY} 09:00:00"))
    conn.close()


def measure(path: Path) -> list[tuple]:
    from PySide6.QtWidgets import QLineEdit

    from app.models.db import open_database
    from app.services.pieces.piece_list import (
        _CELLS_SQL,
        _ROWS_SQL,
        list_grids,
        list_pieces,
        piece_grids,
    )
    from app.services.pieces.piece_search import CatalogueSearch
    from app.ui.kit import ops
    from app.ui.pieces.piece_picker import PiecePicker
    from app.ui.pieces.pieces_page import PiecesPage, first_shown
    from app.ui.shell.app import application

    app = application()  # as the program makes it: locale, and Python's collector on the
    # GUI thread only (shell.gc_guard), not stopping a worker's read at random
    open_database(path, today=TODAY)
    raw = sqlite3.connect(path)
    rows = []
    page = PiecesPage(lambda: TODAY)
    page.resize(880, 520)
    page.show()
    while not ops.idle():
        app.processEvents()
    screenful = page._fitting()

    def raw_page():
        rows = raw.execute(_ROWS_SQL.format(where="WHERE p.archived = 0")).fetchall()
        ids = [r[0] for r in rows[:screenful]]
        marks = ", ".join("?" * len(ids))
        raw.execute(f"SELECT id, name, reference, price_cents, low_stock, archived, "
                    f"search_key FROM piece WHERE id IN ({marks})", ids).fetchall()
        return rows, raw.execute(f"{_CELLS_SQL} AND piece_id IN ({marks}) ORDER BY id",
                                 ids).fetchall()

    def page_read():  # what the page's worker does
        rows = list_pieces()
        return rows, piece_grids(r.id for r in first_shown(rows, (0, False), None,
                                                           screenful))

    base, _ = timed(raw_page, repeat=5)
    service, (loaded, grids) = timed(page_read, repeat=5)
    rows.append(("Peças: ler a lista (totais + grade das linhas na tela; worker)", service,
                 base, "< 100 ms"))
    shown, _ = timed(lambda: (page.model.set_rows(loaded, grids), app.processEvents()),
                     repeat=5)
    rows.append(("Peças: mostrar a lista (modelo e pintura)", shown, None, ""))
    bar = page.table.verticalScrollBar()
    scrolled, _ = timed(lambda: (bar.setValue(bar.value() + bar.pageStep()),
                                 _settle(app, ops)), repeat=5)
    rows.append(("Peças: rolar uma tela (ler e pintar as grades novas)", scrolled, None, ""))
    base_all, _ = timed(lambda: (raw.execute(f"{_CELLS_SQL} ORDER BY id").fetchall(),
                                 raw.execute("SELECT id, name, reference, price_cents, "
                                             "low_stock, archived, search_key FROM piece "
                                             "WHERE archived = 0 ORDER BY name, id"
                                             ).fetchall()), repeat=3)
    catalogue_ms, every = timed(list_grids, repeat=3)
    rows.append(("Nova venda: carregar o catálogo inteiro (uma vez, num worker)",
                 catalogue_ms, base_all, "—"))
    keys = [" " + k for (k,) in raw.execute("SELECT search_key FROM piece WHERE archived = 0")]
    typed = ["v", "ve", "ves", "vest", "vestido", "vestido l", "vestido li", "vestido lir"]
    page_ms = max(timed(lambda t=t: (page.search.setText(t), app.processEvents()), 3)[0]
                  for t in typed)
    raw_ms = max(timed(lambda t=t: [k for k in keys if f" {t}" in k], 3)[0] for t in typed)
    rows.append(("Peças: busca por tecla (pior caso)", page_ms, raw_ms, "< 16 ms"))
    catalogue = CatalogueSearch(every)
    typed = ["l", "li", "lir", "liri", "lirio", "lirio m", "lirio m r", "lirio m rosa", "gg",
             "ref-4999", "xyz"]
    memory_ms = max(timed(lambda t=t: catalogue.search(t, 30), 3)[0] for t in typed)
    like = ("SELECT v.id FROM piece_variant v JOIN piece p ON p.id = v.piece_id WHERE "
            "p.archived = 0 AND v.archived = 0 AND p.search_key LIKE ? LIMIT 240")
    like_ms = max(timed(lambda t=t: raw.execute(like, (f"%{t.split()[0]}%",)).fetchall(), 3)[0]
                  for t in typed)
    rows.append(("Nova venda: busca da peça por tecla (pior caso)", memory_ms, like_ms,
                 "< 16 ms"))
    holder = QLineEdit()
    holder.resize(600, 30)
    holder.show()
    picker = PiecePicker(holder)
    picker.catalogue = catalogue
    list_ms = max(timed(lambda t=t: (holder.setText(t), picker._on_edited(t),
                                     app.processEvents()), 3)[0] for t in typed)
    rows.append(("Nova venda: tecla com a lista desenhada (pior caso)", list_ms, like_ms,
                 "< 16 ms"))
    raw.close()
    return rows


def _settle(app, ops) -> None:
    """Wait for the grids read after a scroll (the page's worker) to be painted."""
    while not ops.idle():
        app.processEvents()
    app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=5_000)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "pieces.sqlite3"
    build(path, args.pieces)
    print(f"catálogo: {args.pieces} peças × {len(SIZES) * len(COLOURS)} variações")
    print_table(measure(path))


if __name__ == "__main__":
    main()
