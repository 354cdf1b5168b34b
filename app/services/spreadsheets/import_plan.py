"""Deciding, row by row, what an import does with each customer (who is who, and the reasons).

Who is who (one person per debt):
- The same CPF is the same customer, whatever the name says (unless the row's phone and
  name are, together, another customer's: then the CPF is taken for a typo and not copied).
- The same phone with the same name (``name_key``: accents, case, spaces and punctuation
  ignored: "ANA SOUZA", "Ana  Souza" and "Ána Souza." are one name) is the same customer.
- The same phone with a different name is *another* customer who shares the phone (mother
  and daughter on one WhatsApp): she is created with her own balance and the preview says
  whom she shares the phone with. Nothing of hers is ever merged into the other one.
- A row whose name is the name of a customer of the caderneta who has no phone and no CPF
  is that customer; a row without phone and CPF may also be a customer with the same name
  who has them (that is how the app's own "Exportar clientes" file comes back, and how a
  list without phones names someone she already has). Each customer of the caderneta is
  claimed by at most one such row of the file, oldest first (customers without phone and
  CPF before the others), so homonyms stay apart and re-importing an export changes
  nothing. A row with a phone or CPF only takes a name-only customer when exactly one is
  left; otherwise she is new and the preview says there are homonyms.
- Otherwise the row is a new customer. Two rows of the file are the same person by the same
  CPF or the same phone and name; rows with a name only are never joined to each other.

The ``Planner`` walks the cleaned rows once, in her order, and keeps only these keys and a
few counters; the customers themselves live in a ``Store``: while previewing a scratch
database on disk (``import_store.ScratchStore``), while importing the real database inside
the import's transaction (``import_write.DatabaseStore``). So memory does not grow with the
file beyond the keys (about 100 bytes a row), and preview and import run the very same rules.

Group ids: a customer this import creates has a positive id chosen by the store; a customer
already in the caderneta is ``-customer_id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
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
    def balance(self, gid: int, cents: int, dues: tuple[date, ...]) -> None: ...


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    reason: str
    warned: bool = False  # worth her attention although nothing is wrong with the row


_WORD = re.compile(r"[a-z0-9]+")


def name_key(name: str) -> str:
    """The name as compared between rows and customers: folded, letters and digits only."""
    folded = name.casefold() if name.isascii() else " ".join(
        w.casefold() if w.isascii() else _fold_word(w) for w in name.split())
    words = _WORD.findall(folded)
    return " ".join(words) if words else folded


@lru_cache(maxsize=2048)
def _fold_word(word: str) -> str:
    """One word folded (names repeat their words: Maria, Souza, Conceição)."""
    return fold(word)


@dataclass
class Keys:
    """Who is in the caderneta, by key: CPF, phone + name, phone alone (to say it is
    shared), and names (for rows and customers without phone and CPF). Ids, not group ids."""

    cpf: dict[str, int] = field(default_factory=dict)
    phone_name: dict[tuple[str, str], int] = field(default_factory=dict)
    phone: dict[str, tuple[int, str]] = field(default_factory=dict)  # id, name
    names: dict[str, list[int]] = field(default_factory=dict)
    keyless: set[int] = field(default_factory=set)  # ids without phone and CPF


class FileKeys:
    """The CPFs and phones this file has placed → group id (several ids for a shared phone).
    Names are not kept: a phone seen again is compared with the name its customer has in
    the store, so memory stays at about a hundred bytes a row."""

    def __init__(self):
        self.cpf: dict[str, int] = {}
        self.phone: dict[str, int | tuple[int, ...]] = {}

    def add(self, gid: int, phone: str | None, cpf: str | None) -> None:
        if cpf:
            self.cpf.setdefault(cpf, gid)
        if phone:
            known = self.phone.get(phone)
            if known is None:
                self.phone[phone] = gid
            elif gid not in (known if isinstance(known, tuple) else (known,)):
                self.phone[phone] = (*(known if isinstance(known, tuple) else (known,)), gid)

    def with_phone(self, phone: str | None) -> tuple[int, ...]:
        known = self.phone.get(phone) if phone else None
        return () if known is None else known if isinstance(known, tuple) else (known,)


@dataclass(frozen=True, slots=True)
class Match:
    gid: int
    by: str  # how she was recognised, in words


class Planner:
    """Places each cleaned row: a new customer, the same as one already known, or an error."""

    def __init__(self, store: Store, db_keys: Keys):
        self.store = store
        self.db = db_keys  # customers already in the caderneta (gid = -id)
        self.file = FileKeys()  # customers this file has placed
        self.claimed: set[int] = set()  # caderneta ids already matched by a row
        self.balances = 0  # opening-balance sales (positive balances of new customers)
        self.balance_cents = 0

    def place(self, row: CleanRow) -> Decision:
        c = row.candidate
        if c is None:
            return Decision(Action.ERROR, " ".join(row.problems))
        notes = list(row.problems)
        key = name_key(c.name)
        match = self._match(c, key)
        if match is None:
            gid = self.store.create(row.source.number, c)
            shared = self._shared_phone(c)
            if c.balance_cents:
                self._balance(gid, c)
                notes.insert(0, balance_text(c))
            if shared:
                notes.insert(0, shared)
            self.file.add(gid, c.phone, c.cpf)
            return Decision(Action.CREATE, " ".join(notes).strip(), bool(shared))
        if match.gid < 0:
            self.claimed.add(-match.gid)
        action = self._merge(match, c, notes)
        self.file.add(match.gid, c.phone, c.cpf)
        return Decision(action, " ".join(notes).strip())

    def _match(self, c: Candidate, name: str) -> Match | None:
        """The customer this row is, by the rules of the module docstring (None: new)."""
        by_cpf = by_phone = None
        if c.cpf in self.file.cpf:
            by_cpf = Match(self.file.cpf[c.cpf], "mesmo CPF")
        elif c.cpf in self.db.cpf:
            by_cpf = Match(-self.db.cpf[c.cpf], "mesmo CPF")
        same = next((gid for gid in self.file.with_phone(c.phone)
                     if name_key(self.store.current(gid)[0].name) == name), None)
        if same is not None:
            by_phone = Match(same, "mesmo telefone e nome")
        elif (c.phone, name) in self.db.phone_name:
            by_phone = Match(-self.db.phone_name[(c.phone, name)], "mesmo telefone e nome")
        if by_phone and by_cpf and by_phone.gid != by_cpf.gid:
            # a row contradicting itself: phone and name agree, the CPF is someone else's —
            # two keys against one; the CPF is not copied (``_drop_taken_cpf``) and is shown
            return by_phone
        return by_cpf or by_phone or self._by_name(c, name)

    def _by_name(self, c: Candidate, name: str) -> Match | None:
        found = self.db.names.get(name)
        if not found:
            return None
        ids = [i for i in found if i not in self.claimed]
        keyless = [i for i in ids if i in self.db.keyless]
        if c.phone or c.cpf:
            if len(keyless) == 1:
                return Match(-keyless[0], "mesmo nome; na caderneta ela não tem telefone nem CPF")
            return None
        if keyless:
            return Match(-keyless[0], "mesmo nome, sem telefone nem CPF")
        if ids:
            return Match(-ids[0], "mesmo nome; a planilha não tem telefone nem CPF")
        return None

    def _shared_phone(self, c: Candidate) -> str:
        """The preview's sentence for a new customer whose phone another one already has."""
        if not c.phone:
            return ""
        others = self.file.with_phone(c.phone)
        if others and others[0] > 0:
            other, first_row = self.store.current(others[0])
            whose = f"{other.name} (linha {first_row})"
        elif others:
            whose = f"{self.store.current(others[0])[0].name}, que já está na caderneta"
        elif c.phone in self.db.phone:
            whose = f"{self.db.phone[c.phone][1]}, que já está na caderneta"
        else:
            return ""
        return (f"Mesmo telefone de {whose}, com outro nome: fica como outra cliente, que "
                "divide o telefone, com a conta dela separada. Se for a mesma pessoa, escreva "
                "o nome igual e importe de novo.")

    def _balance(self, gid: int, c: Candidate) -> None:
        self.store.balance(gid, c.balance_cents, c.dues)
        if c.balance_cents > 0:
            self.balances += 1
            self.balance_cents += c.balance_cents

    def _drop_taken_cpf(self, gid: int, filled: dict, kept: list[str]) -> None:
        """A CPF that belongs to someone else is never copied onto this customer (a phone
        may be shared: it is)."""
        if "cpf" not in filled:
            return
        db_owner = self.db.cpf.get(filled["cpf"])
        file_owner = self.file.cpf.get(filled["cpf"])
        if (db_owner is not None and -db_owner != gid) or (
                file_owner is not None and file_owner != gid):
            kept.append(f"CPF {_show('cpf', filled.pop('cpf'))} já é de outra cliente")

    def _merge(self, match: Match, c: Candidate, notes: list[str]) -> Action:
        gid = match.gid
        current, first_row = self.store.current(gid)
        existing = gid < 0
        filled, kept = _compare(current, c)
        self._drop_taken_cpf(gid, filled, kept)
        _drop_unserved_channel(current, filled, kept)
        if name_key(c.name) != name_key(current.name):
            kept.insert(0, f"nome “{c.name}” (mantido “{current.name}”)")
        new_notes = bool(c.notes) and c.notes not in current.notes
        if filled or new_notes:
            self.store.fill(gid, filled, c.notes if new_notes else "")
        if existing:
            parts = [f"Já está na caderneta como {current.name} ({match.by})."]
        else:
            parts = [f"Mesma cliente que a linha {first_row} ({match.by}): dados juntados."]
        if filled or new_notes:
            words = [FIELD_WORDS[k] for k in filled] + (["observações"] if new_notes else [])
            parts.append("Completado: " + ", ".join(words) + ".")
        if kept:
            parts.append("Diferente na planilha, não alterado: " + "; ".join(kept) + ".")
        if existing and c.balance_cents:
            parts.append(_kept_balance_text(-gid, c.balance_cents))
        elif c.balance_cents:
            self._balance(gid, c)
            parts.append(balance_text(c))
        notes[:0] = parts
        return Action.UPDATE if existing and (filled or new_notes) else Action.SKIP


