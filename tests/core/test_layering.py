"""Layering that a test really guards.

1. Importing every ``app.models``/``app.services``/``app.commands`` module (in a fresh
   interpreter) loads no ``PySide6`` and no ``app.ui`` module.
2. Import direction, read from the source including relative and lazy imports:
   ``app.clock`` ← models ← services ← commands / ui ← cli. Nothing imports upward.
3. Only ``app/clock.py`` reads the system time (``date.today``, ``datetime.now``,
   ``time.time``…, called or passed around, under any alias).
4. Inside the UI, ``app.ui.kit`` is the bottom floor (style, widgets, tables, ops, pdf): it
   imports nothing of ``app.ui`` but itself — not the shell, not a screen family
   (``app.ui.people``…), which are built on it (issue 18).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.places import ROOT

APP = ROOT / "app"
ALL_FILES = sorted(APP.rglob("*.py"))
LAYERS = {"app.clock": 0, "app.models": 1, "app.services": 2, "app.commands": 3, "app.ui": 3,
          "app.cli": 4, "app": 0}
# The one place a command may render with Qt: PDF output needs Qt's print system, and it is
# imported inside the command's run(), never at module import (test 1 checks that).
COMMAND_MAY_USE = {"app.ui.kit.pdf"}
CLOCK_OWNER = APP / "clock.py"
KIT = "app.ui.kit"
KIT_FILES = sorted((APP / "ui" / "kit").rglob("*.py"))
TIME_READERS = {("date", "today"), ("datetime", "now"), ("datetime", "today"),
                ("datetime", "utcnow"), ("time", "time"), ("time", "localtime"),
                ("time", "monotonic_ns")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports_of(path: Path, tree: ast.AST) -> list[tuple[int, str]]:
    """Every module ``path`` imports (absolute names; relative and lazy imports included)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package(path).split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{a.name}") for a in node.names
                      if module in ("app", "app.ui", "app.services", "app.models")]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                node.func, "id", None)) in ("__import__", "import_module") and node.args
              and isinstance(node.args[0], ast.Constant)):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def kit_imports_above(path: Path, tree: ast.AST) -> list[str]:
    """The imports of a kit module that reach the UI above the kit: ``app.ui.<room>`` for any
    room but ``kit`` (the bare ``app.ui`` package is no room)."""
    here = _module_name(path)
    return [f"{here}:{line} imports {module}" for line, module in imports_of(path, tree)
            if module.startswith("app.ui.") and not (module == KIT or module.startswith(KIT + "."))]


def layer_of(module: str) -> int | None:
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LAYERS[prefix]
    return None


def upward_imports(path: Path, tree: ast.AST) -> list[str]:
    here = _module_name(path)
    mine = layer_of(here)
    bad = []
    for line, module in imports_of(path, tree):
        if not module.startswith("app"):
            if module.split(".")[0] in ("PySide6", "shiboken6") and mine is not None \
                    and mine < 3:
                bad.append(f"{here}:{line} imports {module}")
            continue
        theirs = layer_of(module)
        if theirs is None or mine is None:
            continue
        if theirs > mine or (here.startswith("app.commands") and module.startswith("app.ui")
                             and module not in COMMAND_MAY_USE):
            bad.append(f"{here}:{line} imports {module}")
    return bad


