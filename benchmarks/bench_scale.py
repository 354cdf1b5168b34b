"""How cost grows: every figure of the foundation and collection benchmarks at 5,000 and at
20,000 customers, side by side, each next to its raw-``sqlite3`` baseline of the same run.

Run: ``python benchmarks/bench_scale.py [--sizes 5000 20000]`` (about two minutes on a
2-core machine). Labels carry the row counts of the smaller size.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_collection  # noqa: E402
import bench_foundation  # noqa: E402

TODAY = bench_foundation.TODAY


def demo(customers: int) -> tuple[Path, float]:
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo

    path = Path(tempfile.mkdtemp()) / f"bench{customers}.sqlite3"
    start = time.perf_counter()
    open_database(path, today=TODAY)
    generate_demo(customers, TODAY, harsh=True)
    close_database()
    return path, (time.perf_counter() - start) * 1000


def key(label: str) -> str:
    """The measure's name without the counts in parentheses."""
    return re.sub(r"\s*\([^)]*\d[^)]*\)", "", label)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    args = parser.parse_args()
    table: dict[str, dict[int, tuple]] = {}
    order: list[str] = []
    for size in args.sizes:
        path, build_ms = demo(size)
        results = [("gerar demo", build_ms, None, "—")]
        results += bench_foundation.measure(path, size)
        copy = path.parent / "collection.sqlite3"
        shutil.copyfile(path, copy)
        results += bench_collection.measure(copy)
        from app.models.db import close_database

        close_database()
        for label, ms, base, goal in results:
            name = key(label)
            if name not in table:
                order.append(name)
                table[name] = {}
            table[name][size] = (ms, base, goal)
        shutil.rmtree(path.parent, ignore_errors=True)
    head = " | ".join(f"{s:,} (ms) | sqlite3 | razão".replace(",", ".") for s in args.sizes)
    print(f"\n| medida | {head} | meta |")
    print("|---|" + "---:|---:|---:|" * len(args.sizes) + "---|")
    for name in order:
        cells, goal = [], ""
        for size in args.sizes:
            ms, base, goal = table[name].get(size, (None, None, goal))
            cells += [f"{ms:.1f}" if ms is not None else "—",
                      f"{base:.1f}" if base else "—",
                      f"{ms / base:.1f}×" if base and ms is not None else "—"]
        print(f"| {name} | {' | '.join(cells)} | {goal} |")


if __name__ == "__main__":
    main()
