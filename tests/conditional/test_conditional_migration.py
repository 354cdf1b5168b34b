"""Schema step 15 (the condicional) on a file saved before it: a version-11 caderneta with a
catalogue, stock history and a sale of pieces opens with every row intact, no piece out in a
malinha, and lends pieces at once."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from peewee import SqliteDatabase

from app.models.db import close_database, open_database
from app.models.migrations import MIGRATIONS, SCHEMA_VERSION
from app.services import catalog, conditional

OLD_ROWS = ("piece", "piece_variant", "stock_move", "sale", "sale_item", "customer")


def _v11_file(path) -> None:
    """A caderneta as version 11 left it: Ana, a dress in three sizes, one sold to her."""
    db = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    for version, step in MIGRATIONS:
        if version > 11:
            break
        with db.atomic():
            step(db)
            db.execute_sql("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                           (version, "2026-10-01 10:00:00"))
    stamp = "2026-10-01 10:00:00"
    db.execute_sql("INSERT INTO customer (id, name, search_key, created_at) VALUES "
                   "(1, 'Ana Souza', 'ana souza', ?)", (stamp,))
    db.execute_sql("INSERT INTO piece (id, name, search_key, reference, price_cents, created_at)"
                   " VALUES (1, 'Vestido Lírio', 'vestido lirio p m g', 'VL-01', 18990, ?)",
                   (stamp,))
    for vid, size, count in ((1, "P", 2), (2, "M", 2), (3, "G", 1)):
        db.execute_sql("INSERT INTO piece_variant (id, piece_id, size, stock) VALUES "
                       "(?, 1, ?, ?)", (vid, size, count))
        db.execute_sql("INSERT INTO stock_move (variant_id, move_date, kind, quantity, "
                       "count_after, created_at) VALUES (?, '2026-10-01', 'opening', ?, ?, ?)",
                       (vid, count + (vid == 2), count + (vid == 2), stamp))
    db.execute_sql("INSERT INTO sale (id, customer_id, sale_date, total_cents, "
                   "down_payment_cents, interval, created_at) VALUES "
                   "(1, 1, '2026-10-02', 18990, 18990, 'upfront', ?)", (stamp,))
    db.execute_sql("INSERT INTO sale_item (id, sale_id, description, variant, quantity, "
                   "unit_price_cents, piece_variant_id) VALUES "
                   "(1, 1, 'Vestido Lírio', 'M', 1, 18990, 2)")
    db.execute_sql("INSERT INTO stock_move (variant_id, move_date, kind, quantity, count_after,"
                   " sale_item_id, note, created_at) VALUES (2, '2026-10-02', 'sale', -1, 2, 1, "
                   "'Ana Souza', ?)", (stamp,))
    db.close()


def _rows(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in OLD_ROWS}
    finally:
        conn.close()


def test_a_version_11_file_keeps_every_row_and_lends_at_once(tmp_path, today):
    path = tmp_path / "caderneta_v11.sqlite3"
    _v11_file(path)
    before = _rows(path)
    open_database(path, today=today)
    try:
        after = _rows(path)
        for table in OLD_ROWS:  # columns added by later steps are appended: old ones intact
            width = len(before[table][0])
            assert [row[:width] for row in after[table]] == before[table], table
        assert {row[-1] for row in after["piece_variant"]} == {0}  # nothing in malinhas
        assert {row[-1] for row in after["stock_move"]} == {None}  # no malinha named
        assert conditional.open_conditionals(today) == []
        k = conditional.send(1, [(2, 2)], today, return_by=today + timedelta(days=2))
        assert (catalog.stock_of(2), catalog.variant(2).in_conditional) == (0, 2)
        assert conditional.settle(k, {2: 1}, today).total_cents == 18_990
        conn = sqlite3.connect(path)
        versions = [v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY id")]
        conn.close()
        assert versions == list(range(1, SCHEMA_VERSION + 1))
    finally:
        close_database()
