"""Foundation speed: window start, search per keystroke, customer page, on 5,000 customers.

Run: ``python benchmarks/bench_foundation.py [--customers 5000] [--db PATH]``.
Each figure is printed next to a baseline measured in the same run with raw ``sqlite3``
doing the same reads, so the cost of our layers (Peewee, dataclasses, Qt models) is visible.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import print_table, timed  # noqa: E402

TODAY = date(2026, 11, 23)


def build(path: Path, customers: int) -> float:
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo

    start = time.perf_counter()
    open_database(path, today=TODAY)
    summary = generate_demo(customers, TODAY, harsh=True)
    close_database()
    print(f"demo: {summary.customers} clientes, {summary.sales} vendas, "
          f"{summary.installments} parcelas, {summary.payments} pagamentos")
    return (time.perf_counter() - start) * 1000


def raw_list(conn: sqlite3.Connection) -> list:
    from app.services.customers import _LIST_SQL
    from app.services.sql import OPEN

    return conn.execute(_LIST_SQL.format(where="WHERE c.archived = 0", open=OPEN),
                        {"today": TODAY.isoformat()}).fetchall()


def raw_customer(conn: sqlite3.Connection, cid: int) -> int:
    n = 0
    for sql in ("SELECT * FROM customer WHERE id = ?",
                "SELECT * FROM installment WHERE customer_id = ? ORDER BY due_date",
                "SELECT * FROM sale WHERE customer_id = ?",
                "SELECT i.* FROM sale_item i JOIN sale s ON s.id = i.sale_id "
                "WHERE s.customer_id = ?",
                "SELECT * FROM payment WHERE customer_id = ?",
                "SELECT a.* FROM allocation a JOIN payment p ON p.id = a.payment_id "
                "WHERE p.customer_id = ?"):
        n += len(conn.execute(sql, (cid,)).fetchall())
    return n


def fullest_customers(conn: sqlite3.Connection, n: int = 3) -> list[int]:
    """The customers with the most installments and the most payments: the page's real
    worst case (random picks rarely land on them)."""
    ids = []
    for table in ("installment", "payment"):
        ids += [r[0] for r in conn.execute(
            f"SELECT customer_id FROM {table} GROUP BY customer_id ORDER BY COUNT(*) DESC "
            "LIMIT ?", (n,))]
    return list(dict.fromkeys(ids))


COLD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
from datetime import date
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.models.db import open_database
from app.ui.main_window import MainWindow
open_database({path!r})
w = MainWindow(today_fn=lambda: date(2026, 11, 23))
w.show()
app.processEvents()
"""


def cold_start(path: Path) -> tuple:
    """A new process until the window is drawn, against a process that only reads the list."""
    import subprocess

    root = str(Path(__file__).resolve().parent.parent)
    code = COLD.format(root=root, path=str(path))
    base_code = (f"import sqlite3; c = sqlite3.connect({str(path)!r}); "
                 "c.execute('SELECT * FROM customer').fetchall()")
    ms, _ = timed(lambda: subprocess.run([sys.executable, "-c", code], check=True,
                                         capture_output=True), 3)
    base, _ = timed(lambda: subprocess.run([sys.executable, "-c", base_code], check=True), 3)
    return ("partida a frio: processo novo até a janela", ms, base, "< 1000 ms")


def measure(path: Path, customers: int) -> list[tuple]:
    """Window start, search per keystroke and customer page on the demo at ``path``."""
    rows = []
    conn = sqlite3.connect(path)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.models.db import open_database
    from app.ui.main_window import MainWindow
    from app.ui.style import apply_style

    apply_style(app)  # the look the reseller gets (run_gui does the same): its stylesheet
    # makes every widget paint through Qt's stylesheet style, which costs more per frame

    def start_window():
        open_database(path, today=TODAY)
        window = MainWindow(today_fn=lambda: TODAY)
        window.resize(1280, 720)
        window.show()
        window.show_page("Clientes")
        app.processEvents()
        return window

    rows.append(cold_start(path))
    base, _ = timed(lambda: raw_list(conn), 5)
    ms, window = timed(start_window)
    rows.append(("abrir a janela (até a lista de clientes)", ms, base, "< 1000 ms"))
    from app.services.customers import list_customers

    ms, _ = timed(lambda: list_customers(TODAY), 5)
    rows.append(("lista de clientes com saldos (serviço)", ms, base, ""))
    from app.ui import ops

    while not ops.idle():  # the Painel's figures load on workers right after the window opens
        app.processEvents()
        time.sleep(0.005)
    page = window.customers
    keystrokes = ["m", "ma", "mar", "mari", "maria", "maria s", "maria so"]
    raw_names = [(r[0], r[2]) for r in raw_list(conn)]
    per_key = []
    for text in keystrokes * 3:
        ms, _ = timed(lambda t=text: (page.search.setText(t), app.processEvents()))
        per_key.append(ms)
    base_key = statistics.median(
        timed(lambda t=t: [i for i, k in raw_names if t in k])[0] for t in keystrokes)
    rows.append(("busca por tecla (pior caso)", max(per_key), base_key, "< 16 ms"))
    rng = random.Random(1)
    ids = [rng.randint(1, customers) for _ in range(15)] + fullest_customers(conn)
    page_ms = [timed(lambda c=c: (window.open_customer(c), app.processEvents()))[0] for c in ids]
    base_page = statistics.median(timed(lambda c=c: raw_customer(conn, c))[0] for c in ids)
    rows.append(("abrir página da cliente (pior caso)", max(page_ms), base_page, "< 150 ms"))
    window.close()
    conn.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite3"
    rows = []
    if not path.exists():
        rows.append((f"gerar demo ({args.customers} clientes)", build(path, args.customers),
                     None, "—"))
    print_table(rows + measure(path, args.customers))


if __name__ == "__main__":
    main()
