"""SQL fragments that state a domain rule once, for every query that needs it."""

from __future__ import annotations


def open_installment(alias: str = "") -> str:
    """An installment is *open* when it is not fully paid and was not replaced by an agreement
    (renegotiated). ``alias`` prefixes the columns (``"i"`` → ``i.paid_cents``). The
    ``installment_open_due`` partial index is declared with this same condition."""
    p = f"{alias}." if alias else ""
    return f"{p}paid_cents < {p}amount_cents AND {p}renegotiated = 0"


OPEN = open_installment()


def sql_column(index: int, doc: str = "") -> property:
    """A read-only attribute that is column ``index`` of the row's ``sql`` tuple: rows of the
    long lists keep what their query returned and read their figures from it (no copy into
    a dataclass per row). Not annotated where used, so dataclasses do not take it for a
    field."""
    return property(lambda self: self.sql[index], doc=doc or None)
