"""Collections speed: Em atraso, standing and Cobranças de hoje on 5,000 customers.

Run: ``python benchmarks/bench_collection.py [--customers 5000] [--db PATH]``.
``--db`` reuses a demo database: it is copied to a temporary folder first (opening migrates
it, and the original must stay as it is). The worklist is timed before any contact (worst
case), then again after a year of contact history and some promises are added to the copy.
Each figure is printed next to a baseline measured in the same run with raw ``sqlite3``
doing the same reads the screen needs (the same aggregations, multa and juros priced in SQL,
standing, broken agreements), so the cost of our layers (Peewee, dataclasses, messages) is
visible.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import TODAY, prepare_demo, print_table  # noqa: E402
from common import timed as _timed  # noqa: E402


def timed(fn, repeat: int = 7):
    """Median of 7 runs unless told otherwise."""
    return _timed(fn, repeat)


def paired(base_fn, app_fn, repeat: int = 7) -> tuple[float, float, object, object]:
    """Median ms of the baseline and of the app, run alternately (one of each, ``repeat``
    times) so that other work on a shared machine weighs on both alike; and their results."""
    base, app = [], []
    for _ in range(repeat):
        base.append(timed(base_fn, 1))
        app.append(timed(app_fn, 1))
    return (statistics.median(t for t, _ in base), statistics.median(t for t, _ in app),
            base[-1][1], app[-1][1])




def prepare(args) -> Path:
    return prepare_demo(args.db, args.customers, harsh=True)


def add_history(seed: int = 3) -> None:
    """A year of old contacts (noise for the indexes), today's half contacted, some promises."""
    from app.models.db import database
    from app.services.collection.worklist import todays_worklist
    from app.services.configuration.settings import Settings
    from app.services.receivables.stored_checks import remember_reminded

    rng = random.Random(seed)
    customers = [r[0] for r in database.execute_sql("SELECT id FROM customer").fetchall()]
    old = []
    for _ in range(30_000):
        day = TODAY - timedelta(days=rng.randint(40, 400))
        old.append((rng.choice(customers), day.isoformat(), rng.choice((-5, 0, 1, 7, 15, 30)),
                    (day - timedelta(days=rng.randint(0, 30))).isoformat()))
    entries = todays_worklist(TODAY, Settings()).entries
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    contacted = [e for e in entries if rng.random() < 0.5]
    recent = [(e.customer_id, yesterday, e.stage.offset, e.group_due.isoformat())
              for e in contacted]
    promises = [(e.customer_id, yesterday, (TODAY + timedelta(days=3)).isoformat(),
                 e.items[-1][0].isoformat()) for e in entries if rng.random() < 0.05]
    with database.atomic():
        database.connection().executemany(
            "INSERT INTO contact_log (customer_id, contact_date, action, stage_offset, "
            "group_due, created_at) VALUES (?, ?, 'copy', ?, ?, datetime('now'))", old)
        for e, row in zip(contacted, recent, strict=True):  # as log_entry_action writes them
            contact_id = database.connection().execute(
                "INSERT INTO contact_log (customer_id, contact_date, action, stage_offset, "
                "group_due, created_at) VALUES (?, ?, 'copy', ?, ?, datetime('now'))",
                row).lastrowid
            database.connection().executemany(
                "INSERT INTO reminder_item (contact_id, customer_id, installment_id, "
                "stage_offset) VALUES (?, ?, ?, ?)",
                [(contact_id, e.customer_id, iid, e.stage.offset) for iid in e.installment_ids])
        database.connection().executemany(
            "INSERT INTO payment_promise (customer_id, created_on, promised_date, covers_due, "
            "created_at) VALUES (?, ?, ?, ?, datetime('now'))", promises)
        # what log_entry_action also does: each listed installment's régua floor (schema 16)
        remember_reminded(iid for e in contacted for iid in e.installment_ids)
    print(f"histórico: {len(old) + len(recent)} contatos, {len(promises)} promessas")


STAGES = (-5, 0, 1, 7, 15, 30)  # the default régua, as the demo stores it
BROKEN_AGREEMENTS = """
SELECT customer_id, MIN(agreement_id) FROM installment INDEXED BY installment_agreement
WHERE agreement_id IS NOT NULL AND paid_cents < amount_cents AND renegotiated = 0
  AND due_date <= :late_until AND due_date > :prescribed_until GROUP BY customer_id
"""


def params(**more) -> dict:
    """The lateness bounds of TODAY (weekend/holiday grace, prescription) and the standing
    window, as the services bind them."""
    from app.services.receivables.lateness import sql_dates

    return {**sql_dates(TODAY), "start": "2025-11-23", "cid": None, **more}


