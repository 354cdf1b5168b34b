"""Shared fixtures: a fresh SQLite database file per test, a fixed today, offscreen Qt."""

from __future__ import annotations

import os
from datetime import date

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 11, 23)


@pytest.fixture
def db(tmp_path):
    """A fresh database file with the latest schema, closed after the test."""
    from app.models.db import close_database, open_database

    database = open_database(tmp_path / "caderneta.sqlite3", today=TODAY)
    yield database
    close_database()


@pytest.fixture
def today() -> date:
    return TODAY
