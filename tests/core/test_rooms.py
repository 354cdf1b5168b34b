"""The house by domain: every service module lives in a room, answers to its short name too,
and no room grows into a hall of loose modules."""

from __future__ import annotations

import importlib
import subprocess
import sys

import app.services
from app.services import ROOMS
from tests.places import ROOT

SERVICES = ROOT / "app" / "services"
ROOM_LIMIT = 14  # "about a dozen loose modules" per folder


def test_every_module_of_a_room_is_in_the_table_of_short_names():
    for room in SERVICES.iterdir():
        if room.is_dir() and room.name in ROOMS:
            found = {p.stem for p in room.glob("*.py") if p.stem != "__init__"}
            assert found == set(ROOMS[room.name]), room.name


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


def test_no_folder_of_the_app_is_a_hall_of_loose_modules():
    for folder in [p for p in (ROOT / "app").rglob("*") if p.is_dir()] + [ROOT / "app"]:
        if folder.name == "__pycache__":
            continue
        loose = [p for p in folder.glob("*.py") if p.stem != "__init__"]
        assert len(loose) <= ROOM_LIMIT, (folder, len(loose))