def raw_standing_reads(conn: sqlite3.Connection, params: dict, ids: list[int],
                       late_now: set[int] = frozenset()) -> None:
    """The standing figures of the list's customers (``ids``, as the page reads them: her
    open late due dates came with the page's own query, and for those late now, ``late_now``,
    no paid count) and the broken agreements: every list shows them per row."""
    import json

    from app.services.people.standing import _FOR_THESE_KNOWN_OPEN

    conn.execute(_FOR_THESE_KNOWN_OPEN, {
        **params, "ids": json.dumps([i for i in ids if i not in late_now]),
        "late_ids": json.dumps([i for i in ids if i in late_now])}).fetchall()
    conn.execute(BROKEN_AGREEMENTS, params).fetchall()


def raw_overdue(conn: sqlite3.Connection) -> int:
    """The Em atraso aggregation (multa and juros priced per installment in SQL), the
    standing queries and the broken agreements: rows fetched, nothing built."""
    from app.services.collection.overdue import overdue_sql

    rows = conn.execute(overdue_sql(200, 100), params()).fetchall()
    raw_standing_reads(conn, params(), [r[0] for r in rows], {r[0] for r in rows if r[12]})
    return len(rows)


def raw_worklist(conn: sqlite3.Connection) -> int:
    """Who to contact today with what the app needs of each (stage, floors, payments,
    promises, once-a-day, listed installments with multa and juros), read by the app's own
    query in plain sqlite3, plus the régua setting, standing and broken agreements; nothing
    built. The baseline before it read only each customer's oldest due date and sum, so this
    one takes longer than that one did (its plain reads alone: ~66 ms of CPU at 5,000, the
    query ~90 ms, which also does the aggregation and fees the old app did in Python)."""
    from app.services.collection.worklist import worklist_sql

    bound = params(horizon=(TODAY + timedelta(days=5)).isoformat())
    conn.execute("SELECT value FROM setting WHERE key = 'cadence_stages'").fetchall()
    rows = conn.execute(worklist_sql(STAGES, 200, 100), bound).fetchall()
    raw_standing_reads(conn, bound, [r[0] for r in rows],
                       {r[0] for r in rows if r[4] <= bound["late_until"]})
    return len(rows)


def raw_standing(conn: sqlite3.Connection) -> None:
    from app.services.people.standing import _LATE_SQL, _PAID_SQL

    conn.execute(_LATE_SQL, params()).fetchall()
    conn.execute(_PAID_SQL, params()).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--db", type=Path, help="demo database to copy (left untouched)")
    args = parser.parse_args()
    path = prepare(args)
    try:
        print_table(measure(path))
    finally:
        from app.models.db import close_database

        close_database()
        shutil.rmtree(path.parent, ignore_errors=True)


def measure(path: Path) -> list[tuple]:
    """Time each service against its raw-sqlite3 baseline; return the table rows."""
    from app.models.db import PRAGMAS, open_database
    from app.services.collection.overdue import overdue_report
    from app.services.collection.worklist import todays_worklist
    from app.services.configuration.settings import Settings
    from app.services.people.standing import standing_all

    open_database(path, today=TODAY)
    conn = sqlite3.connect(path)
    # The app's page cache size: a default 2 MB cache re-reads pages the app keeps in memory,
    # and the ratio would measure that instead of our layers.
    conn.execute(f"PRAGMA cache_size = {PRAGMAS['cache_size']}")
    fees = Settings(late_fee_bp=200, late_interest_bp=100)
    rows = []
    base, ms, raw_count, worklist = paired(lambda: raw_worklist(conn),
                                           lambda: todays_worklist(TODAY, fees, now_hour=10))
    assert raw_count == len(worklist.entries)  # the baseline reads the same list
    rows.append((f"Cobranças de hoje, ninguém contatado ainda ({len(worklist.entries)} clientes)",
                 ms, base, "≤ 1,5× SQL"))
    add_history()
    base, ms, raw_count, report = paired(lambda: raw_overdue(conn),
                                         lambda: overdue_report(TODAY, fees))
    assert raw_count == len(report.rows)
    rows.append((f"Em atraso: faixas e juros ({len(report.rows)} clientes)", ms, base,
                 "≤ 1,5× SQL"))
    base, ms, _, standings = paired(lambda: raw_standing(conn), lambda: standing_all(TODAY))
    rows.append((f"situação das clientes, em lote ({len(standings)})", ms, base, ""))
    base, ms, raw_count, worklist = paired(lambda: raw_worklist(conn),
                                           lambda: todays_worklist(TODAY, fees, now_hour=10))
    assert raw_count == len(worklist.entries)
    rows.append((f"Cobranças de hoje, metade já contatada ({len(worklist.entries)} clientes)",
                 ms, base, "≤ 1,5× SQL"))
    conn.close()
    return rows


if __name__ == "__main__":
    main()
