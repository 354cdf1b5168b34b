"""Fixtures of the receivables room: Ana, and her sale of R$ 300,00 in three installments."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale


@pytest.fixture
def ana(db, today) -> int:
    return save_customer(CustomerInput("Ana Souza"), today)


@pytest.fixture
def sale(ana, today):
    """R$ 300,00 in 3x R$ 100,00 due 01/10, 01/11, 01/12 (sold 15/09)."""
    return create_sale(ana, date(2026, 9, 15), [ItemInput("Vestido", 1, 30000)], today,
                       plan=PlanInput(3, date(2026, 10, 1)))
