"""Write the spreadsheet fixtures of ``tests/data/import/``, the .xls and .ods saved by LibreOffice.

Run: ``python tools/make_import_fixtures.py`` (needs LibreOffice: ``apt-get install -y
--no-install-recommends libreoffice-calc``; the password-protected file also needs
``msoffcrypto-tool``, skipped when it is missing). The produced files are committed: the tests
and CI never need LibreOffice.

- ``mesma_planilha.xlsx`` is written here with openpyxl (a title, "atualizado em", a blank row,
  the header, rows in every shape, a blank row between groups, a row without a name, a TOTAL
  row and a row after it; a second sheet "Resumo"). LibreOffice then opens it and saves it as
  ``mesma_planilha.xls`` (Excel 97-2003) and ``mesma_planilha.ods``: the same workbook as a
  real spreadsheet program writes it, which the tests import to the same result.
- ``feia.*`` start as an openpyxl workbook (in a temporary folder), the ugly one: merged
  title cells, a header cell merged over two columns, dates typed as text in several shapes,
  a balance that is a formula, a TOTAL row whose value is a ``=SUM(...)`` formula, a note
  below the total, and a second sheet "Antigas" with another customer list. openpyxl writes
  formulas without their values; only LibreOffice computes them, so the tests read
  ``feia.xlsx``, ``feia.xls`` and ``feia.ods`` as LibreOffice saved them (with the computed
  values, as a file from her computer has). Read straight from openpyxl's file, the formula
  balance would be empty: calamine reads the values a spreadsheet program saved, it does not
  calculate.
- ``com_senha.xlsx``: ``mesma_planilha.xlsx`` encrypted with the password ``senha123``.

Real Microsoft Excel is not available here: no fixture was saved by Excel itself.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "tests" / "data" / "import"
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


def write_same_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Clientes"
    for row in TITLE + [HEADER] + ROWS:
        ws.append(row)
    for cell in ws["D"] + ws["F"]:
        if isinstance(cell.value, date):
            cell.number_format = "dd/mm/yyyy"
    summary = wb.create_sheet("Resumo")
    for row in SUMMARY:
        summary.append(row)
    wb.save(path)


UGLY_HEADER = ["Cliente", "Endereço", None, "Whats", "Aniversário", "Deve", "Vence", "Obs"]
UGLY_ROWS = [
    ["Rosa Maria", "Rua das Flores", "120", "(11) 98888-1111", "05/03/1990", 80, "10/12/2026",
     ""],
    ["Bete Nunes", "Av. Brasil", "45 ap 3", "11 97777-2222", "1985-07-21", "=100-40",
     "2026-12-15", "paga no dia 5"],
    ["Cida Prado", None, None, "21 96666-3333", "7/11/79", "R$ 35,50", "5/1/27", None],
]


def write_ugly_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Clientes"
    ws["A1"] = "CLIENTES DA LOJA BELA"
    ws["A1"].font = Font(bold=True, size=16)
    ws.merge_cells("A1:H1")
    ws["A2"] = "atualizado em 20/11/2026"
    ws.merge_cells("A2:H2")
    ws.append([])
    ws.append(UGLY_HEADER)
    ws.merge_cells("B4:C4")  # "Endereço" over the street and the number
    for row in UGLY_ROWS:
        ws.append(row)
    ws.append([])
    ws.append(["TOTAL", None, None, None, None, "=SUM(F5:F7)"])
    ws.append(["Conferido por Ana em 20/11"])
    old = wb.create_sheet("Antigas")
    old.append(["Nome", "Telefone"])
    old.append(["Lurdes Antiga", "(31) 98765-0000"])
    wb.save(path)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        sys.exit("LibreOffice não encontrado: apt-get install -y --no-install-recommends "
                 "libreoffice-calc")
    return found


def convert(source: Path, fmt: str, target: Path) -> None:
    """Open ``source`` in headless LibreOffice and save it as ``fmt`` at ``target``."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        out = Path(tmp) / "out"
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", fmt, "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=180)
        shutil.move(str(out / f"{source.stem}.{fmt}"), target)


def write_encrypted(source: Path, target: Path) -> None:
    try:
        import msoffcrypto.format.ooxml as ooxml
    except ImportError:
        print("msoffcrypto-tool não instalado: com_senha.xlsx não foi refeito")
        return
    out = io.BytesIO()
    with open(source, "rb") as f:
        ooxml.OOXMLFile(f).encrypt("senha123", out)
    target.write_bytes(out.getvalue())


def main() -> None:
    same = HERE / "mesma_planilha.xlsx"
    write_same_xlsx(same)
    for fmt in ("xls", "ods"):
        convert(same, fmt, HERE / f"mesma_planilha.{fmt}")
    with tempfile.TemporaryDirectory() as tmp:
        ugly = Path(tmp) / "feia_origem.xlsx"
        write_ugly_xlsx(ugly)
        for fmt in ("xlsx", "xls", "ods"):
            convert(ugly, fmt, HERE / f"feia.{fmt}")
    write_encrypted(same, HERE / "com_senha.xlsx")
    for path in sorted(HERE.iterdir()):
        print(f"{path.name:28} {path.stat().st_size:>7} bytes")


if __name__ == "__main__":
    main()