def _kept_balance_text(customer_id: int, cents: int) -> str:
    """What happens to the balance of a row that is a customer already in the caderneta:
    nothing (her books stay as they are), said so that a re-import reads calmly."""
    from app.services.people.customers import credit_cents, open_balance_cents

    now = open_balance_cents(customer_id) - credit_cents(customer_id)
    if now == cents:
        return "Saldo igual ao da caderneta: nada a lançar."
    return (f"Saldo da planilha ({format_brl(cents)}) não lançado: ela já tem a conta na "
            f"caderneta ({format_brl(now)}); lance uma venda se for dívida nova.")


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
    cents = c.balance_cents or 0
    parts = opening_parts(cents, c.dues)
    if len(parts) > 1:
        each = " e ".join(f"{format_brl(p)} em {format_date(d)}" for d, p in parts)
        return (f"Saldo anterior {format_brl(cents)} em {len(parts)} parcelas, uma em cada "
                f"data: {each}. Se não for assim, corrija a planilha.")
    due = f", vence {format_date(c.due)}" if c.due else ", vence hoje"
    return f"Saldo anterior {format_brl(cents)}{due}."


def opening_parts(cents: int, dues: tuple[date, ...]) -> list[tuple[date | None, int]]:
    """How an opening balance is launched: one installment per due date given (the split
    rule of every sale, ``installments.split_amount``), one due today when none is given.
    Never an installment of zero: a balance smaller than its dates in centavos uses fewer."""
    if len(dues) < 2 or cents <= 0:
        return [(dues[0] if dues else None, cents)]
    from app.services.receivables.installments import split_amount

    dates = dues[:cents]
    return list(zip(dates, split_amount(cents, len(dates)), strict=True))


def database_keys() -> Keys:
    """Who is in the caderneta: CPF, phone + name and name of every customer → her id (the
    oldest wins a key; every id is listed under her name, oldest first)."""
    from app.models.db import database

    keys = Keys()
    cursor = database.execute_sql("SELECT id, name, phone, cpf FROM customer ORDER BY id")
    for cid, name, phone, cpf in cursor:
        key = name_key(name)
        if cpf:
            keys.cpf.setdefault(cpf, cid)
        if phone:
            keys.phone_name.setdefault((phone, key), cid)
            keys.phone.setdefault(phone, (cid, name))
        keys.names.setdefault(key, []).append(cid)
        if not phone and not cpf:
            keys.keyless.add(cid)
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
