"""Errors services raise: a code per field for the UI to decide on, a Portuguese message to show.

Codes decide, words explain: the UI branches on ``codes`` and on the exception type, never on
the text of a message, so rewording a sentence can never change behaviour.
"""

from __future__ import annotations

INVALID = "invalid"


class ValidationError(ValueError):
    """Bad input: ``errors`` maps a field name to a Portuguese message and ``codes`` maps the
    same field to a short English code (``"required"``, ``"future_date"``…; ``"invalid"``
    when the service gave none)."""

    def __init__(self, errors: dict[str, str], codes: dict[str, str] | None = None):
        self.errors = dict(errors)
        given = codes or {}
        self.codes = {field: given.get(field, INVALID) for field in self.errors}
        super().__init__(" ".join(self.errors.values()))

    def code(self, field: str) -> str | None:
        """The code of ``field``'s problem, or None when that field is fine."""
        return self.codes.get(field)


class NeedsConfirmation(ValidationError):
    """The input is valid but does something she should confirm first (a second click):
    the message says what will happen; the caller repeats with the matching flag set."""


class CreditConfirmation(NeedsConfirmation):
    """A payment larger than what she owes: the difference would become customer credit."""


class SharedPhoneConfirmation(NeedsConfirmation):
    """Another customer has this phone (family phones are allowed after confirming)."""


class CreditLimitConfirmation(NeedsConfirmation):
    """A credit sale over the customer's credit limit."""


class BlockedCustomerConfirmation(NeedsConfirmation):
    """A credit sale to a customer blocked for credit ("bloqueada para fiado")."""


class LateReturnConfirmation(NeedsConfirmation):
    """A return long after the sale (more than the days set in Configurações)."""


class NotFound(LookupError):
    """A record the caller asked for does not exist."""
