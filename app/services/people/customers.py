"""Customers: validate, save, archive, list with balances, search the list, find duplicates.

Every field she types is cleaned on the way in (``text.clean_text``): invisible characters
(bidi controls, zero-width spaces, braille blanks) are removed before anything is checked or
stored, names and addresses on one line with single spaces, notes keeping their lines. A name
must keep at least one letter once cleaned ("⠀", "123" or a zero-width space is not a name).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cached_property

from peewee import SQL

from app.models.db import database
from app.models.people import Customer
from app.models.receivables import Installment, Payment, Sale
from app.services.br.documents import normalize_cpf
from app.services.br.phones import format_phone, is_mobile, normalize_phone
from app.services.core.changes import Topic, writes
from app.services.core.dates import parse_date
from app.services.core.errors import NotFound, SharedPhoneConfirmation, ValidationError
from app.services.core.money import parse_brl
from app.services.core.sql import LATE, NOT_PRESCRIBED, OPEN, flag
from app.services.core.text import clean_text, fold, has_letter
from app.services.people.channels import (
    channel_refusal,
    channel_text,
    effective_channel,
    normalize_email,
    parse_channel,
)
from app.services.receivables.lateness import sql_dates

MAX_NAME = 120


@dataclass(frozen=True)
class CustomerInput:
    """What the reseller typed, as text."""

    name: str
    phone: str = ""
    cpf: str = ""
    birthday: str = ""
    address: str = ""
    neighbourhood: str = ""
    city: str = ""
    notes: str = ""
    credit_limit: str = ""
    email: str = ""
    channel: str = ""  # a Channel code or its word ("E-mail", "Ligação"); "" = automático


@dataclass(frozen=True)
class CustomerData:
    id: int
    name: str
    phone: str | None
    cpf: str | None
    birthday: date | None
    address: str
    neighbourhood: str
    city: str
    notes: str
    credit_limit_cents: int | None
    blocked: bool
    archived: bool
    email: str = ""
    channel_choice: str = ""  # as she chose it; "" = automático

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)

    @property
    def has_whatsapp(self) -> bool:
        return is_mobile(self.phone)

    @property
    def channel(self) -> str:
        """The channel offered first (a ``Channel`` code; ``channels.effective_channel``)."""
        return effective_channel(self.channel_choice, self.phone, self.email)

    @property
    def channel_text(self) -> str:
        """"E-mail", or "Automático (WhatsApp)" when she did not choose."""
        return channel_text(self.channel_choice, self.phone, self.email)


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list. The list's rows are made by ``_rows`` without the
    dataclass's ``__init__`` (issue 18: 20,000 rows), with the same fields."""

    id: int
    name: str
    search_key: str
    phone: str | None
    balance_cents: int
    overdue_cents: int
    next_due: date | None
    oldest_overdue: date | None
    archived: bool
    blocked: bool
    email: str = ""
    search_text: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "search_text", search_text(self.search_key, self.email))

    @cached_property
    def phone_display(self) -> str:
        """Her phone as people write it ("(11) 98765-4321"), made when a row shows it."""
        return format_phone(self.phone)


def search_text(search_key: str, email: str | None) -> str:
    """What the list's search looks in, as one string: her folded name and her e-mail on the
    next line (a search is folded, so it never holds a line break and cannot match across
    the two). One ``in`` per row instead of two: 20,000 rows in ~1 ms."""
    return f"{search_key}\n{email or ''}"


@dataclass(frozen=True)
class CustomerSearch:
    """What was typed in a customer search: the name part, accent- and case-folded, and
    the phone digits (only from 3 digits on; fewer would match nearly every phone). The
    folded text is also looked for in her e-mail (issue 24: "cida@", "hotmail").
    Called with a CustomerRow, says whether she is found."""

    needle: str
    digits: str

    def __call__(self, row: CustomerRow) -> bool:
        return bool(self.select([row]))

    def select(self, rows: list[CustomerRow]) -> list[CustomerRow]:
        """The rows found, in their order (one pass, the test inlined, one ``in`` per row on
        ``search_text``, her folded name and e-mail: 20,000 rows in ~1 ms)."""
        needle, digits = self.needle, self.digits
        if not digits:
            return [r for r in rows if needle in r.search_text]
        return [r for r in rows if needle in r.search_text or digits in (r.phone or "")]

    def narrows(self, before: CustomerSearch | None) -> bool:
        """True when everyone this search finds was found by ``before`` (None: everyone
        was shown), so the next keystroke only has to look among those already shown."""
        if before is None:
            return True
        if self.digits and not (before.digits and before.digits in self.digits):
            return False
        return before.needle in self.needle


def search_matcher(text: str) -> CustomerSearch | None:
    """Accent- and case-insensitive search on the name, and on phone digits (3 or more);
    None when there is nothing to search."""
    needle = fold(text)
    if not needle:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    return CustomerSearch(needle, digits if len(digits) >= 3 else "")


