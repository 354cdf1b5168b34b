"""Hostile spreadsheets: zip bombs refused before anything reads them, a CSV with a huge cell
read (or that one line refused, with its number), invisible characters stripped on import.

Measured (``python benchmarks/bench_privacy.py``, 2-core machine shared with other jobs): the
417 KB workbook holding one 400 MB string is refused in about 1 ms of checking, the whole
``import`` command peaking at about 60 MB of memory, where python-calamine alone took 5.37 GB
and 94 s before. A string that packs only ~87 times (193 MB in 2.3 MB: 101 s and 2.5 GB
before; 20 MB in 240 KB: 5 s and 369 MB) is refused after its first MB is read."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile

import pytest

from app.cli import main
from app.models.people import Customer
from app.services.spreadsheets.import_columns import guess_mapping
from app.services.spreadsheets.import_plan import Action
from app.services.spreadsheets.importer import preview_import, run_import
from app.services.spreadsheets.spreadsheet_guard import TOO_LONG, check_zip_book
from app.services.spreadsheets.spreadsheet_read import SpreadsheetError, read_table
from tests.places import ROOT
from tests.spreadsheets.hostile_files import MB, dense_text, huge_cell_csv, zip_bomb_xlsx

TODAY = ["--today", "2026-11-23"]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A real zip bomb: 417 KB on disk, one shared string of 400 MB of "A" inside."""
    return zip_bomb_xlsx(tmp_path_factory.mktemp("bomb") / "clientes.xlsx", 400)


def test_a_zip_bomb_is_refused_before_it_is_read_saying_what_it_claims(bomb):
    assert bomb.stat().st_size < 500 * 1024
    with pytest.raises(SpreadsheetError) as err:
        read_table(bomb)
    assert err.value.code == "zip_bomb"
    assert "Esta planilha diz ter 400 MB de texto dentro de um arquivo de 407 KB" in str(err.value)
    assert "salve de novo como .xlsx ou .csv" in str(err.value)


def test_the_bomb_is_refused_well_within_the_two_seconds_the_rule_allows(bomb):
    """She picks the file and is told at once, not after the machine froze (python-calamine
    took 94 s). Counted in CPU time of this process, not on the wall clock, so a busy machine
    cannot make it fail: the refusal reads only the zip's directory and a few KB of the entry."""
    started = time.process_time()
    with pytest.raises(SpreadsheetError) as err:
        read_table(bomb)
    spent = time.process_time() - started
    assert err.value.code == "zip_bomb"
    assert spent < 1.5, f"refusing the bomb took {spent:.2f} s of CPU"


