"""The import and export commands: summary printed, exit codes, nothing written on a bad file."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from app.cli import main
from tests.places import DATA

IMPORTS = DATA / "import"
TODAY = ["--today", "2026-11-23"]


def _customers(db_path: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customer ORDER BY name")]
    finally:
        conn.close()


def test_import_prints_the_summary_and_bad_rows_and_exits_0(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    code = main(["import", str(IMPORTS / "mesma_planilha.xlsx"), "--db", str(db), *TODAY])
    out = capsys.readouterr().out
    assert code == 0
    assert "aba “Clientes” · cabeçalho na linha 4" in out
    assert "linha 9: erro — Linha sem nome" in out
    assert "3 criadas, 0 atualizadas, 0 ignoradas, 1 com erro." in out
    assert _customers(db) == ["Ana Souza", "Joana 💃 Lima", "Maria da Penha"]


def test_dry_run_changes_nothing(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    assert main(["import", str(IMPORTS / "mesma_planilha.ods"), "--db", str(db), *TODAY]) == 0
    before = _customers(db)
    wb = Workbook()
    wb.active.append(["Nome", "Celular"])
    wb.active.append(["Nova Cliente", "21987654321"])
    wb.save(tmp_path / "nova.xlsx")
    code = main(["import", str(tmp_path / "nova.xlsx"), "--dry-run", "--db", str(db), *TODAY])
    assert code == 0
    assert "1 criada, 0 atualizadas" in capsys.readouterr().out
    assert _customers(db) == before


def test_not_a_spreadsheet_is_exit_2_with_one_line_and_no_database(tmp_path, capsys):
    fake = tmp_path / "clientes.xlsx"
    fake.write_bytes(b"%PDF-1.5 not a sheet")
    db = tmp_path / "c.sqlite3"
    assert main(["import", str(fake), "--db", str(db), *TODAY]) == 2
    err = capsys.readouterr().err
    assert "é um PDF" in err and "Traceback" not in err
    assert not db.exists()
    assert main(["import", str(IMPORTS / "com_senha.xlsx"), "--db", str(db), *TODAY]) == 2
    assert "senha" in capsys.readouterr().err


def test_no_name_column_says_which_columns_were_found(tmp_path, capsys):
    wb = Workbook()
    wb.active.append(["Celular", "Valor"])
    wb.active.append(["11987654321", 10])
    wb.save(tmp_path / "sem_nome.xlsx")
    assert main(["import", str(tmp_path / "sem_nome.xlsx"), "--db", str(tmp_path / "c.db"),
                 *TODAY]) == 2
    err = capsys.readouterr().err
    assert "Colunas encontradas: “Celular”, “Valor”" in err


def test_export_writes_each_kind(tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    main(["import", str(IMPORTS / "mesma_planilha.xlsx"), "--db", str(db), *TODAY])
    capsys.readouterr()
    assert main(["export", "tudo", str(tmp_path / "tudo.xlsx"), "--db", str(db), *TODAY]) == 0
    assert "Clientes: 3" in capsys.readouterr().out
    assert load_workbook(tmp_path / "tudo.xlsx").sheetnames[0] == "Clientes"
    assert main(["export", "clientes", str(tmp_path / "nada" / "c.xlsx"), "--db", str(db),
                 *TODAY]) == 2
    assert "não existe" in capsys.readouterr().err


def test_plain_new_customers_are_not_listed_one_by_one(tmp_path, capsys):
    wb = Workbook()
    wb.active.append(["Nome", "Celular", "Saldo"])
    for n in range(50):
        wb.active.append([f"Cliente {n}", f"1198765{n:04d}", "10,00"])
    wb.active.append(["Sem Telefone", "não tem", ""])
    wb.save(tmp_path / "lista.xlsx")
    assert main(["import", str(tmp_path / "lista.xlsx"), "--db", str(tmp_path / "c.db"),
                 *TODAY]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if line.startswith("linha")] == [
        "linha 52: criar — Telefone “não tem” quer dizer que não tem: ficou sem telefone."]
    assert out[-1].startswith("51 criadas")


def test_import_is_refused_while_the_window_holds_the_file_export_is_not(tmp_path, capsys):
    from app.services.storage.lockfile import DatabaseLock

    db = tmp_path / "c.sqlite3"
    assert main(["export", "clientes", str(tmp_path / "x.xlsx"), "--db", str(db),
                 *TODAY]) == 2  # read-only: needs an existing file
    main(["import", str(IMPORTS / "mesma_planilha.xlsx"), "--db", str(db), *TODAY])
    capsys.readouterr()
    lock = DatabaseLock(db)
    lock.acquire()  # as the open window does
    try:
        code = main(["import", str(IMPORTS / "mesma_planilha.ods"), "--db", str(db), *TODAY])
        assert code == 2 and "está aberto no Caderneta" in capsys.readouterr().err
        # exporting only reads: it works while the window is open
        assert main(["export", "clientes", str(tmp_path / "c.xlsx"), "--db", str(db),
                     *TODAY]) == 0
    finally:
        lock.release()
