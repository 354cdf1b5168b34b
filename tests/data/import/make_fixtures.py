"""Writes the import fixtures in this folder: one workbook as .xlsx, .xls and .ods, and a
password-protected .xlsx. Run once with xlwt, odfpy and msoffcrypto-tool installed (they are
not dependencies of the program): ``python tests/data/import/make_fixtures.py``."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
TITLE = [["Minha lista de clientes — Loja da Ana"], ["atualizado em 10/11/2026"], []]
HEADER = ["Nome", "Celular", "CPF", "Nascimento", "Saldo", "Vencimento", "Bairro", "Obs"]
ROWS = [
    ["Ana Souza", 11987654321, "529.982.247-25", date(1990, 3, 5), 150.5, date(2026, 12, 10),
     "Centro", "boa cliente"],
    ["  Maria   da  Penha ", "(21) 99876-5432", 11144477735, "5/3/90", "R$ 1.234,56", None,
     None, None],
    [],
    ["Joana 💃 Lima", "97654-3210", None, None, "-20,00", None, "Vila Nova", None],
    [None, "11 91234-5678", None, None, 10, None, None, "sem nome"],
    ["TOTAL", None, None, None, 1365.06, None, None, None],
    ["Depois do total", "11 95555-4444", None, None, None, None, None, None],
]
SUMMARY = [["Resumo"], ["Total devido", 1365.06]]


def all_rows():
    return TITLE + [HEADER] + ROWS


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Clientes"
    for row in all_rows():
        ws.append(row)
    for cell in ws["D"] + ws["F"]:
        if isinstance(cell.value, date):
            cell.number_format = "dd/mm/yyyy"
    summary = wb.create_sheet("Resumo")
    for row in SUMMARY:
        summary.append(row)
    wb.save(path)


def write_xls(path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for name, rows in (("Clientes", all_rows()), ("Resumo", SUMMARY)):
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, date):
                    ws.write(r, c, value, date_style)
                else:
                    ws.write(r, c, value)
    wb.save(str(path))


def write_ods(path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in (("Clientes", all_rows()), ("Resumo", SUMMARY)):
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                tr.addElement(_ods_cell(TableCell, P, value))
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def _ods_cell(TableCell, P, value):  # noqa: N803
    if value is None:
        return TableCell()
    if isinstance(value, date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)))
    return cell


def write_encrypted(source: Path, target: Path) -> None:
    import msoffcrypto.format.ooxml as ooxml

    out = io.BytesIO()
    with open(source, "rb") as f:
        ooxml.OOXMLFile(f).encrypt("senha123", out)
    target.write_bytes(out.getvalue())


if __name__ == "__main__":
    write_xlsx(HERE / "mesma_planilha.xlsx")
    write_xls(HERE / "mesma_planilha.xls")
    write_ods(HERE / "mesma_planilha.ods")
    write_encrypted(HERE / "mesma_planilha.xlsx", HERE / "com_senha.xlsx")
