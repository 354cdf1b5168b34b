"""Reading spreadsheets as they arrive: formats, dialects, header search, bad files, samples."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from app.services.spreadsheets.import_columns import Field, guess_mapping
from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, list_sheets, read_table
from tests.places import DATA, SAMPLES

IMPORTS = DATA / "import"

needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="../shared/samples (the real-world sample files) is not beside "
                                 "the repository")


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_same_workbook_in_three_formats_reads_the_same_table(suffix):
    table = read_table(IMPORTS / f"mesma_planilha.{suffix}")
    assert table.sheet == "Clientes"
    assert table.sheets == ("Clientes", "Resumo")
    assert table.header_row == 4  # title, "atualizado em", blank row skipped
    assert table.headers[:3] == ("Nome", "Celular", "CPF")
    # the blank row between groups is skipped, reading stops at TOTAL
    rows = list(table.iter_rows())
    assert [r.number for r in rows] == [5, 6, 8, 9] and table.row_count == 4
    assert rows[0].values[0] == "Ana Souza" and table.samples == tuple(rows[:3])
    assert "Depois do total" not in [r.values[0] for r in rows]


def test_csv_excel_ptbr_is_cp1252_with_semicolons(tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes("Nome;Telefone;Saldo\r\nConceição;11 98765-4321;R$ 1.050,00\r\n"
                     .encode("cp1252"))
    table = read_table(path)
    assert table.headers == ("Nome", "Telefone", "Saldo")
    assert table.samples[0].values == ("Conceição", "11 98765-4321", "R$ 1.050,00")


def test_csv_google_is_utf8_with_bom_and_commas(tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes("\ufeffname,whatsapp,balance\nÚrsula,48 99654 0000,89.90\n".encode())
    table = read_table(path)
    assert table.headers == ("name", "whatsapp", "balance")
    assert table.samples[0].values[0] == "Úrsula"


def test_default_sheet_is_the_first_with_a_customer_table(tmp_path):
    wb = Workbook()
    wb.active.title = "Capa"
    wb.active.append(["Relatório da loja"])
    data = wb.create_sheet("Clientes")
    data.append(["Cliente", "Whats"])
    data.append(["Ana", "11987654321"])
    wb.save(tmp_path / "book.xlsx")
    assert list_sheets(tmp_path / "book.xlsx") == ("Capa", "Clientes")
    assert read_table(tmp_path / "book.xlsx").sheet == "Clientes"
    with pytest.raises(SpreadsheetError) as err:
        read_table(tmp_path / "book.xlsx", sheet="Vendas")
    assert "Capa, Clientes" in str(err.value)


def test_a_sheet_declaring_a_million_rows_is_read_from_its_two_rows(tmp_path, monkeypatch):
    """A formatted empty cell in the last row makes the sheet declare A1:B1048576: it is read
    from the two rows written, python-calamine filling two rows and the reader pulling two,
    never walking down to row 1,048,576. Counted, not timed (``benchmarks/bench_privacy.py``
    measures the time)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Nome", "Telefone"])
    ws.append(["Ana", "11987654321"])
    ws.cell(row=1_048_576, column=2).number_format = "0.00"  # formatted, empty
    wb.save(tmp_path / "big.xlsx")
    with zipfile.ZipFile(tmp_path / "big.xlsx") as book:
        assert b'<dimension ref="A1:B1048576"/>' in book.read("xl/worksheets/sheet1.xml")
    sheets = _count_rows(monkeypatch)
    table = read_table(tmp_path / "big.xlsx")
    assert table.row_count == 1 and table.samples[0].values == ("Ana", "11987654321")
    assert sheets == [[2, 2]]  # one sheet: 2 rows filled by python-calamine, 2 pulled


def _count_rows(monkeypatch) -> list[list[int]]:
    """python-calamine, each sheet it hands out noted as [rows it filled, rows pulled from
    it], in the list returned."""
    import python_calamine

    real, sheets = python_calamine.CalamineWorkbook, []

    class Sheet:
        def __init__(self, sheet):
            self._sheet, self._seen = sheet, [sheet.height, 0]
            sheets.append(self._seen)

        def __getattr__(self, name):
            return getattr(self._sheet, name)

        def iter_rows(self):
            for row in self._sheet.iter_rows():
                self._seen[1] += 1
                yield row

    class Book:
        def __init__(self, book):
            self._book = book

        def __getattr__(self, name):
            return getattr(self._book, name)

        def get_sheet_by_name(self, name):
            return Sheet(self._book.get_sheet_by_name(name))

        @staticmethod
        def from_path(path):
            return Book(real.from_path(path))

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Book)
    return sheets


