"""Fixtures of the pieces room: a small catalogue and a customer who buys from it."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import catalog
from app.services.people.customers import CustomerInput, save_customer
from app.services.pieces.catalog import PieceInput, VariantInput
from app.services.receivables.sales import ItemInput, PlanInput, create_sale


@pytest.fixture
def shelf(db, today):
    """Vestido Lírio (P, M, G rosa; R$ 189,90) and Blusa Ana (Único; R$ 59,90)."""
    dress = catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", variants=(
        VariantInput("P", "rosa", 2), VariantInput("M", "rosa", 3), VariantInput("G", "rosa", 1))),
        today)
    blouse = catalog.save_piece(PieceInput("Blusa Ana", 5_990, variants=(VariantInput("", "", 5),)),
                                today)
    p, m, g = (v.id for v in catalog.variants_of(dress))
    (b,) = (v.id for v in catalog.variants_of(blouse))
    return {"P": p, "M": m, "G": g, "blusa": b}


@pytest.fixture
def ana(db, today) -> int:
    return save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)


def sell(customer: int, day: date, today: date, lines, count: int = 3, down: int = 0,
         first_due: date | None = None, **kw):
    """A sale of ``(variant id, quantity, price)`` lines in ``count`` monthly installments."""
    items = [ItemInput(f"Peça {n}", q, price, piece_variant_id=vid)
             for n, (vid, q, price) in enumerate(lines, 1)]
    plan = PlanInput(count, first_due or date(day.year + (day.month == 12),
                                              day.month % 12 + 1, 10)) if count else None
    return create_sale(customer, day, items, today, plan=plan, down_payment_cents=down, **kw)
