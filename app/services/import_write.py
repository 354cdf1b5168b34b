"""Writing an import: customers, opening-balance sales and credits in ONE transaction.

Bulk inserts with ids assigned inside the transaction (the import holds the single-writer
lock), so 10,000 rows are written in a fraction of a second. ``progress`` is called every
``PROGRESS_EVERY`` customers; when it raises ``Cancelled`` the transaction rolls back and
the database is exactly as before.
"""

from __future__ import annotations

from datetime import date, datetime

from app.models.db import database
from app.services.codes import PaymentKind, PaymentMethod
from app.services.installments import Interval
from app.services.progress import Progress
from app.services.text import fold

PROGRESS_EVERY = 500
OPENING_DESCRIPTION = "Saldo anterior"
OPENING_NOTE = "Saldo anterior importado da planilha"
CREDIT_NOTE = "Crédito anterior importado da planilha"
CREDIT_METHOD = PaymentMethod.OTHER
OPENING_INTERVAL = Interval.CUSTOM  # one installment on a date of her own


def _next_id(conn, table: str) -> int:
    return conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0] + 1


def write_groups(groups: list, today: date, progress: Progress,
                 now: datetime | None = None) -> None:
    """Create new customers, fill existing ones, add opening balances; all or nothing."""
    conn = database.connection()
    now = (now or datetime.combine(today, datetime.min.time())).isoformat(" ")
    total = len(groups)
    with database.atomic():
        next_customer = _next_id(conn, "customer")
        ids = {t: _next_id(conn, t) for t in ("sale", "sale_item", "installment", "payment")}
        rows: dict[str, list] = {"customer": [], "sale": [], "sale_item": [], "installment": [],
                                 "payment": []}
        credited: list[int] = []
        for done, group in enumerate(groups):
            if done % PROGRESS_EVERY == 0:
                progress(done, total, "Gravando clientes…")
            if group.existing_id is not None:
                _update_existing(conn, group)
                continue
            cid = next_customer
            next_customer += 1
            rows["customer"].append(_customer_row(cid, group.values, now))
            for cents, due in group.balances:
                if cents > 0:
                    _opening_sale(rows, ids, cid, cents, due or today, today, now)
                elif cents < 0:
                    _credit(rows, ids, cid, -cents, today, now)
            if any(c < 0 for c, _ in group.balances) and any(c > 0 for c, _ in group.balances):
                credited.append(cid)
        progress(total, total, "Gravando vendas e saldos…")
        _insert_all(conn, rows)
        _settle_credits(credited, today)


def _customer_row(cid: int, c, now: str) -> tuple:
    return (cid, c.name, fold(c.name), c.phone, c.cpf,
            c.birthday.isoformat() if c.birthday else None, c.address, c.neighbourhood, c.city,
            c.notes, c.credit_limit_cents, now)


def _opening_sale(rows, ids, cid: int, cents: int, due: date, today: date, now: str) -> None:
    sale_id = ids["sale"]
    ids["sale"] += 1
    sale_date = min(due, today).isoformat()
    rows["sale"].append((sale_id, cid, sale_date, cents, str(OPENING_INTERVAL), OPENING_NOTE, now))
    rows["sale_item"].append((ids["sale_item"], sale_id, OPENING_DESCRIPTION, cents))
    ids["sale_item"] += 1
    rows["installment"].append((ids["installment"], sale_id, cid, due.isoformat(), cents))
    ids["installment"] += 1


def _credit(rows, ids, cid: int, cents: int, today: date, now: str) -> None:
    rows["payment"].append((ids["payment"], cid, today.isoformat(), cents, str(CREDIT_METHOD),
                            str(PaymentKind.PAYMENT), CREDIT_NOTE, now))
    ids["payment"] += 1


_INSERTS = {
    "customer": "INSERT INTO customer (id, name, search_key, phone, cpf, birthday, address, "
                "neighbourhood, city, notes, credit_limit_cents, blocked, archived, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)",
    "sale": "INSERT INTO sale (id, customer_id, sale_date, total_cents, down_payment_cents, "
            "interval, notes, created_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
    "sale_item": "INSERT INTO sale_item (id, sale_id, description, variant, quantity, "
                 "unit_price_cents) VALUES (?, ?, ?, '', 1, ?)",
    "installment": "INSERT INTO installment (id, sale_id, customer_id, number, count, due_date, "
                   "amount_cents, paid_cents, renegotiated) VALUES (?, ?, ?, 1, 1, ?, ?, 0, 0)",
    "payment": "INSERT INTO payment (id, customer_id, payment_date, amount_cents, method, kind, "
               "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}


def _insert_all(conn, rows: dict[str, list]) -> None:
    for table, sql in _INSERTS.items():
        if rows[table]:
            conn.executemany(sql, rows[table])


def _update_existing(conn, group) -> None:
    """Fill her empty fields and append notes. The conditions are in the SQL, so a field she
    filled after the preview is still never overwritten."""
    sets, params = [], []
    for column, value in group.fills.items():
        sets.append(f"{column} = CASE WHEN {column} IS NULL OR {column} = '' THEN ? "
                    f"ELSE {column} END")
        params.append(value.isoformat() if column == "birthday" and value else value)
    if group.notes_add:
        sets.append("notes = CASE WHEN notes = '' THEN ? ELSE notes || char(10) || ? END")
        added = "\n".join(group.notes_add)
        params += [added, added]
    if sets:
        conn.execute(f"UPDATE customer SET {', '.join(sets)} WHERE id = ?",
                     (*params, group.existing_id))


def _settle_credits(customer_ids: list[int], today: date) -> None:
    """A customer never holds credit while she has an open installment: use it now."""
    from app.services.payments import apply_credit

    for cid in customer_ids:
        apply_credit(cid, today)
