"""Installments named with their purchase ("Biquíni 1/4", "Jaqueta 6/6"), the same everywhere.

A purchase is named by its first item's description; an installment by that name and its
number out of the count. Without items (old data) it is "Parcela 1/4".
"""

from __future__ import annotations

from collections.abc import Iterable

from app.models.db import database
from app.services.receivables.installments import installment_label


def installment_name(purchase: str, number: int, count: int) -> str:
    """"Biquíni 1/4" (or "Parcela 1/4" when the purchase has no description); a reversed
    entrada owed again (number 0) is "Biquíni entrada"."""
    label = installment_label(number, count)
    return f"{purchase} {label}" if purchase else f"Parcela {label}"


def purchase_names(sale_ids: Iterable[int]) -> dict[int, str]:
    """Sale id → the description of its first item (one query)."""
    ids = sorted(set(sale_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = database.execute_sql(
        f"SELECT sale_id, description FROM sale_item WHERE id IN (SELECT MIN(id) FROM sale_item "
        f"WHERE sale_id IN ({marks}) GROUP BY sale_id)", ids).fetchall()
    return {sale_id: description for sale_id, description in rows}
