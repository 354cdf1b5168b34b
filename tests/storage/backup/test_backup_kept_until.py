"""The day the age rules let a copy go (``kept_until``, what she is told after anonymising) is
checked against the rules themselves: a year of days walked, a new daily copy each day,
``prune_backups`` run each day; no copy outlives the day it was announced for."""

from __future__ import annotations

from datetime import date, timedelta

from app.services.storage.backup import copies_in, kept_until, prune_backups

TODAY = date(2026, 11, 23)
STEM = "caderneta"


def _copy(folder, day: date, n: int, reason: str):
    path = folder / f"{STEM}-{day.isoformat()}-{n:03d}-{reason}.sqlite3"
    path.write_bytes(b"x")
    return path


def test_no_copy_outlives_the_day_announced_for_it(tmp_path):
    made = [_copy(tmp_path, TODAY - timedelta(days=ago), 1, "diario")
            for ago in (0, 1, 2, 15, 29, 31, 40, 60, 70, 200, 330)]
    made += [_copy(tmp_path, TODAY - timedelta(days=ago), 2, reason)
             for ago, reason in ((0, "manual"), (10, "antes-de-restaurar"),
                                 (100, "antes-da-versao-10"), (300, "manual"))]
    prune_backups(tmp_path, STEM, TODAY)
    copies = copies_in(tmp_path, STEM)
    announced = {i.path: kept_until(i, copies) for i in copies}
    gone_on = {}
    day = TODAY
    while len(gone_on) < len(announced) and day < TODAY + timedelta(days=800):
        day += timedelta(days=1)
        _copy(tmp_path, day, 1, "diario")  # she opens the Caderneta every day
        prune_backups(tmp_path, STEM, day)
        for path in announced.keys() - gone_on.keys():
            if not path.exists():
                gone_on[path] = day
    assert gone_on.keys() == announced.keys()
    for path, last in announced.items():
        assert gone_on[path] - timedelta(days=1) <= last, path.name  # never kept longer
    by_name = {p.name: (gone_on[p] - timedelta(days=1), announced[p]) for p in announced}
    # exact where the rules leave no doubt: before an update or a restore, a year; a past
    # month's last daily copy, until the end of the 12th month from its own
    assert by_name["caderneta-2026-11-13-002-antes-de-restaurar.sqlite3"] == (
        date(2027, 11, 13), date(2027, 11, 13))
    assert by_name["caderneta-2026-10-25-001-diario.sqlite3"] == (
        date(2027, 9, 30), date(2027, 9, 30))
