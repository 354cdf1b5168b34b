"""Every page, tab and dialog of the app, by the name of its screen (tests and screenshots).

``DIALOGS`` maps each dialog class to a factory; ``dialog_classes()`` finds every QDialog
subclass in ``app/ui`` by reading the source, so a new dialog cannot be forgotten: the fitting
test fails until it has a factory here.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "app" / "ui"


def dialog_classes() -> set[str]:
    """Names of the classes in app/ui that derive (directly or not) from QDialog."""
    bases: dict[str, set[str]] = {}
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                                    for b in node.bases}
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in found and parents & ({"QDialog"} | found):
                found.add(name)
                changed = True
    return found


@dataclass(frozen=True)
class Screen:
    file: str  # the screenshot's name, after the screen
    make: Callable  # (parent, today, customer_id) -> the dialog


def _sale(parent, today, cid):
    from app.ui.receivables.sale_dialog import SaleDialog

    return SaleDialog(today, cid, parent)


def _sale_empty(parent, today, cid):
    from app.ui.receivables.sale_dialog import SaleDialog

    return SaleDialog(today, None, parent)


def _payment(parent, today, cid):
    from app.ui.receivables.payment_dialog import PaymentDialog

    return PaymentDialog(cid, today, parent)


def _customer(parent, today, cid):
    from app.ui.people.customer_dialog import CustomerDialog

    return CustomerDialog(today, "11", cid, parent)


def _new_customer(parent, today, cid):
    from app.ui.people.customer_dialog import CustomerDialog

    return CustomerDialog(today, "11", None, parent)


def _pix(parent, today, cid):
    from app.services.configuration.settings import load_settings
    from app.ui.collection.pix_dialog import PixDialog

    key = load_settings().pix_key or "loja@example.com"
    from app.services.br.pix import build_payload

    payload = build_payload(key, "Loja da Natalia", "Campinas", 12_345, "CAD1")
    return PixDialog(payload, 12_345, "Parcelas 1/3 e 2/3 · Vestido midi floral", parent)


def _promise(parent, today, cid):
    from app.ui.collection.worklist_page import PromiseDialog

    return PromiseDialog("Natália Souza", today, parent)


def _picker(parent, today, cid):
    from app.ui.kit.customer_picker import CustomerPickerDialog

    return CustomerPickerDialog(today, parent, owing_only=True)


def _agreement(parent, today, cid):
    from app.ui.negotiation.agreement_dialog import AgreementDialog

    return AgreementDialog(cid, today, parent)


def _welcome(parent, today, cid):
    from app.ui.shell.welcome_dialog import WelcomeDialog

    return WelcomeDialog(parent)


def _a_piece(today) -> int:
    """A piece of the catalogue with a grid (made when the file has none): issue 22."""
    from app.services import catalog
    from app.services.pieces.catalog import PieceInput, VariantInput
    from app.services.pieces.piece_list import list_pieces

    rows = list_pieces()
    if rows:
        return max(rows, key=lambda r: r.variant_count).id
    return catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", variants=tuple(
        VariantInput(size, colour, n % 4) for n, (size, colour) in enumerate(
            (s, c) for c in ("rosa", "preto") for s in ("P", "M", "G", "GG")))), today)


def _piece(parent, today, cid):
    from app.ui.pieces.piece_dialog import PieceDialog

    return PieceDialog(today, _a_piece(today), parent)


def _new_piece(parent, today, cid):
    from app.ui.pieces.piece_dialog import PieceDialog

    return PieceDialog(today, None, parent)


def _entry(parent, today, cid):
    from app.ui.pieces.stock_dialogs import StockEntryDialog

    return StockEntryDialog(_a_piece(today), today, parent)


def _count(parent, today, cid):
    from app.ui.pieces.stock_dialogs import StockCountDialog

    return StockCountDialog(_a_piece(today), today, parent)


def _defective(parent, today, cid):
    from app.ui.pieces.stock_dialogs import DefectiveDialog

    return DefectiveDialog(_a_piece(today), today, parent)


def _history(parent, today, cid):
    from app.ui.pieces.history_dialog import StockHistoryDialog

    return StockHistoryDialog(_a_piece(today), parent)


def _return(parent, today, cid):
    from app.models.receivables import Sale
    from app.ui.pieces.return_dialog import ReturnDialog

    sale = Sale.select().where(Sale.customer == cid).order_by(Sale.id.desc()).first()
    return ReturnDialog(sale.id, today, parent)


def _exchange(parent, today, cid):
    from app.models.receivables import Sale
    from app.ui.pieces.return_dialog import ReturnDialog

    sale = Sale.select().where(Sale.customer == cid).order_by(Sale.id.desc()).first()
    return ReturnDialog(sale.id, today, parent, exchange=True)


def _all_back(parent, today, cid):
    """The returns dialog's empty state: a sale (à vista) whose every piece came back."""
    from app.models.receivables import SaleItem
    from app.services import returns
    from app.services.receivables.sales import ItemInput, create_sale
    from app.ui.pieces.return_dialog import ReturnDialog

    sale = create_sale(cid, today, [ItemInput("Saia midi", 1, 12_990, "M verde"),
                                    ItemInput("Blusa Ana", 2, 5_990, "Único")], today).sale_id
    lines = SaleItem.select().where(SaleItem.sale == sale)
    returns.return_items(sale, {i.id: i.quantity for i in lines}, today, refund="cash",
                         reason="Desistiu da compra")
    return ReturnDialog(sale, today, parent)


