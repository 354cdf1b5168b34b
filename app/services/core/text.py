"""Text helpers: text cleaned on the way in, accent- and case-folding for search, ASCII
transliteration, first names, plurals."""

from __future__ import annotations

import re
import unicodedata
from itertools import dropwhile

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
    apostrophes made straight (nothing is dropped that has a Latin spelling), invisible
    characters dropped (``strip_invisible``)."""
    normal = unicodedata.normalize("NFKC", strip_invisible(text))
    normal = normal.translate(_LETTERS).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", normal)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str | None) -> str:
    """Lower-case ``text`` without accents, for search: "José" → "jose", "D’Arc" → "d'arc",
    "Bjørn" → "bjorn"."""
    return " ".join(transliterate(text).casefold().split())


def file_words(text: str | None) -> str:
    """``text`` as words of a file name: lower case, no accents, only ``a-z`` and ``0-9``
    joined by hyphens ("Joana D’Arc / 2ª" → "joana-d-arc-2a"; "" when nothing is left).
    Safe on every system: Windows refuses ``: ? * / \\ " < > |`` in a name, and a ``/``
    would be a folder anywhere."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


# Honorifics a name may start with ("Dona Cida Souza"): a greeting says the name after them.
HONORIFICS = frozenset({"dona", "d.", "sra", "sra.", "sr", "sr.", "seu", "dra", "dra.", "dr",
                        "dr."})


def first_name(name: str) -> str:
    """The first word of a name ("Ana Paula Souza" → "Ana"), after any honorifics
    (``HONORIFICS``: Dona, D., Sra., Sr., Seu, Dra., Dr.): "Dona Cida Souza" → "Cida",
    "Dr. João" → "João". A name made only of honorifics keeps its first word ("Dona")."""
    parts = (name or "").split()
    named = list(dropwhile(lambda part: part.casefold() in HONORIFICS, parts))
    return (named or parts or [""])[0]


# Characters that show nothing but change how text reads or compares. Bidi controls: a
# right-to-left override inside a name reverses the rest of a reminder on her customer's phone.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Zero-width and blank-looking characters: a name made of them looks empty and matches nothing.
_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u180b-\u180f"  # Mongolian variation selectors and vowel separator
    "\u200b\u200c"  # zero-width space and non-joiner (the joiner is below)
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u206a-\u206f"  # deprecated format characters
    "\u2800"  # braille pattern blank
    "\ufeff"  # zero-width no-break space (byte order mark)
    "\ufff9-\ufffb"  # interlinear annotation
    "\U0001d173-\U0001d17a"  # musical formatting
    "\U000e0001"  # language tag
)
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 and C1 controls, not tab/line breaks
_TAGS = "\U000e0020-\U000e007f"  # invisible tag letters; kept only inside a flag (🏴 + tags)
_ZWJ = "\u200d"
_SUSPECT = re.compile(f"[{_BIDI}{_INVISIBLE}{_CONTROLS}{_TAGS}{_ZWJ}]")  # one quick scan
_STRIP = re.compile(f"[{_BIDI}{_INVISIBLE}{_CONTROLS}]|(?<![\U0001f3f4{_TAGS}])[{_TAGS}]")
_JOINERS = re.compile(_ZWJ)
_ASCII_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMOJI_TAILS = "\ufe0e\ufe0f"  # variation selectors that end an emoji before a joiner
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")


def _pictograph(ch: str) -> bool:
    return bool(ch) and (0x1F000 <= ord(ch) <= 0x1FAFF
                         or unicodedata.category(ch) in ("So", "Sk"))


def _joiner(match: re.Match) -> str:
    """A zero-width joiner stays only between two pictographs (👩‍💻, ❤️‍🔥): there it draws
    one emoji; anywhere else it is invisible."""
    text, at = match.string, match.start()
    before = at - 1
    while before >= 0 and text[before] in _EMOJI_TAILS:
        before -= 1
    previous = text[before] if before >= 0 else ""
    return _ZWJ if _pictograph(previous) and _pictograph(text[at + 1: at + 2]) else ""


def strip_invisible(text: str | None) -> str:
    """``text`` without the characters that show nothing: bidi controls (U+202A–U+202E,
    U+2066–U+2069, U+200E/F, U+061C), zero-width characters (U+200B–U+200D, U+2060, U+FEFF),
    blanks that look like nothing (braille blank U+2800, Hangul fillers, soft hyphen…) and
    control characters other than tab and line breaks. Emoji stay whole: a zero-width joiner
    between two pictographs (👩‍💻) and the tags of a flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿) are kept."""
    text = text or ""
    if text.isascii():  # most text: only control characters can be in the way
        if text.isprintable() or _ASCII_CONTROLS.search(text) is None:
            return text
        return _ASCII_CONTROLS.sub("", text)
    if _SUSPECT.search(text) is None:
        return text
    text = _STRIP.sub("", text)
    return _JOINERS.sub(_joiner, text) if _ZWJ in text else text


def clean_text(text: str | None, *, multiline: bool = False) -> str:
    """Text as every service stores it (names, addresses, notes, item descriptions, messages,
    settings): invisible characters removed (``strip_invisible``) and the ends trimmed. A
    single line (``multiline=False``: names, addresses, descriptions) has each run of spaces,
    tabs or line breaks made one space; a multiline text (notes, messages, templates) keeps
    its lines, each line break written ``\\n``, with no spaces left at the ends of lines."""
    text = strip_invisible(text)
    if not multiline:
        return " ".join(text.split())
    if ("\r" not in text and " \n" not in text and "\t\n" not in text
            and (text.isascii() or _LINE_BREAKS.search(text) is None)):
        return text.strip()  # lines already as stored (most cells and notes)
    lines = _LINE_BREAKS.sub("\n", text).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def has_letter(text: str | None) -> bool:
    """True when ``text`` holds at least one letter of any alphabet (a name must)."""
    return any(ch.isalpha() for ch in strip_invisible(text))


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """A count with its noun, agreeing in number as Portuguese asks: one is singular, every
    other count (zero too) plural — "1 linha", "0 linhas", "2 saldos anteriores". The plural
    is ``singular + "s"`` unless given ("mensagem" → "mensagens"); thousands are grouped
    with a dot ("1.234 clientes")."""
    return f"{count:,}".replace(",", ".") + f" {agreeing(count, singular, plural_form)}"


def agreeing(count: int, singular: str, plural_form: str = "") -> str:
    """The word alone, agreeing with ``count`` by ``plural``'s rule, for a count written
    apart from its noun: "1 de 2 devolvida", "3 de 3 devolvidas"."""
    return singular if count == 1 else (plural_form or singular + "s")
