"""Fixtures of the condicional room: a small catalogue and customers who take malinhas."""

from __future__ import annotations

import pytest

from app.services import catalog
from app.services.people.customers import CustomerInput, save_customer
from app.services.pieces.catalog import PieceInput, VariantInput


@pytest.fixture
def shelf(db, today):
    """Vestido Lírio (P 2, M 3, G 1 rosa; R$ 189,90), Blusa Ana (Único 5; R$ 59,90) and
    Saia Flor (M 1 azul; R$ 120,00)."""
    dress = catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", variants=(
        VariantInput("P", "rosa", 2), VariantInput("M", "rosa", 3), VariantInput("G", "rosa", 1))),
        today)
    blouse = catalog.save_piece(PieceInput("Blusa Ana", 5_990, variants=(VariantInput("", "", 5),)),
                                today)
    skirt = catalog.save_piece(PieceInput("Saia Flor", 12_000, "SF-2",
                                          variants=(VariantInput("M", "azul", 1),)), today)
    p, m, g = (v.id for v in catalog.variants_of(dress))
    (b,) = (v.id for v in catalog.variants_of(blouse))
    (s,) = (v.id for v in catalog.variants_of(skirt))
    return {"P": p, "M": m, "G": g, "blusa": b, "saia": s}


@pytest.fixture
def ana(db, today) -> int:
    return save_customer(CustomerInput("Ana Souza", phone="11987654321", cpf="52998224725",
                                       address="Rua das Flores, 12", city="Campinas"), today)


@pytest.fixture
def bia(db, today) -> int:
    return save_customer(CustomerInput("Beatriz Lima", phone="11976543210"), today)
