"""A workbook is refused, naming what to delete, when python-calamine would fill more cells than
memory holds: a value typed far from the others (xlsx, with or without its address; ods), a
value behind thousands of empty cells in every row, millions of tiny cells written out or
repeated. Honest files, LibreOffice's with its padding of empty cells and long style lists,
and a 200,000-row customer list still read. Measured figures: ``reader_memory.cells``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.cli import main
from app.services.spreadsheets.spreadsheet_guard import check_zip_book
from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table
from tests.places import ROOT
from tests.spreadsheets.hostile.cheap_path import cheap_path
from tests.spreadsheets.hostile.hostile_files import (
    MB,
    SHEET_HEAD,
    SHEET_TAIL,
    dense_ods,
    dense_xlsx,
    ods_book,
    ods_cell,
    ods_row,
    workbook_xlsx,
)
from tests.spreadsheets.hostile.test_hostile_spreadsheets import _import_in_a_fresh_process


def _refused(path) -> str:
    """The sentence refusing ``path``, said before python-calamine is asked to open it
    (``cheap_path`` fails the test if it is) and with at most 1 MB of XML through the guard's
    whole pass (a sheet over ``FLOOR_BYTES`` is refused by its cheap count before that pass
    reads it). Counted, not timed: the time is measured by ``benchmarks/bench_privacy.py``."""
    with cheap_path() as watch, pytest.raises(SpreadsheetError) as err:
        read_table(path)
    assert err.value.code == "too_big"
    assert watch.scanned <= MB, f"the whole pass read {watch.scanned:,} bytes"
    return str(err.value)


def _refused_importing_nothing(path, capsys, tmp_path) -> str:
    """The sentence the ``import`` command says refusing ``path`` (exit 2, no caderneta
    created, no traceback), python-calamine never asked to open it and the sheet refused by
    its cheap count, before the whole pass reads 1 MB of it."""
    db = tmp_path / "caderneta.sqlite3"
    with cheap_path() as watch:
        assert main(["import", str(path), "--db", str(db), "--today", "2026-11-23"]) == 2
    said = capsys.readouterr().err
    assert "Traceback" not in said and not db.exists()
    assert watch.scanned <= MB, f"the whole pass read {watch.scanned:,} bytes"
    return said


def _reader_alone_fails_within(path, megabytes: int) -> bool:
    """python-calamine opening ``path`` in a process limited to ``megabytes`` of memory: True
    when it cannot (it aborts the process)."""
    script = ("import resource, sys\nlimit = int(sys.argv[2]) << 20\n"
              "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
              "import python_calamine\n"
              "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
              "sum(1 for _ in book.get_sheet_by_index(0).iter_rows())\n")
    done = subprocess.run([sys.executable, "-c", script, str(path), str(megabytes)], cwd=ROOT,
                          capture_output=True, timeout=120)
    return done.returncode != 0


def _refused_by_the_command(path) -> None:
    code, peak_mb = _import_in_a_fresh_process(path)
    assert code == "2" and int(peak_mb) < 300, (code, peak_mb)


HEADER = ods_row(ods_cell("Nome"), ods_cell("Celular"))
ANA = ods_row(ods_cell("Ana Souza"), ods_cell("11987654321"))
EMPTY_ROWS = ods_row(repeated=6000)


def test_one_value_typed_far_away_in_an_ods_is_refused_naming_its_cell(tmp_path):
    """Under 1 KB: "x" at XFD6003 of a LibreOffice file. python-calamine fills the 98 million
    positions up to it (6 GB and 32 s measured; it cannot within 1 GB); the import refuses it
    and says which cell of which sheet to delete."""
    far = ods_row(ods_cell(None, 16383), ods_cell("x"))
    path = ods_book(tmp_path / "clientes.ods", [("Clientes", HEADER + ANA + EMPTY_ROWS + far)])
    assert path.stat().st_size < 1024
    assert _reader_alone_fails_within(path, 1024)
    said = _refused(path)
    assert said.startswith("Esta planilha tem algo escrito na célula XFD6003 da aba “Clientes”")
    assert "Apague o que está na célula XFD6003" in said
    _refused_by_the_command(path)


def test_a_value_behind_16_000_empty_cells_in_each_row_is_refused(tmp_path):
    """Each of 2,000 rows holds one value, in column 16,001: the reader fills every empty cell
    before it, row by row (1.7 GB measured), though its rectangle is one column wide."""
    rows = ods_row(ods_cell(None, 16000), ods_cell("x")) * 2000
    path = ods_book(tmp_path / "clientes.ods", [("Clientes", rows)])
    assert "algo escrito na célula WQK1 da aba “Clientes”" in _refused(path)


def test_one_letter_repeated_three_million_times_in_an_ods_is_refused(tmp_path):
    path = ods_book(tmp_path / "clientes.ods", [(
        "Clientes", HEADER + ods_row(ods_cell("x", 1000), repeated=3000))])
    assert path.stat().st_size < 1024
    said = _refused(path)
    assert said.startswith("Esta planilha tem mais de 3.000.002 células preenchidas na aba "
                           "“Clientes” (contando as que o arquivo manda repetir)")
    assert "salve essa aba como .csv" in said


def test_millions_of_tiny_cells_written_out_are_refused_at_once(tmp_path):
    """4.2 million numbers of one or two digits (6 MB packed, 68 MB of XML): python-calamine
    alone peaked at 300 MB, and 6 million such cells took the import to 460 MB and 32 s.
    Refused from a count of its cells, before anything else reads them."""
    path = dense_xlsx(tmp_path / "clientes.xlsx", 420_000)
    assert path.stat().st_size < 8 << 20
    assert "células preenchidas numa aba: aberta, ocuparia mais memória" in _refused(path)
    _refused_by_the_command(path)


@pytest.mark.parametrize("last_row", [
    b'<row r="320001"><c r="XFD320001" t="inlineStr"><is><t>x</t></is></c></row>',
    b"<row>" + b"<c/>" * 16383 + b'<c t="inlineStr"><is><t>x</t></is></c></row>',
], ids=["with its address", "after 16383 empty cells"])
def test_a_far_cell_after_3_million_dense_cells_is_refused(tmp_path, capsys, last_row):
    """3.2 million numbers (54 MB of XML, within the limit: the sheet is counted before the
    whole pass), then "x" at XFD320001 in the very last row: the rectangle from the first value
    to the last one is 5 billion positions. Refused naming the cell, nothing imported, the
    command under 300 MB (the time it takes is measured by ``bench_privacy``)."""
    path = dense_xlsx(tmp_path / "clientes.xlsx", 320_000, last_row=last_row)
    said = _refused_importing_nothing(path, capsys, tmp_path)
    assert "Esta planilha tem algo escrito na célula XFD320001, muito longe das outras" in said
    assert "Apague o que está na célula XFD320001" in said
    _refused_by_the_command(path)


@pytest.mark.parametrize("rows_after", [0, 300], ids=["in the last row", "300 rows before"])
def test_a_far_cell_after_a_dense_libreoffice_table_is_refused(tmp_path, capsys, rows_after):
    """120,000 rows of ten numbers as LibreOffice saves them (166 MB of XML), then "x" behind
    16,000 empty cells, in the last row or followed by 300 short rows, before LibreOffice's
    empty rows to the sheet's end."""
    path = dense_ods(tmp_path / "clientes.ods", 120_000,
                     last_rows=ods_row(ods_cell(None, 16000), ods_cell("x"))
                     + ods_row(ods_cell("Ana"), ods_cell("Centro")) * rows_after)
    said = _refused_importing_nothing(path, capsys, tmp_path)
    assert ("Esta planilha tem algo escrito na célula WQK120001 da aba “Clientes”, muito longe "
            "das outras") in said
    _refused_by_the_command(path)


