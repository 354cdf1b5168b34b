"""``import --pecas`` and ``export pecas``: the same output shape and exit codes as the
customers' commands, nothing written on a bad file or a dry run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import load_workbook

from app.cli import main
from tests.places import DATA

IMPORTS = DATA / "import"
TODAY = ["--today", "2026-11-23"]


def _variants(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT p.name, v.size, v.colour, v.stock FROM piece_variant v "
                            "JOIN piece p ON p.id = v.piece_id ORDER BY v.id").fetchall()
    finally:
        conn.close()


def test_import_pecas_prints_the_bad_rows_and_the_summary(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    code = main(["import", "--pecas", str(IMPORTS / "pecas_ruins.xlsx"), "--db", str(db), *TODAY])
    out = capsys.readouterr().out
    assert code == 0
    assert "pecas_ruins.xlsx · aba “Peças” · cabeçalho na linha 1 · 10 linhas" in out
    assert "linha 4: erro — Estoque negativo (-2)" in out
    assert "linha 6: erro — A referência BA-1 já é de “Blusa Ana” (linha 2)" in out
    assert "linha 10: ignorar — Repete a linha 2" in out
    assert "linha 2:" not in out and "linha 5:" not in out  # plain creations are not listed
    assert out.strip().endswith("2 peças novas no catálogo, 2 variações novas (tamanho e cor) "
                                "com 5 unidades em estoque; linhas: 0 atualizadas, 1 "
                                "ignorada, 7 com erro.")
    assert _variants(db) == [("Blusa Ana", "P", "branco", 3), ("Short Jeans", "38", "azul", 2)]


def test_dry_run_writes_nothing_and_a_second_import_adds_nothing(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    assert main(["import", "--pecas", str(IMPORTS / "pecas_ruins.xlsx"), "--db", str(db),
                 *TODAY]) == 0
    before = _variants(db)
    assert main(["import", "--pecas", str(IMPORTS / "pecas.ods"), "--db", str(db), "--dry-run",
                 *TODAY]) == 0
    assert "Simulação: nada foi gravado." in capsys.readouterr().out
    assert _variants(db) == before
    assert main(["import", "--pecas", str(IMPORTS / "pecas.ods"), "--db", str(db), *TODAY]) == 0
    first = _variants(db)
    assert len(first) == len(before) + 10
    capsys.readouterr()
    assert main(["import", "--pecas", str(IMPORTS / "pecas.xlsx"), "--db", str(db), *TODAY]) == 0
    assert "linhas: 0 atualizadas, 10 ignoradas, 0 com erro." in capsys.readouterr().out
    assert _variants(db) == first


def test_a_customer_list_is_refused_in_one_line_with_exit_2(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    code = main(["import", "--pecas", str(IMPORTS / "mesma_planilha.xlsx"), "--db", str(db),
                 *TODAY])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "não tem coluna de preço nem de quantidade" in err and "sem --pecas" in err
    assert not db.exists()


def test_export_pecas_then_import_it_again(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    assert main(["import", "--pecas", str(IMPORTS / "pecas.xlsx"), "--db", str(db), *TODAY]) == 0
    out = tmp_path / "catalogo.xlsx"
    assert main(["export", "pecas", str(out), "--db", str(db), *TODAY]) == 0
    assert "Peças: 10" in capsys.readouterr().out
    sheet = load_workbook(out)["Peças"]
    assert [c.value for c in sheet[1]] == ["Peça", "Referência", "Tamanho", "Cor", "Estoque",
                                           "Com defeito", "Preço", "Custo"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert ["Biquíni Copacabana", "BC-07", "P", "estampado", 4, 0] == rows[0][:6]
    assert float(rows[0][6]) == 89.9 and sheet["G2"].number_format == '"R$" #,##0.00'
    assert main(["import", "--pecas", str(out), "--db", str(db), *TODAY]) == 0
    assert "0 peças novas no catálogo" in capsys.readouterr().out
