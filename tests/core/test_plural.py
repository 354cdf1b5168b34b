"""One plural rule for every count the app writes: "1 linha", "0 linhas", "2 saldos anteriores"."""

from __future__ import annotations

import pytest

from app.services.core.text import plural


@pytest.mark.parametrize(("count", "words", "written"), [
    (1, ("linha",), "1 linha"),
    (0, ("linha",), "0 linhas"),  # zero is plural in Portuguese
    (2, ("cliente",), "2 clientes"),
    (1, ("saldo anterior", "saldos anteriores"), "1 saldo anterior"),
    (3, ("saldo anterior", "saldos anteriores"), "3 saldos anteriores"),
    (1, ("mensagem", "mensagens"), "1 mensagem"),
    (5, ("mensagem", "mensagens"), "5 mensagens"),
    (1_234, ("cliente",), "1.234 clientes"),  # thousands grouped as she writes them
])
def test_plural(count, words, written):
    assert plural(count, *words) == written


def test_a_one_row_import_speaks_in_the_singular(db, today, tmp_path):
    from app.services.spreadsheets.import_columns import guess_mapping
    from app.services.spreadsheets.importer import preview_import, run_import
    from app.services.spreadsheets.spreadsheet_read import read_table
    from app.ui.spreadsheets.import_panel import preview_summary

    path = tmp_path / "uma.csv"
    path.write_text("Nome;Telefone;Saldo;Vencimento\nAna Lima;11 98765-4321;150,00;10/12/2026\n",
                    encoding="utf-8")
    table = read_table(path)
    preview = preview_import(table, guess_mapping(table.headers), today, "11")
    text = preview_summary(preview)
    assert text.startswith("1 linha: 1 a criar")
    assert "1 saldo anterior de R$\xa0150,00" in text and "saldos" not in text
    report = run_import(preview)
    assert report.summary().startswith("1 criada, 0 atualizadas, 0 ignoradas")
    assert "1 saldo anterior foi lançado" in report.summary()


def test_the_import_command_speaks_in_the_singular_too(tmp_path, capsys):
    from app.cli import main

    path = tmp_path / "uma.csv"
    path.write_text("Nome;Telefone\nAna Lima;11 98765-4321\n", encoding="utf-8")
    code = main(["import", str(path), "--db", str(tmp_path / "c.sqlite3"),
                 "--today", "2026-11-23"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "· 1 linha\n" in out and "1 criada," in out and "1 linhas" not in out


ONE_PIECE = "Peça;Referência;Tamanho;Cor;Quantidade;Preço\nVestido Lírio;VL-01;M;Azul;1;89,90\n"


def test_a_one_row_pieces_import_speaks_in_the_singular(db, today, tmp_path):
    from app.services.spreadsheets.import_pieces import preview_piece_import, run_piece_import
    from app.services.spreadsheets.piece_sheet import guess_piece_mapping, piece_header_score
    from app.services.spreadsheets.spreadsheet_read import read_table
    from app.ui.spreadsheets.piece_import_panel import piece_preview_summary

    path = tmp_path / "uma-peca.csv"
    path.write_text(ONE_PIECE, encoding="utf-8")
    table = read_table(path, score=piece_header_score)
    preview = preview_piece_import(table, guess_piece_mapping(table.headers), today)
    text = piece_preview_summary(preview)
    assert text.startswith("1 linha: 1 a criar"), text
    assert "1 peça nova, 1 variação nova, 1 unidade no estoque." in text
    assert "linhas:" not in text and "peças" not in text and "unidades" not in text
    summary = run_piece_import(preview).summary()
    assert summary.startswith("1 peça nova no catálogo, 1 variação nova (tamanho e cor) com "
                              "1 unidade em estoque"), summary


def test_the_pieces_import_command_speaks_in_the_singular_too(tmp_path, capsys):
    from app.cli import main

    path = tmp_path / "uma-peca.csv"
    path.write_text(ONE_PIECE, encoding="utf-8")
    code = main(["import", "--pecas", str(path), "--db", str(tmp_path / "c.sqlite3"),
                 "--today", "2026-11-23"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "· 1 linha\n" in out and "1 linhas" not in out
    assert "1 peça nova no catálogo" in out and "1 unidade em estoque" in out


def test_counts_elsewhere_speak_in_the_singular():
    from app.ui.collection.channel_widgets import sms_count_text

    assert sms_count_text("a") == "1 caractere · 1 SMS"
    assert sms_count_text("") == "0 caracteres"
