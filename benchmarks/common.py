"""Shared benchmark helpers: median timing and the Markdown table printed for the README."""

from __future__ import annotations

import statistics
import time


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