def test_dense_sheets_without_a_far_cell_still_pass(tmp_path):
    """The same files without the far cell, over the size that is counted first: 3.2 million
    numbers in an xlsx (~230 MB for python-calamine, under the 240 MB limit), 450,000 in an
    ods."""
    check_zip_book(dense_xlsx(tmp_path / "clientes.xlsx", 320_000))
    check_zip_book(dense_ods(tmp_path / "clientes.ods", 45_000))


def test_a_far_cell_written_without_its_address_is_found(tmp_path):
    """Cells may leave out their ``r="B12"`` (each then follows the previous one): 16,383
    empty cells and an "x" in row 1,048,576 place it at XFD1048576. The reader aborted the
    whole program on this valid 2 KB file; it is refused like any far cell."""
    sheet = (SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nome</t></is></c></row>'
             b'<row r="1048576">' + b"<c/>" * 16383
             + b'<c t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_TAIL)
    path = workbook_xlsx(tmp_path / "clientes.xlsx", sheet=[(sheet, 1)])
    assert "Apague o que está na célula XFD1048576" in _refused(path)
    _refused_by_the_command(path)


def test_the_cell_to_delete_is_the_far_one_even_with_rows_after_it(tmp_path):
    """A value typed at XFD5 of a 600-row list: the message names XFD5, not the list's last
    cell."""
    from openpyxl import Workbook

    book = Workbook()
    for n in range(1, 601):
        book.active.append([f"Cliente {n}", "11987654321", "Centro", "São Paulo"])
    book.active["XFD5"] = "x"
    book.save(tmp_path / "clientes.xlsx")
    assert "Apague o que está na célula XFD5 " in _refused(tmp_path / "clientes.xlsx")


def test_one_value_typed_far_away_is_refused_before_the_reader_aborts(tmp_path):
    """A 5 KB xlsx with "Ana" in A2 and one "x" in XFD1048576: python-calamine fills every
    position between them and asked for 512 GB, aborting the whole program (no sentence, no
    window). It is refused first, naming the far cell so she can delete it; a sheet with its
    customers in the usual place still reads."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["A2"], sheet["XFD1048576"] = "Nome", "Ana", "x"
    book.save(tmp_path / "longe.xlsx")
    assert "XFD1048576" in _refused(tmp_path / "longe.xlsx")
    _refused_by_the_command(tmp_path / "longe.xlsx")
    sheet["XFD1048576"] = None
    sheet["C30000"] = "fim"  # far enough to be a real sheet, near enough to read
    book.save(tmp_path / "perto.xlsx")
    near = read_table(tmp_path / "perto.xlsx")
    assert near.headers[0] == "Nome" and near.samples[0].values[0] == "Ana"


def test_a_libreoffice_file_with_its_padding_and_a_long_style_list_still_reads(tmp_path):
    """As LibreOffice saves a formatted list: 20 KB of cell styles before the first cell (the
    guard once took them for one 20 KB cell), every row padded with empty cells to column
    16,384, two empty cells in a row, and a million empty rows after the last one."""
    styles = "".join(f'<style:style style:name="ce{n}" style:family="table-cell"><style:text-'
                     'properties fo:color="#1f1f1f"/></style:style>' for n in range(250))
    rows = "".join(ods_row(ods_cell(f"Cliente {n}"), ods_cell(None, 2), ods_cell("Centro"))
                   for n in range(1, 2001))
    path = ods_book(tmp_path / "clientes.ods", [(
        "Clientes", ods_row(ods_cell("Nome"), ods_cell("Celular"), ods_cell("E-mail"),
                            ods_cell("Bairro")) + rows + ods_row(repeated=1046575))],
        styles=styles)
    assert len(styles) > 20_000
    table = read_table(path)
    assert table.headers == ("Nome", "Celular", "E-mail", "Bairro")
    assert table.row_count == 2000
    assert list(table.iter_rows())[-1].values == ("Cliente 2000", "", "", "Centro")


def test_an_honest_200_000_row_customer_list_still_reads(tmp_path):
    """Eight columns as Excel saves them (shared strings), 1.6 million cells: well within
    what the guard allows (it would take python-calamine ~136 MB)."""
    heads = ["Nome", "Celular", "Nascimento", "Bairro", "Cidade", "Saldo", "Vencimento", "Obs"]
    strings = [*heads, "Centro", "São Paulo", "prefere Pix"]
    rows = [b'<row r="1">' + b"".join(b'<c r="%c1" t="s"><v>%d</v></c>' % (c, i)
                                      for i, c in enumerate(b"ABCDEFGH")) + b"</row>"]
    for n in range(2, 200_002):
        first = len(strings)
        strings += [f"Cliente {n} da Silva", f"(11) 9{n % 9999:04d}-{n % 9973:04d}"]
        rows.append(b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c>'
                    b'<c r="C%d" s="1"><v>%d</v></c><c r="D%d" t="s"><v>8</v></c><c r="E%d" '
                    b't="s"><v>9</v></c><c r="F%d"><v>%d.5</v></c><c r="G%d" s="1"><v>46300'
                    b'</v></c><c r="H%d" t="s"><v>10</v></c></row>'
                    % (n, n, first, n, first + 1, n, 30000 + n % 9000, n, n, n, n % 700, n, n))
    path = workbook_xlsx(tmp_path / "clientes.xlsx", strings=[(
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + "".join(f"<si><t>{t}</t></si>" for t in strings).encode()
        + b"</sst>", 1)], sheet=[(SHEET_HEAD + b"".join(rows) + SHEET_TAIL, 1)])
    table = read_table(path)
    assert table.row_count == 200_000 and table.headers == tuple(heads)
    assert table.samples[0].values[0] == "Cliente 2 da Silva"
