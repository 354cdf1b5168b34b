"""Errors services raise for the UI to show next to the right field."""

from __future__ import annotations


class ValidationError(ValueError):
    """Bad input: ``errors`` maps a field name to a Portuguese message; ``codes`` maps a
    field to a stable code the UI may branch on (never on the text)."""

    def __init__(self, errors: dict[str, str], codes: dict[str, str] | None = None):
        self.errors = dict(errors)
        self.codes = dict(codes or {})
        super().__init__(" ".join(self.errors.values()))


class NotFound(LookupError):
    """A record the caller asked for does not exist."""
