"""Errors services raise for the UI to show next to the right field."""

from __future__ import annotations


class ValidationError(ValueError):
    """Bad input: ``errors`` maps a field name to a Portuguese message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


class NotFound(LookupError):
    """A record the caller asked for does not exist."""
