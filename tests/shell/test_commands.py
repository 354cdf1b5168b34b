"""Every headless command answers bad input with one Portuguese line on stderr and exit code 2,
never a traceback; argparse's own words are Portuguese too."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app.cli import main
from app.commands import COMMANDS
from app.models.db import close_database, open_database
from app.services.people.customers import CustomerInput, save_customer
from tests.places import ROOT


@pytest.fixture
def store(tmp_path, today) -> Path:
    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    save_customer(CustomerInput("Ana Souza"), today)
    close_database()
    return path


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "anotacoes.txt"
    text.write_text("isto não é um banco\n" * 50, encoding="utf-8")
    folder = tmp_path / "uma_pasta"
    folder.mkdir()
    damaged = tmp_path / "danificado.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    newer = tmp_path / "futuro.sqlite3"
    open_database(newer)
    close_database()
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 'x')")
    conn.commit()
    conn.close()
    return {"texto": text, "pasta": folder, "danificado": damaged, "mais novo": newer}


# argv of each command with ``{db}`` where its database goes; a new command must be listed.
USES_DB = {
    "demo": ["demo", "--db", "{db}", "--customers", "3"],
    "backup": ["backup", "--db", "{db}"],
    "restore": ["restore", "{db}", "--db", "{db}"],
    "pix": ["pix", "--db", "{db}", "--amount", "10,00"],
    "report": ["report", "atrasos", "--db", "{db}", "--pdf", "{db}.pdf"],
    "import": ["import", str(ROOT / "tests" / "data" / "import" / "mesma_planilha.xlsx"),
               "--db", "{db}"],
    "export": ["export", "clientes", str(Path(tempfile.gettempdir()) / "caderneta-nunca.xlsx"),
               "--db", "{db}"],
    "acordos": ["acordos", "--db", "{db}"],
}


def test_every_command_is_covered_here():
    assert {c.__name__.rsplit(".", 1)[-1].rstrip("_") for c in COMMANDS} <= set(USES_DB)


def _run(argv, capsys) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    return code, err


# A copy of a file from a newer version is a good copy: ``backup`` has nothing to refuse there.
BAD_FILE_CASES = [(command, kind) for command in sorted(USES_DB)
                  for kind in ("texto", "pasta", "danificado", "mais novo")
                  if (command, kind) != ("backup", "mais novo")]


@pytest.mark.parametrize(("command", "kind"), BAD_FILE_CASES)
def test_a_bad_database_file_is_one_portuguese_line(command, kind, tmp_path, capsys):
    bad = _bad_files(tmp_path)[kind]
    argv = [a.replace("{db}", str(bad)) for a in USES_DB[command]]
    if command == "demo" and kind == "mais novo":
        argv[argv.index("--customers") + 1] = "1"
    code, err = _run(argv, capsys)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    words = {"texto": "não é um banco", "pasta": "é uma pasta", "danificado": "danificado",
             "mais novo": "versão mais nova"}
    assert words[kind] in err, err


@pytest.mark.parametrize("command", sorted(USES_DB))
def test_a_bad_today_is_refused(command, store, capsys):
    argv = [a.replace("{db}", str(store)) for a in USES_DB[command]] + ["--today", "31/02/2026"]
    code, err = _run(argv, capsys)
    assert code == 2
    assert "--today" in err and "Traceback" not in err


def test_backup_to_a_place_that_cannot_be_a_folder(store, tmp_path, capsys):
    blocker = tmp_path / "arquivo.txt"
    blocker.write_text("x")
    code, err = _run(["backup", "--db", store, "--to", blocker / "sub"], capsys)
    assert code == 2
    assert "Não foi possível gravar a cópia" in err and "--to" in err


def test_demo_needs_a_sensible_number_of_customers(tmp_path, capsys):
    code, err = _run(["demo", "--db", tmp_path / "d.sqlite3", "--customers", "0"], capsys)
    assert (code, err.strip()) == (2, "Use entre 1 e 100000 clientes.")


def test_argparse_speaks_portuguese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    assert out.startswith("uso: ") and "opções:" in out and "mostra esta ajuda e sai" in out
    with pytest.raises(SystemExit) as info:
        main(["demo"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err.strip() == "Erro: faltou informar: --db. Veja: caderneta demo --help"
    with pytest.raises(SystemExit):
        main(["vender"])
    assert "opção inválida" in capsys.readouterr().err


def test_read_only_and_full_disk_are_named_by_their_cause(tmp_path):
    from app.commands.base import explain_database_error

    path = tmp_path / "x.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE t (a)").connection.close()
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as info:
        ro.execute("INSERT INTO t VALUES (1)")
    ro.close()
    assert "somente leitura" in explain_database_error(info.value, path)
    full = sqlite3.OperationalError("database or disk is full")
    assert "disco está cheio" in explain_database_error(full, path)


def test_the_restore_hint_names_the_installed_program_not_python(tmp_path, monkeypatch):
    """An installed copy has no Python: the sentence that tells her how to restore a copy
    names the program she has (its full path, quoted for the spaces of "Program Files"), the
    console twin when there is one (Windows: the windowed program does not make cmd wait)."""
    from app.commands import base

    path = tmp_path / "caderneta.sqlite3"
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    assert "python main.py restore ARQUIVO_DE_BACKUP" in base.explain_database_error(
        damaged, path)
    installed = tmp_path / "Program Files" / "Caderneta"
    installed.mkdir(parents=True)
    (installed / "Caderneta.exe").write_bytes(b"MZ")
    monkeypatch.setattr(base.sys, "frozen", True, raising=False)
    monkeypatch.setattr(base.sys, "executable", str(installed / "Caderneta.exe"))
    said = base.explain_database_error(damaged, path)
    assert f'"{installed / "Caderneta.exe"}" restore ARQUIVO_DE_BACKUP' in said
    assert "python" not in said
    (installed / "Caderneta-comandos.exe").write_bytes(b"MZ")  # Windows: the console twin
    said = base.explain_database_error(damaged, path)
    assert f'"{installed / "Caderneta-comandos.exe"}" restore ARQUIVO_DE_BACKUP' in said


def test_a_crash_inside_a_command_is_a_sentence_not_a_traceback(tmp_path):
    """A real process: whatever goes wrong, stderr has one Portuguese line."""
    missing_parent = tmp_path / "arquivo"
    missing_parent.write_text("x")
    result = subprocess.run(
        [sys.executable, "main.py", "demo", "--db", str(missing_parent / "novo.sqlite3")],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
