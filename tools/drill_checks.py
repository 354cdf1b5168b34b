"""What the kill drill checks after each kill: the file's invariants (agreement-aware) and the
log of acknowledged writes (every write the writer was told "saved" must still be there).

The acknowledged-writes log is one JSON object per line, appended by the writer *after* the
service returned (the transaction committed): ``customer``, ``sale``, ``payment``,
``reversal``, ``agreement``, ``undo``, ``import`` (the names imported), ``backup`` and
``export`` (the file), ``restore-begin``/``restore`` (the copy put back). A kill between a
commit and its line only loses the line, never a checked fact.

``Ledger`` replays the log: ``live`` is what the file must hold now. A backup remembers
``live`` as it was (its *snapshot*, checked inside the copy itself); a restore makes that
snapshot ``live`` again. A restore begun but not acknowledged when the kill came may or may
not have happened (the rename is atomic): the file must match one of the two, and the one
it matches is what ``live`` becomes.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

from app.services.receivables.stored_checks import STORED_INVARIANTS

INVARIANTS = {
    # an agreement's installments hang on the sale of the oldest one they replaced: only the
    # sale's own installments (agreement_id IS NULL) add up to its total minus the entrada,
    # minus what its returns took off the carnê (issue 22: value − credit − cash back)
    "sale's own installments = total - returns - entrada": """
        SELECT s.id FROM sale s JOIN installment i ON i.sale_id = s.id
        WHERE i.agreement_id IS NULL
        GROUP BY s.id HAVING SUM(i.amount_cents) != s.total_cents - s.down_payment_cents
            - (SELECT COALESCE(SUM(r.value_cents - r.credit_cents - r.refund_cents), 0)
               FROM sale_return r WHERE r.sale_id = s.id)""",
    # issue 22: the shelf and the pieces kept aside are each the sum of their movements
    "stock = its history": """
        SELECT v.id FROM piece_variant v
        WHERE v.stock != (SELECT COALESCE(SUM(m.quantity), 0) FROM stock_move m
                          WHERE m.variant_id = v.id
                          AND m.kind NOT IN ('return_defective', 'defective_out'))
           OR v.defective != (SELECT COALESCE(SUM(m.quantity), 0) FROM stock_move m
                              WHERE m.variant_id = v.id
                              AND m.kind IN ('return_defective', 'defective_out'))""",
    "a live agreement's installments = its total": """
        SELECT a.id FROM agreement a LEFT JOIN installment i ON i.agreement_id = a.id
        WHERE a.undone_on IS NULL
        GROUP BY a.id HAVING COALESCE(SUM(i.amount_cents), 0) != a.total_cents""",
    "a live agreement replaced exactly its principal": """
        SELECT a.id FROM agreement a JOIN installment i ON i.renegotiated_in_id = a.id
        WHERE a.undone_on IS NULL
        GROUP BY a.id HAVING SUM(i.amount_cents - i.paid_cents) != a.principal_cents""",
    "an undone agreement left nothing behind": """
        SELECT a.id FROM agreement a WHERE a.undone_on IS NOT NULL AND EXISTS (
            SELECT 1 FROM installment i
            WHERE i.agreement_id = a.id OR i.renegotiated_in_id = a.id)""",
    "renegotiated only by a live agreement (never two sets for one debt)": """
        SELECT id FROM installment
        WHERE renegotiated != (renegotiated_in_id IS NOT NULL)
           OR renegotiated_in_id IN (SELECT id FROM agreement WHERE undone_on IS NOT NULL)""",
    "allocations within each payment": """
        SELECT p.id FROM payment p JOIN allocation a ON a.payment_id = p.id
        WHERE p.kind != 'credit_use'
        GROUP BY p.id HAVING SUM(a.amount_cents) > p.amount_cents""",
    "credit use fully allocated": """
        SELECT p.id FROM payment p LEFT JOIN allocation a ON a.payment_id = p.id
        WHERE p.kind = 'credit_use' AND p.reversed_at IS NULL
        GROUP BY p.id HAVING COALESCE(SUM(a.amount_cents), 0) != p.amount_cents""",
    # a renegotiated installment keeps what was paid on it (ledger): only the others follow
    # the live payments
    "paid = allocations of live payments": """
        SELECT i.id FROM installment i WHERE i.renegotiated = 0
        AND i.paid_cents != COALESCE((SELECT SUM(a.amount_cents) FROM allocation a
              JOIN payment p ON p.id = a.payment_id
              WHERE a.installment_id = i.id AND p.reversed_at IS NULL), 0)""",
    "nothing paid beyond its amount": """
        SELECT id FROM installment WHERE paid_cents < 0 OR paid_cents > amount_cents""",
    # issue 18: what each installment stores of its history (schema v16), recomputed
    **STORED_INVARIANTS,
    "no negative credit": """
        SELECT customer_id FROM payment WHERE reversed_at IS NULL GROUP BY customer_id
        HAVING SUM(CASE kind WHEN 'payment' THEN amount_cents - COALESCE((SELECT
               SUM(a.amount_cents) FROM allocation a WHERE a.payment_id = payment.id), 0)
               WHEN 'credit_use' THEN -amount_cents ELSE 0 END) < 0""",
}

FACTS = {  # kind → (query by id, expected row from the log line)
    "customer": ("SELECT name FROM customer WHERE id = ?", lambda r: (r["name"],)),
    "sale": ("SELECT customer_id, total_cents FROM sale WHERE id = ?",
             lambda r: (r["customer"], r["total"])),
    "payment": ("SELECT customer_id, amount_cents FROM payment WHERE id = ?",
                lambda r: (r["customer"], r["amount"])),
    "reversal": ("SELECT reversed_at IS NOT NULL FROM payment WHERE id = ?", lambda r: (1,)),
    "agreement": ("SELECT customer_id, total_cents FROM agreement WHERE id = ?",
                  lambda r: (r["customer"], r["total"])),
    "undo": ("SELECT undone_on IS NOT NULL FROM agreement WHERE id = ?", lambda r: (1,)),
}


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def file_problems(conn: sqlite3.Connection) -> list[str]:
    """Integrity, foreign keys and every invariant, on an open connection."""
    problems = []
    if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        problems.append("integrity_check")
    if conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append("foreign_key_check")
    for name, sql in INVARIANTS.items():
        if rows := conn.execute(sql).fetchall():
            problems.append(f"{name}: {rows[:3]}")
    return problems


def _key(record: dict) -> tuple:
    if record["k"] == "import":
        return ("import", tuple(record["names"]))
    return (record["k"], record["id"])


def missing_facts(conn: sqlite3.Connection, facts: dict) -> list[str]:
    """The acknowledged writes in ``facts`` that the file at ``conn`` does not hold."""
    lost = []
    for key, record in facts.items():
        if record["k"] == "import":
            marks = ",".join("?" * len(record["names"]))
            found = conn.execute(f"SELECT COUNT(*) FROM customer WHERE name IN ({marks})",
                                 record["names"]).fetchone()[0]
            if found != len(record["names"]):
                lost.append(f"import {record['names']}")
            continue
        sql, expected = FACTS[record["k"]]
        if conn.execute(sql, (record["id"],)).fetchone() != expected(record):
            lost.append(f"{key[0]} {key[1]}")
    return lost


class Ledger:
    """The acknowledged writes replayed from the log (see the module docstring)."""

    def __init__(self, log: Path):
        self.log = log
        self.offset = 0
        self.live: dict = {}
        self.snapshots: dict[str, dict] = {}
        self.pending_restore: str | None = None
        self.unchecked_files: list[dict] = []  # backups and exports acknowledged since
        self.acknowledged = 0
        self.checks = 0

    def read(self) -> None:
        """Replay the lines written since the last call (a torn last line waits)."""
        data = self.log.read_bytes()[self.offset:] if self.log.exists() else b""
        end = data.rfind(b"\n") + 1
        self.offset += end
        for line in data[:end].splitlines():
            self._apply(json.loads(line))

    def _apply(self, record: dict) -> None:
        kind = record["k"]
        if kind == "start":
            return
        self.acknowledged += kind != "restore-begin"
        if kind == "restore-begin":
            self.pending_restore = record["path"]
        elif kind == "restore":
            self.live = dict(self.snapshots[record["path"]])
            self.pending_restore = None
        elif kind in ("backup", "export"):
            if kind == "backup":
                self.snapshots[record["path"]] = dict(self.live)
            self.unchecked_files.append(record)
        else:
            self.live[_key(record)] = record

    def check(self, db: Path) -> list[str]:
        """Every acknowledged write against the file (and the copies and exports new since the
        last check); the problems found."""
        self.read()
        with closing(read_only(db)) as conn:
            problems = file_problems(conn)
            lost = missing_facts(conn, self.live)
            if self.pending_restore is not None:  # killed during a restore: either state
                restored = self.snapshots[self.pending_restore]
                if lost and not missing_facts(conn, restored):
                    self.live, lost = dict(restored), []
                self.pending_restore = None
            self.checks += len(self.live)
        problems += [f"lost {what}" for what in lost]
        problems += self._check_files()
        return problems

    def _check_files(self) -> list[str]:
        problems = []
        for record in self.unchecked_files:
            path = Path(record["path"])
            if not path.exists():  # pruned by the age rules since: nothing to check
                continue
            if record["k"] == "export":
                with zipfile.ZipFile(path) as archive:
                    if archive.testzip() is not None:
                        problems.append(f"broken export {path.name}")
                continue
            with closing(read_only(path)) as conn:
                if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    problems.append(f"bad backup {path.name}")
                snapshot = self.snapshots[record["path"]]
                problems += [f"backup {path.name} lost {w}"
                             for w in missing_facts(conn, snapshot)]
                self.checks += len(snapshot)
        self.unchecked_files = []
        return problems

