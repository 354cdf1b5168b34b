"""One spreadsheet row → one cleaned candidate customer, with warnings for what was dropped.

Rules (the cell rules are in ``import_clean``):
- A row without a name is an error: nothing of it is imported; so is a name without a single
  letter once its invisible characters are removed ("⠀", "123", "---").
- A row the reader could not read (a CSV line over the cell limit) is an error with its reason.
- Several phone columns: the first mobile becomes the WhatsApp phone (a landline when there
  is no mobile); the other numbers go to the notes.
- A value that cannot be used (a bad phone, a CPF whose digits do not check) never stops the
  row: the customer is imported without it, its text goes to her notes, and the preview says so.
- Contents that do not match their header are taken where they belong: an e-mail in a phone
  column is the e-mail, a phone number in the e-mail or the channel column is a phone.
- The first valid e-mail is her e-mail (issue 24); other addresses go to the notes.
- A preferred-channel column ("Canal", "Contato por") is read with the words people use
  (WhatsApp, zap, e-mail, SMS, ligação…, ``people.channels.parse_channel``); a word it does
  not know, or a channel her data cannot serve (e-mail without an address, SMS without a
  mobile), goes to the notes with a warning and she stays on automático.
- Columns the program has no field for go to the notes as ``Header: value``.
- Due dates follow ``import_clean.clean_due`` (``05/03`` without a year, several dates in one
  cell); what was understood is said in the row's warnings, never silently cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.br.phones import format_phone, is_mobile
from app.services.core.text import has_letter
from app.services.people.channels import channel_problem, parse_channel
from app.services.spreadsheets.import_clean import (
    NoPhone,
    cell_text,
    clean_amount,
    clean_cpf,
    clean_date,
    clean_due,
    clean_email,
    clean_name,
    clean_phone,
    looks_like_email,
)
from app.services.spreadsheets.import_columns import Field, guess_field
from app.services.spreadsheets.spreadsheet_read import SourceRow

MAX_NAME = 120
DUE_MIN, DUE_MAX = date(2000, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True, slots=True)
class Candidate:
    """The cleaned values of one row (what a new customer would get)."""

    name: str
    phone: str | None = None
    cpf: str | None = None
    birthday: date | None = None
    address: str = ""
    neighbourhood: str = ""
    city: str = ""
    notes: str = ""
    credit_limit_cents: int | None = None
    balance_cents: int | None = None
    dues: tuple[date, ...] = ()  # the due date(s) of her balance, oldest first
    email: str = ""
    channel: str = ""  # a Channel code; "" = automático

    @property
    def due(self) -> date | None:
        """The first due date (None: none given)."""
        return self.dues[0] if self.dues else None


@dataclass(frozen=True, slots=True)
class CleanRow:
    source: SourceRow
    candidate: Candidate | None  # None: the row is an error
    problems: tuple[str, ...]  # warnings (or the error) in Portuguese


class _Row:
    """Mutable scratch space while one row is cleaned."""

    def __init__(self, plan: RowCleaner, source: SourceRow):
        self.plan, self.source = plan, source
        self.ddd, self.today = plan.default_ddd, plan.today
        self.values: dict[str, object] = {}
        self.notes: list[str] = []
        self.problems: list[str] = []
        self.phones: list[str] = []
        # one pass over the cells: field → [(header, value)] of the non-empty ones
        self.buckets: dict[Field, list] = {}
        values = source.values
        width = len(values)
        for field, index, header in plan.order:
            value = values[index] if index < width else None
            if value is None or value == "" or (isinstance(value, str) and not value.strip()):
                continue
            bucket = self.buckets.get(field)
            if bucket is None:
                self.buckets[field] = [(header, value)]
            else:
                bucket.append((header, value))

    def cells(self, field: Field):
        return self.buckets.get(field, ())


class RowCleaner:
    """Cleans the rows of one table: the column plan is worked out once, not per row."""

    def __init__(self, headers, mapping, default_ddd: str, today: date):
        self.default_ddd, self.today = default_ddd, today
        self.columns: dict[Field, list[tuple[int, str]]] = {}
        for index, (header, field) in enumerate(zip(headers, mapping, strict=False)):
            self.columns.setdefault(field, []).append((index, header))
        self.notes_headers = {h for _, h in self.columns.get(Field.NOTES, ())
                              if guess_field(h) is Field.NOTES}
        self.order = [(field, index, header) for field, cols in self.columns.items()
                      if field is not Field.IGNORE for index, header in cols]
        self.singles = [entry for entry in _SINGLE if entry[0] in self.columns]
        self.texts = [entry for entry in _TEXTS if entry[0] in self.columns]

    def clean(self, source: SourceRow) -> CleanRow:
        """Clean one row; the candidate is None (and problems hold the reason) when unusable."""
        if source.problem:
            return CleanRow(source, None, (source.problem,))
        row = _Row(self, source)
        name = " ".join(clean_name(v) for _, v in row.cells(Field.NAME)).strip()
        if not name:
            return CleanRow(source, None, ("Linha sem nome: escreva o nome da cliente e "
                                           "importe de novo.",))
        if not has_letter(name):
            return CleanRow(source, None, (f"O nome “{name}” não tem nenhuma letra: escreva "
                                           "o nome da cliente e importe de novo.",))
        if len(name) > MAX_NAME:
            return CleanRow(source, None, (f"Nome com mais de {MAX_NAME} letras.",))
        _phones_and_email(row)
        _single_values(row)
        for header, value in row.cells(Field.NOTES):
            text = cell_text(value)
            if not text:
                continue  # only invisible characters
            row.notes.append(text if header in self.notes_headers else f"{header}: {text}")
        candidate = Candidate(name=name, notes="\n".join(n for n in row.notes if n),
                              **row.values)
        return CleanRow(source, candidate, tuple(row.problems))


def _phones_and_email(row: _Row) -> None:
    emails = []
    for _, value in row.cells(Field.EMAIL):
        if not looks_like_email(value) and _phone_or_none(row, value, quiet=True):
            continue  # a phone in the e-mail column: taken as a phone
        try:
            emails.append(clean_email(value))
        except ValueError as exc:
            row.problems.append(str(exc) + " Ficou nas observações.")
            row.notes.append(f"E-mail: {cell_text(value)}")
    for _, value in row.cells(Field.PHONE):
        if looks_like_email(value):
            emails.append(cell_text(value).lower())
            continue
        _phone_or_none(row, value, quiet=False)
    channels = _channel_words(row)  # after the phone columns: theirs come first
    mobiles = [p for p in row.phones if is_mobile(p)]
    chosen = mobiles[0] if mobiles else (row.phones[0] if row.phones else None)
    others = [format_phone(p) for p in dict.fromkeys(row.phones) if p != chosen]
    if others:
        text = ("Outro telefone: " if len(others) == 1 else "Outros telefones: ") + ", ".join(
            others)
        row.notes.append(text)
        row.problems.append(f"{text} (nas observações).")
    row.values["phone"] = chosen
    found = list(dict.fromkeys(e for e in emails if e))
    row.values["email"] = found[0] if found else ""
    for email in found[1:]:
        row.notes.append(f"Outro e-mail: {email}")
        row.problems.append(f"Outro e-mail: {email} (nas observações).")
    _channel(row, channels)


def _channel_words(row: _Row) -> list[tuple[str, object]]:
    """The channel cells that are not a phone number (a phone there is taken as a phone)."""
    words = []
    for header, value in row.cells(Field.CHANNEL):
        try:
            parse_channel(cell_text(value))
        except ValueError:
            if _phone_or_none(row, value, quiet=True):
                continue
        words.append((header, value))
    return words


def _channel(row: _Row, cells: list[tuple[str, object]]) -> None:
    """Her preferred channel from the first channel cell; what cannot be used goes to the
    notes, with the reason."""
    for _, value in cells[:1]:
        text = cell_text(value)
        try:
            choice = parse_channel(text)
            problem = channel_problem(choice, row.values.get("phone"), row.values.get("email"))
        except ValueError as exc:
            choice, problem = None, str(exc)
        if problem:
            row.problems.append(f"{problem} Ficou nas observações.")
            row.notes.append(f"Canal: {text}")
        else:
            row.values["channel"] = str(choice)


def _phone_or_none(row: _Row, value, quiet: bool) -> bool:
    """Clean a phone into ``row.phones``; True when it was a usable phone."""
    try:
        phone = clean_phone(value, row.ddd)
    except NoPhone as exc:
        if not quiet:
            row.problems.append(str(exc))
        return False
    except ValueError as exc:
        if not quiet:
            row.problems.append(str(exc) + " Ficou nas observações.")
            row.notes.append(f"Telefone: {cell_text(value)}")
        return False
    if phone:
        row.phones.append(phone)
    return phone is not None


_SINGLE = (
    (Field.CPF, "cpf", clean_cpf, "CPF"),
    (Field.BIRTHDAY, "birthday", clean_date, "Aniversário"),
    (Field.BALANCE, "balance_cents", clean_amount, "Saldo"),
    (Field.DUE, "dues", clean_due, "Vencimento"),
    (Field.CREDIT_LIMIT, "credit_limit_cents", clean_amount, "Limite de crédito"),
)


_TEXTS = ((Field.ADDRESS, "address"), (Field.NEIGHBOURHOOD, "neighbourhood"),
          (Field.CITY, "city"))


def _single_values(row: _Row) -> None:
    for field, key, clean, label in row.plan.singles:
        for _, value in row.cells(field):
            try:
                cleaned = (clean_date(value, past=True, today=row.today) if key == "birthday"
                           else clean(value, row.today) if key == "dues" else clean(value))
                _check(key, cleaned, row.today)
            except ValueError as exc:
                row.problems.append(f"{label}: {exc} Ficou nas observações.")
                row.notes.append(f"{label}: {cell_text(value)}")
                continue
            if key == "dues" and cleaned is not None:
                row.problems.extend(cleaned.warnings)
                cleaned = cleaned.dates
            row.values[key] = cleaned
            break
    for field, key in row.plan.texts:
        texts = [" ".join(cell_text(v).split()) for _, v in row.cells(field)]
        if texts:
            row.values[key] = ", ".join(texts)[:255]


def _check(key: str, value, today: date) -> None:
    if value is None:
        return
    if key == "birthday" and (value > today or value.year < 1900):
        raise ValueError("data de aniversário impossível.")
    if key == "dues" and not all(DUE_MIN <= d <= DUE_MAX for d in value.dates):
        raise ValueError("vencimento fora de 2000 a 2100.")
    if key == "credit_limit_cents" and value < 0:
        raise ValueError("limite negativo.")
