"""Writing an import: customers, opening-balance sales and credits, inside ONE transaction.

``DatabaseStore`` is the import's ``import_plan.Store``: the real database, inside the
transaction ``importer.run_import`` opens, is where the planner finds the customers it merges
into, so nothing of the file is kept in memory. New rows are buffered and written with bulk
inserts every ``BATCH`` customers, ids assigned here (the import holds the single-writer
lock). A customer already in the caderneta is only ever completed: the conditions are in the
SQL, so a field she filled after the preview is still never overwritten.
"""

from __future__ import annotations

from array import array
from dataclasses import replace
from datetime import date, datetime

from app.models.db import database
from app.services.core.codes import PaymentKind, PaymentMethod
from app.services.core.text import fold
from app.services.receivables.installments import Interval
from app.services.spreadsheets.import_plan import (
    CUSTOMER_COLUMNS,
    candidate_of,
    join_notes,
    opening_parts,
)
from app.services.spreadsheets.import_rows import Candidate

BATCH = 500
OPENING_DESCRIPTION = "Saldo anterior"
OPENING_NOTE = "Saldo anterior importado da planilha"
CREDIT_NOTE = "Crédito anterior importado da planilha"
CREDIT_METHOD = PaymentMethod.OTHER
OPENING_INTERVAL = Interval.CUSTOM  # one installment on a date of her own
TABLES = ("customer", "sale", "sale_item", "installment", "payment")


def _next_id(conn, table: str) -> int:
    return conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0] + 1


class DatabaseStore:
    """Creates and completes customers in the real database (call inside a transaction)."""

    def __init__(self, today: date, now: datetime | None = None):
        self.conn = database.connection()
        self.today = today
        self.now = (now or datetime.combine(today, datetime.min.time())).isoformat(" ")
        self.ids = {t: _next_id(self.conn, t) for t in TABLES}
        self.first_customer = self.ids["customer"]
        self.first_rows = array("I")  # first row of each new customer, by id - first_customer
        self.pending: dict[int, Candidate] = {}  # new customers not inserted yet
        self.rows: dict[str, list] = {t: [] for t in TABLES[1:]}
        self.debts: set[int] = set()
        self.credits: set[int] = set()

    def create(self, first_row: int, c: Candidate) -> int:
        cid = self.ids["customer"]
        self.ids["customer"] += 1
        self.first_rows.append(first_row)
        self.pending[cid] = c
        if len(self.pending) >= BATCH:
            self.flush()
        return cid

    def current(self, gid: int) -> tuple[Candidate, int]:
        if gid in self.pending:
            return self.pending[gid], self.first_rows[gid - self.first_customer]
        row = self.conn.execute(f"SELECT {', '.join(CUSTOMER_COLUMNS)} FROM customer WHERE "
                                "id = ?", (abs(gid),)).fetchone()
        first_row = self.first_rows[gid - self.first_customer] if gid > 0 else 0
        return candidate_of(row), first_row

    def fill(self, gid: int, filled: dict, notes: str) -> None:
        if gid in self.pending:
            c = self.pending[gid]
            self.pending[gid] = replace(c, **filled, notes=join_notes(c.notes, notes))
            return
        sets, params = [], []
        for column, value in filled.items():
            sets.append(f"{column} = CASE WHEN {column} IS NULL OR {column} = '' THEN ? "
                        f"ELSE {column} END")
            params.append(value.isoformat() if column == "birthday" and value else value)
        if notes:
            sets.append("notes = CASE WHEN notes = '' THEN ? ELSE notes || char(10) || ? END")
            params += [notes, notes]
        self.conn.execute(f"UPDATE customer SET {', '.join(sets)} WHERE id = ?",
                          (*params, abs(gid)))

    def balance(self, gid: int, cents: int, dues: tuple[date, ...]) -> None:
        """A debt becomes a "Saldo anterior" sale with one installment per due date
        (``import_plan.opening_parts``); a credit, a payment."""
        if cents > 0:
            self._opening_sale(gid, cents, opening_parts(cents, dues))
            self.debts.add(gid)
        elif cents < 0:
            self._take("payment", (gid, self.today.isoformat(), -cents, str(CREDIT_METHOD),
                                   str(PaymentKind.PAYMENT), CREDIT_NOTE, self.now))
            self.credits.add(gid)

    def _take(self, table: str, values: tuple) -> int:
        new_id = self.ids[table]
        self.ids[table] += 1
        self.rows[table].append((new_id, *values))
        return new_id

    def _opening_sale(self, cid: int, cents: int, parts: list) -> None:
        dues = [due or self.today for due, _ in parts]
        sale_date = min(dues[0], self.today).isoformat()
        sale_id = self._take("sale", (cid, sale_date, cents, str(OPENING_INTERVAL), OPENING_NOTE,
                                      self.now))
        self._take("sale_item", (sale_id, OPENING_DESCRIPTION, cents))
        for number, (due, (_, part)) in enumerate(zip(dues, parts, strict=True), 1):
            self._take("installment", (sale_id, cid, number, len(parts), due.isoformat(), part))

    def flush(self) -> None:
        """Write what is buffered (customers first: the other rows point to them)."""
        if self.pending:
            self.conn.executemany(_INSERTS["customer"], [
                _customer_row(cid, c, self.now) for cid, c in self.pending.items()])
            self.pending.clear()
        for table, rows in self.rows.items():
            if rows:
                self.conn.executemany(_INSERTS[table], rows)
                rows.clear()

    def finish(self) -> None:
        """Flush, then let a credit pay the debt of the same new customer at once."""
        from app.services.receivables.payments import apply_credit

        self.flush()
        for cid in sorted(self.debts & self.credits):
            apply_credit(cid, self.today)


def _customer_row(cid: int, c: Candidate, now: str) -> tuple:
    return (cid, c.name, fold(c.name), c.phone, c.cpf,
            c.birthday.isoformat() if c.birthday else None, c.address, c.neighbourhood, c.city,
            c.notes, c.credit_limit_cents, c.email, c.channel, now)


_INSERTS = {
    "customer": "INSERT INTO customer (id, name, search_key, phone, cpf, birthday, address, "
                "neighbourhood, city, notes, credit_limit_cents, email, channel, blocked, "
                "archived, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)",
    "sale": "INSERT INTO sale (id, customer_id, sale_date, total_cents, down_payment_cents, "
            "interval, notes, created_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
    "sale_item": "INSERT INTO sale_item (id, sale_id, description, variant, quantity, "
                 "unit_price_cents) VALUES (?, ?, ?, '', 1, ?)",
    "installment": "INSERT INTO installment (id, sale_id, customer_id, number, count, due_date, "
                   "amount_cents, paid_cents, renegotiated) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
    "payment": "INSERT INTO payment (id, customer_id, payment_date, amount_cents, method, kind, "
               "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}
