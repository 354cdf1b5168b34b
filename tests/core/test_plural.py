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
