"""How long the window is blocked: the longest gap of a 5 ms timer on the GUI thread while
she switches pages and after a save, on the harsh demo of 5,000 and 20,000 customers.

Run: ``python benchmarks/bench_gui_block.py [--sizes 5000 20000] [--repeat 3]``.
A ``QTimer`` set to 5 ms ticks on the GUI thread from before the click until every read it
started was painted (``ops.idle``) and 30 ms after; the longest time between two ticks is the
longest the window could not answer her (the goal: under 80 ms). Each click is delivered by
the event loop, as a real one, and the longest of ``--repeat`` runs is printed (a page's
first visit is measured once: it builds the page, after start-up loaded its code, as
``run_gui`` does with ``prepare_pages``). Beside each
figure, the baseline measured in the same run: the page's own read done with raw ``sqlite3``
(what the window would freeze, at least, if the read still ran on the GUI thread; the
reads themselves are measured in ``bench_collection.py`` and ``bench_foundation.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_collection  # noqa: E402
import bench_foundation  # noqa: E402
from common import TODAY, prepare_demo, timed  # noqa: E402

GOAL = "< 80 ms"
TAIL_S = 0.03  # ticks watched after the last read was painted


class GapWatch:
    """A 5 ms precise timer on the GUI thread, and the longest gap between its ticks."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def around(self, action) -> float:
        """Milliseconds of the longest gap from just before ``action`` (run by the event
        loop) until every operation it started ended, and ``TAIL_S`` more."""
        from PySide6.QtCore import QEventLoop, QTimer

        from app.ui.kit import ops

        self.ticks.clear()
        self.timer.start()
        loop, state = QEventLoop(), {"acted": False, "idle_at": None}

        def act():
            action()
            state["acted"] = True

        def check():
            if not state["acted"]:
                return
            if not ops.idle():
                state["idle_at"] = None
            elif state["idle_at"] is None:
                state["idle_at"] = time.perf_counter()
            elif time.perf_counter() - state["idle_at"] >= TAIL_S:
                loop.quit()

        watcher = QTimer()
        watcher.timeout.connect(check)
        watcher.start(2)
        QTimer.singleShot(20, act)  # a few ticks first, then the click
        loop.exec()
        watcher.stop()
        self.timer.stop()
        gaps = [b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False)]
        return max(gaps) * 1000 if gaps else float("nan")


def _worst(watch: GapWatch, action, repeat: int) -> float:
    return max(watch.around(action) for _ in range(repeat))


def measure(path: Path, repeat: int = 3) -> list[tuple]:
    """Every page switch and three saves on the demo at ``path``; the table rows."""
    from PySide6.QtWidgets import QApplication

    from app.models.db import PRAGMAS, open_database
    from app.ui.kit.style import apply_style
    from app.ui.shell.main_window import MainWindow
    from app.ui.shell.pages import PAGES

    app = QApplication.instance() or QApplication([])
    apply_style(app)
    open_database(path, today=TODAY)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA cache_size = {PRAGMAS['cache_size']}")
    raw = {"clientes": lambda: bench_foundation.raw_list(conn),
           "cobrancas": lambda: bench_collection.raw_worklist(conn),
           "atraso": lambda: bench_collection.raw_overdue(conn),
           "painel": lambda: bench_foundation.raw_list(conn)}
    window = MainWindow(today_fn=lambda: TODAY)
    window.resize(1280, 720)
    window.show()
    watch = GapWatch()
    watch.around(window.prepare_pages)  # as at start-up: the Painel's reads, the pages' code
    rows = []
    for page in PAGES[1:]:  # first visit: the page is built, then reads
        base = timed(raw[page.code], 3)[0] if page.code in raw else None
        ms = watch.around(lambda c=page.code: window.show_page(c))
        rows.append((f"abrir {page.title} pela primeira vez", ms, base, GOAL))
    switches = []
    for _ in range(repeat):  # back and forth between pages already built
        for page in PAGES:
            switches.append(watch.around(lambda c=page.code: window.show_page(c)))
    rows.append(("trocar de página (já aberta), pior caso", max(switches),
                 timed(raw["cobrancas"], 3)[0], GOAL))
    rows += _saves(window, watch, raw, repeat)
    conn.close()
    return rows


def _saves(window, watch: GapWatch, raw, repeat: int) -> list[tuple]:
    """"Pular" on Cobranças de hoje, a payment saved from Receber pagamento with Em atraso
    in view, a customer blocked on her page with Clientes behind it."""
    from app.services.people.customers import list_customers
    from app.ui.receivables.payment_dialog import PaymentDialog

    rows = []
    window.show_page("cobrancas")
    watch.around(lambda: None)
    skips = [watch.around(window.worklist.skip) for _ in range(repeat)]
    rows.append(("Pular em Cobranças de hoje (salva e a lista se refaz)", max(skips),
                 timed(raw["cobrancas"], 3)[0], GOAL))
    window.show_page("atraso")
    watch.around(lambda: None)
    owing = [r.id for r in list_customers(TODAY) if r.overdue_cents > 0][:repeat]
    payments = []
    for cid in owing:
        dialog = PaymentDialog(cid, TODAY, window)
        dialog.amount.setText("10,00")
        payments.append(watch.around(dialog.save))
        dialog.close()
    rows.append(("salvar um pagamento com Em atraso na tela", max(payments),
                 timed(raw["atraso"], 3)[0], GOAL))
    blocks = []
    for cid in owing:
        window.open_customer(cid)
        watch.around(lambda: None)
        blocks.append(watch.around(window.customer_page._toggle_block))
    rows.append(("bloquear fiado na página da cliente", max(blocks),
                 timed(raw["clientes"], 3)[0], GOAL))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    table: dict[str, dict[int, tuple]] = {}
    for size in args.sizes:
        path = prepare_demo(None, size, harsh=True)
        try:
            for label, ms, base, goal in measure(path, args.repeat):
                table.setdefault(label, {})[size] = (ms, base, goal)
        finally:
            from app.models.db import close_database

            close_database()
            shutil.rmtree(path.parent, ignore_errors=True)
    head = " | ".join(f"{s:,} (ms) | sqlite3 | razão".replace(",", ".") for s in args.sizes)
    print(f"\n| maior bloqueio da janela | {head} | meta |")
    print("|---|" + "---:|---:|---:|" * len(args.sizes) + "---|")
    for label, by_size in table.items():
        cells, goal = [], ""
        for size in args.sizes:
            ms, base, goal = by_size.get(size, (None, None, goal))
            cells += [f"{ms:.1f}" if ms is not None else "—", f"{base:.1f}" if base else "—",
                      f"{ms / base:.1f}×" if base and ms is not None else "—"]
        print(f"| {label} | {' | '.join(cells)} | {goal} |")


if __name__ == "__main__":
    main()
