"""How an SMS goes on a phone: the GSM 03.38 alphabet, how many parts a text takes, and the
few changes every SMS text gets (a plain space in amounts, the store's name short).

Counting (3GPP TS 23.038, "GSM 03.38", §6.2.1 the default alphabet and §6.2.1.1 its
extension table; 3GPP TS 23.040 §9.2.3.24.1 for the 6-octet concatenation header):

- A text made only of the 128 characters of the GSM 7-bit default alphabet
  (``GSM7_BASIC``, below) and the ten of its extension table (``GSM7_EXTENSION``:
  ``^ { } \\ [ ~ ] | €`` and the form feed, each sent as escape + character, so they count
  two) goes as GSM-7: 160 septets in one SMS, 153 in each part of a longer one.
- One character outside them — in Portuguese ``ã õ ç ó ê â í ú á``, the no-break space
  U+00A0, an emoji (two UTF-16 units) — and the whole text goes as UCS-2: 70 units in one
  SMS, 67 in each part. GSM-7 does have ``é è ù ì ò à Ç Ñ ñ ü Ü ä ö Ä Ö Å å Æ æ ß É``.
- A part never ends in the middle of an escape pair or of an emoji's two units.
"""

from __future__ import annotations

import re

SMS_MAX = 160  # GSM-7 characters in one SMS
# The GSM 7-bit default alphabet, in code order 0x00–0x7F (0x1B, the escape, is not a
# character of its own: it starts an extension one).
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "\f^{}\\[~]|€"
_BASIC = frozenset(GSM7_BASIC) - {"\x1b"}
_EXTENDED = frozenset(GSM7_EXTENSION)
GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67
SMS_STORE_MAX = 20  # the store's name in an SMS: its first words up to this many characters
# Words that never end a shortened name ("Casa da", "Zé &"): cut before them.
_DANGLING = {"a", "as", "o", "os", "e", "&", "de", "da", "do", "das", "dos", "-", "–", "—",
             "·", "|", "+", "/"}


def is_gsm7(text: str) -> bool:
    """True when every character of ``text`` is in the GSM 7-bit alphabet (basic or
    extension table): the text then goes as GSM-7, 160 characters an SMS."""
    return all(ch in _BASIC or ch in _EXTENDED for ch in text)


def outside_gsm7(text: str) -> list[str]:
    """The characters of ``text`` that make it go as UCS-2, each once, in order of first
    appearance ("ã", "ç", "🎉")."""
    return list(dict.fromkeys(ch for ch in text if ch not in _BASIC and ch not in _EXTENDED))


def _units(text: str) -> list[int]:
    """What each character costs: septets in GSM-7, UTF-16 units in UCS-2."""
    if is_gsm7(text):
        return [2 if ch in _EXTENDED else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def sms_parts(text: str) -> int:
    """How many SMS ``text`` goes as on a phone (rules in the module docstring): 1 for up to
    160 GSM-7 characters or 70 UCS-2 units, then parts of 153 or 67. An empty text is 0."""
    if not text:
        return 0
    units = _units(text)
    single, part = (GSM7_SINGLE, GSM7_PART) if is_gsm7(text) else (UCS2_SINGLE, UCS2_PART)
    if sum(units) <= single:
        return 1
    parts, room = 1, part
    for cost in units:  # a pair never straddles two parts
        if cost > room:
            parts, room = parts + 1, part
        room -= cost
    return parts


def sms_store_name(store_name: str) -> str:
    """The store's name as an SMS says it: whole when it has up to ``SMS_STORE_MAX`` (20)
    characters; else its first words that fit, cut at a word boundary and never ending on
    "de", "da", "e", "&"… ("Ateliê Maria Bonita Modas" → "Ateliê Maria Bonita"); a first
    word longer than that is cut at 20 characters."""
    words = " ".join((store_name or "").split()).split(" ")
    name = " ".join(words)
    if len(name) <= SMS_STORE_MAX:
        return name
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > SMS_STORE_MAX:
            break
        kept.append(word)
    while kept and kept[-1].casefold() in _DANGLING:
        kept.pop()
    return " ".join(kept) if kept else name[:SMS_STORE_MAX].rstrip()


_SPACES = re.compile("[\u00a0\u202f\u2007]")  # no-break, narrow no-break, figure spaces


def sms_text(text: str) -> str:
    """``text`` as an SMS sends it: no-break spaces (``R$\\xa075,00``) made plain spaces, which
    GSM-7 has (a no-break space alone would make the whole SMS go as UCS-2, 70 a part)."""
    return _SPACES.sub(" ", text)
