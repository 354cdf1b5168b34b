"""Reports and Painel speed on the 5,000-customer demo.

Run: ``python benchmarks/bench_reports.py [--customers 5000] [--db PATH]`` (``--db`` copies a
demo database first). Measured once each (the machine is shared):

- Resumo de atrasos to PDF on a worker thread with progress, beside a plain-text dump of the
  same data (same services, lines written to a file): the difference is the layout's cost.
- The Painel opening: the page built and shown with its cards, then its charts and the count
  of Cobranças de hoje filled by the worker.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import TODAY, prepare_demo, print_table  # noqa: E402


def prepare(args) -> Path:
    return prepare_demo(args.db, args.customers, harsh=False)


def text_dump(target: Path) -> int:
    """The overdue summary's data as plain text lines (no layout)."""
    from app.services.collection.overdue import overdue_report
    from app.services.configuration.settings import load_settings
    from app.services.core.dates import format_date
    from app.services.core.money import format_brl
    from app.services.reports.overdue_summary import late_lines

    settings = load_settings()
    report = overdue_report(TODAY, settings)
    lines = late_lines(TODAY, settings)
    out = []
    for row in report.rows:
        out.append(f"{row.name}\t{row.phone_display}\t{format_brl(row.total_cents)}")
        out += [f"\t{li.purchase}\t{format_date(li.due_date)}\t{li.days_late}\t"
                f"{format_brl(li.total_cents)}" for li in lines.get(row.customer_id, [])]
    out.append(f"Total\t{len(report.rows)}\t{format_brl(report.total_cents)}")
    target.write_text("\n".join(out), encoding="utf-8")
    return len(report.rows)


def pdf_on_worker(app, target: Path) -> tuple[float, float, int, int, float]:
    """(ms to build the HTML, ms in total, pages, progress calls, CPU ms of the worker thread)
    through ``app.ui.kit.ops.Op``,
    the worker the window uses (a QThreadPool thread with its own database connection)."""
    from app.services.configuration.settings import load_settings
    from app.services.reports import ReportKind, ReportRequest, build_document
    from app.ui.kit import ops
    from app.ui.kit.pdf import write_pdf

    times: dict = {}
    calls = []

    def work(progress):
        def counted(done, total=None, text=""):
            calls.append(done)
            progress(done, total, text)

        start, cpu = time.perf_counter(), time.thread_time()
        document = build_document(ReportRequest(ReportKind.OVERDUE), TODAY, load_settings(),
                                  counted)
        times["build"] = (time.perf_counter() - start) * 1000
        pages = write_pdf(document, target, counted)
        times["cpu"] = (time.thread_time() - cpu) * 1000
        return pages

    start = time.perf_counter()
    result: list[int] = []
    ops.Op(None, work, write=False).success(result.append).run()
    while not ops.idle():
        app.processEvents()
        time.sleep(0.002)
    return (times["build"], (time.perf_counter() - start) * 1000, result[0], len(calls),
            times["cpu"])


def painel(app) -> dict[str, float]:
    """ms from creating the Painel until: shown, cards filled, charts drawn, everything in."""
    from app.ui.collection.dashboard_page import DashboardPage
    from app.ui.kit import ops

    start = time.perf_counter()
    page = DashboardPage(lambda: TODAY)
    page.resize(1280, 720)
    page.show()
    app.processEvents()
    marks = {"shown": (time.perf_counter() - start) * 1000}
    checks = {"cards": lambda: page.cards["rate"].value.text() != "…",
              "charts": lambda: bool(page.rate_chart.chart().series())}
    while not ops.idle() or len(marks) < 3:
        app.processEvents()
        for name, done in checks.items():
            if name not in marks and done():
                app.processEvents()  # the paint that shows them
                marks[name] = (time.perf_counter() - start) * 1000
        time.sleep(0.001)
    marks["all"] = (time.perf_counter() - start) * 1000
    return marks


def measure(path: Path) -> None:

    from app.models.db import open_database
    from app.ui.kit.pdf import ensure_gui_app
    from app.ui.shell.app import application

    app = application()  # as the program makes it: locale, and Python's collector on the
    # GUI thread only (shell.gc_guard), not stopping a worker's read at random
    ensure_gui_app()
    open_database(path, today=TODAY)
    folder = path.parent
    start = time.perf_counter()
    customers = text_dump(folder / "atrasos.txt")
    dump_ms = (time.perf_counter() - start) * 1000
    build_ms, pdf_ms, pages, calls, cpu_ms = pdf_on_worker(app, folder / "atrasos.pdf")
    marks = painel(app)
    print(f"carga da máquina (load average de 1 min): {os.getloadavg()[0]:.1f}")
    print_table([
        (f"Resumo de atrasos em texto puro ({customers} clientes)", dump_ms, None, ""),
        (f"Resumo de atrasos: montar o HTML ({customers} clientes)", build_ms, None, ""),
        (f"Resumo de atrasos em PDF, no worker: {pages} páginas, {calls} avisos de progresso "
         f"(CPU do worker: {cpu_ms:.0f} ms)", pdf_ms, None, "< 5000 ms"),
        ("Painel aberto (cartões ainda calculando)", marks["shown"], None, ""),
        ("Painel com os cartões preenchidos", marks["cards"], None, ""),
        ("Painel com os dois gráficos desenhados", marks["charts"], None, "< 300 ms"),
        ("Painel com a contagem de Cobranças de hoje", marks["all"], None, ""),
    ])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--db", type=Path, help="demo database to copy (left untouched)")
    args = parser.parse_args()
    path = prepare(args)
    try:
        measure(path)
    finally:
        from PySide6.QtCore import QThreadPool

        from app.models.db import close_database

        QThreadPool.globalInstance().waitForDone()
        close_database()
        shutil.rmtree(path.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