def _clean(data: CustomerInput, default_ddd: str, today: date) -> dict:
    """Turn typed text into column values; collect every problem before raising."""
    typed_a_name = bool((data.name or "").strip())
    data = replace(data, **{f.name: clean_text(getattr(data, f.name), multiline=f.name == "notes")
                            for f in fields(data)})
    errors: dict[str, str] = {}
    codes: dict[str, str] = {}
    values: dict = {"name": data.name}
    if not typed_a_name:
        errors["name"] = "Informe o nome da cliente."
    elif not has_letter(values["name"]):
        errors["name"], codes["name"] = ("O nome precisa ter pelo menos uma letra.", "no_letter")
    elif len(values["name"]) > MAX_NAME:
        errors["name"] = f"Nome longo demais (máximo {MAX_NAME} letras)."
    for field, parse in (
        ("phone", lambda t: normalize_phone(t, default_ddd)),
        ("cpf", normalize_cpf),
        ("birthday", lambda t: _birthday(t, today)),
        ("credit_limit", _credit_limit),
        ("email", normalize_email),
        ("channel", lambda t: parse_channel(t).value),
    ):
        try:
            values[field] = parse(getattr(data, field))
        except ValueError as exc:
            errors[field] = str(exc)
    if "channel" in values and not errors.keys() & {"phone", "email"}:
        refusal = channel_refusal(values["channel"], values["phone"], values["email"])
        if refusal:
            codes["channel"], errors["channel"] = refusal
    if errors:
        raise ValidationError(errors, codes)
    values["credit_limit_cents"] = values.pop("credit_limit")
    for field in ("address", "neighbourhood", "city", "notes"):
        values[field] = getattr(data, field)
    values["search_key"] = fold(values["name"])
    return values


def _birthday(text: str, today: date) -> date | None:
    if not (text or "").strip():
        return None
    value = parse_date(text, past=True, today=today)
    if value > today or value.year < 1900:
        raise ValueError("Data de aniversário impossível. Confira o ano.")
    return value


def _credit_limit(text: str) -> int | None:
    if not (text or "").strip():
        return None
    cents = parse_brl(text)
    if cents < 0:
        raise ValueError("O limite de crédito não pode ser negativo.")
    return cents


def find_duplicates(
    phone: str | None, cpf: str | None, exclude_id: int | None = None
) -> dict[str, str]:
    """Other customers sharing this phone or CPF: field → Portuguese warning."""
    found: dict[str, str] = {}
    for field, value, label in (("phone", phone, "telefone"), ("cpf", cpf, "CPF")):
        if not value:
            continue
        query = Customer.select(Customer.name).where(getattr(Customer, field) == value)
        if exclude_id:
            query = query.where(Customer.id != exclude_id)
        other = query.first()
        if other:
            found[field] = f"Este {label} já está cadastrado para {other.name}."
    return found


@writes(Topic.CUSTOMERS)
def save_customer(
    data: CustomerInput,
    today: date,
    default_ddd: str = "11",
    customer_id: int | None = None,
    accept_shared_phone: bool = False,
) -> int:
    """Create or update a customer; return her id.

    Raises ValidationError for bad fields (an e-mail that cannot be one, a preferred channel
    her data cannot serve: ``people.channels``), for a CPF that belongs to someone else, and
    for a phone shared with another customer unless ``accept_shared_phone`` (family phones).
    """
    values = _clean(data, default_ddd, today)
    duplicates = find_duplicates(values["phone"], values["cpf"], customer_id)
    if accept_shared_phone:
        duplicates.pop("phone", None)
    codes = {field: "duplicate" for field in duplicates}
    if set(duplicates) == {"phone"}:
        raise SharedPhoneConfirmation(duplicates, codes)
    if duplicates:
        raise ValidationError(duplicates, codes)
    with database.atomic():
        if customer_id is None:
            return Customer.create(**values).id
        updated = Customer.update(**values).where(Customer.id == customer_id).execute()
        if not updated:
            raise NotFound(f"Cliente {customer_id} não encontrada.")
        return customer_id


def get_customer(customer_id: int) -> CustomerData:
    """The customer's stored data."""
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise NotFound(f"Cliente {customer_id} não encontrada.")
    return CustomerData(
        c.id, c.name, c.phone, c.cpf, c.birthday, c.address, c.neighbourhood, c.city,
        c.notes, c.credit_limit_cents, bool(c.blocked), bool(c.archived), c.email or "",
        c.channel or "",
    )


def has_history(customer_id: int) -> bool:
    """True when she has any sale, payment or malinha (then she can only be archived)."""
    return (
        Sale.select().where(Sale.customer == customer_id).exists()
        or Payment.select().where(Payment.customer == customer_id).exists()
        or database.execute_sql("SELECT 1 FROM conditional WHERE customer_id = ? LIMIT 1",
                                (customer_id,)).fetchone() is not None
    )


