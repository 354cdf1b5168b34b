"""Cells longer than Excel allows, however they are dressed (inline in the sheet, cut into
rich-text runs, behind a CDATA section, LibreOffice's repeated spaces), are refused before
python-calamine reads them; honest long sheets and cells at Excel's limit still import."""

from __future__ import annotations

import time
import zipfile

import pytest

from app.models.people import Customer
from app.services.spreadsheets.import_columns import guess_mapping
from app.services.spreadsheets.importer import preview_import, run_import
from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table
from tests.spreadsheets.hostile_files import (
    MB,
    SHEET_HEAD,
    SHEET_TAIL,
    STRINGS_HEAD,
    STRINGS_TAIL,
    dense_text,
    workbook_xlsx,
)

_TWO_ROWS = (b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             b'<row r="2"><c r="A2" t="s"><v>1</v></c></row>')


def _refused(path, code: str = "zip_bomb") -> str:
    started = time.process_time()
    with pytest.raises(SpreadsheetError) as err:
        read_table(path)
    spent = time.process_time() - started
    assert err.value.code == code
    assert spent < 2, f"refusing took {spent:.2f} s of CPU"
    return str(err.value)


def test_a_193_mb_inline_string_in_the_sheet_is_refused(tmp_path):
    head = (SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nome</t></is></c></row>'
            b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
    path = workbook_xlsx(tmp_path / "clientes.xlsx", sheet=[
        (head, 1), (dense_text(), 193), (b"</t></is></c></row>" + SHEET_TAIL, 1)])
    assert path.stat().st_size < 3 * MB
    assert "célula com mais de 32.767 letras" in _refused(path)


def test_a_long_string_cut_into_rich_text_runs_is_counted_whole(tmp_path):
    """python-calamine joins the runs of one shared string: 40 runs of 20,000 letters are
    one cell of 800,000."""
    run = b"<r><t>" + dense_text()[:20_000] + b"</t></r>"
    path = workbook_xlsx(tmp_path / "clientes.xlsx", strings=[
        (STRINGS_HEAD + b"<si><t>Nome</t></si><si>", 1), (run, 40),
        (b"</si>" + STRINGS_TAIL, 1)])
    assert "32.767 letras" in _refused(path)


def test_an_end_tag_hidden_in_cdata_does_not_cut_the_cell(tmp_path):
    piece = b"<t><![CDATA[" + dense_text()[:20_000] + b"</si><si>]]></t>"
    path = workbook_xlsx(tmp_path / "clientes.xlsx", strings=[
        (STRINGS_HEAD + b"<si><t>Nome</t></si><si>", 1), (piece, 5),
        (b"</si>" + STRINGS_TAIL, 1)])
    assert "32.767 letras" in _refused(path)


def test_a_libreoffice_file_asking_for_50_million_spaces_is_refused(tmp_path):
    """Half a KB on disk; python-calamine would build a 50 MB string (203 MB of memory)."""
    ods = tmp_path / "clientes.ods"
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
               '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:'
               'names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:'
               'opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table '
               'table:name="Clientes"><table:table-row><table:table-cell><text:p>Nome</text:p>'
               '</table:table-cell></table:table-row><table:table-row><table:table-cell>'
               '<text:p>A<text:s text:c="50000000"/>B</text:p></table:table-cell>'
               '</table:table-row></table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
    assert ods.stat().st_size < 1024
    assert "32.767 letras" in _refused(ods)


def test_shared_strings_over_48_mb_are_refused_even_with_short_cells(tmp_path):
    """49 MB of strings of 1,000 letters (packed ~87 times): more text than 200,000
    customers; refused from the declared size, before a byte of it is read."""
    text = dense_text()
    block = b"".join(b"<si><t>" + text[i:i + 1_000] + b"</t></si>"
                     for i in range(0, MB - 1_100, 1_015))
    path = workbook_xlsx(tmp_path / "clientes.xlsx", strings=[
        (STRINGS_HEAD, 1), (block, 49), (STRINGS_TAIL, 1)],
        sheet=[(SHEET_HEAD + _TWO_ROWS + SHEET_TAIL, 1)])
    said = _refused(path, "too_big")
    assert said.startswith("Esta planilha diz ter 48 MB de textos diferentes")
    assert "salve essa aba como .csv" in said


def _inline_sheet(path, rows: int, notes: dict[int, str]):
    """A customer sheet of ``rows`` rows in inline strings; ``notes`` by row number."""
    lines = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nome</t></is></c><c r="B1" '
             b't="inlineStr"><is><t>Celular</t></is></c><c r="C1" t="inlineStr"><is><t>'
             b'Observa\xc3\xa7\xc3\xb5es</t></is></c></row>']
    for n in range(2, rows + 2):
        note = notes.get(n, "prefere Pix")
        lines.append(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Cliente {n} da Silva'
                     f'</t></is></c><c r="B{n}" t="inlineStr"><is><t>(11) 9{n % 9999:04d}-'
                     f'{n % 9973:04d}</t></is></c><c r="C{n}" t="inlineStr"><is><t>{note}</t>'
                     "</is></c></row>".encode())
    return workbook_xlsx(path, sheet=[(SHEET_HEAD + b"".join(lines) + SHEET_TAIL, 1)])


def test_a_100_000_row_customer_sheet_is_still_read_whole(tmp_path):
    """An honest long sheet (inline strings, ~19 MB of XML) passes the scan and is read."""
    path = _inline_sheet(tmp_path / "clientes.xlsx", 100_000, {})
    sheet = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert 17 * MB < sheet.file_size < 22 * MB
    table = read_table(path)
    assert table.row_count == 100_000
    assert table.headers == ("Nome", "Celular", "Observações")
    assert table.samples[0].values[0] == "Cliente 2 da Silva"


def test_notes_at_excels_limit_import_whole(db, today, tmp_path):
    """32,767 characters, the most Excel puts in a cell, pass even when their XML is longer:
    accented letters (65 KB) or ampersands (``&amp;``, 163 KB)."""
    path = _inline_sheet(tmp_path / "clientes.xlsx", 3,
                         {2: "ç" * 32_767, 3: "&amp;" * 32_767})
    table = read_table(path)
    run_import(preview_import(table, guess_mapping(table.headers), today))
    notes = {c.name: c.notes for c in Customer.select()}
    assert notes["Cliente 2 da Silva"] == "ç" * 32_767
    assert notes["Cliente 3 da Silva"] == "&" * 32_767
    assert notes["Cliente 4 da Silva"] == "prefere Pix"
