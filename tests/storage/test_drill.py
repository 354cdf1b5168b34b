"""The kill drill checks what it says: lost acknowledged writes are found, restores are
followed, the invariants know agreements; and one real trial runs clean."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest

from app.models.db import close_database, open_database
from app.services.negotiation.agreements import close_agreement, propose_options
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from tests.places import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from drill_checks import INVARIANTS, Ledger, file_problems  # noqa: E402

OLD_RULE = """SELECT s.id FROM sale s JOIN installment i ON i.sale_id = s.id
              GROUP BY s.id HAVING SUM(i.amount_cents) != s.total_cents - s.down_payment_cents"""


@pytest.fixture
def agreed(tmp_path, today):
    """A file where an agreement replaced a late sale's installments."""
    path = tmp_path / "drill.sqlite3"
    open_database(path, today=today)
    cid = save_customer(CustomerInput("Ana Souza"), today)
    day = today - timedelta(days=90)
    create_sale(cid, day, [ItemInput("Vestido", 1, 30_000)], today,
                PlanInput(3, day + timedelta(days=30)), down_payment_cents=6_000)
    options = propose_options(cid, today)
    aid = close_agreement(cid, options[-1], today)
    close_database()
    return path, cid, aid, options[-1]


def _conn(path):
    return sqlite3.connect(str(path))


def test_the_invariants_know_agreements_where_the_old_rule_cried_wolf(agreed):
    path, *_ = agreed
    conn = _conn(path)
    try:
        assert conn.execute(OLD_RULE).fetchall()  # the old rule: "violated" by any agreement
        assert file_problems(conn) == []  # the agreement-aware ones hold
        conn.execute("UPDATE installment SET amount_cents = amount_cents + 1 "
                     "WHERE agreement_id IS NOT NULL AND number = 1")
        problems = file_problems(conn)
    finally:
        conn.close()
    assert any(p.startswith("a live agreement's installments = its total") for p in problems)
    assert len(INVARIANTS) >= 9


def _log(path, *records):
    with path.open("a") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")


def test_the_ledger_finds_a_lost_write_and_follows_a_restore(agreed, tmp_path):
    path, cid, aid, option = agreed
    log = tmp_path / "gravados.jsonl"
    ledger = Ledger(log)
    _log(log, {"k": "customer", "id": cid, "name": "Ana Souza"},
         {"k": "agreement", "id": aid, "customer": cid, "total": option.total_cents})
    assert ledger.check(path) == [] and ledger.acknowledged == 2
    copy = tmp_path / "copia.sqlite3"
    copy.write_bytes(path.read_bytes())
    _log(log, {"k": "backup", "path": str(copy)},
         {"k": "customer", "id": 999, "name": "Nunca gravada"})
    assert ledger.check(path) == ["lost customer 999"]
    _log(log, {"k": "restore-begin", "path": str(copy)})  # killed: either state will do
    assert ledger.check(path) == []
    _log(log, {"k": "restore", "path": str(copy)})  # the copy's snapshot is live again
    assert ledger.check(path) == [] and ("customer", 999) not in ledger.live


def test_a_torn_last_line_waits_for_its_end(tmp_path, agreed):
    path, cid, *_ = agreed
    log = tmp_path / "gravados.jsonl"
    log.write_bytes(b'{"k": "customer", "id": 1, "na')  # the kill came inside the write
    ledger = Ledger(log)
    assert ledger.check(path) == [] and ledger.acknowledged == 0


def test_one_real_trial_with_the_window_restart_runs_clean(tmp_path):
    run = subprocess.run([sys.executable, "tools/drill_kill.py", "--trials", "1", "--seed", "3"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 trials" in run.stdout and "1 window restarts, 0 lost, 0 other violations" in \
        run.stdout
