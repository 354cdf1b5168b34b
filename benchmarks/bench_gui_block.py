"""How long the window is blocked: the longest gap of a 5 ms timer on the GUI thread while
she switches pages, opens a dialog and after a save, on the harsh demo of 5,000 and 20,000
customers.

Run: ``python benchmarks/bench_gui_block.py [--sizes 5000 20000] [--repeat 3]``; with
``--db a.sqlite3 b.sqlite3`` (one harsh demo already built per size, in the same order) each
run works on a copy of it instead of building the demo again.
A second table gives each page end to end: from the click (the first visit) or from a new
read (``refresh``, as after a save elsewhere) until every read it started was painted.
A ``QTimer`` set to 5 ms ticks on the GUI thread from before the click until every read it
started was painted (``ops.idle``) and 30 ms after; the longest time between two ticks is the
longest the window could not answer her (the goal: under 80 ms). Beside it, the CPU time the
GUI thread itself spent in its longest stretch between two ticks: on a quiet machine the two
are equal; on a busy one the gap grows with the load and the CPU time does not, so it tells
our own cost apart from the machine's. Each click is delivered by the event loop, as a real
one; a page's first visit (it builds the page, after start-up loaded its code, as ``run_gui``
does with ``prepare_pages``) is measured once, the rest are the worst of ``--repeat``. The
baseline, measured in the same run: the page's own read done with raw ``sqlite3`` — what the
window would freeze, at least, if the read still ran on the GUI thread.
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
LATENCY: dict[str, list[float]] = {}  # measure → ms from the click to the page painted
TAIL_S = 0.03  # ticks watched after the last read was painted


class GapWatch:
    """A 5 ms precise timer on the GUI thread: the longest gap between its ticks, and the
    GUI thread's own CPU time in its longest stretch between two ticks."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[tuple[float, float]] = []
        self.latency = float("nan")  # ms from the action to every read it started painted
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(
            lambda: self.ticks.append((time.perf_counter(), time.thread_time())))

    def around(self, action) -> tuple[float, float]:
        """(longest gap, longest GUI-thread CPU stretch) in ms, from just before ``action``
        (run by the event loop) until every operation it started ended, and ``TAIL_S``."""
        from PySide6.QtCore import QEventLoop, QTimer

        from app.ui.kit import ops

        self.ticks.clear()
        self.timer.start()
        loop, state = QEventLoop(), {"acted": False, "idle_at": None}

        def act():
            state["start"] = time.perf_counter()
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
        self.latency = (state["idle_at"] - state["start"]) * 1000
        pairs = list(zip(self.ticks, self.ticks[1:], strict=False))
        wall = max((b[0] - a[0] for a, b in pairs), default=float("nan"))
        cpu = max((b[1] - a[1] for a, b in pairs), default=float("nan"))
        return wall * 1000, cpu * 1000

    def worst(self, action, repeat: int) -> tuple[float, float]:
        runs = [self.around(action) for _ in range(repeat)]
        return max(w for w, _ in runs), max(c for _, c in runs)


def measure(path: Path, repeat: int = 3) -> list[tuple]:
    """Every page's first visit, page switches and three saves on the demo at ``path``;
    rows of (measure, block ms, GUI CPU ms, raw sqlite3 ms or None)."""

    from app.models.db import PRAGMAS, open_database
    from app.ui.kit.style import apply_style
    from app.ui.shell.app import application
    from app.ui.shell.main_window import MainWindow
    from app.ui.shell.pages import PAGES

    app = application()  # as the program makes it: locale, and Python's collector on the
    # GUI thread only (shell.gc_guard), not stopping a worker's read at random
    apply_style(app)
    open_database(path, today=TODAY)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA cache_size = {PRAGMAS['cache_size']}")
    raw = {"clientes": lambda: bench_foundation.raw_list(conn),
           "cobrancas": lambda: bench_collection.raw_worklist(conn),
           "atraso": lambda: bench_collection.raw_overdue(conn)}
    base = {code: timed(read, 3)[0] for code, read in raw.items()}
    window = MainWindow(today_fn=lambda: TODAY)
    window.resize(1280, 720)
    window.show()
    watch = GapWatch()
    watch.around(window.prepare_pages)  # as at start-up: the Painel's reads, the pages' code
    rows = []
    for page in PAGES[1:]:
        wall, cpu = watch.around(lambda c=page.code: window.show_page(c))
        rows.append((f"abrir {page.title} pela primeira vez", wall, cpu, base.get(page.code)))
        LATENCY.setdefault(f"{page.title}: primeira visita", []).append(watch.latency)
    for page in PAGES[1:]:  # read again, as after a save elsewhere (worst of ``repeat``)
        widget = window.customers if page.code == "clientes" else window.page(page.code)
        if hasattr(widget, "refresh"):
            window.show_page(page.code)
            for _ in range(repeat):
                watch.around(widget.refresh)
                LATENCY.setdefault(f"{page.title}: ler de novo", []).append(watch.latency)
    switches = [watch.worst(lambda c=page.code: window.show_page(c), repeat) for page in PAGES]
    rows.append(("trocar de página (já aberta), pior caso", max(w for w, _ in switches),
                 max(c for _, c in switches), max(base.values())))
    rows += _dialogs(window, watch, base, repeat)
    rows += _saves(window, watch, base, repeat)
    _close(app, window)  # the next size's window must be the only one listening to the bus
    conn.close()
    return rows


