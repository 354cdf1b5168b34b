"""What a write changed: a small value the UI broadcasts so open screens refresh themselves."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
