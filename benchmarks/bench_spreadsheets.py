"""Spreadsheet speed: import of a 10,000-row customer xlsx, preview, exports of 5,000 customers.

Run: ``python benchmarks/bench_spreadsheets.py [--rows 10000] [--customers 5000] [--no-export]
[--memory-sizes 5000 10000 20000 50000]``.
The import file is generated here (phones in mixed shapes, CPFs, birthdays, balances, due
dates). Each figure is printed beside a baseline measured in the same run:
- import/preview beside python-calamine alone and openpyxl read-only alone reading the same
  file (every cell of every row into Python lists);
- each export beside openpyxl write-only writing the same cells (same values, same number
  formats), the rows fetched beforehand, so the difference is our own cost (SQL, formatting).
- the preview of the same file once every row is in the caderneta (a re-import: each row
  recognised by phone and name, its balance compared with hers);
- the import is timed two ways: end to end as the ``import`` command does it (read, clean,
  dedupe, write in one transaction: ``read_table`` + ``import_table``) and the wait after
  "Importar" once the preview is on screen (``run_import``, which reads the file again).
Memory, per file size, each in a fresh process so one size cannot inherit another's peak:
peak Python memory (tracemalloc) of read + preview + import, the RSS before the file is read
and the peak RSS of read + preview + import (another process, without tracemalloc, whose
bookkeeping would inflate it; the peak is reset after start-up with Linux's ``clear_refs``),
and the peak RSS of python-calamine alone loading the sheet (its cells live in Rust, not in
Python objects), printed side by side to show whether memory grows with the file.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import timed  # noqa: E402

TODAY = date(2026, 11, 23)
FIRST = ("Ana", "Maria", "Joana", "Patrícia", "Conceição", "Vânia", "Simone", "Úrsula", "Rita")
LAST = ("Souza", "Silva", "Araújo", "Gonçalves", "Peixoto", "Brandão", "Lima", "Moraes")


def _phone(n: int, rng: random.Random):
    number = f"9{n:08d}"
    shapes = (lambda: f"(11) {number[:5]}-{number[5:]}", lambda: int(f"5511{number}"),
              lambda: f"+55 11 {number[0]} {number[1:5]}-{number[5:]}", lambda: f"011{number}")
    return rng.choice(shapes)()


def make_file(path: Path, rows: int, seed: int = 5) -> None:
    """A customer list like hers: a title, the header, ``rows`` customers with balances."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Clientes")
    ws.append(["Lista de clientes"])
    ws.append([])
    ws.append(["Nome", "Celular", "Nascimento", "Bairro", "Cidade", "Saldo", "Vencimento", "Obs"])
    for n in range(rows):
        balance = rng.choice((0, 0, rng.randint(1_000, 90_000)))
        ws.append([
            f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}", _phone(n, rng),
            date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            rng.choice(("Centro", "Vila Nova", "Jardim")), "São Paulo",
            f"R$ {balance // 100},{balance % 100:02d}" if n % 2 else balance / 100,
            TODAY + timedelta(days=rng.randint(-60, 60)) if balance else None,
            rng.choice(("", "paga dia 10", "prefere Pix")),
        ])
    wb.save(path)


def calamine_alone(path: Path) -> int:
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return len(list(sheet.iter_rows()))


