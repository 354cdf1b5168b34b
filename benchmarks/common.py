"""Shared benchmark helpers: median timing and the Markdown table printed for the README."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Median milliseconds of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def print_table(rows) -> None:
    """Rows of (measure, ms, baseline ms or None, goal) as a Markdown table."""
    print("\n| medida | Caderneta (ms) | sqlite3 puro (ms) | razão | meta |")
    print("|---|---:|---:|---:|---|")
    for name, ms, base, goal in rows:
        ratio = f"{ms / base:.1f}×" if base else "—"
        base_text = f"{base:.1f}" if base else "—"
        print(f"| {name} | {ms:.1f} | {base_text} | {ratio} | {goal} |")


def prepare_demo(db: Path | None, customers: int, harsh: bool = False) -> Path:
    """A demo database in a temporary folder: a copy of ``db`` (migrated on opening) or a
    new demo of ``customers`` (``harsh``: most of them late, the benchmarks' worst case)."""
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo

    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    if db:
        shutil.copyfile(db, path)
        open_database(path, today=TODAY)
    else:
        open_database(path, today=TODAY)
        summary = generate_demo(customers, TODAY, harsh=harsh)
        print(f"demo: {summary.customers} clientes, {summary.installments} parcelas")
    close_database()
    return path
