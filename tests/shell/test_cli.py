"""Headless commands: backup and help, in Portuguese, without opening a window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.models.db import close_database, open_database
from app.services.people.customers import CustomerInput, save_customer


@pytest.fixture
def notebook(tmp_path, today):
    path = tmp_path / "loja.sqlite3"
    open_database(path, today=today)
    save_customer(CustomerInput("Ana Souza"), today)
    save_customer(CustomerInput("Bia Lima"), today)
    close_database()
    return path


def _customers(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
    finally:
        conn.close()


def test_backup_writes_a_copy_and_prints_its_path(notebook, capsys):
    assert main(["backup", "--db", str(notebook)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.exists()
    assert printed.parent == notebook.parent / "backups"
    assert printed.name.startswith("loja-") and "manual" in printed.name
    assert _customers(printed) == 2


def test_backup_to_another_folder(notebook, tmp_path, capsys):
    target = tmp_path / "pendrive"
    assert main(["backup", "--db", str(notebook), "--to", str(target)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == target
    assert _customers(printed) == 2


def test_backup_twice_makes_two_copies(notebook, capsys):
    main(["backup", "--db", str(notebook)])
    main(["backup", "--db", str(notebook)])
    first, second = capsys.readouterr().out.split()
    assert first != second
    assert Path(first).exists() and Path(second).exists()


def test_backup_of_missing_file_says_so_in_portuguese(tmp_path, capsys):
    missing = tmp_path / "nao-existe.sqlite3"
    assert main(["backup", "--db", str(missing)]) == 2
    assert "não encontrado" in capsys.readouterr().err
    assert not missing.exists()


def test_help_in_portuguese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "vendas a prazo e cobranças da revendedora" in out
    assert "faz uma cópia de segurança do banco" in out
    assert "preenche um banco com dados de exemplo" in out
    assert "abrir outro arquivo de banco" in out


def test_backup_help_in_portuguese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["backup", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "Copia o banco" in out
    assert "pasta de destino" in out


def test_backup_without_db_uses_the_default_file_and_says_when_it_is_missing(
        tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["backup"]) == 2
    err = capsys.readouterr().err
    assert "não encontrado" in err and "--db" in err
    assert str(tmp_path / "Caderneta" / "caderneta.sqlite3") in err


def test_db_and_today_before_the_command_count_as_after_it(notebook, capsys):
    """``caderneta --db X backup`` is how people type it: it must not fall back to the default."""
    assert main(["--db", str(notebook), "--today", "2026-03-05", "backup"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == notebook.parent / "backups"
    assert "20260305" in printed.name or "2026-03-05" in printed.name
    assert _customers(printed) == 2


def test_attaching_a_console_is_only_for_the_frozen_windows_program(monkeypatch):
    """On Linux, from source, or with a stdout already there, nothing is touched (the Windows
    branch runs only in the release workflow)."""
    import sys

    from app import cli

    out = sys.stdout
    assert cli.attach_console() is False and sys.stdout is out
    monkeypatch.setattr(cli.sys, "platform", "win32")
    monkeypatch.setattr(cli.sys, "frozen", True, raising=False)
    assert cli.attach_console() is False and sys.stdout is out  # stdout exists: left alone
    monkeypatch.setattr(cli.sys, "stdout", None)
    assert cli.attach_console() is False  # no ctypes.windll here: quietly nothing


def test_a_windows_output_file_takes_any_name_the_command_prints(tmp_path, today, monkeypatch):
    """On Windows, output sent to a file or a pipe is written in cp1252, which has no emoji:
    printing a path (or a customer's name) with one raised UnicodeEncodeError after the
    backup was made, and the command said "Algo deu errado" with code 2. Played here with a
    cp1252 stdout, strict as Windows makes it."""
    import io
    import sys

    folder = tmp_path / "Loja da Ana 💛"
    open_database(folder / "loja.sqlite3", today=today)
    save_customer(CustomerInput("Ana Souza"), today)
    close_database()
    out = io.TextIOWrapper(io.BytesIO(), encoding="cp1252", newline="")
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["backup", "--db", str(folder / "loja.sqlite3")]) == 0
    out.flush()
    printed = out.buffer.getvalue().decode("cp1252").strip()
    assert printed.startswith(str(tmp_path / "Loja da Ana ?" / "backups" / "loja-"))
    assert len(list((folder / "backups").glob("loja-*.sqlite3"))) == 1