def _close(app, window) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    from app.ui.kit import ops

    while not ops.idle():
        app.processEvents()
        time.sleep(0.005)
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _dialogs(window, watch: GapWatch, base: dict, repeat: int) -> list[tuple]:
    """Opening the dialogs that offer every customer (their list read on a worker), and
    Receber pagamento for one late customer (her account read when it is built, by index):
    worst of ``repeat`` openings each, the baseline being the customer list in raw
    ``sqlite3``."""
    from app.services.people.customers import list_customers
    from app.ui.conditional.conditional_dialog import ConditionalDialog
    from app.ui.kit.customer_picker import CustomerPickerDialog
    from app.ui.receivables.payment_dialog import PaymentDialog
    from app.ui.receivables.sale_dialog import SaleDialog

    late = next(r.id for r in list_customers(TODAY) if r.overdue_cents > 0)
    kinds = (("abrir Nova venda (Ctrl+N)", lambda: SaleDialog(TODAY, None, window)),
             ("abrir Nova venda da página de uma cliente em atraso",
              lambda: SaleDialog(TODAY, late, window)),
             ("abrir Receber pagamento (Ctrl+R: de qual cliente?)",
              lambda: CustomerPickerDialog(TODAY, window, owing_only=True)),
             ("abrir Receber pagamento da página de uma cliente em atraso (lê a conta dela)",
              lambda: PaymentDialog(late, TODAY, window)),
             ("abrir Nova condicional", lambda: ConditionalDialog(TODAY, None, window)))
    rows = []
    for label, make in kinds:
        runs = []
        for _ in range(repeat):
            shown = []
            runs.append(watch.around(lambda m=make, s=shown: s.append(m()) or s[-1].show()))
            for dialog in shown:
                dialog.confirm_discard = lambda: True
                dialog.reject()
                dialog.deleteLater()
        rows.append((label, max(w for w, _ in runs), max(c for _, c in runs), base["clientes"]))
    return rows


def _saves(window, watch: GapWatch, base: dict, repeat: int) -> list[tuple]:
    """"Pular" on Cobranças de hoje, a payment saved from Receber pagamento with Em atraso
    in view, a customer blocked on her page."""
    from app.services.people.customers import list_customers
    from app.ui.receivables.payment_dialog import PaymentDialog

    window.show_page("cobrancas")
    watch.around(lambda: None)
    rows = [("Pular em Cobranças de hoje (salva; a lista se refaz)",
             *watch.worst(window.worklist.skip, repeat), base["cobrancas"])]
    window.show_page("atraso")
    watch.around(lambda: None)
    owing = [r.id for r in list_customers(TODAY) if r.overdue_cents > 0][:repeat]
    payments = []
    for cid in owing:
        dialog = PaymentDialog(cid, TODAY, window)
        dialog.amount.setText("10,00")
        payments.append(watch.around(dialog.save))
        dialog.close()
    rows.append(("salvar um pagamento com Em atraso na tela", max(w for w, _ in payments),
                 max(c for _, c in payments), base["atraso"]))
    blocks = []
    for cid in owing:
        window.open_customer(cid)
        watch.around(lambda: None)
        blocks.append(watch.around(window.customer_page._toggle_block))
    rows.append(("bloquear fiado na página da cliente", max(w for w, _ in blocks),
                 max(c for _, c in blocks), base["clientes"]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, nargs="+", default=[],
                        help="a harsh demo per size, copied (never written)")
    args = parser.parse_args()
    if args.db and len(args.db) != len(args.sizes):
        parser.error("--db: one file per size in --sizes")
    table: dict[str, dict[int, tuple]] = {}
    latency: dict[str, dict[int, float]] = {}
    for index, size in enumerate(args.sizes):
        path = prepare_demo(args.db[index] if args.db else None, size, harsh=True)
        try:
            LATENCY.clear()
            for label, wall, cpu, base in measure(path, args.repeat):
                table.setdefault(label, {})[size] = (wall, cpu, base)
            for label, runs in LATENCY.items():
                latency.setdefault(label, {})[size] = max(runs)
        finally:
            from app.models.db import close_database

            close_database()
            shutil.rmtree(path.parent, ignore_errors=True)
    head = " | ".join(f"{s:,}: bloqueio | CPU da tela | sqlite3".replace(",", ".")
                      for s in args.sizes)
    print(f"\n| medida (ms) | {head} | meta |")
    print("|---|" + "---:|---:|---:|" * len(args.sizes) + "---|")
    for label, by_size in table.items():
        cells = []
        for size in args.sizes:
            wall, cpu, base = by_size.get(size, (None, None, None))
            cells += [f"{wall:.1f}" if wall is not None else "—",
                      f"{cpu:.1f}" if cpu is not None else "—",
                      f"{base:.1f}" if base else "—"]
        print(f"| {label} | {' | '.join(cells)} | {GOAL} |")
    sizes = " | ".join(f"{s:,}".replace(",", ".") for s in args.sizes)
    print(f"\n| do clique à página pintada (ms, pior caso) | {sizes} | meta |")
    print("|---|" + "---:|" * len(args.sizes) + "---|")
    for label, by_size in latency.items():
        cells = [f"{by_size[s]:.1f}" if s in by_size else "—" for s in args.sizes]
        print(f"| {label} | {' | '.join(cells)} | < 100 (5.000) / < 250 (20.000) |")


if __name__ == "__main__":
    main()
