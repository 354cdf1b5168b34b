"""Invariants of the pieces (issue 22), checked straight from the rows: what returns did to
each sale's carnê, and stock that is exactly its history. Used by the walks
(tests/walks/test_walk_pieces.py) and the demo's tests."""

from __future__ import annotations

from app.models.db import database
from app.services.pieces.stock import KIND_BUCKET, SHELF


def check_sales_after_returns() -> None:
    """Per sale (issue 22): total (with exchanged-in pieces) − Σ(return value − credit −
    refund) − entradas still standing = Σ of its installments (an entrada reversed is owed
    again as an installment of the sale). Sales an agreement touched are left to
    ``check_money``: their debt moved to the agreement."""
    rows = database.execute_sql("""
        SELECT s.id, s.total_cents,
               (SELECT COALESCE(SUM(value_cents - credit_cents - refund_cents), 0)
                FROM sale_return r WHERE r.sale_id = s.id),
               (SELECT COALESCE(SUM(amount_cents), 0) FROM payment p WHERE p.sale_id = s.id
                AND p.kind = 'down_payment' AND p.reversed_at IS NULL),
               (SELECT COALESCE(SUM(amount_cents), 0) FROM installment i
                WHERE i.sale_id = s.id AND i.agreement_id IS NULL)
        FROM sale s WHERE NOT EXISTS (SELECT 1 FROM installment i WHERE i.sale_id = s.id
                                      AND (i.renegotiated = 1 OR i.agreement_id IS NOT NULL))
    """).fetchall()
    for sale_id, total, back, down, installments in rows:
        assert total - back - down == installments, (
            f"sale {sale_id}: total {total} − returns {back} − entrada {down} "
            f"!= installments {installments}")


def check_stock() -> None:
    """Stock (issue 22): no count below zero; each variant's shelf and "com defeito" counts
    are the sums of their movements, and the last movement of each says the count now;
    every piece a sale took from the shelf, and every piece a return brought back, has its
    history row with the same quantity."""
    _counts_are_their_history()
    _every_piece_moved_has_its_row()


def _counts_are_their_history() -> None:
    shelf_kinds = tuple(str(k) for k, bucket in KIND_BUCKET.items() if bucket == SHELF)
    marks = ",".join("?" * len(shelf_kinds))
    for vid, stock, defective, on_shelf, aside, last_shelf, last_aside in database.execute_sql(
            f"""SELECT v.id, v.stock, v.defective,
               (SELECT COALESCE(SUM(quantity), 0) FROM stock_move m WHERE m.variant_id = v.id
                AND m.kind IN ({marks})),
               (SELECT COALESCE(SUM(quantity), 0) FROM stock_move m WHERE m.variant_id = v.id
                AND m.kind NOT IN ({marks})),
               (SELECT count_after FROM stock_move m WHERE m.variant_id = v.id
                AND m.kind IN ({marks}) ORDER BY m.id DESC LIMIT 1),
               (SELECT count_after FROM stock_move m WHERE m.variant_id = v.id
                AND m.kind NOT IN ({marks}) ORDER BY m.id DESC LIMIT 1)
            FROM piece_variant v""", shelf_kinds * 4):
        assert stock >= 0 and defective >= 0, f"variant {vid}: {stock} / {defective}"
        assert stock == on_shelf and defective == aside, (
            f"variant {vid}: shelf {stock} but moves say {on_shelf}; aside {defective} / {aside}")
        assert (last_shelf or 0) == stock and (last_aside or 0) == defective, (
            f"variant {vid}: the last movement does not say the count now")


def _every_piece_moved_has_its_row() -> None:
    taken = database.execute_sql("""
        SELECT i.id, i.quantity, (SELECT COALESCE(SUM(-m.quantity), 0) FROM stock_move m
                                  WHERE m.sale_item_id = i.id AND m.sale_return_id IS NULL)
        FROM sale_item i WHERE i.piece_variant_id IS NOT NULL AND i.on_order = 0""").fetchall()
    for item_id, quantity, moved in taken:
        assert quantity == moved, f"sale item {item_id}: sold {quantity}, history {moved}"
    back = database.execute_sql("""
        SELECT r.id, r.quantity, (SELECT COALESCE(SUM(m.quantity), 0) FROM stock_move m
                                  WHERE m.sale_return_id = r.sale_return_id
                                  AND m.sale_item_id = r.sale_item_id)
        FROM sale_return_item r JOIN sale_item i ON i.id = r.sale_item_id
        WHERE i.piece_variant_id IS NOT NULL AND i.on_order = 0""").fetchall()
    for row_id, quantity, moved in back:
        assert quantity == moved, f"return item {row_id}: back {quantity}, history {moved}"
    orders = database.execute_sql("""
        SELECT COUNT(*) FROM stock_move m JOIN sale_item i ON i.id = m.sale_item_id
        WHERE i.on_order = 1""").fetchone()[0]
    assert orders == 0, "an item sold sob encomenda moved the stock"
