"""Layering: services and models never import Qt, and services never read the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
CORE_FILES = sorted((APP / "services").rglob("*.py")) + sorted((APP / "models").rglob("*.py"))
SERVICE_FILES = sorted((APP / "services").rglob("*.py"))
QT_MODULES = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
CLOCK_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
}


def _rel(path: Path) -> str:
    return str(path.relative_to(APP.parent))


def _imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):  # walks into functions too: lazy imports count
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "__import__" and node.args
              and isinstance(node.args[0], ast.Constant)):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def _clock_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else (
            owner.attr if isinstance(owner, ast.Attribute) else None)
        if (owner_name, node.func.attr) in CLOCK_CALLS:
            found.append((node.lineno, f"{owner_name}.{node.func.attr}()"))
    return found


def test_there_are_files_to_check():
    names = {p.name for p in CORE_FILES}
    assert {"money.py", "payments.py", "sales.py", "entities.py", "db.py"} <= names


@pytest.mark.parametrize("path", CORE_FILES, ids=_rel)
def test_no_qt_import_in_services_and_models(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    leaks = [f"{_rel(path)}:{line} imports {name}" for line, name in _imported_modules(tree)
             if name.split(".")[0] in QT_MODULES or name.split(".")[0] == "app" and
             name.split(".")[1:2] == ["ui"]]
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("path", SERVICE_FILES, ids=_rel)
def test_services_take_today_as_a_parameter(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    calls = [f"{_rel(path)}:{line} calls {what}" for line, what in _clock_calls(tree)]
    assert not calls, "\n".join(calls)


def test_the_checks_catch_what_they_look_for():
    bad = ast.parse(
        "import PySide6.QtCore\n"
        "from shiboken6 import isValid\n"
        "def f():\n"
        "    from app.ui import widgets\n"
        "    import datetime\n"
        "    return date.today(), datetime.now(), datetime.datetime.now()\n"
    )
    assert [name for _, name in _imported_modules(bad)] == [
        "PySide6.QtCore", "shiboken6", "app.ui", "datetime"]
    assert [what for _, what in _clock_calls(bad)] == [
        "date.today()", "datetime.now()", "datetime.now()"]
