"""The pieces room stores her text like every other service (``text.clean_text``): no
zero-width or direction-changing characters in a piece's name, reference, notes, sizes and
colours (pasted from a supplier's site or a chat), nor in stock-move notes and return reasons.
A name with no letter is refused, as a customer's is."""

from __future__ import annotations

import pytest

from app.models.pieces import Piece, PieceVariant, SaleReturn, StockMove
from app.models.receivables import SaleItem
from app.services import catalog, returns
from app.services.core.errors import ValidationError
from app.services.pieces import stock
from app.services.pieces.catalog import PieceInput, VariantInput
from tests.pieces.conftest import sell

ZW, RLO, BOM = "\u200b", "\u202e", "\ufeff"


def _clean(text: str) -> bool:
    return not any(ch in text for ch in (ZW, RLO, BOM, "\u2066"))


def test_a_pasted_piece_is_stored_without_invisible_characters(db, today):
    piece_id = catalog.save_piece(PieceInput(
        f"Vestido {RLO}Lírio{ZW}", 18_990, f"R{ZW}1", notes=f"{RLO}forro de seda\n{BOM}lavar à mão",
        variants=(VariantInput(f"M{ZW}", f"rosa{BOM}", 2),)), today)
    piece = Piece.get_by_id(piece_id)
    assert (piece.name, piece.reference) == ("Vestido Lírio", "R1")
    assert piece.notes == "forro de seda\nlavar à mão"
    variant = PieceVariant.get(PieceVariant.piece == piece_id)
    assert (variant.size, variant.colour) == ("M", "rosa")
    assert catalog.search_variants("vestido m")  # found as she types it, not as pasted


@pytest.mark.parametrize("name", [ZW, f"{ZW}{RLO}", "123"])
def test_a_piece_name_without_a_letter_is_refused(db, today, name):
    with pytest.raises(ValidationError) as err:
        catalog.save_piece(PieceInput(name, 5_000), today)
    assert "nome" in err.value.errors["name"]
    assert Piece.select().count() == 0


def test_stock_notes_and_return_reasons_are_stored_clean(shelf, ana, today):
    stock.adjust_stock(shelf["P"], 1, f"contagem{ZW} {RLO}de dezembro", today)
    with pytest.raises(ValidationError):
        stock.adjust_stock(shelf["P"], 0, f"{ZW}{BOM}", today)  # an invisible reason is none
    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)], count=0).sale_id
    item = SaleItem.get(SaleItem.sale == sale)
    returns.return_items(sale, {item.id: 1}, today, refund="cash",
                         reason=f"ficou {RLO}apertado{ZW}")
    assert SaleReturn.get().reason == "ficou apertado"
    notes = [m.note for m in StockMove.select()]
    assert "contagem de dezembro" in notes and all(_clean(n) for n in notes)
