"""Importing pieces from real spreadsheets (saved by LibreOffice): one row per variant, rows of
a piece joined into its grid, each bad row with its own answer, nothing half-imported, and a
second import (or the app's own export) adding nothing twice."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from app.models.db import database
from app.models.pieces import Piece, PieceVariant, StockMove
from app.services import catalog, returns
from app.services.core.progress import Cancelled
from app.services.pieces.catalog import PieceInput, VariantInput
from app.services.pieces.stock import MoveKind, history
from app.services.spreadsheets.exporter import ExportKind, export_xlsx
from app.services.spreadsheets.import_pieces import (
    MissingPieceName,
    import_piece_table,
    mapping_problem,
    preview_piece_import,
)
from app.services.spreadsheets.import_plan import Action
from app.services.spreadsheets.piece_sheet import (
    PieceField,
    RowError,
    clean_count,
    guess_piece_mapping,
    piece_header_score,
)
from app.services.spreadsheets.spreadsheet_read import read_table
from tests.places import DATA

IMPORTS = DATA / "import"


def _table(path, sheet=None):
    return read_table(path, sheet, score=piece_header_score)


def _import(path, today, sheet=None):
    table = _table(path, sheet)
    rows = []
    report = import_piece_table(table, guess_piece_mapping(table.headers), today,
                                on_row=rows.append)
    return report, {r.number: r for r in rows}


def _grid(name: str) -> list[tuple[str, str, int]]:
    piece = Piece.get(Piece.name == name)
    return [(v.size, v.colour, v.stock) for v in catalog.variants_of(piece.id)]


def _catalogue_rows() -> list[tuple]:
    """Everything the import could touch, as plain rows (for "nothing changed")."""
    return [database.execute_sql(sql).fetchall() for sql in (
        "SELECT id, name, reference, price_cents, cost_cents, search_key, archived FROM piece",
        "SELECT id, piece_id, size, colour, stock, defective, archived FROM piece_variant",
        "SELECT id, variant_id, kind, quantity, count_after FROM stock_move")]


@pytest.mark.parametrize("name", ["pecas.xlsx", "pecas.ods"])
def test_a_libreoffice_stock_list_becomes_pieces_with_their_grid(db, today, name):
    table = _table(IMPORTS / name)
    assert (table.sheet, table.header_row, table.row_count) == ("Estoque", 3, 10)  # not Clientes
    report, rows = _import(IMPORTS / name, today)
    assert (report.pieces, report.variants, report.stock) == (5, 10, 21)
    assert (report.created, report.updated, report.skipped, report.errors) == (10, 0, 0, 0)
    assert _grid("Vestido Lírio") == [("P", "rosa", 2), ("M", "rosa", 3), ("G", "preto", 1)]
    assert _grid("Calça Jeans Skinny") == [("36", "azul", 1), ("38", "azul", 2), ("40", "azul", 0)]
    assert _grid("Kimono de Seda") == [("", "", 1)]  # no size, no colour: "Único"
    assert _grid("Saia Midi Plissada") == [("", "verde", 2)]  # "Único" written as the size
    prices = {p.name: (p.reference, p.price_cents, p.cost_cents) for p in Piece.select()}
    assert prices["Vestido Lírio"] == ("VL-01", 18_990, 8_500)  # "R$ 189,90" and 189.9
    assert prices["Biquíni Copacabana"] == ("BC-07", 8_990, 3_900)  # "89,90", "R$ 39,00"
    assert prices["Saia Midi Plissada"] == ("SM-02", 11_990, 5_250)
    assert prices["Kimono de Seda"] == ("", 12_990, None)
    m = catalog.variants_of(Piece.get(Piece.name == "Vestido Lírio").id)[1]
    (opening,) = history(m.id)  # the file's quantity is the variant's opening stock
    assert (opening.kind, opening.quantity, opening.day) == (MoveKind.OPENING, 3, today)
    assert [v.name for v in catalog.search_variants("calca 38")] == ["Calça Jeans Skinny 38 azul"]
    assert rows[5].code == "new_variant" and "da linha 4" in rows[5].reason


def test_importing_the_same_file_again_adds_nothing(db, today):
    _import(IMPORTS / "pecas.xlsx", today)
    before = _catalogue_rows()
    report, rows = _import(IMPORTS / "pecas.ods", today)  # the same list, saved as .ods
    assert (report.pieces, report.variants, report.stock, report.skipped) == (0, 0, 0, 10)
    assert {r.code for r in rows.values()} == {"exists"}
    assert "Já está no catálogo (Vestido Lírio M rosa, 3 em estoque): nada muda." == rows[5].reason
    assert _catalogue_rows() == before


def test_the_stock_of_a_variant_already_there_is_never_changed_by_a_file(db, today, tmp_path):
    """She sold one M since the first import: the file still says 3, the shelf keeps 2, and
    the preview says how to add pieces that arrived."""
    _import(IMPORTS / "pecas.xlsx", today)
    m = catalog.variants_of(Piece.get(Piece.name == "Vestido Lírio").id)[1]
    catalog_stock = catalog.stock_of(m.id)
    from app.services.pieces.stock import adjust_stock

    adjust_stock(m.id, 2, "vendida na feira", today)
    report, rows = _import(IMPORTS / "pecas.xlsx", today)
    assert catalog.stock_of(m.id) == 2 != catalog_stock
    assert rows[5].action is Action.SKIP and rows[5].warned
    assert "A planilha diz 3: o estoque não muda" in rows[5].reason
    assert "Entrada de peças" in rows[5].reason
    assert [n for n, r in rows.items() if r.warned] == [5] and report.skipped == 10


def test_bad_rows_get_their_own_answer_and_the_good_ones_are_imported(db, today):
    report, rows = _import(IMPORTS / "pecas_ruins.xlsx", today)
    got = {n: (r.action, r.code) for n, r in rows.items()}
    assert got == {
        2: (Action.CREATE, "new_piece"),
        3: (Action.ERROR, "no_name"),
        4: (Action.ERROR, "negative"),
        5: (Action.CREATE, "new_piece"),  # price "R$ 89,90" is read, not refused
        6: (Action.ERROR, "duplicate_reference"),
        7: (Action.ERROR, "not_whole"),  # 2,5 pieces
        8: (Action.ERROR, "bad_price"),  # "consultar"
        9: (Action.ERROR, "no_price"),  # a new piece without a price
        10: (Action.SKIP, "repeat"),  # the same variant as row 2: not added twice
        11: (Action.ERROR, "not_whole"),  # "dois"
    }
    assert "A referência BA-1 já é de “Blusa Ana” (linha 2)" in rows[6].reason
    assert rows[4].name == "Blusa Ana" and "negativo (-2)" in rows[4].reason
    assert rows[10].reason.startswith("Repete a linha 2 (Blusa Ana P branco)")
    short = Piece.get(Piece.name == "Short Jeans")
    assert (short.price_cents, short.cost_cents) == (8_990, 4_000)
    assert _grid("Blusa Ana") == [("P", "branco", 3)]  # 3, not 6
    assert Piece.select().count() == 2 and report.errors == 7
    assert [r[2] for r in report.rejected] == ["erro", "erro", "erro", "erro", "erro", "erro",
                                               "ignorar", "erro"]


def test_nothing_is_half_imported_when_she_cancels_or_the_import_fails(db, today, monkeypatch):
    table = _table(IMPORTS / "pecas.xlsx")
    mapping = guess_piece_mapping(table.headers)

    def cancel_at_the_end(done, total=None, text=""):
        if text == "Gravando…":
            raise Cancelled()

    with pytest.raises(Cancelled):
        import_piece_table(table, mapping, today, cancel_at_the_end)
    assert Piece.select().count() == PieceVariant.select().count() == 0
    from app.services.spreadsheets import import_pieces

    calls = []

    def broken_move(*args, **kwargs):
        calls.append(1)
        if len(calls) == 6:
            raise sqlite3.OperationalError("disk I/O error")
        return original(*args, **kwargs)

    from app.services.pieces import stock

    original = stock.move
    monkeypatch.setattr(stock, "move", broken_move)
    with pytest.raises(sqlite3.OperationalError):
        import_pieces.import_piece_table(table, mapping, today)
    assert Piece.select().count() == StockMove.select().count() == 0


def test_a_piece_already_in_the_catalogue_gets_new_sizes_and_its_empty_reference_and_cost(
        db, today, tmp_path):
    from openpyxl import Workbook

    dress = catalog.save_piece(PieceInput("Vestido Lírio", 17_990, variants=(
        VariantInput("P", "Rosa", 2),)), today)
    wb = Workbook()
    for row in (["Peça", "Ref", "Tam", "Cor", "Qtd", "Preço", "Custo"],
                ["vestido lirio", "VL-01", "p", "rosa", 5, 189.9, 85],
                ["Vestido Lírio", "VL-01", "M", "rosa", 3, 189.9, 85]):
        wb.active.append(row)
    wb.save(tmp_path / "fornecedor.xlsx")
    report, rows = _import(tmp_path / "fornecedor.xlsx", today)
    assert (rows[2].action, rows[2].code) == (Action.UPDATE, "filled")
    assert "Referência VL-01 anotada na peça. Custo R$\xa085,00 anotado na peça." in rows[2].reason
    assert "Preço R$\xa0189,90 nesta linha: a peça fica com R$\xa0179,90 (no catálogo)" in \
        rows[2].reason
    assert (rows[3].action, rows[3].code) == (Action.CREATE, "new_variant")
    piece = Piece.get_by_id(dress)
    assert (piece.reference, piece.cost_cents, piece.price_cents) == ("VL-01", 8_500, 17_990)
    assert _grid("Vestido Lírio") == [("P", "Rosa", 2), ("M", "rosa", 3)]
    assert Piece.select().count() == 1 and report.pieces == 0 and report.variants == 1
    assert [v.grid_label for v in catalog.search_variants("vl-01 m")] == ["M rosa"]


def test_a_reference_of_another_piece_in_the_catalogue_is_refused(db, today, tmp_path):
    from openpyxl import Workbook

    catalog.save_piece(PieceInput("Blusa Ana", 5_990, "BA-1"), today)
    catalog.save_piece(PieceInput("Blusa básica", 3_990, "B1"), today)
    catalog.save_piece(PieceInput("Blusa Básica", 4_990, "B2"), today)
    archived = catalog.save_piece(PieceInput("Saia Antiga", 4_990), today)
    catalog.archive_piece(archived)
    wb = Workbook()
    for row in (["Peça", "Código", "Tamanho", "Estoque", "Preço"],
                ["Regata", "ba-1", "M", 1, 39.9],
                ["Blusa básica", None, "G", 1, 39.9],
                ["Saia antiga", None, "M", 4, 49.9]):
        wb.active.append(row)
    wb.save(tmp_path / "lista.xlsx")
    _, rows = _import(tmp_path / "lista.xlsx", today)
    assert (rows[2].code, rows[3].code, rows[4].code) == ("duplicate_reference",
                                                          "ambiguous_name", "archived")
    assert "(no catálogo)" in rows[2].reason and rows[4].action is Action.SKIP
    assert Piece.select().count() == 4


def test_a_later_row_with_another_price_keeps_the_first_and_says_so(db, today, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    for row in (["Produto", "Tamanho", "Quantidade", "Preço", "Com defeito"],
                ["Maiô Ipanema", "M", 2, 129.9, None], ["Maiô Ipanema", "GG", 1, 139.9, 2]):
        wb.active.append(row)
    wb.save(tmp_path / "maio.xlsx")
    report, rows = _import(tmp_path / "maio.xlsx", today)
    assert rows[3].action is Action.CREATE and rows[3].warned
    assert ("Preço R$\xa0139,90 nesta linha: a peça fica com R$\xa0129,90 (linha 2)"
            in rows[3].reason)
    assert "2 com defeito não entram no estoque" in rows[3].reason
    assert Piece.get().price_cents == 12_990 and _grid("Maiô Ipanema")[1] == ("GG", "", 1)


def test_round_trip_export_then_import_changes_nothing(db, today, tmp_path):
    from tests.pieces.conftest import sell

    _import(IMPORTS / "pecas.xlsx", today)
    from app.services.people.customers import CustomerInput, save_customer

    ana = save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)
    lirio = catalog.variants_of(Piece.get(Piece.name == "Vestido Lírio").id)
    sale = sell(ana, today, today, [(lirio[0].id, 2, 18_990)])
    item = database.execute_sql("SELECT id FROM sale_item WHERE sale_id = ?",
                                (sale.sale_id,)).fetchone()[0]
    returns.return_items(sale.sale_id, {item: 1}, today, defective=[item])  # one aside
    export_xlsx(ExportKind.PIECES, tmp_path / "pecas.xlsx", today)
    before = _catalogue_rows()
    report, rows = _import(tmp_path / "pecas.xlsx", today)
    assert report.skipped == report.rows == 10 and _catalogue_rows() == before
    assert rows[2].reason.startswith("Já está no catálogo")
    # into an empty caderneta: the same catalogue back (what is aside is not stock)
    from app.models.db import close_database, open_database

    close_database()
    open_database(tmp_path / "nova.sqlite3", today=today)
    try:
        report, rows = _import(tmp_path / "pecas.xlsx", today)
        assert (report.pieces, report.variants, report.errors) == (5, 10, 0)
        assert _grid("Vestido Lírio") == [("P", "rosa", 0), ("M", "rosa", 3), ("G", "preto", 1)]
        assert "1 com defeito não entra no estoque" in next(
            r.reason for r in rows.values() if r.name == "Vestido Lírio" and r.size == "P")
        assert {(p.name, p.reference, p.price_cents, p.cost_cents) for p in Piece.select()} == \
            {(r[1], r[2], r[3], r[4]) for r in before[0]}
    finally:
        close_database()


def test_a_csv_from_excel_in_portuguese(db, today, tmp_path):
    path = tmp_path / "estoque.csv"
    path.write_bytes("Descrição;Cód;Numeração;Cor;Qtde;Valor\r\n"
                     "Sandália Rasteira;SR-5;35;caramelo;2;R$\xa079,90\r\n"
                     "Sandália Rasteira;SR-5;36;caramelo;3;R$\xa079,90\r\n".encode("cp1252"))
    report, _ = _import(path, today)
    assert report.variants == 2 and _grid("Sandália Rasteira") == [("35", "caramelo", 2),
                                                                    ("36", "caramelo", 3)]
    assert Piece.get().price_cents == 7_990


@pytest.mark.parametrize("headers, expected", [
    (("Peça", "Código", "Tam", "Cor", "Estoque", "Valor", "Custo"),
     "name reference size colour quantity price cost"),
    (("Produto", "Referência", "Tamanho", "Cores", "Qtde", "Preço de venda", "Preço de custo"),
     "name reference size colour quantity price cost"),
    (("Descrição", "Cód.", "Numeração", "Código de barras", "Quantidade", "Preço", "Valor total",
      "Com defeito", "Fornecedor"),
     "name reference size ignore quantity price ignore defective ignore"),
    (("Nome", "Ref", "Qtd", "Valor", "Valor"), "name reference quantity price ignore"),
])
def test_header_synonyms(headers, expected):
    assert " ".join(guess_piece_mapping(headers)) == expected


@pytest.mark.parametrize("cell, count", [(2.0, 2), ("3", 3), ("3,0", 3), ("", 0), (None, 0),
                                         (12, 12)])
def test_whole_quantities(cell, count):
    assert clean_count(cell) == count


@pytest.mark.parametrize("cell, code", [(2.5, "not_whole"), ("2,5", "not_whole"),
                                        ("dois", "not_whole"), (-1, "negative"),
                                        ("-3", "negative"), (True, "not_whole"),
                                        (10_000, "too_many")])
def test_quantities_that_are_not_a_count_of_pieces(cell, code):
    with pytest.raises(RowError) as caught:
        clean_count(cell)
    assert caught.value.code == code


def test_a_list_without_name_or_without_price_and_quantity_is_explained(db, today):
    customers = read_table(IMPORTS / "mesma_planilha.xlsx", score=piece_header_score)
    problem = mapping_problem(customers, guess_piece_mapping(customers.headers))
    assert problem.startswith("A planilha não tem coluna de preço nem de quantidade")
    no_name = (PieceField.IGNORE,) * len(customers.headers)
    assert "Escolha qual coluna é o nome da peça" in mapping_problem(customers, no_name)
    with pytest.raises(MissingPieceName):
        preview_piece_import(customers, no_name, today)
    assert Piece.select().count() == 0


def test_the_preview_writes_nothing_and_says_what_the_import_will_do(db, today):
    table = _table(IMPORTS / "pecas_ruins.xlsx")
    preview = preview_piece_import(table, guess_piece_mapping(table.headers), date(2026, 11, 23))
    assert Piece.select().count() == 0
    assert preview.report.dry_run and preview.report.summary().endswith(
        "Simulação: nada foi gravado.")
    assert [r.number for r in preview.rows] == list(range(2, 12))
    report, _ = _import(IMPORTS / "pecas_ruins.xlsx", today)
    assert (report.created, report.skipped, report.errors) == (
        preview.report.created, preview.report.skipped, preview.report.errors)
