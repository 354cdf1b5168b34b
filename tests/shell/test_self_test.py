"""``--self-test`` and ``--version``: the program proves it works, from source and frozen."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.ui.shell import self_test
from tests.places import ROOT

STEPS = ("Qt e tradução em português", "Banco de dados criado e atualizado", "Dados de exemplo",
         "Relatório em PDF", "Planilhas .xlsx e .ods", "Pix com QR code", "Foto da peça",
         "Janela principal")


def _empty_environment(home: Path, python_on_path: bool = True) -> dict[str, str]:
    """What a fresh user account has: no venv on PATH, no display, an empty HOME. The frozen
    program gets a PATH with nothing on it at all (no Python anywhere it could find)."""
    path = "/usr/bin:/bin" if python_on_path else str(home.parent / "empty-bin")
    return {"HOME": str(home), "PATH": path, "LANG": "C.UTF-8",
            "XDG_DATA_HOME": str(home / ".local" / "share")}


def _assert_all_steps_passed(output: str) -> None:
    lines = output.strip().splitlines()
    assert [line.split(" — ")[0] for line in lines[:-1]] == [f"[ok] {s}" for s in STEPS]
    assert lines[-1] == "Autoteste: tudo certo"


def test_self_test_from_source_passes_offscreen_and_touches_nothing_of_hers(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = _empty_environment(home) | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--self-test"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_all_steps_passed(done.stdout)
    assert "Traceback" not in done.stderr and "propagateSizeHints" not in done.stderr
    assert list(home.iterdir()) == []  # her data folder was never created


def test_a_failing_step_is_named_and_exits_2(monkeypatch, today):
    def broken(_folder, _clock):
        raise self_test.SelfTestFailed("o disco não aceitou o arquivo")

    monkeypatch.setattr(self_test, "_database", broken)
    out = io.StringIO()
    assert self_test.run_self_test(FixedClock(today), out) == 2
    lines = out.getvalue().splitlines()
    assert lines[-2] == "[falhou] Banco de dados criado e atualizado: o disco não aceitou o arquivo"
    assert lines[-1] == "Autoteste: falhou em “Banco de dados criado e atualizado”."
    assert "Traceback" not in out.getvalue()


def test_the_temporary_folder_is_removed_even_after_a_failure(monkeypatch, today, tmp_path):
    monkeypatch.setattr(self_test.tempfile, "mkdtemp", lambda prefix: str(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    monkeypatch.setattr(self_test, "_demo", lambda _clock: 1 / 0)
    assert self_test.run_self_test(FixedClock(today), io.StringIO()) == 2
    assert not (tmp_path / "t").exists()


def test_version_comes_from_pyproject_only(capsys):
    from app.cli import main
    from app.version import version

    written = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(),
                        re.MULTILINE).group(1)
    assert version() == written
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.strip() == f"Caderneta {written}"


@pytest.mark.frozen
def test_the_frozen_folder_passes_its_self_test_with_nothing_but_itself(tmp_path):
    """Builds dist/Caderneta with the one spec (1–4 minutes) and runs it with an empty
    environment: no venv, no Python on PATH, an empty HOME. Run by ``make test-frozen``
    (and .ci/run); skipped where PyInstaller is not installed."""
    pytest.importorskip("PyInstaller")
    built = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "packaging" / "caderneta.spec"),
         "--noconfirm", "--distpath", str(tmp_path / "dist"), "--workpath",
         str(tmp_path / "build")], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr[-3000:]
    folder = tmp_path / "dist" / "Caderneta"
    program = folder / ("Caderneta.exe" if sys.platform == "win32" else "Caderneta")
    if sys.platform == "win32":  # the console twin for the commands (cmd waits, gets the code)
        assert (folder / "Caderneta-comandos.exe").is_file()
    size_mb = sum(f.stat().st_size for f in folder.rglob("*")  # links to libraries once
                  if f.is_file() and not f.is_symlink()) / 1_000_000
    assert size_mb <= 150, f"{size_mb:.0f} MB"
    assert not list(folder.rglob("*.qml")) and not list(folder.rglob("*WebEngine*"))
    names = [f.name for f in folder.rglob("*")]
    for left_out in ("Qt6Qml", "Qt6Quick", "Qt63D", "Qt6Multimedia", "Qt6WebEngine"):
        assert not [n for n in names if left_out in n], left_out
    for kept in ("Qt6Charts", "qjpeg", "qsvg", "qoffscreen"):  # Painel, photos, icons, self-test
        assert [n for n in names if kept in n], kept
    translations = [p.name for p in folder.rglob("*.qm")]
    assert translations == ["qtbase_pt_BR.qm"]
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "empty-bin").mkdir()
    shutil.rmtree(tmp_path / "build")
    bare = _empty_environment(home, python_on_path=False)
    done = subprocess.run([str(program), "--self-test"], cwd=tmp_path, env=bare,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_all_steps_passed(done.stdout)
    assert list(home.iterdir()) == []
    version = subprocess.run([str(program), "--version"], env=bare,
                             capture_output=True, text=True, timeout=60)
    from app.version import version as source_version

    assert version.stdout.strip() == f"Caderneta {source_version()}"
