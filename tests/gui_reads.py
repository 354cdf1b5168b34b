"""A guard for tests: which uses of the database happened on the GUI thread, and from where."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from app.models.db import database

Frame = tuple[str, str]  # (path under app/, function name)


@contextmanager
def gui_thread_reads() -> Iterator[list[tuple[Frame, ...]]]:
    """Inside the block, every query (Peewee's cursor) and every raw use of the connection
    made on the GUI thread is recorded as the app frames of the stack that made it,
    innermost first."""
    seen: list[tuple[Frame, ...]] = []
    cursor, connection = database.cursor, database.connection

    def where() -> None:
        if threading.current_thread() is threading.main_thread():
            frames = [(f.filename.split("/app/")[-1], f.name)
                      for f in traceback.extract_stack()[:-2] if "/app/" in f.filename]
            seen.append(tuple(reversed(frames)))

    def guarded_cursor(*args, **kwargs):
        where()
        return cursor(*args, **kwargs)

    def guarded_connection():
        where()
        return connection()

    database.cursor, database.connection = guarded_cursor, guarded_connection
    try:
        yield seen
    finally:
        del database.cursor, database.connection  # the class's methods again


def describe(seen: list[tuple[Frame, ...]]) -> list[str]:
    """One line per distinct place, for an assertion message."""
    return list(dict.fromkeys(" ← ".join(f"{path} {name}" for path, name in frames[:5])
                              for frames in seen))
