"""Cells longer than Excel allows, however they are dressed (inline in the sheet, cut into
rich-text runs, behind a CDATA section, LibreOffice's repeated spaces), are refused before
python-calamine reads them; honest long sheets and cells at Excel's limit still import."""

from __future__ import annotations

import zipfile

import pytest

from app.cli import main
from app.models.people import Customer
from app.services.spreadsheets.import_columns import guess_mapping
from app.services.spreadsheets.importer import preview_import, run_import
from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table
from tests.spreadsheets.hostile.cheap_path import cheap_path
from tests.spreadsheets.hostile.hostile_files import (
    MB,
    SHEET_HEAD,
    SHEET_TAIL,
    STRINGS_HEAD,
    STRINGS_TAIL,
    dense_text,
    workbook_xlsx,
)
from tests.spreadsheets.hostile.test_hostile_spreadsheets import _import_in_a_fresh_process

_TWO_ROWS = (b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             b'<row r="2"><c r="A2" t="s"><v>1</v></c></row>')


def _refused(path, code: str = "zip_bomb") -> str:
    """The sentence refusing ``path``, said before python-calamine is asked to open it
    (``cheap_path`` fails the test if it is), the guard's text scan having stopped within the
    first MB or two of the long cell (or read nothing of text refused by its declared size).
    Counted, not timed: the time is measured by ``benchmarks/bench_privacy.py``."""
    with cheap_path() as watch, pytest.raises(SpreadsheetError) as err:
        read_table(path)
    assert err.value.code == code
    assert watch.scanned <= 2 * MB, f"scanned {watch.scanned:,} bytes of text to refuse it"
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


_EXPANDS = ("Esta planilha repete textos em tantas células que, aberta, teria mais de 80 milhões "
            "de letras numa aba (uma lista de 100.000 clientes tem umas 16 milhões), embora o "
            "arquivo tenha só ")


def test_10_000_cells_pointing_at_one_long_string_are_refused(tmp_path, capsys):
    """57 KB: one shared string of 32,000 letters (within Excel's limit) used by 10,000
    cells; python-calamine would build 320 million letters (353 MB of peak memory, 1.2 s)."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>1</v></c></row>' % (n, n)
                    for n in range(2, 10_002))
    path = workbook_xlsx(tmp_path / "clientes.xlsx", strings=[
        (STRINGS_HEAD + b"<si><t>Nome</t></si><si><t>" + dense_text()[:32_000] + b"</t></si>"
         + STRINGS_TAIL, 1)],
        sheet=[(SHEET_HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + rows
                + SHEET_TAIL, 1)])
    assert path.stat().st_size < 60 * 1024
    said = _refused(path)
    assert said.startswith(_EXPANDS + "55 KB: o arquivo pode estar danificado")
    db = tmp_path / "c.sqlite3"
    assert main(["import", str(path), "--db", str(db), "--today", "2026-11-23"]) == 2
    printed = capsys.readouterr().err
    assert _EXPANDS in printed and "Traceback" not in printed
    assert not db.exists()
    code, peak_mb = _import_in_a_fresh_process(path)
    assert code == "2" and int(peak_mb) < 300, peak_mb


def _repeated_ods(path, rows: int, columns: int, chars: int = 32_000,
                  in_attribute: bool = False):
    """A LibreOffice sheet whose second row, one cell of ``chars`` letters, is repeated
    ``rows`` times down and ``columns`` times across (python-calamine builds each copy: 10,000
    copies of 32,000 letters took 659 to 965 MB and up to 32 s); ``in_attribute``: the text
    in the cell's ``office:string-value``, which python-calamine also reads."""
    text = dense_text()[:chars].decode()
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
               '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:'
               'names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:'
               'opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table '
               'table:name="Clientes"><table:table-row><table:table-cell office:value-type='
               '"string"><text:p>Nome</text:p></table:table-cell></table:table-row>'
               f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
               f'table:number-columns-repeated="{columns}" office:value-type="string"'
               + (f' office:string-value="{text}"/>' if in_attribute else
                  f'><text:p>{text}</text:p></table:table-cell>')
               + '</table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
            'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:'
            'file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
            'opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>'))
        z.writestr("content.xml", content)
    return path


