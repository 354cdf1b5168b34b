"""A small shop with pieces for the Estoque and Mais vendidas tests: sales in October and
November, a return to the shelf, an exchange and a free-text item (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.receivables import SaleItem
from app.services import catalog, returns
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.pieces.catalog import PieceInput, VariantInput
from app.services.receivables.sales import ItemInput, PlanInput, create_sale


@dataclass(frozen=True)
class PieceShop:
    variants: dict[str, int]  # "VP", "VM", "VG", "blusa", "BP", "BM"
    ana_sale: int
    bia_sale: int


def _item(sale_id: int, variant_id: int) -> int:
    return SaleItem.get((SaleItem.sale == sale_id)
                        & (SaleItem.piece_variant_id == variant_id)).id


def make_piece_shop(today: date) -> PieceShop:
    """Vestido Lírio (P 2, M 5, G 1; cost R$ 85,00), Blusa Ana (Único 5, no cost), Biquíni
    Copacabana (P 0, M 4; cost R$ 39,00). Ana buys 2 M and a blouse on 05/10 and brings one
    M back on 12/11; Bia buys an M, a bikini M and a free-text item on 10/11 and exchanges
    the bikini for a dress P on 20/11."""
    save_settings(load_settings(), store_name="Maria Modas")
    dress = catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", cost_cents=8_500,
                                          variants=(VariantInput("P", "rosa", 2),
                                                    VariantInput("M", "rosa", 5),
                                                    VariantInput("G", "rosa", 1))), today)
    blouse = catalog.save_piece(PieceInput("Blusa Ana", 5_990, variants=(
        VariantInput("", "", 5),)), today)
    bikini = catalog.save_piece(PieceInput("Biquíni Copacabana", 8_990, "BC-07",
                                           cost_cents=3_900, variants=(
                                               VariantInput("P", "estampado", 0),
                                               VariantInput("M", "estampado", 4))), today)
    vp, vm, vg = (v.id for v in catalog.variants_of(dress))
    (b,) = (v.id for v in catalog.variants_of(blouse))
    bp, bm = (v.id for v in catalog.variants_of(bikini))
    ana = save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)
    bia = save_customer(CustomerInput("Beatriz Lima", phone="11912345678"), today)
    ana_sale = create_sale(ana, date(2026, 10, 5), [
        ItemInput("Vestido Lírio", 2, 18_990, "M rosa", piece_variant_id=vm),
        ItemInput("Blusa Ana", 1, 5_990, piece_variant_id=b)], today,
        plan=PlanInput(3, date(2026, 11, 5))).sale_id
    bia_sale = create_sale(bia, date(2026, 11, 10), [
        ItemInput("Vestido Lírio", 1, 18_990, "M rosa", piece_variant_id=vm),
        ItemInput("Biquíni Copacabana", 1, 8_990, "M estampado", piece_variant_id=bm),
        ItemInput("Saída de praia sob medida", 1, 7_000)], today,
        plan=PlanInput(2, date(2026, 12, 10))).sale_id
    returns.return_items(ana_sale, {_item(ana_sale, vm): 1}, today, day=date(2026, 11, 12),
                         reason="ficou grande")
    returns.exchange(bia_sale, {_item(bia_sale, bm): 1}, [
        ItemInput("Vestido Lírio", 1, 18_990, "P rosa", piece_variant_id=vp)], today,
        day=date(2026, 11, 20), reason="troca")
    return PieceShop({"VP": vp, "VM": vm, "VG": vg, "blusa": b, "BP": bp, "BM": bm},
                     ana_sale, bia_sale)
