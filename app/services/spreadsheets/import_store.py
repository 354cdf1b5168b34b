"""Where a preview keeps the customers it would create: a private scratch database on disk.

A preview must remember each new customer in case a later row is the same person (to say what
would be completed and what differs), but a 50,000-row file must not mean 50,000 objects in
memory. So new customers go, in batches, into SQLite's private temporary database (opened
with an empty file name: on disk, deleted when closed, its page cache capped at about 2 MB).
A customer already in the caderneta is read from the real database (read only) the first
time a row matches her; what the preview would fill in is kept in the scratch database too.
Nothing here touches the real database's contents.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from app.services.spreadsheets.import_plan import CUSTOMER_COLUMNS, candidate_of, join_notes
from app.services.spreadsheets.import_rows import Candidate

BATCH = 500
_COLUMNS = ", ".join(CUSTOMER_COLUMNS)
_MARKS = ", ".join("?" * (len(CUSTOMER_COLUMNS) + 2))


def _row(gid: int, first_row: int, c: Candidate) -> tuple:
    return (gid, first_row, c.name, c.phone, c.cpf,
            c.birthday.isoformat() if c.birthday else None, c.address, c.neighbourhood,
            c.city, c.notes, c.credit_limit_cents, c.email, c.channel)


class ScratchStore:
    """The preview's ``import_plan.Store``: writes only to its own temporary database."""

    def __init__(self):
        self.conn = sqlite3.connect("")  # private temporary database, on disk
        self.conn.execute("PRAGMA cache_size = -2000")
        self.conn.execute(f"CREATE TABLE g (id INTEGER PRIMARY KEY, first_row, {_COLUMNS})")
        self.pending: dict[int, tuple[Candidate, int]] = {}
        self.next_gid = 1

    def close(self) -> None:
        self.conn.close()

    def create(self, first_row: int, c: Candidate) -> int:
        gid = self.next_gid
        self.next_gid += 1
        self.pending[gid] = (c, first_row)
        if len(self.pending) >= BATCH:
            self._flush()
        return gid

    def _flush(self) -> None:
        self.conn.executemany(f"INSERT OR REPLACE INTO g VALUES ({_MARKS})",
                              [_row(gid, first, c) for gid, (c, first) in self.pending.items()])
        self.pending.clear()

    def current(self, gid: int) -> tuple[Candidate, int]:
        if gid in self.pending:
            return self.pending[gid]
        row = self.conn.execute(f"SELECT first_row, {_COLUMNS} FROM g WHERE id = ?",
                                (gid,)).fetchone()
        if row is not None:
            return candidate_of(row[1:]), row[0]
        return _in_caderneta(-gid), 0

    def fill(self, gid: int, filled: dict, notes: str) -> None:
        c, first_row = self.current(gid)
        c = replace(c, **filled, notes=join_notes(c.notes, notes))
        self.pending[gid] = (c, first_row)
        if len(self.pending) >= BATCH:
            self._flush()

    def balance(self, gid: int, cents: int, dues: tuple[date, ...]) -> None:
        """Nothing to keep: the planner counts the balances."""


def _in_caderneta(customer_id: int) -> Candidate:
    from app.models.db import database

    row = database.execute_sql(f"SELECT {_COLUMNS} FROM customer WHERE id = ?",
                               (customer_id,)).fetchone()
    return candidate_of(row)