@pytest.mark.parametrize(("rows", "columns"), [(10_000, 1), (1, 10_000), (100, 100)])
def test_a_libreoffice_cell_repeated_10_000_times_is_refused(tmp_path, rows, columns):
    path = _repeated_ods(tmp_path / "clientes.ods", rows, columns)
    assert path.stat().st_size < 8 * 1024
    assert _refused(path).startswith(_EXPANDS)


def test_a_repeated_text_hidden_in_an_attribute_is_counted_too(tmp_path):
    """8,000 letters in ``office:string-value`` (no ``<text:p>``), 12,000 rows of it."""
    path = _repeated_ods(tmp_path / "clientes.ods", 12_000, 1, 8_000, in_attribute=True)
    assert _refused(path).startswith(_EXPANDS)


def test_a_repeated_cell_within_the_limit_is_still_read(tmp_path):
    """LibreOffice repeats equal cells; 3 copies of a long note are read as 3 rows."""
    table = read_table(_repeated_ods(tmp_path / "clientes.ods", 3, 1))
    assert table.headers == ("Nome",) and table.row_count == 3
    assert len(table.samples[2].values[0]) == 32_000


def test_a_100_000_row_sheet_of_shared_strings_is_still_read(tmp_path):
    """As Excel saves it: five text columns in shared strings, the notes column the same
    text in every row (100,000 references to one string), 16 million letters in all."""
    heads = ("Nome", "Celular", "E-mail", "Endereço", "Observações")
    strings = [*heads, "prefere Pix, tamanho M, manda foto antes"]
    cells = ["".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDE"))]
    for n in range(2, 100_002):
        first = len(strings)
        strings += [f"Cliente {n} da Silva Pereira", f"(11) 9{n % 9999:04d}-{n % 9973:04d}",
                    f"cliente{n}@exemplo.com.br", f"Rua das Flores, {n}, Centro, São Paulo"]
        cells.append(f'<c r="A{n}" t="s"><v>{first}</v></c><c r="B{n}" t="s"><v>{first + 1}'
                     f'</v></c><c r="C{n}" t="s"><v>{first + 2}</v></c><c r="D{n}" t="s"><v>'
                     f'{first + 3}</v></c><c r="E{n}" t="s"><v>5</v></c>')
    sheet = "".join(f'<row r="{n}">{row}</row>' for n, row in enumerate(cells, 1)).encode()
    path = workbook_xlsx(tmp_path / "clientes.xlsx", strings=[
        (STRINGS_HEAD + "".join(f"<si><t>{t}</t></si>" for t in strings).encode()
         + STRINGS_TAIL, 1)], sheet=[(SHEET_HEAD + sheet + SHEET_TAIL, 1)])
    table = read_table(path)
    assert table.row_count == 100_000 and table.headers == heads
    last = list(table.iter_rows())[-1].values
    assert last[0] == "Cliente 100001 da Silva Pereira"
    assert last[4] == "prefere Pix, tamanho M, manda foto antes"


def test_one_long_note_among_10_000_customers_in_shared_strings_is_still_read(tmp_path):
    """A small sheet is first counted loosely (every reference as long as the longest
    string): 30,000 references times a note of 32,000 letters would be 960 million letters,
    so it is counted again exactly, and read."""
    strings = ["Nome", "Celular", "Observações", "x" * 32_000]
    cells = ['<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2'
             "</v></c>"]
    for n in range(2, 10_002):
        first = len(strings)
        strings += [f"Cliente {n} da Silva", f"(11) 9{n % 9999:04d}-{n % 9973:04d}"]
        note = 3 if n == 5_000 else first
        cells.append(f'<c r="A{n}" t="s"><v>{first}</v></c><c r="B{n}" t="s"><v>{first + 1}'
                     f'</v></c><c r="C{n}" t="s"><v>{note}</v></c>')
    sheet = "".join(f'<row r="{n}">{row}</row>' for n, row in enumerate(cells, 1)).encode()
    path = workbook_xlsx(tmp_path / "clientes.xlsx", strings=[
        (STRINGS_HEAD + "".join(f"<si><t>{t}</t></si>" for t in strings).encode()
         + STRINGS_TAIL, 1)], sheet=[(SHEET_HEAD + sheet + SHEET_TAIL, 1)])
    table = read_table(path)
    assert table.row_count == 10_000 and table.headers == ("Nome", "Celular", "Observações")
    rows = list(table.iter_rows())
    assert rows[4_998].values[2] == "x" * 32_000 and rows[0].values[2] == "Cliente 2 da Silva"
