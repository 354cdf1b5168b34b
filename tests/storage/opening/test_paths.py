"""Her data folder on each system, as the Windows installer and the README promise it: the
installer never touches %APPDATA%\\Caderneta, so the program must keep her file exactly there;
and the URI every read-only connection opens it by, wherever the folder is."""

from __future__ import annotations

import sqlite3
from pathlib import Path, PureWindowsPath

import pytest

from app.models.db import file_uri
from app.services.storage import paths


def test_windows_keeps_her_data_in_appdata(monkeypatch):
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", r"C:\Users\Natalia\AppData\Roaming")
    assert paths.data_dir() == Path(r"C:\Users\Natalia\AppData\Roaming") / "Caderneta"
    assert paths.default_db_path().name == "caderneta.sqlite3"


def test_windows_without_appdata_falls_back_to_roaming_in_her_home(monkeypatch, tmp_path):
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr(paths.Path, "home", lambda: tmp_path)
    assert paths.data_dir() == tmp_path / "AppData" / "Roaming" / "Caderneta"


def test_macos_keeps_her_data_in_application_support(monkeypatch, tmp_path):
    monkeypatch.setattr(paths.sys, "platform", "darwin")
    monkeypatch.setattr(paths.Path, "home", lambda: tmp_path)
    assert paths.data_dir() == tmp_path / "Library" / "Application Support" / "Caderneta"


def test_linux_follows_xdg_data_home_or_local_share(monkeypatch, tmp_path):
    monkeypatch.setattr(paths.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "dados"))
    assert paths.data_dir() == tmp_path / "dados" / "Caderneta"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setattr(paths.Path, "home", lambda: tmp_path)
    assert paths.data_dir() == tmp_path / ".local" / "share" / "Caderneta"


def test_read_only_uris_on_windows_drive_letters_spaces_and_accents():
    """Every read-only connection (the start-up check, backups, restore) opens a ``file:``
    URI: on Windows a drive letter, spaces and accents in her user folder, ``#`` and ``%``."""
    assert file_uri(PureWindowsPath(r"C:\Users\Natália Souza\AppData\Roaming\Caderneta"
                                    r"\caderneta.sqlite3")) == (
        "file:///C:/Users/Nat%C3%A1lia%20Souza/AppData/Roaming/Caderneta/caderneta.sqlite3")
    assert file_uri(PureWindowsPath(r"D:\Loja #1\50% off\caderneta.sqlite3")) == (
        "file:///D:/Loja%20%231/50%25%20off/caderneta.sqlite3")


def test_a_network_path_gives_sqlite_a_uri_without_a_host(tmp_path):
    """A data file on a network share (``\\\\nas\\loja``, or a mapped drive letter, which
    ``resolve()`` turns into one on Windows) gave ``file://nas/loja/…``: SQLite refused it
    ("invalid uri authority"), and the start-up check called a healthy file damaged. Four
    slashes carry no host: SQLite reads the path ``//nas/loja/…`` (shown here with a local
    path, the same parsing on every system)."""
    assert file_uri(PureWindowsPath(r"\\nas\loja\Caderneta\caderneta.sqlite3")) == (
        "file:////nas/loja/Caderneta/caderneta.sqlite3")
    path = tmp_path / "caderneta.sqlite3"
    sqlite3.connect(path).close()
    with pytest.raises(sqlite3.OperationalError, match="invalid uri authority"):
        sqlite3.connect("file://nas" + path.as_posix() + "?mode=ro", uri=True)
    conn = sqlite3.connect("file:///" + path.as_posix() + "?mode=ro", uri=True)  # 4 slashes
    try:
        assert conn.execute("PRAGMA database_list").fetchone()[2] == str(path)
    finally:
        conn.close()
