"""Deciding, row by row, what an import does with each customer (the merge rules and reasons).

The ``Planner`` walks the cleaned rows once, in her order, and keeps only the dedupe keys
(phone in E.164 and CPF digits → group id) and a few counters; the customers themselves live
in a ``Store``: while previewing a scratch database on disk (``import_store.ScratchStore``),
while importing the real database inside the import's transaction
(``import_write.DatabaseStore``). So memory does not grow with the file beyond the keys
(about 100 bytes a row), and preview and import run the very same rules.

Group ids: a customer this import creates has a positive id chosen by the store; a customer
already in the caderneta is ``-customer_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from app.services.br.documents import format_cpf
from app.services.br.phones import format_phone
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import fold
from app.services.people.channels import CHOICE_LABELS, channel_problem
from app.services.spreadsheets.import_rows import Candidate, CleanRow

FILLABLE = ("phone", "cpf", "birthday", "address", "neighbourhood", "city", "credit_limit_cents",
            "email", "channel")
FIELD_WORDS = {"phone": "telefone", "cpf": "CPF", "birthday": "aniversário",
               "address": "endereço", "neighbourhood": "bairro", "city": "cidade",
               "credit_limit_cents": "limite de crédito", "notes": "observações",
               "email": "e-mail", "channel": "canal"}


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"


ACTION_LABELS = {Action.CREATE: "criar", Action.UPDATE: "atualizar", Action.SKIP: "ignorar",
                 Action.ERROR: "erro"}


class Store(Protocol):
    def create(self, first_row: int, c: Candidate) -> int: ...
    def current(self, gid: int) -> tuple[Candidate, int]: ...  # values now, first row
    def fill(self, gid: int, filled: dict, notes: str) -> None: ...
    def balance(self, gid: int, cents: int, due: date | None) -> None: ...


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    reason: str


class Planner:
    """Places each cleaned row: a new customer, a merge into an earlier one, or an error."""

    def __init__(self, store: Store, db_keys: dict[str, int]):
        self.store = store
        self.db_keys = db_keys  # phone/CPF of customers already in the caderneta → id
        self.file_keys: dict[str, int] = {}  # phone/CPF seen in this file → group id
        self.balances = 0  # opening-balance sales (positive balances of new customers)
        self.balance_cents = 0

    def place(self, row: CleanRow) -> Decision:
        c = row.candidate
        if c is None:
            return Decision(Action.ERROR, " ".join(row.problems))
        notes = list(row.problems)
        keys = [k for k in (c.phone, c.cpf) if k]
        gid = next((self.file_keys[k] for k in keys if k in self.file_keys), None)
        if gid is None:
            db_id = next((self.db_keys[k] for k in keys if k in self.db_keys), None)
            if db_id is None:
                gid = self.store.create(row.source.number, c)
                if c.balance_cents:
                    self._balance(gid, c)
                    notes.insert(0, balance_text(c))
                self._register(gid, keys)
                return Decision(Action.CREATE, " ".join(notes).strip())
            gid = -db_id
        action = self._merge(gid, c, notes)
        self._register(gid, keys)
        return Decision(action, " ".join(notes).strip())

    def _balance(self, gid: int, c: Candidate) -> None:
        self.store.balance(gid, c.balance_cents, c.due)
        if c.balance_cents > 0:
            self.balances += 1
            self.balance_cents += c.balance_cents

    def _register(self, gid: int, keys: list[str]) -> None:
        for key in keys:
            self.file_keys.setdefault(key, gid)

    def _drop_taken_keys(self, gid: int, filled: dict, kept: list[str]) -> None:
        """A phone or CPF that belongs to someone else is never copied onto this customer."""
        for key in ("phone", "cpf"):
            if key not in filled:
                continue
            db_owner = self.db_keys.get(filled[key])
            file_owner = self.file_keys.get(filled[key])
            if (db_owner is not None and -db_owner != gid) or (
                    file_owner is not None and file_owner != gid):
                kept.append(f"{FIELD_WORDS[key]} {_show(key, filled.pop(key))} já é de outra "
                            "cliente")

    def _merge(self, gid: int, c: Candidate, notes: list[str]) -> Action:
        current, first_row = self.store.current(gid)
        existing = gid < 0
        filled, kept = _compare(current, c)
        self._drop_taken_keys(gid, filled, kept)
        _drop_unserved_channel(current, filled, kept)
        if fold(c.name) != fold(current.name):
            kept.insert(0, f"nome “{c.name}” (mantido “{current.name}”)")
        new_notes = bool(c.notes) and c.notes not in current.notes
        if filled or new_notes:
            self.store.fill(gid, filled, c.notes if new_notes else "")
        by = "telefone" if c.phone and c.phone == current.phone else "CPF"
        if existing:
            parts = [f"Já está na caderneta como {current.name} (mesmo {by})."]
        else:
            parts = [f"Mesma cliente que a linha {first_row} (mesmo {by}): dados juntados."]
        if filled or new_notes:
            words = [FIELD_WORDS[k] for k in filled] + (["observações"] if new_notes else [])
            parts.append("Completado: " + ", ".join(words) + ".")
        if kept:
            parts.append("Diferente na planilha, não alterado: " + "; ".join(kept) + ".")
        if existing and c.balance_cents:
            parts.append(f"Saldo da planilha ({format_brl(c.balance_cents)}) não lançado: ela já "
                         "tem a conta na caderneta; lance uma venda se for dívida nova.")
        elif c.balance_cents:
            self._balance(gid, c)
            parts.append(balance_text(c))
        notes[:0] = parts
        return Action.UPDATE if existing and (filled or new_notes) else Action.SKIP


def _compare(current: Candidate, c: Candidate) -> tuple[dict, list[str]]:
    filled, kept = {}, []
    for key in FILLABLE:
        new, old = getattr(c, key), getattr(current, key)
        if new in (None, "") or new == old:
            continue
        if old in (None, ""):
            filled[key] = new
        else:
            kept.append(f"{FIELD_WORDS[key]} {_show(key, new)} (mantido {_show(key, old)})")
    return filled, kept


def _drop_unserved_channel(current: Candidate, filled: dict, kept: list[str]) -> None:
    """A channel from the file is only given to a customer her data can serve (a mobile for
    SMS kept from the caderneta may be a landline)."""
    if "channel" not in filled:
        return
    phone = filled.get("phone", current.phone)
    email = filled.get("email", current.email)
    if channel_problem(filled["channel"], phone, email):
        kept.append(f"canal {_show('channel', filled.pop('channel'))} (ela não tem como "
                    "receber por ele)")


def _show(key: str, value) -> str:
    if key == "phone":
        return format_phone(value)
    if key == "birthday":
        return format_date(value)
    if key == "credit_limit_cents":
        return format_brl(value)
    if key == "cpf":
        return format_cpf(value)
    if key == "channel":
        return CHOICE_LABELS.get(value, value)
    return f"“{value}”"


def join_notes(a: str, b: str) -> str:
    return f"{a}\n{b}" if a and b else a or b


def balance_text(c: Candidate) -> str:
    if c.balance_cents and c.balance_cents < 0:
        return f"Crédito a favor dela: {format_brl(-c.balance_cents)}."
    due = f", vence {format_date(c.due)}" if c.due else ", vence hoje"
    return f"Saldo anterior {format_brl(c.balance_cents or 0)}{due}."


def database_keys() -> dict[str, int]:
    """Phone and CPF of every customer in the caderneta → her id (the first one wins)."""
    from app.models.db import database

    keys: dict[str, int] = {}
    cursor = database.execute_sql("SELECT id, phone, cpf FROM customer ORDER BY id")
    for cid, phone, cpf in cursor:
        if phone:
            keys.setdefault(phone, cid)
        if cpf:
            keys.setdefault(cpf, cid)
    return keys


CUSTOMER_COLUMNS = ("name", "phone", "cpf", "birthday", "address", "neighbourhood", "city",
                    "notes", "credit_limit_cents", "email", "channel")


def candidate_of(row) -> Candidate:
    """A Candidate from a (name, phone, cpf, birthday iso, address, neighbourhood, city, notes,
    credit_limit_cents, email, channel) database row."""
    name, phone, cpf, birthday, address, neighbourhood, city, notes, limit, email, channel = row
    return Candidate(name, phone, cpf, date.fromisoformat(birthday) if birthday else None,
                     address or "", neighbourhood or "", city or "", notes or "", limit,
                     email=email or "", channel=channel or "")
