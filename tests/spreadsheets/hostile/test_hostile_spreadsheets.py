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
from tests.spreadsheets.hostile.cheap_path import cheap_path
from tests.spreadsheets.hostile.hostile_files import (
    MB,
    dense_text,
    huge_cell_csv,
    workbook_xlsx,
    zip_bomb_xlsx,
)

TODAY = ["--today", "2026-11-23"]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A real zip bomb: 417 KB on disk, one shared string of 400 MB of "A" inside."""
    return zip_bomb_xlsx(tmp_path_factory.mktemp("bomb") / "clientes.xlsx", 400)


def test_a_zip_bomb_is_refused_before_it_is_read_saying_what_it_claims(bomb):
    assert bomb.stat().st_size < 500 * 1024
    with cheap_path(), pytest.raises(SpreadsheetError) as err:  # a broken guard fails at once,
        read_table(bomb)  # not after python-calamine read 400 MB
    assert err.value.code == "zip_bomb"
    assert "Esta planilha diz ter 400 MB de texto dentro de um arquivo de 407 KB" in str(err.value)
    assert "salve de novo como .xlsx ou .csv" in str(err.value)


def test_the_bomb_is_refused_from_the_zips_directory_alone(bomb):
    """She picks the file and is told at once, not after the machine froze (python-calamine
    took 94 s): the refusal reads only the zip's directory, not one byte of the 400 MB is
    unpacked, and python-calamine is never asked to open it (``cheap_path`` fails the test if
    it is). Counted, not timed: ``benchmarks/bench_privacy.py`` measures the time."""
    with cheap_path() as watch, pytest.raises(SpreadsheetError) as err:
        read_table(bomb)
    assert err.value.code == "zip_bomb"
    assert str(err.value).startswith("Esta planilha diz ter 400 MB de texto")
    assert watch.inflated == 0, f"unpacked {watch.inflated:,} bytes to refuse it"


def test_the_watch_fails_a_test_whose_file_reaches_python_calamine(tmp_path):
    """``cheap_path`` is the proof of the tests above: an honest workbook, which the guard
    lets through, fails the test as soon as it is handed to python-calamine, even from inside
    the reader's ``except Exception``."""
    honest = workbook_xlsx(tmp_path / "clientes.xlsx")  # two rows, two short strings
    with cheap_path() as watch, pytest.raises(pytest.fail.Exception, match="python-calamine"):
        read_table(honest)
    assert watch.inflated > 0


def test_the_import_command_refuses_the_bomb_with_exit_2_and_touches_no_database(
        bomb, tmp_path, capsys):
    db = tmp_path / "c.sqlite3"
    with cheap_path():  # a broken guard fails at once, not after 400 MB were read
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
    unpacked; 193 MB: more shared strings than 200,000 customers have, refused from the zip's
    directory (and the first KB of each part, read to know what it is). Neither is handed to
    python-calamine (``cheap_path`` fails the test if it is), by ``read_table`` or by the
    ``import`` command. Counted, not timed: ``benchmarks/bench_privacy.py`` measures the
    time."""
    bomb, megabytes = dense_bomb
    packed = bomb.stat().st_size
    assert 80 < megabytes * MB / packed < 100, packed
    with cheap_path() as watch, pytest.raises(SpreadsheetError) as err:
        read_table(bomb)
    db = tmp_path / "c.sqlite3"
    with cheap_path():
        assert main(["import", str(bomb), "--db", str(db), *TODAY]) == 2
    if megabytes == 20:
        assert err.value.code == "zip_bomb"
        said = ("Esta planilha tem uma célula com mais de 32.767 letras (o Excel não deixa pôr "
                "tanto numa célula) e diz ter 20 MB de texto: o arquivo pode estar danificado")
        most = 2 * MB  # the long cell's first MB, and the few KB of the other parts
    else:
        assert err.value.code == "too_big"
        said = ("Esta planilha diz ter 193 MB de textos diferentes: é mais do que o Caderneta "
                "abre sem travar o computador (até 48 MB, umas 200.000 clientes).")
        most = 64 * 1024  # the first 16 KB of each part at most
    assert str(err.value).startswith(said)
    assert watch.inflated <= most, f"unpacked {watch.inflated:,} bytes to refuse it"
    printed = capsys.readouterr().err
    assert said in printed and "Traceback" not in printed
    assert not db.exists()


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