def test_the_import_command_refuses_the_bomb_with_exit_2_and_touches_no_database(
        bomb, tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    assert main(["import", str(bomb), "--db", str(db), *TODAY]) == 2
    err = capsys.readouterr().err
    assert "diz ter 400 MB de texto" in err and "Traceback" not in err
    assert not db.exists()


def test_refusing_the_bomb_takes_no_memory_to_speak_of(bomb):
    """The whole command in a fresh process: its peak memory (Python and the libraries loaded)
    stays far under 300 MB (it was 5.37 GB when python-calamine read the bomb). The peak is the
    process's own high-water mark (``VmHWM``, reset by exec): ``ru_maxrss`` would carry over
    the memory of the test runner that started it."""
    code, peak_mb = _import_in_a_fresh_process(bomb)
    assert code == "2" and int(peak_mb) < 300, peak_mb


@pytest.fixture(scope="module", params=[20, 193], ids=["20MB", "193MB"])
def dense_bomb(request, tmp_path_factory):
    """One shared string of 20 or 193 MB that packs ~87 times (under the 100 times that marks
    a bomb by its ratio): 240 KB and 2.3 MB on disk."""
    return zip_bomb_xlsx(tmp_path_factory.mktemp("dense") / "clientes.xlsx", request.param,
                         filler=dense_text()), request.param


def test_a_bomb_that_packs_less_than_100_times_is_refused_at_once(dense_bomb, tmp_path,
                                                                  capsys):
    """20 MB: the cell is longer than Excel allows in a cell, refused after its first MB is
    read; 193 MB: more shared strings than 200,000 customers have, refused from the zip's
    directory. Both within the 2 s the rule allows (CPU time of this process: a busy machine
    cannot fail it)."""
    bomb, megabytes = dense_bomb
    packed = bomb.stat().st_size
    assert 80 < megabytes * MB / packed < 100, packed
    started = time.process_time()
    with pytest.raises(SpreadsheetError) as err:
        read_table(bomb)
    db = tmp_path / "c.sqlite3"
    assert main(["import", str(bomb), "--db", str(db), *TODAY]) == 2
    spent = time.process_time() - started
    if megabytes == 20:
        assert err.value.code == "zip_bomb"
        said = ("Esta planilha tem uma célula com mais de 32.767 letras (o Excel não deixa pôr "
                "tanto numa célula) e diz ter 20 MB de texto: o arquivo pode estar danificado")
    else:
        assert err.value.code == "too_big"
        said = ("Esta planilha diz ter 193 MB de textos diferentes: é mais do que o Caderneta "
                "abre sem travar o computador (até 48 MB, umas 200.000 clientes).")
    assert str(err.value).startswith(said)
    printed = capsys.readouterr().err
    assert said in printed and "Traceback" not in printed
    assert not db.exists()
    assert spent < 2, f"refusing took {spent:.2f} s of CPU"


def test_refusing_a_dense_bomb_takes_no_memory_to_speak_of(dense_bomb):
    code, peak_mb = _import_in_a_fresh_process(dense_bomb[0])
    assert code == "2" and int(peak_mb) < 300, peak_mb


def _import_in_a_fresh_process(path) -> tuple[str, str]:
    """(exit code, peak MB) of ``import --dry-run`` in a new process (``VmHWM``)."""
    script = ("import re, sys\nfrom app.cli import main\n"
              f"code = main(['import', {str(path)!r}, '--dry-run', '--today', '2026-11-23'])\n"
              "status = open('/proc/self/status').read()\n"
              "peak = int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024\n"
              "print(code, peak)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    code, peak = done.stdout.split()[-2:]
    return code, peak


def test_a_zip_that_lies_about_its_sizes_fails_where_it_lies(tmp_path):
    liar = zip_bomb_xlsx(tmp_path / "mentirosa.xlsx", 50, declared=1000)  # claims 1 KB
    with pytest.raises(SpreadsheetError) as err:
        read_table(liar)
    assert err.value.code == "unknown"


def test_a_libreoffice_bomb_is_refused_too(tmp_path):
    ods = tmp_path / "clientes.ods"
    with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        with z.open("content.xml", "w") as f:
            for _ in range(40):
                f.write(b" " * MB)
    with pytest.raises(SpreadsheetError) as err:
        read_table(ods)
    assert err.value.code == "zip_bomb" and "40 MB de texto" in str(err.value)


def test_a_big_honest_workbook_passes_the_check(tmp_path):
    """Real sheets pack 3 to 20 times (100,000 identical rows: 16 times): far from a bomb."""
    path = tmp_path / "grande.xlsx"
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Cliente {n} da Silva</t>'
                   f'</is></c><c r="B{n}"><v>{n * 37 % 100_000}</v></c></row>'
                   for n in range(1, 40_000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", rows)
    part = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert part.file_size > 3 * MB and part.file_size < 30 * part.compress_size
    check_zip_book(path)  # no refusal


def test_a_csv_cell_over_128_kb_is_read(db, today, tmp_path):
    path = huge_cell_csv(tmp_path / "clientes.csv", 200_000, row=3)
    run_import(preview_import(read_table(path), guess_mapping(read_table(path).headers), today))
    carla = Customer.get(Customer.name == "Carla Dias")
    assert len(carla.notes) == 200_000 and Customer.select().count() == 5


@pytest.mark.parametrize("quoted_lines", [1, 4])
def test_a_line_over_the_limit_is_refused_alone_with_its_number(db, today, tmp_path,
                                                                quoted_lines):
    path = huge_cell_csv(tmp_path / "clientes.csv", 3 * MB, row=3, quoted_lines=quoted_lines)
    table = read_table(path)
    assert table.row_count == 5
    preview = preview_import(table, guess_mapping(table.headers), today)
    refused = [r for r in preview.rows if r.action is Action.ERROR]
    assert [(r.number, r.reason) for r in refused] == [(4, TOO_LONG)]
    run_import(preview)
    assert sorted(c.name for c in Customer.select()) == [
        "Ana Souza", "Bia Lima", "Dora Reis", "Eva Matos"]
    assert Customer.get(Customer.name == "Dora Reis").phone == "+5511987654304"


def test_the_import_command_names_the_refused_line(tmp_path, capsys):
    path = huge_cell_csv(tmp_path / "clientes.csv", 2 * MB, row=2)
    assert main(["import", str(path), "--db", str(tmp_path / "c.sqlite3"), *TODAY]) == 0
    out = capsys.readouterr().out
    assert "linha 3: erro — Esta linha tem mais de um milhão de letras" in out
    assert "4 criadas, 0 atualizadas, 0 ignoradas, 1 com erro." in out


def test_invisible_characters_are_stripped_on_import(db, today, tmp_path):
    path = tmp_path / "clientes.csv"
    path.write_text("Nome;Telefone;Obs\n"
                    "Ana\u200b \u202eSouza;11987654321;\u200b\n"
                    "\u2800\u2800;11987654322;só braille\n"
                    "12345;11987654323;número no nome\n"
                    "Bia\u2066 Lima\u2069;11987654324;prefere\u200d Pix\n", encoding="utf-8")
    table = read_table(path)
    preview = preview_import(table, guess_mapping(table.headers), today)
    errors = {r.number: r.reason for r in preview.rows if r.action is Action.ERROR}
    assert errors[3].startswith("Linha sem nome")
    assert errors[4].startswith("O nome “12345” não tem nenhuma letra")
    run_import(preview)
    ana, bia = Customer.select().order_by(Customer.name)
    assert (ana.name, ana.search_key, ana.notes) == ("Ana Souza", "ana souza", "")
    assert (bia.name, bia.notes) == ("Bia Lima", "prefere Pix")


def test_the_import_screen_shows_the_refusal_instead_of_freezing(qtbot, db, today, bomb):
    from app.ui.kit import ops
    from app.ui.spreadsheets.import_export_page import ImportExportPage

    page = ImportExportPage(lambda: today)
    qtbot.addWidget(page)
    page.show()
    page.import_panel.load_file(bomb)
    qtbot.waitUntil(ops.idle)
    assert "Esta planilha diz ter 400 MB de texto" in page.import_panel.message.text()
    assert not page.import_panel.preview_table.isVisible()
    assert not page.import_panel.import_button.isEnabled()
