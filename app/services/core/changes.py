"""What a write changed: a small value the UI broadcasts so open screens refresh themselves.

A service states what it writes once, where it is written: ``@writes(Topic.PAYMENTS, ...)``
above the function. Each call that returns (commits) notes those topics for whoever is
``collecting()`` on the same thread — the UI's operation runner, around the work it runs on a
worker — so no screen has to declare what a service changed. A call that raises notes
nothing; outside ``collecting()`` (commands, tests) nothing is noted. The declared set is also
readable as ``function.changes``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar


class Topic(StrEnum):
    """The kinds of data a screen can show and a write can change."""

    CUSTOMERS = "customers"
    SALES = "sales"
    PAYMENTS = "payments"
    CONTACTS = "contacts"
    SETTINGS = "settings"
    AGREEMENTS = "agreements"
    BACKUPS = "backups"
    PIECES = "pieces"  # the catalogue and its stock
    CONDITIONALS = "conditionals"  # malinhas lent on approval (issue 23)


@dataclass(frozen=True)
class Changes:
    """A set of topics changed by one operation (empty: nothing changed)."""

    topics: frozenset[Topic] = frozenset()

    @classmethod
    def of(cls, *topics: Topic | str) -> Changes:
        return cls(frozenset(Topic(t) for t in topics))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.topics | other.topics)

    def __bool__(self) -> bool:
        return bool(self.topics)

    def touches(self, watched: frozenset[Topic] | set[Topic]) -> bool:
        """True when any of ``watched`` changed."""
        return bool(self.topics & frozenset(watched))


NOTHING = Changes()
EVERYTHING = Changes(frozenset(Topic))


_NOTED = threading.local()  # per thread: a stack of the changes collected by each collector
F = TypeVar("F", bound=Callable[..., Any])


class Collected:
    """What the calls made inside one ``collecting()`` changed (read it after the block)."""

    def __init__(self) -> None:
        self.changes = NOTHING

    def note(self, changes: Changes) -> None:
        self.changes = self.changes | changes


@contextmanager
def collecting() -> Iterator[Collected]:
    """Collect the changes of the ``@writes`` calls made on this thread inside the block
    (nested blocks: the inner one's changes count for the outer one too)."""
    stack = _NOTED.__dict__.setdefault("stack", [])
    collected = Collected()
    stack.append(collected)
    try:
        yield collected
    finally:
        stack.remove(collected)
        if stack:
            stack[-1].note(collected.changes)


def note(changes: Changes) -> None:
    """Tell the innermost ``collecting()`` of this thread that ``changes`` were made."""
    stack = getattr(_NOTED, "stack", None)
    if stack and changes:
        stack[-1].note(changes)


def writes(*topics: Topic) -> Callable[[F], F]:
    """Decorator for a service function that writes: each call that returns notes
    ``topics`` (see the module docstring); ``function.changes`` says them."""
    declared = Changes.of(*topics)

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            result = fn(*args, **kwargs)
            note(declared)
            return result

        wrapper.changes = declared  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