def test_a_csv_open_in_excel_on_windows_says_to_close_it(tmp_path, monkeypatch):
    """On Windows, Excel keeps a .csv it has open to itself: reading it fails with
    PermissionError (winerror 32). She reads "feche a planilha no Excel", not "não é uma
    planilha que o Caderneta consiga ler"."""
    from pathlib import Path

    from tests.windows_files import sharing_violation

    path = tmp_path / "clientes.csv"
    path.write_text("Nome;Telefone\nAna;11 98765-4321\n", encoding="cp1252")
    real_open = Path.open

    def held_by_excel(self, *args, **kwargs):
        if self == path:
            raise sharing_violation(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", held_by_excel)
    with pytest.raises(SpreadsheetError) as err:
        read_table(path)
    assert err.value.code == "in_use" and "Feche a planilha no Excel" in str(err.value)


@pytest.mark.parametrize(("content", "name", "code", "words"), [
    (b"%PDF-1.7 fake", "clientes.xlsx", "pdf", "é um PDF"),
    (b"", "clientes.xlsx", "empty", "está vazio"),
    (b"PK\x03\x04not really a zip", "clientes.numbers", "numbers", "Numbers"),
    (b"\x00\x01\x02\x03binary", "clientes.xlsx", "not_a_book", "não é de uma planilha"),
    (bytes(range(256)) * 12, "clientes.ods", "not_a_book", "renomeado"),
    (bytes(range(1, 256)) * 12, "clientes.csv", "binary", "não é um texto de planilha"),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "clientes.txt", "binary", "outro tipo"),
])
def test_files_that_are_not_spreadsheets_are_explained(tmp_path, content, name, code, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError) as err:
        read_table(path)
    assert err.value.code == code
    assert words in str(err.value)


def test_a_folder_is_called_a_folder_and_a_numbers_package_is_called_numbers(tmp_path):
    folder = tmp_path / "planilhas"
    folder.mkdir()
    with pytest.raises(SpreadsheetError) as err:
        read_table(folder)
    assert err.value.code == "folder"
    assert "é uma pasta" in str(err.value)
    package = tmp_path / "Clientes"  # a Numbers document copied from a Mac without its suffix
    package.mkdir()
    (package / "Index.zip").write_bytes(b"PK\x03\x04")
    with pytest.raises(SpreadsheetError) as err:
        read_table(package)
    assert err.value.code == "numbers"


def test_a_csv_with_accents_and_tabs_is_text_not_binary(tmp_path):
    path = tmp_path / "clientes.csv"
    path.write_bytes("Nome;Obs\r\nJoão;\tpaga às sextas\x0c\r\n".encode("cp1252"))
    table = read_table(path)
    assert table.row_count == 1


def test_password_protected_workbook_is_explained():
    with pytest.raises(SpreadsheetError) as err:
        read_table(IMPORTS / "com_senha.xlsx")
    assert err.value.code == "password"
    assert "senha" in str(err.value)


def test_headers_map_from_synonyms_in_portuguese_and_english_ignoring_accents_and_case():
    headers = ("NOME DA CLIENTE", "Whats", "Celular 2", "C.P.F", "Data Nasc.", "Endereço",
               "BAIRRO", "cidade", "Débito", "Venc.", "Obs", "Cor preferida", "")
    assert guess_mapping(headers) == (
        Field.NAME, Field.PHONE, Field.PHONE, Field.NOTES, Field.BIRTHDAY, Field.ADDRESS,
        Field.NEIGHBOURHOOD, Field.CITY, Field.BALANCE, Field.DUE, Field.NOTES, Field.NOTES,
        Field.IGNORE)
    assert guess_mapping(("name", "phone", "cpf", "e-mail", "birthday", "balance", "due date",
                          "notes")) == (
        Field.NAME, Field.PHONE, Field.CPF, Field.EMAIL, Field.BIRTHDAY, Field.BALANCE, Field.DUE,
        Field.NOTES)


@needs_samples
def test_every_sample_file_is_read():
    files = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".csv", ".xlsx"))
    assert len(files) >= 8
    for path in files:
        table = read_table(path)
        assert table.headers, path.name


def test_a_title_that_names_customers_is_not_taken_for_the_header(tmp_path):
    wb = Workbook()
    for row in (["Clientes da Ana"], ["Lista de clientes"], [], ["Nome", "Valor"], ["Rita", 10]):
        wb.active.append(row)
    wb.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert table.header_row == 4 and table.headers == ("Nome", "Valor")
    assert [r.values[0] for r in table.iter_rows()] == ["Rita"]


def test_xlsm_and_a_csv_saved_with_the_wrong_name_are_read_by_their_content(tmp_path):
    import shutil

    shutil.copyfile(IMPORTS / "mesma_planilha.xlsx", tmp_path / "macros.xlsm")
    assert read_table(tmp_path / "macros.xlsm").headers[0] == "Nome"
    (tmp_path / "lista.xlsx").write_text("Nome;Celular\nAna;11987654321\n", encoding="utf-8")
    assert read_table(tmp_path / "lista.xlsx").samples[0].values == ("Ana", "11987654321")