def openpyxl_alone(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return len(rows)


def preview(path: Path):
    from app.services.spreadsheets.import_columns import guess_mapping
    from app.services.spreadsheets.importer import preview_import
    from app.services.spreadsheets.spreadsheet_read import read_table

    table = read_table(path)
    return preview_import(table, guess_mapping(table.headers), TODAY, "11")


def import_command_path(path: Path):
    """What ``python main.py import`` does: read the table, import it in one transaction."""
    from app.services.spreadsheets.import_columns import guess_mapping
    from app.services.spreadsheets.importer import import_table
    from app.services.spreadsheets.spreadsheet_read import read_table

    table = read_table(path)
    return import_table(table, guess_mapping(table.headers), TODAY, "11")


def timed_import(path: Path, folder: Path, prepare, repeat: int = 3):
    """Median ms of the work ``prepare(path)`` returns (prepared untimed), each run into a
    fresh (already created) database."""
    import statistics
    import time

    from app.models.db import close_database, open_database

    times, report = [], None
    for n in range(repeat):
        open_database(folder / f"import-{prepare.__name__}-{n}.sqlite3", today=TODAY)
        try:
            work = prepare(path)
            start = time.perf_counter()
            report = work()
            times.append((time.perf_counter() - start) * 1000)
        finally:
            close_database()
    return statistics.median(times), report


def import_after_preview(path: Path):
    """The preview is on screen already: only the import that "Importar" starts is timed."""
    from app.services.spreadsheets.importer import run_import

    shown = preview(path)
    return lambda: run_import(shown)


def timed_command_path(path: Path, folder: Path, repeat: int = 3):
    import statistics
    import time

    from app.models.db import close_database, open_database

    times, report = [], None
    for n in range(repeat):
        open_database(folder / f"import-command-{n}.sqlite3", today=TODAY)
        try:
            start = time.perf_counter()
            report = import_command_path(path)
            times.append((time.perf_counter() - start) * 1000)
        finally:
            close_database()
    return statistics.median(times), report


def _rss_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak since the last reset) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak_rss() -> None:
    """Start the peak RSS (VmHWM) again from the current RSS (Linux: clear_refs 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def memory_child(path: Path, mode: str) -> str:
    """In a fresh process, everything imported and the database open first: peak Python
    memory of read + preview + import ("python"), or RSS before / peak RSS during it ("rss"),
    or during python-calamine alone loading the sheet ("calamine")."""
    from app.models.db import open_database
    from app.services.spreadsheets.importer import run_import

    open_database(Path(tempfile.mkdtemp()) / "memory.sqlite3", today=TODAY)
    import app.services.receivables.payments  # noqa: F401
    import app.services.spreadsheets.import_store  # noqa: F401 - loaded before the baseline
    import app.services.spreadsheets.import_write  # noqa: F401

    if mode == "python":
        tracemalloc.start()
        run_import(preview(path))
        return f"{tracemalloc.get_traced_memory()[1] / 1e6}"
    _reset_peak_rss()
    before = _rss_mb("VmRSS")
    if mode == "calamine":
        calamine_alone(path)
    else:
        run_import(preview(path))
    return f"{before} {_rss_mb('VmHWM')}"


def memory_by_size(folder: Path, sizes: list[int]) -> None:
    """The side-by-side memory table: one fresh process per size and measure."""
    print("\n| linhas | pico Python, prévia + importação (MB) | RSS antes de ler (MB) | pico "
          "RSS, prévia + importação (MB) | pico RSS, só o python-calamine lendo a aba (MB) |")
    print("|---:|---:|---:|---:|---:|")
    for rows in sizes:
        path = folder / f"memoria-{rows}.xlsx"
        make_file(path, rows)
        got = {}
        for mode in ("python", "rss", "calamine"):
            out = subprocess.run(
                [sys.executable, __file__, "--memory-child", str(path), mode],
                check=True, capture_output=True, text=True).stdout
            got[mode] = [float(x) for x in out.strip().splitlines()[-1].split()]
        (python,), (base, peak), (cal_base, cal_peak) = got["python"], got["rss"], got["calamine"]
        print(f"| {rows:,} | {python:.1f} | {base:.0f} | {peak:.0f} | "
              f"{cal_peak:.0f} (+{cal_peak - cal_base:.0f}) |".replace(",", "."))
        path.unlink()


def peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def baseline_write(path: Path, sheets) -> None:
    """openpyxl write-only writing the same cells (same values and number formats)."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for title, cols, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append([c.header for c in cols])
        kinds = [c.kind for c in cols]
        for row in rows:
            out = []
            for kind, value in zip(kinds, row, strict=True):
                if value is None or kind in ("text", "int"):
                    out.append(value)
                    continue
                cell = WriteOnlyCell(ws, value=Decimal(value).scaleb(-2) if kind == "money"
                                     else value)
                cell.number_format = '"R$" #,##0.00' if kind == "money" else "dd/mm/yyyy"
                out.append(cell)
            ws.append(out)
    wb.save(path)


def export_rows(kind: str):
    from app.services.spreadsheets.exporter import ExportKind, _sheets

    return [(title, cols, list(rows())) for title, cols, rows in _sheets(ExportKind(kind), TODAY)]