@writes(Topic.CUSTOMERS)
def remove_customer(customer_id: int) -> str:
    """Delete a customer without history, archive one with history; return "deleted"/"archived"."""
    with database.atomic():
        if has_history(customer_id):
            Customer.update(archived=True).where(Customer.id == customer_id).execute()
            return "archived"
        Customer.delete().where(Customer.id == customer_id).execute()
        return "deleted"


@writes(Topic.CUSTOMERS)
def set_archived(customer_id: int, archived: bool) -> None:
    """Archive or bring back a customer."""
    with database.atomic():
        Customer.update(archived=archived).where(Customer.id == customer_id).execute()


@writes(Topic.CUSTOMERS)
def set_blocked(customer_id: int, blocked: bool) -> None:
    """Block or allow new credit sales for a customer."""
    with database.atomic():
        Customer.update(blocked=blocked).where(Customer.id == customer_id).execute()


_LIST_SQL = """
SELECT c.id, c.name, c.search_key, c.phone, c.archived, c.blocked,
       COALESCE(o.balance, 0), COALESCE(o.overdue, 0), o.next_due, o.oldest_overdue, c.email
FROM customer c
LEFT JOIN (
    SELECT customer_id,
           SUM(amount_cents - paid_cents) AS balance,
           SUM(CASE WHEN {late} THEN amount_cents - paid_cents ELSE 0 END) AS overdue,
           MIN(CASE WHEN due_date > :late_until THEN due_date END) AS next_due,
           MIN(CASE WHEN {late} THEN due_date END) AS oldest_overdue
    FROM installment
    WHERE {open}{one}
    GROUP BY customer_id
) o ON o.customer_id = c.id
{where}
ORDER BY c.search_key
"""


def list_customers(today: date, include_archived: bool = False) -> list[CustomerRow]:
    """Every customer with balance due, overdue amount (late on ``today`` and not prescrita,
    ``lateness``) and next due date (the oldest not late yet) on ``today``."""
    where = "" if include_archived else f"WHERE c.{flag('archived', False)}"
    return _rows(_LIST_SQL.format(where=where, one="", open=OPEN,
                                  late=f"{LATE} AND {NOT_PRESCRIBED}"), sql_dates(today))


def customer_row(customer_id: int, today: date) -> CustomerRow | None:
    """Her line of ``list_customers`` on ``today`` (archived or not), read alone through her
    installments' index (a dialog opened for her shows her before the whole list is read);
    None when there is no such customer."""
    sql = _LIST_SQL.format(where="WHERE c.id = :customer_id",
                           one=" AND customer_id = :customer_id", open=OPEN,
                           late=f"{LATE} AND {NOT_PRESCRIBED}")
    rows = _rows(sql, {**sql_dates(today), "customer_id": customer_id})
    return rows[0] if rows else None


def _rows(sql: str, params: dict) -> list[CustomerRow]:
    """The rows of ``_LIST_SQL``, each a ``CustomerRow`` equal to the one its ``__init__``
    would make, its fields set at once (the frozen ``__init__``, its ``__post_init__`` and
    the phone's formatting were ~27 ms of the 57 for 5,000 customers; the phone is now
    formatted when a row shows it)."""
    new, iso = object.__new__, date.fromisoformat
    rows = []
    for r in database.execute_sql(sql, params).fetchall():
        row = new(CustomerRow)
        row.__dict__.update(
            id=r[0], name=r[1], search_key=r[2], phone=r[3], balance_cents=r[6],
            overdue_cents=r[7], next_due=iso(r[8]) if r[8] else None,
            oldest_overdue=iso(r[9]) if r[9] else None, archived=bool(r[4]),
            blocked=bool(r[5]), email=r[10], search_text=search_text(r[2], r[10]))
        rows.append(row)
    return rows


def open_balance_cents(customer_id: int) -> int:
    """What she still owes (open installments, renegotiated ones excluded)."""
    row = database.execute_sql(
        "SELECT COALESCE(SUM(amount_cents - paid_cents), 0) FROM installment "
        f"WHERE customer_id = ? AND {OPEN}",
        (customer_id,),
    ).fetchone()
    return row[0]


def credit_cents(customer_id: int) -> int:
    """Her credit: unallocated parts of her payments minus credit already used."""
    row = database.execute_sql(
        """
        SELECT COALESCE(SUM(CASE p.kind
                   WHEN 'payment' THEN p.amount_cents - COALESCE(
                       (SELECT SUM(a.amount_cents) FROM allocation a WHERE a.payment_id = p.id), 0)
                   WHEN 'credit_use' THEN -p.amount_cents ELSE 0 END), 0)
        FROM payment p WHERE p.customer_id = ? AND p.reversed_at IS NULL
        """,
        (customer_id,),
    ).fetchone()
    return row[0]


def installments_open(customer_id: int) -> list[Installment]:
    """Her open installments, oldest due first (internal helper for payments)."""
    return list(
        Installment.select()
        .where((Installment.customer == customer_id) & SQL(OPEN))  # core.sql: one condition
        .order_by(Installment.due_date, Installment.id)
    )
