"""Text helpers: accent- and case-folding for search, transliteration, first names, plurals."""

from __future__ import annotations

import unicodedata

# Letters that carry no combining accent in Unicode, so NFKD leaves them alone.
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "ẞ": "SS",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
    "ı": "i", "ħ": "h", "Ħ": "H",
})
# Apostrophes and quotes people (and phones' keyboards) type for the same thing.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "ʹ": "'",
                              "′": "'"})


def transliterate(text: str | None) -> str:
    """Plain letters for ``text``: accents removed, ``Ø→O``, ``ß→ss``, ``Ł→L``, curly
    apostrophes made straight (nothing is dropped that has a Latin spelling)."""
    normal = unicodedata.normalize("NFKC", text or "").translate(_LETTERS).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", normal)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str | None) -> str:
    """Lower-case ``text`` without accents, for search: "José" → "jose", "D’Arc" → "d'arc",
    "Bjørn" → "bjorn"."""
    return " ".join(transliterate(text).casefold().split())


def first_name(name: str) -> str:
    """The first word of a name ("Ana Paula Souza" → "Ana")."""
    parts = (name or "").split()
    return parts[0] if parts else ""


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """A count with its noun, agreeing in number as Portuguese asks: one is singular, every
    other count (zero too) plural — "1 linha", "0 linhas", "2 saldos anteriores". The plural
    is ``singular + "s"`` unless given ("mensagem" → "mensagens"); thousands are grouped
    with a dot ("1.234 clientes")."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,}".replace(",", ".") + f" {word}"