def bench_exports(folder: Path, customers: int) -> list:
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo
    from app.services.spreadsheets.exporter import export_xlsx

    open_database(folder / "demo.sqlite3", today=TODAY)
    summary = generate_demo(customers, TODAY)
    print(f"demo: {summary.customers} clientes, {summary.sales} vendas, "
          f"{summary.installments} parcelas, {summary.payments} pagamentos")
    out = []
    try:
        for kind, repeat in (("clientes", 3), ("tudo", 1)):
            ms, _ = timed(lambda k=kind: export_xlsx(k, folder / f"{k}.xlsx", TODAY), repeat)
            sheets = export_rows(kind)
            base, _ = timed(lambda s=sheets, k=kind: baseline_write(folder / f"b{k}.xlsx", s),
                            repeat)
            cells = sum(len(rows) * len(cols) for _, cols, rows in sheets)
            del sheets
            mem = (peak_mb(lambda k=kind: export_xlsx(k, folder / f"m{k}.xlsx", TODAY))
                   if kind == "clientes" else None)
            out.append((f"exportar {kind} ({cells:,} células)".replace(",", "."), ms,
                        "openpyxl write-only", base, "≤ 1,5× openpyxl", mem))
    finally:
        close_database()
    return out


def print_rows(rows) -> None:
    """The Markdown table for the README."""
    print("\n| medida | Caderneta (ms) | comparado com | esse (ms) | razão | meta | pico de "
          "memória Python (MB) |")
    print("|---|---:|---|---:|---:|---|---:|")
    for name, ms, base_name, base, goal, mem in rows:
        ms_text = f"{ms:.0f}" if ms is not None else "—"
        ratio = f"{ms / base:.1f}×" if ms and base else "—"
        mem_text = f"{mem:.0f}" if mem is not None else "—"
        print(f"| {name} | {ms_text} | {base_name or '—'} | "
              f"{f'{base:.0f}' if base else '—'} | {ratio} | {goal} | {mem_text} |")


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--no-export", action="store_true", help="only the import figures")
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[5_000, 10_000, 20_000],
                        help="file sizes for the memory table (none: skip it)")
    parser.add_argument("--memory-child", nargs=2, metavar=("FILE", "MODE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        print(memory_child(Path(args.memory_child[0]), args.memory_child[1]))
        return 0
    folder = Path(tempfile.mkdtemp())
    path = folder / "clientes.xlsx"
    make_file(path, args.rows)
    cal, _ = timed(lambda: calamine_alone(path), 3)
    opx, _ = timed(lambda: openpyxl_alone(path), 1)
    imp, report = timed_command_path(path, folder)
    after, _ = timed_import(path, folder, import_after_preview)
    from app.models.db import close_database, open_database

    open_database(folder / "empty.sqlite3", today=TODAY)
    prev, _ = timed(lambda: preview(path), 5)
    close_database()
    open_database(folder / "import-command-0.sqlite3", today=TODAY)  # every row already in
    again, _ = timed(lambda: preview(path), 3)
    close_database()
    print(f"importação: {report.summary()}")
    n = f"{args.rows:,}".replace(",", ".")
    rows = [
        (f"ler {n} linhas: python-calamine sozinho", cal, None, None, "—", None),
        (f"ler {n} linhas: openpyxl read-only sozinho", opx, "python-calamine", cal, "—", None),
        (f"prévia de {n} linhas (ler, limpar, achar repetidas)", prev, "python-calamine", cal,
         "< 1 s", None),
        (f"importar {n} linhas de ponta a ponta (ler, limpar, gravar; 1 transação)", imp,
         "python-calamine", cal, "< 2 s", None),
        (f"importar {n} linhas com a prévia já na tela (o clique em Importar)", after,
         "python-calamine", cal, "—", None),
        (f"prévia da mesma planilha de novo, {n} clientes já na caderneta (cada linha "
         "reconhecida, saldo comparado)", again, "python-calamine", cal, "< 2 s", None),
    ]
    if not args.no_export:
        rows += bench_exports(folder, args.customers)
    print_rows(rows)
    if args.memory_sizes:
        memory_by_size(folder, args.memory_sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
