"""Condicional speed (issue 23): 500 open malinhas on a 5,000-customer demo.

Run: ``python benchmarks/bench_conditional.py [--customers 5000] [--open 500] [--db PATH]``.
A catalogue (60 pieces × 6 variants) and the malinhas are added to a copy of the demo: 500
open ones (a third late, some due today) among 1,500 already settled, with their acertos. Each
figure is printed beside a baseline measured in the same run with raw ``sqlite3`` doing the
same reads:

- the Condicionais page's read (``conditionals_page``: the list, every malinha's lines and
  acertos, the totals) and the page itself on screen, from ``show()`` to the rows painted
  (read on a worker);
- Cobranças de hoje without any malinha, then with them (the malinha query joined to the
  entries in Python), and that query alone.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import TODAY, prepare_demo, print_table, timed  # noqa: E402

REPEAT = 7


def add_malinhas(open_count: int, seed: int = 5) -> None:
    """The catalogue and the malinhas, through the services (as she would make them)."""
    from app.models.db import database
    from app.services import catalog, conditional
    from app.services.pieces.catalog import PieceInput, VariantInput

    rng = random.Random(seed)
    variants = []
    for n in range(60):
        piece = catalog.save_piece(PieceInput(f"Peça {n:02d}", rng.randint(3_000, 30_000),
                                              variants=tuple(VariantInput(size, colour, 400)
                                                             for size in ("P", "M", "G")
                                                             for colour in ("rosa", "azul"))),
                                   TODAY - timedelta(days=120))
        variants += [v.id for v in catalog.variants_of(piece)]
    customers = [r[0] for r in database.execute_sql("SELECT id FROM customer").fetchall()]
    for n in range(open_count * 4):
        sent = TODAY - timedelta(days=rng.randint(0, 90) if n >= open_count else
                                 rng.randint(0, 6))
        k = conditional.send(rng.choice(customers),
                             [(v, rng.randint(1, 2)) for v in rng.sample(variants, 3)], sent,
                             return_by=sent + timedelta(days=rng.randint(0, 4)))
        if n >= open_count:  # settled: she kept some, the rest came back
            line = conditional.conditional_lines(k)[0]
            conditional.settle(k, {line.variant_id: 1}, sent + timedelta(days=1))
    print(f"malinhas: {open_count} abertas entre {open_count * 4}")


def raw_page(conn: sqlite3.Connection) -> int:
    """What the page reads, in plain sqlite3: the open list, lines, acertos, totals."""
    from app.services.conditional.conditional_list import _LIST_SQL

    rows = conn.execute(_LIST_SQL.format(where="k.closed_on IS NULL", index="INDEXED BY "
                                         "conditional_open", order="k.return_by, c.name, k.id",
                                         limit=-1)).fetchall()
    ids = ",".join(str(r[0]) for r in rows)
    conn.execute(f"SELECT * FROM conditional_item WHERE conditional_id IN ({ids})").fetchall()
    conn.execute("SELECT s.*, SUM(x.returned), SUM(x.kept) FROM conditional_settlement s LEFT "
                 "JOIN conditional_settlement_item x ON x.settlement_id = s.id WHERE "
                 f"s.conditional_id IN ({ids}) GROUP BY s.id").fetchall()
    conn.execute("SELECT COUNT(*), SUM(quantity - returned - kept) FROM conditional k JOIN "
                 "conditional_item i ON i.conditional_id = k.id WHERE k.closed_on IS NULL"
                 ).fetchall()
    return len(rows)


def raw_malinhas(conn: sqlite3.Connection) -> int:
    from app.services.conditional.malinha_reminders import _DUE_SQL, _LINES_SQL

    rows = conn.execute(_DUE_SQL, {"today": TODAY.isoformat()}).fetchall()
    ids = [r[0] for r in rows]
    conn.execute(_LINES_SQL.format(ids=",".join("?" * len(ids))), ids).fetchall()
    return len(rows)


def page_on_screen(repeat: int) -> float:
    """Median ms from ``show()`` of a new Condicionais page to its rows painted (the GUI
    thread waits for events, so the worker reading the list has the interpreter)."""
    from PySide6.QtCore import QEventLoop

    from app.ui.conditional.conditionals_page import ConditionalsPage
    from app.ui.kit import ops
    from app.ui.kit.style import apply_style
    from app.ui.shell.app import application

    app = application()  # as the program makes it: locale, and Python's collector on the
    # GUI thread only (shell.gc_guard), not stopping a worker's read at random
    apply_style(app)
    times = []
    for _ in range(repeat + 1):  # the first one pays Qt's first paint: not counted
        page = ConditionalsPage(lambda: TODAY)
        page.resize(893, 520)
        app.processEvents()
        start = time.perf_counter()
        page.show()
        while not ops.idle() or not page.model.rowCount():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        page.repaint()
        times.append((time.perf_counter() - start) * 1000)
        page.deleteLater()
        app.processEvents()
    return statistics.median(times[1:])


def worklist_with_and_without(fees) -> tuple[float, float, object, object]:
    """Cobranças de hoje on the same file, with the malinhas joined and without (the join
    switched off), run alternately so a busy machine weighs on both alike."""
    import app.services.collection.worklist as reminders  # where the join is called from
    from app.services.collection.worklist import todays_worklist

    joined = reminders.with_malinhas

    def without():
        reminders.with_malinhas = lambda entries, *args: entries
        try:
            return todays_worklist(TODAY, fees, now_hour=10)
        finally:
            reminders.with_malinhas = joined

    todays_worklist(TODAY, fees, now_hour=10)  # warm the cache
    plain, both = [], []
    for _ in range(REPEAT):
        plain.append(timed(without))
        both.append(timed(lambda: todays_worklist(TODAY, fees, now_hour=10)))
    return (statistics.median(t for t, _ in plain), statistics.median(t for t, _ in both),
            plain[-1][1], both[-1][1])


def measure(path: Path, open_count: int) -> list[tuple]:
    from app.models.db import PRAGMAS, open_database
    from app.services.conditional.conditional_list import conditionals_page
    from app.services.conditional.malinha_reminders import malinhas_due
    from app.services.configuration.settings import Settings

    open_database(path, today=TODAY)
    add_malinhas(open_count)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA cache_size = {PRAGMAS['cache_size']}")
    fees = Settings(late_fee_bp=200, late_interest_bp=100)
    rows = []
    plain, both, before, after = worklist_with_and_without(fees)
    rows.append((f"Cobranças de hoje sem juntar as malinhas ({len(before.entries)} clientes)",
                 plain, None, "a referência"))
    rows.append((f"Cobranças de hoje com {open_count} malinhas abertas "
                 f"({len(after.entries)} clientes)", both, None, "+ poucos ms"))
    base, _ = timed(lambda: raw_malinhas(conn), REPEAT)
    ms, due = timed(lambda: malinhas_due(TODAY), REPEAT)
    rows.append((f"  só as malinhas a lembrar ({len(due)} clientes)", ms, base, ""))
    base, count = timed(lambda: raw_page(conn), REPEAT)
    ms, page = timed(lambda: conditionals_page(TODAY), REPEAT)
    assert count == len(page.rows)
    rows.append((f"Condicionais: leitura da página ({len(page.rows)} malinhas)", ms, base,
                 "< 100 ms"))
    rows.append(("Condicionais: página na tela, do show() às linhas desenhadas",
                 page_on_screen(REPEAT), None, "< 100 ms"))
    conn.close()
    return rows


def main() -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--open", type=int, default=500)
    parser.add_argument("--db", type=Path, help="demo database to copy (left untouched)")
    args = parser.parse_args()
    path = prepare_demo(args.db, args.customers, harsh=True)
    try:
        print_table(measure(path, args.open))
    finally:
        from app.models.db import close_database

        close_database()
        shutil.rmtree(path.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
