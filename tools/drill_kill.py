"""Kill drill: kill -9 a process writing sales, payments, reversals, backups and restores,
N times, and check after each kill that nothing broke. Bounded (``--max-seconds``); not in
make test.

Checked after every kill, on the real file:
- ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` finds nothing;
- the installments of each sale add up to its total minus the entrada;
- the allocations of each payment add up to at most its amount (the rest is her credit) and
  no customer's credit is negative;
- each installment's paid amount equals the allocations of its non-reversed payments and is
  between zero and the installment's amount;
- every ``.sqlite3`` in the backups folder passes the check (an interrupted backup leaves
  only a ``.partial``), and the single-writer lock is free again at once.

Usage: ``python tools/drill_kill.py --trials 40``  (prints "N trials, 0 violations").
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date(2026, 11, 23)
INVARIANTS = {
    "sale installments = total - entrada": """
        SELECT s.id FROM sale s JOIN installment i ON i.sale_id = s.id
        GROUP BY s.id HAVING SUM(i.amount_cents) != s.total_cents - s.down_payment_cents""",
    "allocations within each payment": """
        SELECT p.id FROM payment p JOIN allocation a ON a.payment_id = p.id
        WHERE p.kind != 'credit_use'
        GROUP BY p.id HAVING SUM(a.amount_cents) > p.amount_cents""",
    "credit use fully allocated": """
        SELECT p.id FROM payment p LEFT JOIN allocation a ON a.payment_id = p.id
        WHERE p.kind = 'credit_use' AND p.reversed_at IS NULL
        GROUP BY p.id HAVING COALESCE(SUM(a.amount_cents), 0) != p.amount_cents""",
    "paid = allocations of live payments": """
        SELECT i.id FROM installment i
        WHERE i.paid_cents != COALESCE((SELECT SUM(a.amount_cents) FROM allocation a
              JOIN payment p ON p.id = a.payment_id
              WHERE a.installment_id = i.id AND p.reversed_at IS NULL), 0)""",
    "nothing paid beyond its amount": """
        SELECT id FROM installment WHERE paid_cents < 0 OR paid_cents > amount_cents""",
    "no negative credit": """
        SELECT customer_id FROM payment WHERE reversed_at IS NULL GROUP BY customer_id
        HAVING SUM(CASE kind WHEN 'payment' THEN amount_cents - COALESCE((SELECT
               SUM(a.amount_cents) FROM allocation a WHERE a.payment_id = payment.id), 0)
               WHEN 'credit_use' THEN -amount_cents ELSE 0 END) < 0""",
}


def _one_write(rng: random.Random, db_path: Path) -> None:
    """One random write through the real services (each is one transaction)."""
    from app.models.people import Customer
    from app.models.receivables import Payment
    from app.services.people.customers import CustomerInput, open_balance_cents, save_customer
    from app.services.receivables.payments import apply_credit, record_payment, reverse_payment
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale
    from app.services.storage.backup import backup_database

    ids = [c.id for c in Customer.select(Customer.id)]
    cid = rng.choice(ids)
    roll = rng.random()
    if roll < 0.15:
        save_customer(CustomerInput(f"Cliente {rng.randrange(10**6)}"), TODAY)
    elif roll < 0.45:
        price = rng.randrange(1_000, 40_000)
        create_sale(cid, TODAY, [ItemInput("Vestido", rng.randint(1, 3), price)], TODAY,
                    PlanInput(rng.randint(1, 6), TODAY + timedelta(days=30)),
                    down_payment_cents=rng.choice((0, 0, price // 4)), override_credit=True)
    elif roll < 0.8:
        owed = open_balance_cents(cid)
        amount = rng.randint(1, owed + 5_000) if owed else rng.randint(100, 5_000)
        record_payment(cid, amount, TODAY, "pix", TODAY, accept_credit=True)
    elif roll < 0.9:
        live = Payment.select().where(Payment.reversed_at.is_null(), Payment.kind == "payment")
        payment = rng.choice(list(live)) if live.exists() else None
        if payment:
            reverse_payment(payment.id, "drill", datetime(2026, 11, 23, 12))
    elif roll < 0.94:
        apply_credit(cid, TODAY)
    elif roll < 0.98:
        backup_database(db_path, reason="manual", today=TODAY)
    else:
        _restore_newest(db_path)


def _restore_newest(db_path: Path) -> None:
    """Put the newest backup back in place (the file is swapped under the writer)."""
    from app.clock import FixedClock
    from app.services.storage.backup import list_backups
    from app.services.storage.restore import restore_backup

    copies = list_backups(db_path)
    if copies:
        restore_backup(copies[0].path, db_path, FixedClock(TODAY), keep_open=True)


def writer(db_path: Path, seed: int) -> None:
    """Child process: hold the lock and write until killed."""
    from app.models.db import open_database
    from app.services.core.errors import ValidationError
    from app.services.storage.lockfile import DatabaseLock

    DatabaseLock(db_path).acquire()
    open_database(db_path, today=TODAY)
    rng = random.Random(seed)
    print("ready", flush=True)
    while True:
        try:
            _one_write(rng, db_path)
        except (ValidationError, LookupError):
            pass


def check(db_path: Path) -> list[str]:
    """Every violation found on the file as it is now (empty list: all good)."""
    from app.services.storage.backup import backups_dir
    from app.services.storage.dbhealth import check_integrity
    from app.services.storage.lockfile import DatabaseLock, LockError

    problems = []
    conn = sqlite3.connect(str(db_path))
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check")
        for name, sql in INVARIANTS.items():
            if rows := conn.execute(sql).fetchall():
                problems.append(f"{name}: {rows[:3]}")
    finally:
        conn.close()
    for copy in backups_dir(db_path).glob("*.sqlite3"):
        if not check_integrity(copy).ok:
            problems.append(f"bad backup {copy.name}")
    try:
        DatabaseLock(db_path).acquire().release()
    except LockError:
        problems.append("lock still held after the kill")
    return problems


def _prepare(folder: Path) -> Path:
    from app.models.db import close_database, open_database
    from app.services.demo import generate_demo

    db_path = folder / "drill.sqlite3"
    open_database(db_path, today=TODAY)
    generate_demo(60, TODAY, seed=11)
    close_database()
    return db_path


def _trial(db_path: Path, rng: random.Random, n: int) -> tuple[int, list[str]]:
    """Start a writer, kill it at a random moment; return (writes seen, violations)."""
    child = subprocess.Popen([sys.executable, __file__, "--writer", str(db_path),
                              "--seed", str(n)], stdout=subprocess.PIPE, text=True)
    child.stdout.readline()  # "ready": the writer holds the lock and the connection
    time.sleep(rng.uniform(0.05, 1.2))
    child.send_signal(signal.SIGKILL)
    child.wait()
    return n, check(db_path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--writer", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.writer:
        writer(args.writer, args.seed)
        return 0
    rng = random.Random(args.seed)
    start, done, violations = time.monotonic(), 0, []
    with tempfile.TemporaryDirectory(prefix="drill-") as folder:
        db_path = _prepare(Path(folder))
        for n in range(args.trials):
            if time.monotonic() - start > args.max_seconds:
                break
            _, found = _trial(db_path, rng, n)
            done += 1
            violations += [f"trial {n}: {p}" for p in found]
        conn = sqlite3.connect(str(db_path))
        counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("sale", "payment")]
        conn.close()
        partials = len(list(Path(folder).rglob("*.partial")))
        restores = len(list((Path(folder) / "backups").glob("*antes-de-restaurar*")))
    for line in violations:
        print(line)
    print(f"{done} trials, {len(violations)} violations "
          f"({counts[0]} sales, {counts[1]} payments at the end; "
          f"{restores} restores kept their 'antes de restaurar' copy; "
          f"{partials} interrupted copies left as .partial; "
          f"{time.monotonic() - start:.0f} s)")
    return 1 if violations else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
