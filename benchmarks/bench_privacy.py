"""Hostile files and anonymising: what refusing a zip bomb costs, what the checks cost on honest
files, and how long anonymising a customer takes on a large caderneta (file and copies).

Run: ``python benchmarks/bench_privacy.py [--customers 5000] [--copies 5] [--big]
[--no-anonymize]``.
Each figure is printed beside a baseline measured in the same run:
- the zip bomb (407 KB holding one 400 MB string): the ``import`` command refusing it, in a
  fresh process (wall time and peak RSS), beside a fresh process that only imports the same
  command and its modules (the floor for any command), and the refusal alone, in process;
- the same for a value typed far away in a 1 KB .ods, for 6 million tiny xlsx cells, and for
  a dense sheet whose far cell is in its very last row (3.2 million numbers in an xlsx, then
  "x" at XFD320001; 120,000 LibreOffice rows of ten numbers, then "x" in column 16,001);
- the refusal alone, in process, of every other hostile file the tests refuse (they prove
  by counting that the cheap path refuses them: ``tests/spreadsheets/hostile/cheap_path.py``;
  the time is measured here, goal < 2 s each): the bombs that pack ~87 times (20 MB and 193 MB
  of one string), cells longer than Excel allows (inline, in rich-text runs, behind CDATA,
  50 million ods spaces), 49 MB of shared strings, 10,000 references to one long string,
  LibreOffice cells repeated 10,000 times, far cells (behind 16,000 empty cells in each row,
  written without an address, typed at XFD5 of a list or at XFD1048576), one letter
  repeated 3 million times; beside ``zipfile`` listing the same file; and the read of a
  sheet that declares a million rows (A1:B1048576, two written) beside python-calamine
  alone reading it;
- the zip check on an honest 10,000-row workbook (openpyxl's inline strings, and Excel's
  shared strings) beside ``zipfile`` listing it and beside python-calamine reading it (what
  the check is added to); with ``--big``, the check alone on 200,000 rows (the same xlsx, and
  as LibreOffice saves it in an ods when ``soffice`` is installed) and on the dense sheets
  above without their far cell;
- a CSV with a 3 MB cell: reading it (the line refused, the others read) beside the csv module
  reading the same file with its limit raised;
- ``clean_text`` on 100,000 cells beside ``str.strip`` on the same cells;
- anonymising one customer on a demo of ``--customers`` (erase, VACUUM, -wal truncated, the
  file searched byte by byte) beside sqlite3's own VACUUM of the same file; erasing her from
  ``--copies`` backup copies beside copying and VACUUMing them with sqlite3 alone.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import TODAY, prepare_demo, print_table, timed  # noqa: E402

PEAK = ("import resource, sys, time\nstart = time.perf_counter()\n{body}\n"
        "print(round((time.perf_counter() - start) * 1000, 1), "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")


def fresh_process(body: str) -> tuple[float, int]:
    """(milliseconds, peak MB) of ``body`` run in a new Python process."""
    done = subprocess.run([sys.executable, "-c", PEAK.format(body=body)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    ms, mb = done.stdout.split()[-2:]
    return float(ms), int(mb)


def bomb_rows(folder: Path) -> list[tuple]:
    from tests.spreadsheets.hostile.hostile_files import zip_bomb_xlsx

    bomb = zip_bomb_xlsx(folder / "bomba.xlsx", 400)
    ms, mb = fresh_process("from app.cli import main\n"
                           f"main(['import', {str(bomb)!r}, '--dry-run'])")
    base_ms, base_mb = fresh_process(
        "from app.cli import main\nimport app.services.spreadsheets.importer\n"
        "import app.services.spreadsheets.spreadsheet_read\n"
        "import app.services.configuration.settings")
    from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table

    def refuse():
        try:
            read_table(bomb)
        except SpreadsheetError as exc:
            return exc.code

    alone, code = timed(refuse, repeat=20)
    assert code == "zip_bomb"
    print(f"bomba: {bomb.stat().st_size // 1024} KB; o comando import a recusa em {ms:.0f} ms "
          f"com pico de {mb} MB de memória (só carregar o comando e seus módulos: "
          f"{base_ms:.0f} ms, {base_mb} MB); a recusa em si: {alone:.2f} ms")
    return [("import recusa a bomba de 400 MB (processo novo)", ms, base_ms, "< 2 s, < 300 MB")]


def far_and_dense_rows(folder: Path) -> list[tuple]:
    """The ``import`` command refusing, in a fresh process, a 1 KB .ods with one "x" at XFD6003
    (python-calamine alone: 6 GB, 32 s) and an xlsx of 6 million one- or two-digit numbers
    (the import alone: 460 MB, 32 s), beside a fresh process that only loads the command."""
    from tests.spreadsheets.hostile.hostile_files import dense_xlsx, ods_book, ods_cell, ods_row

    far = ods_book(folder / "longe.ods", [("Clientes", ods_row(ods_cell("Nome"))
                                           + ods_row(ods_cell("Ana")) + ods_row(repeated=6000)
                                           + ods_row(ods_cell(None, 16383), ods_cell("x")))])
    dense = dense_xlsx(folder / "miudas.xlsx", 600_000)
    dense_far, dense_far_ods = dense_far_files(folder)
    base_ms, base_mb = fresh_process(
        "from app.cli import main\nimport app.services.spreadsheets.importer\n"
        "import app.services.spreadsheets.spreadsheet_read\n"
        "import app.services.configuration.settings")
    rows = []
    for label, path in (("um “x” em XFD6003 de um .ods de 1 KB", far),
                        ("6 milhões de células miúdas (.xlsx de 12 MB)", dense),
                        ("3,2 milhões de números e um “x” em XFD320001 (.xlsx, 54 MB de XML)",
                         dense_far),
                        ("120.000 linhas do LibreOffice e um “x” na coluna 16.001 da última "
                         "(.ods, 166 MB de XML)", dense_far_ods)):
        ms, mb = fresh_process(f"from app.cli import main\nmain(['import', {str(path)!r}, "
                               "'--dry-run'])")
        print(f"{label}: o comando import o recusa em {ms:.0f} ms com pico de {mb} MB (só "
              f"carregar o comando: {base_ms:.0f} ms, {base_mb} MB)")
        rows.append((f"import recusa {label} (processo novo)", ms, base_ms, "< 2 s, < 300 MB"))
    return rows


def hostile_files(folder: Path) -> list[tuple[str, Path]]:
    """The hostile files of ``tests/spreadsheets/hostile/`` whose refusal is not timed above,
    built as the tests build them (``test_hostile_spreadsheets``, ``test_hostile_long_cells``,
    ``test_far_and_dense_cells``)."""
    from openpyxl import Workbook

    from tests.spreadsheets.hostile.hostile_files import (
        MB,
        SHEET_HEAD,
        SHEET_TAIL,
        STRINGS_HEAD,
        STRINGS_TAIL,
        dense_text,
        ods_book,
        ods_cell,
        ods_row,
        workbook_xlsx,
        zip_bomb_xlsx,
    )

    text = dense_text()
    inline = (SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nome</t></is></c></row>'
              b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
    strings = b"".join(b"<si><t>" + text[i:i + 1_000] + b"</t></si>"
                       for i in range(0, MB - 1_100, 1_015))
    refs = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>1</v></c></row>' % (n, n)
                    for n in range(2, 10_002))
    long = text[:32_000].decode()
    header = ods_row(ods_cell("Nome"), ods_cell("Celular"))
    files = [
        ("bomba de 20 MB que comprime ~87 vezes",
         zip_bomb_xlsx(folder / "densa20.xlsx", 20, filler=text)),
        ("bomba de 193 MB que comprime ~87 vezes",
         zip_bomb_xlsx(folder / "densa193.xlsx", 193, filler=text)),
        ("célula de 193 MB na aba", workbook_xlsx(folder / "inline.xlsx", sheet=[
            (inline, 1), (text, 193), (b"</t></is></c></row>" + SHEET_TAIL, 1)])),
        ("texto de 800.000 letras em 40 trechos", workbook_xlsx(folder / "trechos.xlsx", strings=[
            (STRINGS_HEAD + b"<si><t>Nome</t></si><si>", 1),
            (b"<r><t>" + text[:20_000] + b"</t></r>", 40), (b"</si>" + STRINGS_TAIL, 1)])),
        ("fim de texto escondido em CDATA", workbook_xlsx(folder / "cdata.xlsx", strings=[
            (STRINGS_HEAD + b"<si><t>Nome</t></si><si>", 1),
            (b"<t><![CDATA[" + text[:20_000] + b"</si><si>]]></t>", 5),
            (b"</si>" + STRINGS_TAIL, 1)])),
        ("50 milhões de espaços num .ods", ods_book(folder / "espacos.ods", [("Clientes", ods_row(
            ods_cell("Nome")) + ods_row(ods_cell('A<text:s text:c="50000000"/>B')))])),
        ("49 MB de textos diferentes", workbook_xlsx(folder / "textos.xlsx", strings=[
            (STRINGS_HEAD, 1), (strings, 49), (STRINGS_TAIL, 1)])),
        ("10.000 células apontando um texto de 32.000 letras", workbook_xlsx(
            folder / "referencias.xlsx", strings=[(STRINGS_HEAD + b"<si><t>Nome</t></si><si><t>"
                                                   + text[:32_000] + b"</t></si>" + STRINGS_TAIL,
                                                   1)],
            sheet=[(SHEET_HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + refs
                    + SHEET_TAIL, 1)])),
        ("célula de 32.000 letras repetida 10.000 vezes (.ods)", ods_book(
            folder / "repetida.ods", [("Clientes", header + ods_row(
                ods_cell(long, 100), repeated=100))])),
        ("um valor atrás de 16.000 células vazias em 2.000 linhas (.ods)", ods_book(
            folder / "atras.ods", [("Clientes", ods_row(ods_cell(None, 16000), ods_cell("x"))
                                    * 2000)])),
        ("uma letra repetida 3 milhões de vezes (.ods)", ods_book(
            folder / "letra.ods", [("Clientes", header + ods_row(ods_cell("x", 1000),
                                                                 repeated=3000))])),
        ("um “x” sem endereço em XFD1048576 (.xlsx de 2 KB)", workbook_xlsx(
            folder / "sem_endereco.xlsx", sheet=[(
                SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nome</t></is></c>'
                b'</row><row r="1048576">' + b"<c/>" * 16383
                + b'<c t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_TAIL, 1)])),
    ]
    book = Workbook()
    for n in range(1, 601):
        book.active.append([f"Cliente {n}", "11987654321", "Centro", "São Paulo"])
    book.active["XFD5"] = "x"
    book.save(folder / "xfd5.xlsx")
    book = Workbook()
    book.active["A1"], book.active["A2"], book.active["XFD1048576"] = "Nome", "Ana", "x"
    book.save(folder / "longe.xlsx")
    return files + [("um “x” em XFD5 de uma lista de 600 linhas", folder / "xfd5.xlsx"),
                    ("um “x” em XFD1048576 (.xlsx de 5 KB)", folder / "longe.xlsx")]


def refusal_rows(folder: Path) -> list[tuple]:
    """``read_table`` refusing each of ``hostile_files`` (median of 5, in process) beside
    ``zipfile`` listing the same file; then a sheet that declares a million rows read beside
    python-calamine alone."""
    import zipfile

    import python_calamine
    from openpyxl import Workbook

    from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table

    def refuse(path: Path) -> str:
        try:
            read_table(path)
        except SpreadsheetError as exc:
            return exc.code
        raise AssertionError(f"{path.name} was not refused")

    rows = []
    for label, path in hostile_files(folder):
        ms, code = timed(lambda p=path: refuse(p), repeat=5)
        listing, _ = timed(lambda p=path: zipfile.ZipFile(p).infolist(), repeat=5)
        print(f"{label}: recusada ({code}) em {ms:.1f} ms")
        rows.append((f"recusar {label}", ms, listing, "< 2 s"))
    book = Workbook()
    book.active.append(["Nome", "Telefone"])
    book.active.append(["Ana", "11987654321"])
    book.active.cell(row=1_048_576, column=2).number_format = "0.00"  # formatted, empty
    book.save(folder / "milhao.xlsx")
    ms, table = timed(lambda: read_table(folder / "milhao.xlsx"), repeat=5)
    assert table.row_count == 1
    alone, _ = timed(lambda: list(python_calamine.CalamineWorkbook.from_path(
        str(folder / "milhao.xlsx")).get_sheet_by_index(0).iter_rows()), repeat=5)
    rows.append(("ler uma aba que diz ter um milhão de linhas (duas escritas)", ms, alone,
                 "< 2 s"))
    return rows


def dense_far_files(folder: Path, far: bool = True) -> tuple[Path, Path]:
    """The dense sheets of the tests (``test_far_and_dense_cells``), with their far cell in
    the very last row, or without it (``far`` false)."""
    from tests.spreadsheets.hostile.hostile_files import dense_ods, dense_xlsx, ods_cell, ods_row

    name = "densa_longe" if far else "densa"
    last = b'<row r="320001"><c r="XFD320001" t="inlineStr"><is><t>x</t></is></c></row>'
    return (dense_xlsx(folder / f"{name}.xlsx", 320_000, last_row=last if far else b""),
            dense_ods(folder / f"{name}.ods", 120_000, last_rows=ods_row(
                ods_cell(None, 16000), ods_cell("x")) if far else ""))


def shared_strings_xlsx(path: Path, rows: int) -> Path:
    """A customer list as Excel saves it: eight columns, texts in shared strings."""
    from tests.spreadsheets.hostile.hostile_files import (
        SHEET_HEAD,
        SHEET_TAIL,
        STRINGS_HEAD,
        STRINGS_TAIL,
        workbook_xlsx,
    )

    strings = ["Nome", "Celular", "Nascimento", "Bairro", "Cidade", "Saldo", "Vencimento",
               "Obs", "Centro", "São Paulo", "prefere Pix"]
    lines = [b'<row r="1">' + b"".join(b'<c r="%c1" t="s"><v>%d</v></c>' % (c, i)
                                       for i, c in enumerate(b"ABCDEFGH")) + b"</row>"]
    for n in range(2, rows + 2):
        first = len(strings)
        strings += [f"Cliente {n} da Silva", f"(11) 9{n % 9999:04d}-{n % 9973:04d}"]
        lines.append(b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v>'
                     b'</c><c r="C%d" s="1"><v>%d</v></c><c r="D%d" t="s"><v>8</v></c><c r="E%d'
                     b'" t="s"><v>9</v></c><c r="F%d"><v>%d.5</v></c><c r="G%d" s="1"><v>46300'
                     b'</v></c><c r="H%d" t="s"><v>10</v></c></row>'
                     % (n, n, first, n, first + 1, n, 30000 + n % 9000, n, n, n, n % 700, n, n))
    return workbook_xlsx(path, strings=[(STRINGS_HEAD + "".join(
        f"<si><t>{t}</t></si>" for t in strings).encode() + STRINGS_TAIL, 1)],
        sheet=[(SHEET_HEAD + b"".join(lines) + SHEET_TAIL, 1)])


def honest_rows(folder: Path, big: bool) -> list[tuple]:
    import zipfile

    import python_calamine
    from bench_spreadsheets import make_file

    from app.services.spreadsheets.spreadsheet_guard import check_zip_book

    def read(path: Path) -> int:
        return sum(1 for _ in python_calamine.CalamineWorkbook.from_path(
            str(path)).get_sheet_by_index(0).iter_rows())

    book = folder / "honesta.xlsx"
    make_file(book, 10_000)
    shared = shared_strings_xlsx(folder / "honesta_excel.xlsx", 10_000)
    rows = []
    for label, path in (("openpyxl, textos na aba", book), ("como o Excel, textos à parte",
                                                            shared)):
        guard, _ = timed(lambda p=path: check_zip_book(p), repeat=21)
        listing, _ = timed(lambda p=path: zipfile.ZipFile(p).infolist(), repeat=21)
        calamine, _ = timed(lambda p=path: read(p), repeat=7)
        print(f"verificação do zip, 10.000 linhas ({label}): {guard:.1f} ms; calamine lendo a "
              f"mesma planilha: {calamine:.0f} ms ({guard / calamine:.0%} da leitura)")
        rows.append((f"verificar o zip de 10.000 linhas ({label}; meta: ≤ ~30% da leitura do "
                     f"calamine, {calamine:.0f} ms)", guard, listing, "≤ ~30% da leitura"))
    if big:
        big_rows(folder)
    return rows


def big_rows(folder: Path) -> None:
    """The check alone (one run each: seconds) on 200,000 honest rows and on the dense
    sheets without their far cell (they pass)."""
    import shutil
    import subprocess
    import time

    from bench_spreadsheets import make_file

    from app.services.spreadsheets.spreadsheet_guard import check_zip_book

    book = folder / "honesta_200000.xlsx"
    make_file(book, 200_000)
    files = [("200.000 linhas, openpyxl", book),
             ("200.000 linhas, como o Excel", shared_strings_xlsx(folder / "excel_200000.xlsx",
                                                                  200_000))]
    if shutil.which("soffice"):
        subprocess.run(["soffice", "--headless", "--convert-to", "ods", "--outdir",
                        str(folder), str(book)], check=True, capture_output=True, timeout=1800)
        files.append(("200.000 linhas salvas pelo LibreOffice (.ods)", book.with_suffix(".ods")))
    dense, dense_ods = dense_far_files(folder, far=False)
    files += [("3,2 milhões de números (.xlsx, sem a célula longe)", dense),
              ("120.000 linhas de dez números do LibreOffice (.ods, sem a célula longe)",
               dense_ods)]
    for label, path in files:
        start = time.process_time()
        check_zip_book(path)
        print(f"verificação do zip, {label}: {time.process_time() - start:.2f} s de CPU")


def csv_rows(folder: Path) -> list[tuple]:
    import csv

    from app.services.spreadsheets.spreadsheet_read import read_table
    from tests.spreadsheets.hostile.hostile_files import huge_cell_csv

    path = huge_cell_csv(folder / "celula.csv", 3 << 20, row=3, quoted_lines=3)

    def ours():
        return sum(1 for _ in read_table(path).iter_rows())

    def plain():
        csv.field_size_limit(1 << 30)
        with path.open(encoding="utf-8", newline="") as f:
            return sum(1 for _ in csv.reader(f, delimiter=";"))

    ms, _ = timed(ours, repeat=5)
    base, _ = timed(plain, repeat=5)
    from app.services.spreadsheets.spreadsheet_guard import CSV_CELL_LIMIT

    csv.field_size_limit(CSV_CELL_LIMIT)
    return [("CSV com célula de 3 MB (linha recusada, outras lidas)", ms, base, "—")]


def clean_rows() -> list[tuple]:
    from app.services.core.text import clean_text

    cells = [f"Cliente {n} da Silva" if n % 3 else f"Rua {n}, Centro\nap {n}"
             for n in range(100_000)]
    ms, _ = timed(lambda: [clean_text(c, multiline=True) for c in cells], repeat=5)
    base, _ = timed(lambda: [c.strip() for c in cells], repeat=5)
    return [("clean_text em 100.000 células", ms, base, "—")]


def anonymize_rows(customers: int, copies: int) -> list[tuple]:
    from app.models.db import close_database, database, open_database
    from app.services.people.customers import CustomerInput, save_customer
    from app.services.people.privacy import anonymize_customer
    from app.services.storage.backup import backup_database, backups_dir

    path = prepare_demo(None, customers)
    open_database(path, today=TODAY)
    cid = save_customer(CustomerInput("Ana Beatriz Souza", phone="11987654321",
                                      cpf="529.982.247-25", notes="prefere Pix"), TODAY)
    for n in range(copies):
        backup_database(path, "diario", TODAY - timedelta(days=n))
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    raw_copy = Path(tempfile.mkdtemp()) / "puro.sqlite3"
    shutil.copyfile(path, raw_copy)
    now = datetime(2026, 11, 23, 15)
    start = time.perf_counter()
    result = anonymize_customer(cid, now, erase_copies=True)
    total = (time.perf_counter() - start) * 1000
    close_database()
    assert result.file_clean and result.copies_erased == copies, result
    conn = sqlite3.connect(raw_copy)
    vacuum, _ = timed(lambda: conn.execute("VACUUM"))
    conn.close()

    def copy_and_vacuum():
        for info in sorted(backups_dir(path).glob("*.sqlite3"))[:copies]:
            target = raw_copy.with_name(info.name)
            shutil.copyfile(info, target)
            c = sqlite3.connect(target)
            c.execute("VACUUM")
            c.close()

    copies_base, _ = timed(copy_and_vacuum)
    print(f"arquivo de {size / 1e6:.1f} MB, {copies} cópias")
    return [(f"anonimizar e apagar de {copies} cópias ({customers} clientes)", total,
             vacuum + copies_base, "em segundo plano, raro")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--big", action="store_true",
                        help="also the check alone on 200,000 rows and on the dense sheets")
    parser.add_argument("--no-anonymize", action="store_true", help="only the hostile files")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    rows = bomb_rows(folder) + far_and_dense_rows(folder) + refusal_rows(folder)
    rows += honest_rows(folder, args.big)
    rows += csv_rows(folder) + clean_rows()
    if not args.no_anonymize:
        rows += anonymize_rows(args.customers, args.copies)
    print_table(rows)


if __name__ == "__main__":
    main()
