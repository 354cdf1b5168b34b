"""Each SQL idiom is written once, in ``app/services/core/sql.py``, and used everywhere else.

A query that writes the rule by hand drifts from it the day the rule changes (and from the
partial indexes declared with the same words). So no module of ``app/`` may write, in a
string or in a Peewee expression:

- days between dates with ``julianday(`` (``sql.day_number``, ``days_late``…);
- the open-installment condition ``paid_cents < amount_cents`` (``sql.open_installment``,
  ``sql.OPEN``);
- a boolean column compared with ``= 0``/``IS 1``/``== False``… (``sql.flag``, or
  ``sql.flag_is`` for the one index declared with ``IS``).

Docstrings may mention the idioms; only code is scanned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from peewee import BooleanField, Model

from tests.places import ROOT

APP = ROOT / "app"
# Where the idioms are allowed by hand, each for its reason (keep this short):
ALLOWED = {
    "app/services/core/sql.py",  # the idioms themselves
    "app/models/migrations.py",  # frozen DDL: each step states its indexes as they were made
}
FILES = sorted(p for p in APP.rglob("*.py") if p.relative_to(ROOT).as_posix() not in ALLOWED)


def _boolean_columns() -> set[str]:
    """Every column a model declares as ``BooleanField`` (``archived``, ``renegotiated``…)."""
    import app.models.collection
    import app.models.conditional
    import app.models.negotiation
    import app.models.people
    import app.models.pieces
    import app.models.receivables  # noqa: F401 - each registers its models

    def models(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from models(sub)

    return {f.column_name for m in models(Model) if m.__module__.startswith("app.models")
            for f in m._meta.fields.values() if isinstance(f, BooleanField)}


BOOLEANS = _boolean_columns()
RULES = {
    "julianday": re.compile(r"\bjulianday\s*\(", re.I),
    "open installment": re.compile(
        r"paid_cents\s*<\s*(\w+\.)?amount_cents|amount_cents\s*>\s*(\w+\.)?paid_cents", re.I),
    "boolean flag": re.compile(
        rf"\b({'|'.join(sorted(BOOLEANS))})\s*(=|==|!=|<>|IS\s+NOT|IS)\s*(0|1|TRUE|FALSE)\b",
        re.I),
}


def offenders(source: str) -> list[str]:
    """``line: rule: text`` for each idiom written by hand in ``source`` (Python code)."""
    tree = ast.parse(source)
    docstrings = {id(n.value) for n in ast.walk(tree)
                  if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            found += [f"{node.lineno}: {rule}: {m.group(0)}" for rule, pattern in RULES.items()
                      for m in pattern.finditer(node.value)]
        elif isinstance(node, ast.Compare):
            found += _peewee_offenders(node)
    return sorted(found, key=lambda s: int(s.split(":")[0]))


def _peewee_offenders(node: ast.Compare) -> list[str]:
    """``Model.flag == False`` and ``Model.paid_cents < Model.amount_cents``."""
    sides = [node.left, *node.comparators]
    text = ast.unparse(node)
    fields = [s.attr for s in sides if isinstance(s, ast.Attribute)
              and isinstance(s.value, ast.Name) and s.value.id[:1].isupper()]
    if any(f in BOOLEANS for f in fields) and any(
            isinstance(s, ast.Constant) and isinstance(s.value, bool) for s in sides):
        return [f"{node.lineno}: boolean flag: {text}"]
    if {"paid_cents", "amount_cents"} <= set(fields):
        return [f"{node.lineno}: open installment: {text}"]
    return []


def test_the_booleans_are_read_from_the_models():
    assert {"archived", "renegotiated", "cancelled", "blocked"} <= BOOLEANS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(APP).as_posix())
def test_no_module_writes_an_idiom_by_hand(path: Path):
    found = offenders(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)} (use app.services.core.sql):\n" + "\n".join(
        found)


def test_the_scan_catches_each_idiom_written_by_hand():
    sabotage = '''
"""A docstring may say renegotiated = 1 and paid_cents < amount_cents."""
A = "SELECT CAST(julianday(due_date) AS INTEGER) FROM installment"
B = f"WHERE i.paid_cents < i.amount_cents AND {x}"
C = "WHERE p.archived = 0 AND renegotiated IS 1"
D = Installment.select().where(Installment.renegotiated == False)
E = Installment.select().where(Installment.paid_cents < Installment.amount_cents)
F = f"WHERE {flag('archived', False)} AND {OPEN}"
G = [i for i in rows if i.paid_cents < i.amount_cents and i.archived == 0]
'''
    assert offenders(sabotage) == [
        "3: julianday: julianday(",
        "4: open installment: paid_cents < i.amount_cents",
        "5: boolean flag: archived = 0",
        "5: boolean flag: renegotiated IS 1",
        "6: boolean flag: Installment.renegotiated == False",
        "7: open installment: Installment.paid_cents < Installment.amount_cents",
    ]


def test_no_screen_runs_sql():
    """What a screen needs to know from the database is a service (on a worker): no module of
    ``app/ui`` calls ``execute_sql``/``execute`` (``piece_picker`` asked "is there a catalogue?"
    itself until ``piece_list.has_catalogue``)."""
    calls = [f"{path.relative_to(ROOT)}:{node.lineno}"
             for path in sorted((APP / "ui").rglob("*.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr in ("execute_sql", "execute", "executescript")]
    assert calls == []
