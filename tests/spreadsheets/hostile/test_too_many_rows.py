"""A sheet with more data rows than any list of customers or pieces is refused while they are
counted (a 1 KB .ods that repeats one row a million times was read, then imported for 35 s,
making a million customers); up to the limit, every row is read."""

from __future__ import annotations

import pytest

from app.cli import main
from app.services.spreadsheets import spreadsheet_read
from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table
from tests.spreadsheets.hostile.hostile_files import ods_book, ods_cell, ods_row


def _repeated(path, copies: int):
    header = ods_row(ods_cell("Nome"), ods_cell("Telefone"))
    row = ods_row(ods_cell("Ana Souza"), ods_cell("11987654321"), repeated=copies)
    return ods_book(path, [("Clientes", header + row)])


def test_one_row_repeated_past_the_limit_is_refused_with_a_sentence(tmp_path, monkeypatch,
                                                                     capsys):
    monkeypatch.setattr(spreadsheet_read, "MAX_DATA_ROWS", 1_000)
    path = _repeated(tmp_path / "clientes.ods", 1_001)
    assert path.stat().st_size < 4_096
    with pytest.raises(SpreadsheetError) as refused:
        read_table(path)
    assert refused.value.code == "too_many_rows"
    assert str(refused.value).startswith(
        "A aba “Clientes” tem mais de 1.000 linhas com dados: mais do que qualquer lista")
    db = tmp_path / "c.sqlite3"
    assert main(["import", str(path), "--db", str(db), "--today", "2026-11-23"]) == 2
    printed = capsys.readouterr().err
    assert "mais de 1.000 linhas" in printed and "Traceback" not in printed


def test_up_to_the_limit_every_row_is_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet_read, "MAX_DATA_ROWS", 1_000)
    table = read_table(_repeated(tmp_path / "clientes.ods", 1_000))
    assert table.row_count == 1_000 and table.headers[:2] == ("Nome", "Telefone")
    assert spreadsheet_read.MAX_DATA_ROWS < 1_048_576  # below what a sheet can hold
