"""Data-safety costs on 5,000 customers: synchronous=FULL per payment, the opening check,
a checked backup and a restore.

Run: ``python benchmarks/bench_safety.py [--customers 5000] [--payments 150]``.
The payment figure is measured on the same file with ``synchronous=FULL`` (what the app
uses: a confirmed payment survives a power cut) and with ``NORMAL`` (the old setting),
alternating one payment each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import timed  # noqa: E402

TODAY = date(2026, 11, 23)


def build(path: Path, customers: int) -> None:
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo

    open_database(path, today=TODAY)
    generate_demo(customers, TODAY)
    close_database()


def payments_ms(path: Path, count: int) -> tuple[float, float]:
    """Median milliseconds to record one payment (one transaction) with synchronous NORMAL
    and FULL, alternating payment by payment so both see the same file and the same load."""
    from app.models.db import close_database, database, open_database
    from app.services.people.customers import open_balance_cents
    from app.services.receivables.payments import record_payment

    open_database(path, today=TODAY)
    owing = [r[0] for r in database.execute_sql(
        "SELECT customer_id FROM installment WHERE paid_cents < amount_cents "
        "GROUP BY customer_id LIMIT ?", (2 * count,))]
    times: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
    for n, cid in enumerate(owing):
        mode = ("NORMAL", "FULL")[n % 2]
        database.execute_sql(f"PRAGMA synchronous = {mode}")
        amount = min(1_000, open_balance_cents(cid))
        start = time.perf_counter()
        record_payment(cid, amount, TODAY, "pix", TODAY)
        times[mode].append((time.perf_counter() - start) * 1000)
    close_database()
    return statistics.median(times["NORMAL"]), statistics.median(times["FULL"])


def main() -> None:
    from app.clock import FixedClock
    from app.models.db import close_database
    from app.services.storage.backup import backup_database
    from app.services.storage.dbhealth import check_integrity
    from app.services.storage.restore import restore_backup

    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--payments", type=int, default=150)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    build(path, args.customers)
    size_mb = path.stat().st_size / 1e6
    normal, full = payments_ms(path, args.payments)
    check, _ = timed(lambda: check_integrity(path), 3)
    backup, copy = timed(lambda: backup_database(path, reason="manual", today=TODAY), 3)
    restore, _ = timed(lambda: restore_backup(copy, path, FixedClock(TODAY)), 1)
    close_database()
    print(f"\nbanco: {args.customers} clientes, {size_mb:.1f} MB\n")
    print("| medida | ms |")
    print("|---|---:|")
    print(f"| registrar um pagamento, synchronous=NORMAL (antes) | {normal:.2f} |")
    print(f"| registrar um pagamento, synchronous=FULL (agora) | {full:.2f} |")
    print(f"| custo do FULL por pagamento | {full - normal:+.2f} |")
    print(f"| verificação ao abrir (quick_check + foreign_key_check) | {check:.0f} |")
    print(f"| backup conferido (cópia + quick_check + renomear) | {backup:.0f} |")
    print(f"| restaurar (guarda o atual, põe a cópia, confere, abre) | {restore:.0f} |")


if __name__ == "__main__":
    main()
