"""What an installment stores about its own history for the reads' sake, and the check that
recomputes it (issue 18, schema v16).

Cobranças de hoje asks, for every open installment, what she was already told about it: the
most advanced stage of a reminder that listed it, and the days from due on the latest payment
that paid part of it (a payment counts as being told about the stage it reached). Reading
both from ``reminder_item`` and ``allocation``/``payment`` cost two lookups per installment;
they are stored on the installment instead:

- ``last_paid_on``: the date of the latest valid payment (kind ``payment``, not reversed,
  not a credit use) with an allocation on it; NULL when none. Written by ``ledger.settle``
  with ``paid_cents`` (every payment, reversal, sale, return, agreement and its undo,
  import and acerto re-applies her money through it, in the write's own transaction).
  A renegotiated installment keeps the value it had (the ledger leaves it alone, as it does
  its ``paid_cents``) and takes no part in any list.
- ``reminded_offset``: the largest ``stage_offset`` of the ``reminder_item`` rows that
  name it; NULL when none. Written by ``remember_reminded`` right after reminder items are
  added (``worklist._remember``) or removed (``contacts.undo_contact``), in the same
  transaction.

``STORED_INVARIANTS`` states both as queries that return the ids whose stored value differs
from the rows it comes from (empty when all is well): the date walks and the kill drill run
them; ``stale_installments`` runs them from the services.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.models.db import database
from app.services.core.sql import flag

_LAST_PAID_ON = """(SELECT MAX(p.payment_date) FROM allocation a
    JOIN payment p ON p.id = a.payment_id
    WHERE a.installment_id = i.id AND p.kind = 'payment' AND p.reversed_at IS NULL)"""
_REMINDED = "(SELECT MAX(r.stage_offset) FROM reminder_item r WHERE r.installment_id = i.id)"

STORED_INVARIANTS = {
    "last_paid_on = latest live payment on it": f"""
        SELECT i.id FROM installment i
        WHERE {flag('i.renegotiated', False)} AND i.last_paid_on IS NOT {_LAST_PAID_ON}""",
    "reminded_offset = most advanced reminder of it": f"""
        SELECT i.id FROM installment i WHERE i.reminded_offset IS NOT {_REMINDED}""",
}


def remember_reminded(installment_ids: Iterable[int]) -> None:
    """Recompute ``reminded_offset`` of these installments from their reminder items. Call
    inside the transaction that added or removed those items."""
    ids = sorted(set(installment_ids))
    for start in range(0, len(ids), 500):  # well under SQLite's variable limit
        chunk = ids[start:start + 500]
        database.execute_sql(
            f"UPDATE installment AS i SET reminded_offset = {_REMINDED} "
            f"WHERE i.id IN ({', '.join('?' * len(chunk))})", chunk)


def recompute_stored() -> None:
    """Both stored values of every installment that has allocations or reminder items, from
    those rows (for writers that insert such rows in bulk, such as the demo; inside their
    transaction). Installments without any keep NULL, which is right for them."""
    database.execute_sql(
        f"UPDATE installment AS i SET last_paid_on = {_LAST_PAID_ON} "
        "WHERE i.id IN (SELECT installment_id FROM allocation)")
    database.execute_sql(
        f"UPDATE installment AS i SET reminded_offset = {_REMINDED} "
        "WHERE i.id IN (SELECT installment_id FROM reminder_item)")


def stale_installments() -> dict[str, list[int]]:
    """Each stored value of the module docstring whose installments disagree with the rows
    it comes from → those installment ids (empty when every value is right)."""
    found = {}
    for name, sql in STORED_INVARIANTS.items():
        if ids := [r[0] for r in database.execute_sql(sql).fetchall()]:
            found[name] = ids
    return found
