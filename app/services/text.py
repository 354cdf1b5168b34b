"""Text helpers: accent- and case-folding for search, first names."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case ``text`` without accents: "José" → "jose" (for search)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def first_name(name: str) -> str:
    """The first word of a name ("Ana Paula Souza" → "Ana")."""
    parts = (name or "").split()
    return parts[0] if parts else ""
