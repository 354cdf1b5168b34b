"""Write the spreadsheet fixtures of ``tests/data/import/``, the .xls and .ods saved by LibreOffice.

Run: ``python tools/make_import_fixtures.py [--pecas]`` (needs LibreOffice: ``apt-get install -y
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
- ``pecas.xlsx`` and ``pecas.ods`` (issue 22): a reseller's stock list as LibreOffice saves
  it — a title and a blank row above the header "Produto, Ref, Tam, Cor, Qtd, Preço, Custo",
  one row per size × colour, prices as numbers and as text ("R$ 189,90", "89,90"), sizes
  36/38/40 typed as numbers, a piece without reference, size or colour, a "Único" size, a
  blank row and a TOTAL row whose quantity is a ``=SUM(...)`` formula; a second sheet
  "Clientes" that the pieces import must not pick.
- ``pecas_ruins.xlsx`` (also saved by LibreOffice): the bad rows of a pieces list — no name,
  negative stock, a price as text "R$ 89,90" (read, not refused), a reference already used
  by another piece, a quantity that is not a whole number ("2,5", "dois"), a price that is
  not a value, a new piece without a price, a row repeated.

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


PIECES_HEADER = ["Produto", "Ref", "Tam", "Cor", "Qtd", "Preço", "Custo"]
PIECES_ROWS = [
    ["Vestido Lírio", "VL-01", "P", "rosa", 2, "R$ 189,90", 85],
    ["Vestido Lírio", "VL-01", "M", "rosa", 3, 189.9, 85],
    ["Vestido Lírio", "VL-01", "G", "preto", 1, 189.9, 85],
    ["Biquíni Copacabana", "BC-07", "P", "estampado", 4, "89,90", "R$ 39,00"],
    ["Biquíni Copacabana", "BC-07", "M", "estampado", 5, 89.9, 39],
    ["Calça Jeans Skinny", "CJ-10", 36, "azul", 1, 159.9, 70],
    ["Calça Jeans Skinny", "CJ-10", 38, "azul", 2, 159.9, 70],
    ["Calça Jeans Skinny", "CJ-10", 40, "azul", 0, 159.9, 70],
    ["Kimono de Seda", None, None, None, 1, 129.9, None],
    ["Saia Midi Plissada", "SM-02", "Único", "verde", 2, 119.9, 52.5],
    [],
]


def write_pieces_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Estoque"
    ws.append(["Estoque da Loja Bela — novembro"])
    ws.append([])
    ws.append(PIECES_HEADER)
    for row in PIECES_ROWS:
        ws.append(row)
    ws.append(["TOTAL", None, None, None, f"=SUM(E4:E{3 + len(PIECES_ROWS)})"])
    people = wb.create_sheet("Clientes")
    people.append(["Nome", "Telefone", "Saldo"])
    people.append(["Ana Souza", "(11) 98765-4321", 150])
    wb.save(path)


BAD_PIECES = [
    ["Peça", "Código", "Tamanho", "Cor", "Estoque", "Valor", "Custo"],
    ["Blusa Ana", "BA-1", "P", "branco", 3, "R$ 59,90", None],
    [None, "BA-1", "M", "branco", 2, 59.9, None],
    ["Blusa Ana", "BA-1", "M", "branco", -2, 59.9, None],
    ["Short Jeans", "SJ-3", 38, "azul", 2, "R$ 89,90", "R$ 40,00"],
    ["Regata Básica", "BA-1", "U", "preto", 1, 39.9, None],
    ["Short Jeans", "SJ-3", 40, "azul", 2.5, 89.9, None],
    ["Body Canelado", None, "P", "nude", 2, "consultar", None],
    ["Cropped Lua", "CL-9", "M", None, 1, None, None],
    ["Blusa Ana", "BA-1", "P", "branco", 3, 59.9, None],
    ["Short Jeans", "SJ-3", 42, "azul", "dois", 89.9, None],
]


def write_bad_pieces_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Peças"
    for row in BAD_PIECES:
        ws.append(row)
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


def write_pieces() -> None:
    """The pieces fixtures (issue 22), through LibreOffice."""
    with tempfile.TemporaryDirectory() as tmp:
        pieces = Path(tmp) / "pecas_origem.xlsx"
        write_pieces_xlsx(pieces)
        for fmt in ("xlsx", "ods"):
            convert(pieces, fmt, HERE / f"pecas.{fmt}")
        bad = Path(tmp) / "pecas_ruins_origem.xlsx"
        write_bad_pieces_xlsx(bad)
        convert(bad, "xlsx", HERE / "pecas_ruins.xlsx")


def main() -> None:
    """Every fixture; ``--pecas`` writes only the pieces ones (the others stay as committed)."""
    if "--pecas" not in sys.argv[1:]:
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
    write_pieces()
    for path in sorted(HERE.iterdir()):
        print(f"{path.name:28} {path.stat().st_size:>7} bytes")


if __name__ == "__main__":
    main()
