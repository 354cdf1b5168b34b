"""The house by domain: every service module lives in a room, answers to its short name too,
and no room grows into a hall of loose modules."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import app.services
from app.services import ROOMS
from tests.places import ROOT

SERVICES = ROOT / "app" / "services"
ROOM_LIMIT = 14  # "about a dozen loose modules" per folder


def test_every_module_of_a_room_is_in_the_table_of_short_names():
    rooms = {p.name for p in SERVICES.iterdir() if (p / "__init__.py").exists()}
    # reports was a package before the rooms: its modules were never reached by short names
    assert rooms - {"reports"} == set(ROOMS), "a room missing from ROOMS, or a room gone"
    for room in ROOMS:
        found = {p.stem for p in (SERVICES / room).glob("*.py") if p.stem != "__init__"}
        assert found == set(ROOMS[room]), room


def test_short_names_are_the_rooms_modules_themselves():
    """``app.services.payments`` (scripts written before the rooms) is the very module
    ``app.services.receivables.payments``: patching one patches the other."""
    for room, modules in ROOMS.items():
        for module in modules:
            short = importlib.import_module(f"app.services.{module}")
            home = importlib.import_module(f"app.services.{room}.{module}")
            if module == room:  # the room itself answers with its module's own objects
                public = [n for n in vars(home) if not n.startswith("_")]
                assert all(getattr(short, n) is getattr(home, n) for n in public), room
                continue
            assert short is home
    from app.services.payments import record_payment
    from app.services.sales import create_sale

    from app.services import agreements, customers, loyalty, messages, overdue, worklist

    assert callable(agreements.propose_options) and callable(customers.save_customer)
    assert callable(loyalty.tier_of) and callable(messages.tone_warnings)
    assert callable(overdue.overdue_report) and callable(worklist.todays_worklist)
    assert record_payment.__module__ == "app.services.receivables.payments"
    assert create_sale.__module__ == "app.services.receivables.sales"


def test_a_short_name_works_in_a_fresh_interpreter_first_thing():
    code = ("import app.services.worklist as w, app.services.collection.worklist as r; "
            "assert w is r; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_an_unknown_short_name_is_still_an_error():
    import pytest

    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("app.services.no_such_module")
    with pytest.raises(AttributeError):
        app.services.no_such_module  # noqa: B018


def _halls(top: Path) -> list[tuple[Path, int]]:
    """The folders of ``top`` (``top`` among them) holding more than ``ROOM_LIMIT`` loose
    modules, with their count: the ``.py`` files side by side, less ``__init__.py`` and a
    ``conftest.py`` (fixtures for the folder, not a module of its own)."""
    folders = [top, *sorted(p for p in top.rglob("*") if p.is_dir())]
    counts = [(folder, sum(p.stem not in ("__init__", "conftest") for p in folder.glob("*.py")))
              for folder in folders if folder.name != "__pycache__"]
    return [(folder, count) for folder, count in counts if count > ROOM_LIMIT]


def test_no_folder_of_the_app_is_a_hall_of_loose_modules():
    assert _halls(ROOT / "app") == []


def test_no_folder_of_the_tests_is_a_hall_of_loose_modules(tmp_path):
    """The tests keep the same limit: a crowded room of tests splits by topic into
    sub-packages (``tests/receivables/sales/``, ``payments/``, ``fees/``), each with its
    ``__init__.py``; the room's conftest.py still reaches them. The count is proved on a fake
    room of 15 modules, and 14 beside a conftest.py pass."""
    assert _halls(ROOT / "tests") == []
    hall = tmp_path / "tests" / "hall"
    hall.mkdir(parents=True)
    for name in ["__init__", "conftest"] + [f"test_{n}" for n in range(ROOM_LIMIT)]:
        (hall / f"{name}.py").touch()
    assert _halls(tmp_path / "tests") == []
    (hall / "one_more.py").touch()
    assert _halls(tmp_path / "tests") == [(hall, ROOM_LIMIT + 1)]


def _map_of_rooms() -> list[tuple[list[str], str]]:
    """The README's map of rooms: per row, the packages and files its first cell names (a
    bare name after a path is in that path's folder: ``app/services/demo.py``,
    ``demo_pieces.py``), and the whole row."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("### Mapa da casa"):].split("\n\n")[1]
    rows = []
    for row in table.splitlines()[2:]:
        names, folder = [], ""
        for name in re.findall(r"`([^`]+)`", row.split("|")[1]):
            if name.startswith(("app/", "tests/")):
                folder = name.rstrip("/").rpartition("/")[0] + "/"
                names.append(name.rstrip("/"))
            else:
                names.append((folder + name).rstrip("/"))
        rows.append((names, row))
    return rows


def test_the_readme_map_has_one_line_per_package_and_names_only_what_is_there():
    """The developer map of rooms (README) matches the tree: every package of ``app/`` has a
    row of its own (a package inside a room, ``kit/tables/``, is named in its room's row), and
    every package or file a row starts with exists."""
    rows = _map_of_rooms()
    named = {name: row for names, row in rows for name in names}
    assert len(rows) >= 20
    crowded = [names for names, _ in rows
               if sum((ROOT / n).is_dir() and n.startswith("app/") for n in names) > 1]
    assert crowded == [], f"one row per package: {crowded}"
    gone = [name for name in named if "<" not in name and not (ROOT / name).exists()]
    assert gone == [], f"the README's map names what is not there: {gone}"
    for init in sorted((ROOT / "app").rglob("__init__.py")):
        package = init.parent.relative_to(ROOT).as_posix()
        if package in ("app", "app/services", "app/ui"):  # their rooms have the rows
            continue
        room = package.rpartition("/")[0]
        assert package in named or f"`{init.parent.name}/`" in named.get(room, ""), \
            f"{package} has no row in the README's map of rooms"
    loose = [p.relative_to(ROOT).as_posix() for folder in ("app", "app/services")
             for p in (ROOT / folder).glob("*.py") if p.stem != "__init__"]
    assert [p for p in loose if p not in named] == [], "a loose module without its row"


def test_the_tests_mirror_the_rooms():
    """Each room of the services and of the screens has its folder of tests."""
    rooms = {p.name for base in ("app/services", "app/ui") for p in (ROOT / base).iterdir()
             if (p / "__init__.py").exists()}
    assert rooms and not {room for room in rooms if not (ROOT / "tests" / room).is_dir()}
