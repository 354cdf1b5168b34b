"""Cleaning one spreadsheet cell into a customer value (phones, names, CPF, dates, amounts).

Each ``clean_*`` takes the cell as the reader gave it (str, int, float, bool, date, datetime)
and returns the clean value, ``None`` for an empty cell, or raises ``ValueError`` with a
Portuguese sentence the preview shows next to the row. Rules:
- Phones in every shape real files use: ``(11) 98765-4321``, ``5511987654321`` as a number or a
  float, ``+55 11 9 8765-4321``, ``021 99876 5432``, ``98765-4321`` (takes the default DDD).
  Words meaning "none" (``não tem``, ``sem``, ``-``) are empty, with a warning.
- Every text cell is cleaned as the forms clean what she types (``text.clean_text``): bidi
  controls, zero-width characters and blanks that show nothing are removed.
- Names: trimmed, inner spaces collapsed; accents and emoji kept.
- CPF with or without punctuation; Excel eats leading zeros of a CPF typed as a number, so 9 or
  10 digits are padded back to 11; check digits verified.
- Dates: date cells, Excel serial numbers, ``05/03/1990``, ``5/3/90``, ISO ``1990-03-05``.
- Due dates (``clean_due``) as paper cadernos keep them: ``05/03`` or ``20/12`` without a
  year is the next such date from the day of the import, unless that day/month passed at
  most ``YEARLESS_LATE_DAYS`` days ago: then it is that past date, already late (written on
  20/11, ``15/11`` is five days late, not due next November). ``29/02`` in a year without
  it is the last day of February. A cell with several dates (``05/03/2027 e 05/04/2027``)
  gives every date, in order; the caller decides and says what it did with them.
- Amounts: numbers, ``R$ 1.234,56``, ``1.234,56``, ``1234.56``; negative = credit in her favour.
  A number cell arrives as a binary float from the reader: it is converted once, through its
  shortest decimal text, to integer centavos (no float arithmetic on money).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from app.services.br.documents import is_valid_cpf
from app.services.br.phones import normalize_phone
from app.services.core.dates import format_date, parse_date
from app.services.core.money import MAX_CENTS, parse_brl
from app.services.core.text import clean_text, fold
from app.services.people.channels import email_problem, normalize_email

EXCEL_EPOCH = date(1899, 12, 30)
_NO_PHONE = {"nao tem", "nao", "sem", "sem telefone", "nenhum", "nt", "n/a", "na", "-", "--",
             "x", "0", "00", "?", "nao possui", "nao informado"}


class NoPhone(ValueError):
    """The cell says there is no phone ("não tem"): empty, but worth a warning."""


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """The cell as the text she would read: integral floats without ``.0``, dates dd/mm/aaaa."""
    if type(value) is str:
        return clean_text(value, multiline=True)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sim" if value else "não"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def clean_name(value) -> str:
    """Name with spaces trimmed and collapsed ("  Maria   da  Penha " → "Maria da Penha")."""
    return " ".join(cell_text(value).split())


def _number_digits(value) -> str | None:
    """Digits of a number cell (int or integral float), None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return str(int(value))
    return None


# Brazilian area codes (DDD). With them a mobile is DDD + 9 + 8 digits, which lets the common
# case skip the general phone parser (10,000 rows in a tenth of the time); anything else —
# landlines, old 8-digit mobiles, carrier codes — goes through ``normalize_phone``.
DDDS = frozenset(
    "11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38 41 42 43 44 45 46 47 48 49 "
    "51 53 54 55 61 62 63 64 65 66 67 68 69 71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 91 92 "
    "93 94 95 96 97 98 99".split())
_NOT_DIGIT = re.compile(r"\D")
_PHONE_CHARS = re.compile(r"^[\d\s()+\-.]+$")


def fast_mobile(text: str, default_ddd: str) -> str | None:
    """E.164 for an unambiguous mobile (``(11) 98765-4321``, ``5511987654321``…), else None."""
    if not _PHONE_CHARS.match(text):
        return None
    digits = _NOT_DIGIT.sub("", text)
    if len(digits) == 13 and digits.startswith("55"):
        digits = digits[2:]
    elif len(digits) == 12 and digits[0] == "0":
        digits = digits[1:]
    elif len(digits) == 9:
        digits = default_ddd + digits
    if len(digits) == 11 and digits[2] == "9" and digits[:2] in DDDS:
        return "+55" + digits
    return None


def clean_phone(value, default_ddd: str) -> str | None:
    """The phone in E.164; None when empty; NoPhone for "não tem"; ValueError when invalid."""
    digits = _number_digits(value)
    text = digits if digits is not None else cell_text(value)
    if not text:
        return None
    fast = fast_mobile(text, default_ddd)
    if fast:
        return fast
    if fold(text) in _NO_PHONE:
        raise NoPhone(f"Telefone “{text}” quer dizer que não tem: ficou sem telefone.")
    try:
        return normalize_phone(text, default_ddd)
    except ValueError:
        raise ValueError(f"Telefone “{text}” não é um número válido com DDD.") from None


def clean_cpf(value) -> str | None:
    """The 11 CPF digits; None when empty; ValueError when the check digits do not match."""
    digits = _number_digits(value)
    text = digits if digits is not None else cell_text(value)
    if not text:
        return None
    only = re.sub(r"\D", "", text)
    if re.search(r"[A-Za-z]", text) or not 9 <= len(only) <= 11:
        raise ValueError(f"CPF “{text}” não tem 11 números.")
    only = only.zfill(11)
    if not is_valid_cpf(only):
        raise ValueError(f"CPF “{text}” é inválido (os dígitos verificadores não batem).")
    return only


