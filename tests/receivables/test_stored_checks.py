"""What an installment stores of its history (schema v16: ``last_paid_on``,
``reminded_offset``) follows every write, is filled on an old file, and the check finds a
wrong value. Real dates on a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from peewee import SqliteDatabase

from app.models.db import close_database, database, open_database
from app.models.migrations import MIGRATIONS
from app.models.receivables import Installment
from app.services.collection.contacts import undo_contact
from app.services.collection.worklist import log_entry_action, todays_worklist
from app.services.configuration.settings import Settings
from app.services.receivables.payments import record_payment, reverse_payment
from app.services.receivables.stored_checks import stale_installments

NOW = datetime(2026, 11, 23, 10, 0)


def stored(sale) -> list[tuple]:
    return [(i.last_paid_on, i.reminded_offset)
            for i in (Installment.get_by_id(n) for n in sale.installment_ids)]


def test_payments_and_a_reversal_keep_the_latest_payment_of_each_installment(ana, sale, today):
    first = record_payment(ana, 15000, date(2026, 10, 1), "pix", today).payment_id
    record_payment(ana, 2000, date(2026, 10, 20), "dinheiro", today)
    assert stored(sale) == [(date(2026, 10, 1), None), (date(2026, 10, 20), None), (None, None)]
    assert stale_installments() == {}
    reverse_payment(first, "Pix devolvido pelo banco", NOW)
    # the 20/10 payment alone is left: it now pays part of the first installment only
    assert stored(sale) == [(date(2026, 10, 20), None), (None, None), (None, None)]
    assert stale_installments() == {}


def test_the_check_finds_a_stored_value_that_does_not_match_its_rows(ana, sale, today):
    record_payment(ana, 5000, date(2026, 10, 1), "pix", today)
    first = sale.installment_ids[0]
    database.execute_sql("UPDATE installment SET last_paid_on = '2026-09-30', "
                         "reminded_offset = 7 WHERE id = ?", (first,))
    assert stale_installments() == {"last_paid_on = latest live payment on it": [first],
                                    "reminded_offset = most advanced reminder of it": [first]}


def test_a_reminder_raises_the_floor_and_undoing_it_takes_it_back(ana, sale, today):
    entry, = todays_worklist(today, Settings()).entries  # 01/10 and 03/11 are late
    contact = log_entry_action(entry, "copy", today, now=NOW)
    assert stored(sale) == [(None, entry.stage.offset), (None, entry.stage.offset),
                            (None, None)]
    assert todays_worklist(today, Settings()).entries == ()
    undo_contact(contact)
    assert stored(sale) == [(None, None)] * 3
    assert stale_installments() == {}
    assert [e.customer_id for e in todays_worklist(today, Settings()).entries] == [ana]


def _v15_file(path) -> None:
    """A caderneta as version 15 left it: Ana owes 2x R$ 100,00 (due 01/10 and 01/11); a Pix
    of R$ 150,00 on 02/10 paid the first and half the second, a later one was reversed, and
    on 04/11 a reminder at D+1 (Esqueceu?; 02/11 is Finados, so D+1 is the 4th) listed the
    second."""
    db = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    for version, step in MIGRATIONS:
        if version > 15:
            break
        with db.atomic():
            step(db)
            db.execute_sql("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                           (version, "2026-10-01 10:00:00"))
    stamp = "2026-09-01 10:00:00"
    run = db.execute_sql
    run("INSERT INTO customer (id, name, search_key, created_at) VALUES "
        "(1, 'Ana Souza', 'ana souza', ?)", (stamp,))
    run("INSERT INTO sale (id, customer_id, sale_date, total_cents, down_payment_cents, "
        "interval, created_at) VALUES (1, 1, '2026-09-01', 20000, 0, 'monthly', ?)", (stamp,))
    for iid, due, paid, paid_date in ((1, "2026-10-01", 10000, "2026-10-02"),
                                      (2, "2026-11-02", 5000, None)):
        run("INSERT INTO installment (id, sale_id, customer_id, number, count, due_date, "
            "amount_cents, paid_cents, paid_date) VALUES (?, 1, 1, ?, 2, ?, 10000, ?, ?)",
            (iid, iid, due, paid, paid_date))
    run("INSERT INTO payment (id, customer_id, payment_date, amount_cents, method, kind, "
        "created_at) VALUES (1, 1, '2026-10-02', 15000, 'pix', 'payment', ?)", (stamp,))
    run("INSERT INTO payment (id, customer_id, payment_date, amount_cents, method, kind, "
        "created_at, reversed_at, reversal_reason) VALUES (2, 1, '2026-10-20', 5000, 'pix', "
        "'payment', ?, ?, 'engano')", (stamp, stamp))
    for pid, iid, cents in ((1, 1, 10000), (1, 2, 5000), (2, 2, 5000)):
        run("INSERT INTO allocation (payment_id, installment_id, amount_cents) "
            "VALUES (?, ?, ?)", (pid, iid, cents))
    run("INSERT INTO contact_log (id, customer_id, contact_date, action, stage_offset, "
        "stage_name, group_due, created_at) VALUES (1, 1, '2026-11-04', 'copy', 1, "
        "'Esqueceu?', '2026-11-02', ?)", (stamp,))
    run("INSERT INTO reminder_item (contact_id, customer_id, installment_id, stage_offset) "
        "VALUES (1, 1, 2, 1)")
    db.close()


def test_an_old_file_gets_what_each_installment_was_told(tmp_path):
    path = tmp_path / "caderneta_v15.sqlite3"
    _v15_file(path)
    open_database(path, today=date(2026, 11, 6))
    try:
        assert stale_installments() == {}
        rows = database.execute_sql("SELECT id, last_paid_on, reminded_offset FROM installment "
                                    "ORDER BY id").fetchall()
        assert rows == [(1, "2026-10-02", None), (2, "2026-10-02", 1)]  # the reversal: none
        # reminded at Esqueceu? on 04/11: nothing new on 06/11; at D+7 she is back
        assert todays_worklist(date(2026, 11, 6), Settings()).entries == ()
        entry, = todays_worklist(date(2026, 11, 10), Settings()).entries
        assert (entry.name, entry.stage.name, entry.total_cents) == ("Ana Souza",
                                                                     "Segundo aviso", 5000)
    finally:
        close_database()
    conn = sqlite3.connect(path)
    try:  # the worklist reads both from the open-installment index, not from the table
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT last_paid_on, reminded_offset FROM "
                            "installment INDEXED BY installment_open_customer WHERE "
                            "customer_id = 1 AND paid_cents < amount_cents "
                            "AND renegotiated = 0").fetchall()
        assert "COVERING INDEX installment_open_customer" in str(plan)
    finally:
        conn.close()