def _conditional(parent, today, cid):
    from app.ui.conditional.conditional_dialog import ConditionalDialog

    return ConditionalDialog(today, cid, parent)


def _sample_malinha(today, cid) -> int:
    """Her open malinha, or one sent now with a sample piece (issue 23)."""
    from app.services import catalog, conditional
    from app.services.pieces.catalog import PieceInput, VariantInput

    mine = conditional.open_conditionals(today, cid)
    if mine:
        return mine[0].id
    found = [v for v in catalog.search_variants("") if v.stock >= 2]
    if not found:
        piece = catalog.save_piece(PieceInput("Vestido Lírio", 18_990, variants=(
            VariantInput("M", "rosa", 3), VariantInput("G", "rosa", 2))), today)
        found = catalog.variants_of(piece)
    return conditional.send(cid, [(v.id, 1) for v in found[:2]], today)


def _settle(parent, today, cid):
    from app.ui.conditional.settle_dialog import SettleDialog

    return SettleDialog(_sample_malinha(today, cid), today, parent)


DIALOGS: dict[str, list[Screen]] = {
    "SaleDialog": [Screen("dialogo_nova_venda", _sale),
                   Screen("dialogo_nova_venda_sem_cliente", _sale_empty)],
    "PaymentDialog": [Screen("dialogo_receber_pagamento", _payment)],
    "CustomerDialog": [Screen("dialogo_nova_cliente", _new_customer),
                       Screen("dialogo_editar_cliente", _customer)],
    "PixDialog": [Screen("dialogo_pix", _pix)],
    "PromiseDialog": [Screen("dialogo_prometeu_pagar", _promise)],
    "CustomerPickerDialog": [Screen("dialogo_escolher_cliente", _picker)],
    "WelcomeDialog": [Screen("dialogo_boas_vindas", _welcome)],
    "AgreementDialog": [Screen("dialogo_propor_acordo", _agreement)],
    # issue 22: Peças and returns
    "PieceDialog": [Screen("dialogo_nova_peca", _new_piece),
                    Screen("dialogo_editar_peca", _piece)],
    "_StockDialog": [],  # the base of the three below, never shown alone
    "StockEntryDialog": [Screen("dialogo_entrada_de_pecas", _entry)],
    "StockCountDialog": [Screen("dialogo_ajustar_estoque", _count)],
    "DefectiveDialog": [Screen("dialogo_pecas_com_defeito", _defective)],
    "StockHistoryDialog": [Screen("dialogo_historico_do_estoque", _history)],
    "ReturnDialog": [Screen("dialogo_devolucao", _return),
                     Screen("dialogo_troca", _exchange),
                     Screen("dialogo_devolucao_tudo_voltou", _all_back)],  # after: a new sale
    # issue 23: the condicional
    "ConditionalDialog": [Screen("dialogo_nova_condicional", _conditional)],  # issue 23
    "SettleDialog": [Screen("dialogo_acertar_condicional", _settle)],
}

# Pages of the main window (navigation name → screenshot name); tabs are listed below.
PAGE_FILES = {
    "Painel": "painel",
    "Clientes": "clientes",
    "Cobranças de hoje": "cobrancas_de_hoje",
    "Em atraso": "em_atraso",
    "Acordos": "acordos",
    "Peças": "pecas",
    "Condicionais": "condicionais",
    "Relatórios": "relatorios",
    "Importar/Exportar": "importar_exportar",
    "Configurações": "configuracoes",
}
SETTINGS_TAB_FILES = {
    "Loja": "config_loja",
    "Multa e juros": "config_multa_e_juros",
    "Régua e mensagens": "config_regua",
    "Pix": "config_pix",
    "Backup": "config_backup",
}


def page_file(name: str) -> str:
    """The screenshot name of a page (pages added by other issues get a derived one)."""
    from app.services.core.text import fold

    return PAGE_FILES.get(name) or fold(name).replace("/", "_").replace(" ", "_")


def tab_file(name: str) -> str:
    from app.services.core.text import fold

    return SETTINGS_TAB_FILES.get(name) or "config_" + fold(name).replace(" ", "_")


def all_dialogs(parent, today: date, customer_id: int):
    """(screenshot name, dialog) for every dialog, built on the open database."""
    for screens in DIALOGS.values():
        for screen in screens:
            yield screen.file, screen.make(parent, today, customer_id)