def clean_date(value, *, past: bool = False, today: date | None = None) -> date | None:
    """A date from a date cell, an Excel serial, dd/mm/aaaa, d/m/aa or ISO; None when empty.

    A two-digit year follows ``dates.parse_date``: a date in the past (``past=True``, a
    birthday) pivots on ``today`` (``5/3/90`` → 1990), any other is 20aa."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel serials 1900-01-01 .. 9999-12-31
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(f"“{cell_text(value)}” não é uma data.")
    text = cell_text(value).split(" ")[0].split("T")[0]
    return parse_date(text, past=past, today=today)


YEARLESS_LATE_DAYS = 30
MAX_DUE_DATES = 24
_ISO_TOKEN = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DATE_TOKEN = re.compile(r"(?<![\d/.\-])(\d{1,2})\s?[/.\-]\s?(\d{1,2})"
                         r"(?:\s?[/.\-]\s?(\d{4}|\d{2}))?(?![\d/\-])")


@dataclass(frozen=True, slots=True)
class DueDates:
    """The due dates one cell gives, oldest first, and what she should know about them."""

    dates: tuple[date, ...]
    warnings: tuple[str, ...] = ()


def yearless_date(day: int, month: int, today: date) -> date:
    """The date ``day/month`` written without a year means on ``today`` (rule above).

    ValueError when no year has that day in that month (``31/04``)."""
    if not 1 <= month <= 12 or not 1 <= day <= (29 if month == 2 else
                                                  calendar.monthrange(2001, month)[1]):
        raise ValueError(f"“{day:02d}/{month:02d}” não existe no calendário.")

    def in_year(year: int) -> date:
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))

    this_year = in_year(today.year)
    last = this_year if this_year <= today else in_year(today.year - 1)
    if (today - last).days <= YEARLESS_LATE_DAYS:
        return last
    return this_year if this_year > today else in_year(today.year + 1)


def clean_due(value, today: date) -> DueDates | None:
    """The due date(s) of a cell; None when empty; ValueError when it holds no date.

    A date cell or Excel serial is one date. Text may hold ``dd/mm/aaaa``, ``dd/mm/aa``,
    ISO, or ``dd/mm`` without a year (read with ``yearless_date`` and said in a warning);
    a cell with more than one date gives them all, with a warning.
    """
    if is_empty(value):
        return None
    if not isinstance(value, str):
        return DueDates((clean_date(value),))
    text = cell_text(value)
    found: list[tuple[int, date, bool]] = []  # (position, date, written without a year)
    for m in _ISO_TOKEN.finditer(text):
        found.append((m.start(), _calendar(m.group(0), int(m.group(1)), int(m.group(2)),
                                           int(m.group(3))), False))
    rest = _ISO_TOKEN.sub(lambda m: " " * len(m.group(0)), text)
    for m in _DATE_TOKEN.finditer(rest):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if year is None:
            found.append((m.start(), yearless_date(day, month, today), True))
        else:
            full = int(year) + (2000 if len(year) == 2 else 0)
            found.append((m.start(), _calendar(m.group(0), full, month, day), False))
    if not found:
        return DueDates((parse_date(text),))  # raises the usual "não é uma data"
    if len(found) > MAX_DUE_DATES:
        raise ValueError(f"“{text}” tem datas demais (no máximo {MAX_DUE_DATES}).")
    dates = tuple(sorted(dict.fromkeys(d for _, d, _ in sorted(found))))
    return DueDates(dates, _due_warnings(text, found, dates, today))


def _calendar(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"“{text.strip()}” não existe no calendário.") from None


def _due_warnings(text: str, found, dates: tuple[date, ...], today: date) -> tuple[str, ...]:
    warnings = []
    yearless = sorted({d for _, d, no_year in found if no_year})
    if yearless:
        late = " (já vencido)" if len(yearless) == 1 and yearless[0] < today else ""
        warnings.append(f"Vencimento “{text}” sem ano: entendido como "
                        f"{_and(format_date(d) for d in yearless)}{late}.")
    if len(dates) > 1:
        said = _and(format_date(d) for d in dates)
        warnings.append(f"Vencimento com {len(dates)} datas: {said}.")
    return tuple(warnings)


def _and(parts) -> str:
    parts = list(parts)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " e " + parts[-1]


def clean_amount(value) -> int | None:
    """Centavos from a number cell or text (R$ 1.234,56 · 1.234,56 · 1234.56); None if empty."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"“{cell_text(value)}” não é um valor.")
    if isinstance(value, int | float):
        try:
            cents = int((Decimal(repr(value)) * 100).quantize(Decimal(1)))
        except (InvalidOperation, ValueError):
            raise ValueError(f"“{value}” não é um valor.") from None
        if abs(cents) > MAX_CENTS:
            raise ValueError("Valor grande demais.")
        return cents
    text = cell_text(value)
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]  # accounting style (20,00) = -20,00
    return parse_brl(text)


def clean_email(value) -> str | None:
    """The e-mail address as the customer form keeps it (``people.channels``: one rule);
    None when empty; ValueError saying what is wrong otherwise."""
    text = cell_text(value)
    if not text:
        return None
    try:
        return normalize_email(text)
    except ValueError as exc:
        raise ValueError(f"E-mail “{text}” não parece um e-mail: {_lower_first(str(exc))}") \
            from None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def looks_like_email(value) -> bool:
    """True for a cell holding a usable e-mail address (in any column)."""
    text = cell_text(value)
    return "@" in text and email_problem(text) is None