def time_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """``date.today``/``datetime.now``… read (called or referenced), also through aliases
    such as ``from datetime import datetime as dt`` or ``import time as t``."""
    aliases = {"date": "date", "datetime": "datetime", "time": "time"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("datetime", "time"):
            for a in node.names:
                if a.name in ("date", "datetime"):
                    aliases[a.asname or a.name] = a.name
                if node.module == "time" and ("time", a.name) in TIME_READERS:
                    aliases[a.asname or a.name] = f"time.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name in ("datetime", "time"):
                    aliases[a.asname or a.name] = a.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            owner_name = owner.id if isinstance(owner, ast.Name) else (
                owner.attr if isinstance(owner, ast.Attribute) else None)
            real = aliases.get(owner_name, owner_name)
            if (real, node.attr) in TIME_READERS:
                found.append((node.lineno, f"{owner_name}.{node.attr}"))
        elif isinstance(node, ast.Name) and aliases.get(node.id, "").startswith("time."):
            found.append((node.lineno, node.id))
    return found


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_there_are_files_to_check():
    names = {_module_name(p) for p in ALL_FILES}
    assert {"app.services.core.money", "app.services.receivables.payments", "app.models.db",
            "app.ui.kit.ops", "app.commands.base", "app.clock"} <= names


@pytest.mark.parametrize("path", ALL_FILES, ids=_module_name)
def test_imports_only_go_down_the_layers(path):
    bad = upward_imports(path, _tree(path))
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", KIT_FILES, ids=_module_name)
def test_the_kit_imports_nothing_of_the_ui_above_it(path):
    bad = kit_imports_above(path, _tree(path))
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", [p for p in ALL_FILES if p != CLOCK_OWNER], ids=_module_name)
def test_only_the_clock_reads_the_system_time(path):
    reads = [f"{_module_name(path)}:{line} reads {what}" for line, what in time_reads(_tree(path))]
    assert not reads, "\n".join(reads)


def test_importing_the_core_loads_no_qt_and_no_ui():
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import app.models, app.services, app.commands\n"
        "names = []\n"
        "for pkg in (app.models, app.services, app.commands):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name); names.append(info.name)\n"
        "leaks = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')"
        " or m.startswith('app.ui'))\n"
        "print(json.dumps({'imported': names, 'leaks': leaks}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert "app.services.receivables.payments" in result["imported"]
    assert "app.commands.base" in result["imported"]
    assert result["leaks"] == []


def test_the_checks_catch_what_they_look_for():
    fake = APP / "services" / "core" / "fake.py"  # a module in a room, two levels down
    bad = ast.parse(
        "import PySide6.QtCore\n"
        "from ...ui.kit import widgets\n"
        "from . import money\n"
        "import datetime as dt\n"
        "from datetime import date as d\n"
        "from time import time as now_seconds\n"
        "stamp = d.today\n"
        "def f():\n"
        "    from app.commands import base\n"
        "    from app.ui import shell\n"
        "    return dt.datetime.now(), now_seconds()\n"
    )
    assert upward_imports(fake, bad) == [
        "app.services.core.fake:1 imports PySide6.QtCore",
        "app.services.core.fake:2 imports app.ui.kit",
        "app.services.core.fake:9 imports app.commands",
        "app.services.core.fake:10 imports app.ui",
        "app.services.core.fake:10 imports app.ui.shell",
    ]
    assert sorted(what for _, what in time_reads(bad)) == [
        "d.today", "datetime.now", "now_seconds"]


def test_the_kit_check_catches_what_it_looks_for():
    """A kit module reaching the shell or a screen family, however it imports, is caught; its
    own floor (absolute or relative), the services and Qt are not."""
    fake = APP / "ui" / "kit" / "tables" / "fake.py"  # a module one level inside the kit
    bad = ast.parse(
        "from PySide6.QtWidgets import QLabel\n"
        "from app.services.people.customers import CustomerRow\n"
        "from app.ui.kit.style import set_role\n"
        "from . import columns\n"
        "from .. import ops\n"
        "from app.ui import kit\n"
        "from app.ui.shell.main_window import MainWindow\n"
        "from ...people import customers_page\n"
        "from app.ui import shell\n"
        "import app.ui.reports.reports_page\n"
        "def f():\n"
        "    import importlib\n"
        "    from app.ui.collection.worklist_page import WorklistPage\n"
        "    return importlib.import_module('app.ui.shell.pages')\n"
    )
    assert kit_imports_above(fake, bad) == [
        "app.ui.kit.tables.fake:7 imports app.ui.shell.main_window",
        "app.ui.kit.tables.fake:8 imports app.ui.people",
        "app.ui.kit.tables.fake:9 imports app.ui.shell",
        "app.ui.kit.tables.fake:10 imports app.ui.reports.reports_page",
        "app.ui.kit.tables.fake:13 imports app.ui.collection.worklist_page",
        "app.ui.kit.tables.fake:14 imports app.ui.shell.pages",
    ]
    assert {"app.ui.kit.ops", "app.ui.kit.customer_picker", "app.ui.kit.tables.table_model"
            } <= set(map(_module_name, KIT_FILES)), "the kit's files, its tables too, are read"
