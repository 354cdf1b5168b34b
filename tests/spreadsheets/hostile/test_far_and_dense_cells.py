"""A workbook is refused, naming what to delete, when python-calamine would fill more cells than
memory holds; honest files, LibreOffice's with its padding of empty cells and long style lists,
still read."""

from __future__ import annotations

from app.services.spreadsheets.spreadsheet_read import read_table
from tests.spreadsheets.hostile_files import ods_book, ods_cell, ods_row


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
