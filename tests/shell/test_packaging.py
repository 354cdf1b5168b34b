"""The install recipes that cannot run here (Windows, the release workflow) stay honest, and
the Linux menu entry is installed where a desktop looks for it."""

from __future__ import annotations

import re
import subprocess

from tests.places import ROOT

ISS = (ROOT / "packaging" / "windows" / "caderneta.iss").read_text(encoding="utf-8")
ISS_CODE = "\n".join(line for line in ISS.splitlines() if not line.startswith(";"))
WORKFLOW = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")


def _setting(name: str) -> str:
    return re.search(rf"^{name}=(.*)$", ISS, re.MULTILINE).group(1).strip()


def test_the_windows_installer_is_per_user_in_portuguese_and_never_touches_her_data():
    assert _setting("PrivilegesRequired") == "lowest"  # no administrator password
    assert _setting("DefaultDirName") == r"{autopf}\Caderneta"  # %LOCALAPPDATA%\Programs
    assert "BrazilianPortuguese.isl" in ISS
    assert (ROOT / _setting("SetupIconFile").replace("\\", "/")).is_file()
    assert "[UninstallDelete]" not in ISS_CODE and "[InstallDelete]" not in ISS_CODE
    assert "{userappdata}" not in ISS_CODE and "{app}\\.." not in ISS_CODE
    assert r'Source: "dist\Caderneta\*"' in ISS
    assert "desktopicon" in ISS and "{autoprograms}" in ISS


def test_the_release_workflow_builds_every_system_with_the_one_spec_and_self_tests():
    for system in ("windows-latest", "macos-latest", "ubuntu-latest"):
        assert system in WORKFLOW
    assert WORKFLOW.count("python -m PyInstaller packaging/caderneta.spec") == 1
    assert WORKFLOW.count("--self-test") >= 2
    assert "packaging\\windows\\caderneta.iss" in WORKFLOW
    assert 'tags: ["v*"]' in WORKFLOW


def test_the_release_workflow_is_valid_yaml_where_it_once_was_not():
    """A plain YAML value may not hold ": " (a step named "…program: exit code" made GitHub
    refuse the whole workflow); such values are quoted. Also checks the size step and the
    macOS .app being what she downloads."""
    for line in WORKFLOW.splitlines():
        key = re.match(r"^\s*(?:- )?(name|if|shell|uses):\s*(.*)$", line)
        if key and ": " in key.group(2):
            assert key.group(2)[0] in "\"'", line
    assert "size > 150e6" in WORKFLOW
    assert "Caderneta.app" in WORKFLOW


def test_install_desktop_points_at_the_frozen_program_once_it_is_built(tmp_path):
    apps, icons, dist = tmp_path / "applications", tmp_path / "icons", tmp_path / "my dist"
    program = dist / "Caderneta" / "Caderneta"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    subprocess.run(["make", "-s", "install-desktop", f"APPS={apps}", f"ICONS={icons}",
                    f"DIST={dist}"], cwd=ROOT, check=True, capture_output=True)
    entry = (apps / "caderneta.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert fields["Exec"] == f'"{program}"' and "Path" not in fields  # quoted: a space in it


def test_make_dist_runs_the_very_build_the_frozen_test_checks():
    """The frozen test (tests/shell/test_self_test.py) builds with the same PyInstaller
    command as `make dist`; a dry run of make shows it."""
    dry = subprocess.run(["make", "-n", "dist", "DIST=/tmp/x", "VENV=.venv"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "-m PyInstaller packaging/caderneta.spec --noconfirm --distpath /tmp/x" in dry
    frozen_test = (ROOT / "tests" / "shell" / "test_self_test.py").read_text(encoding="utf-8")
    assert '"packaging" / "caderneta.spec"' in frozen_test
    assert '"--noconfirm", "--distpath"' in frozen_test


def test_install_desktop_puts_caderneta_in_the_applications_menu(tmp_path):
    apps, icons = tmp_path / "applications", tmp_path / "icons"
    subprocess.run(["make", "-s", "install-desktop", f"APPS={apps}", f"ICONS={icons}"],
                   cwd=ROOT, check=True, capture_output=True)
    entry = (apps / "caderneta.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert fields["Name"] == "Caderneta" and fields["Icon"] == "caderneta"
    assert fields["Type"] == "Application" and fields["Terminal"] == "false"
    if (ROOT / "dist" / "Caderneta" / "Caderneta").exists():
        assert fields["Exec"] == f'"{ROOT}/dist/Caderneta/Caderneta"'
    else:  # from source: `make run` in this folder, no quoting for a launcher to get wrong
        assert fields["Exec"] == "make run" and fields["Path"] == str(ROOT)
    assert (icons / "caderneta.png").read_bytes() == (ROOT / "resources" / "icon.png").read_bytes()
