"""Her data folder on each system, as the Windows installer and the README promise it: the
installer never touches %APPDATA%\\Caderneta, so the program must keep her file exactly there."""

from __future__ import annotations

from pathlib import Path

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
