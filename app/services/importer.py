"""Importing customers and opening balances: preview row by row, then write all or nothing.

Rules:
- ``preview_import`` cleans every row (``import_rows``) and decides, per original row number,
  what happens: **criar** (a new customer), **atualizar** (she is already in the caderneta and
  the row fills some of her empty fields), **ignorar** (nothing new, or the same person as an
  earlier row) or **erro** (unusable, e.g. no name), always with the reason.
- Duplicates are the same E.164 phone or the same CPF, within the file or against the
  database. They are merged: empty fields are filled, a filled field is never overwritten —
  when the row says something different, the preview says what was kept.
- Opening balances: a positive balance becomes a "Saldo anterior" sale with one installment
  due on the row's due date (today when missing; the sale is dated the earlier of the two); a
  negative balance is credit in her favour (a payment with nothing to pay yet). Balances are
  only taken for customers this import creates: a customer already in the caderneta keeps
  her books as they are, so importing the same file twice never doubles a debt.
- ``run_import`` writes everything in ONE transaction and calls ``progress`` every
  ``PROGRESS_EVERY`` customers; ``Cancelled`` (or any failure) rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from app.services.dates import format_date
from app.services.documents import format_cpf
from app.services.import_columns import Field
from app.services.import_rows import Candidate, CleanRow, RowCleaner
from app.services.money import format_brl
from app.services.phones import format_phone
from app.services.progress import NO_PROGRESS, Progress
from app.services.spreadsheet_read import SourceRow, Table
from app.services.text import fold

PROGRESS_EVERY = 500
FILLABLE = ("phone", "cpf", "birthday", "address", "neighbourhood", "city", "credit_limit_cents")
FIELD_WORDS = {"phone": "telefone", "cpf": "CPF", "birthday": "aniversário",
               "address": "endereço", "neighbourhood": "bairro", "city": "cidade",
               "credit_limit_cents": "limite de crédito", "notes": "observações"}


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"


ACTION_LABELS = {Action.CREATE: "criar", Action.UPDATE: "atualizar", Action.SKIP: "ignorar",
                 Action.ERROR: "erro"}


class MissingNameColumn(ValueError):
    """No column is mapped to the name: the user must say which one it is."""

    def __init__(self, headers: tuple[str, ...]):
        self.headers = headers
        found = ", ".join(f"“{h}”" for h in headers if h) or "nenhuma"
        super().__init__(
            f"A planilha não tem coluna de nome. Colunas encontradas: {found}. "
            "Escolha qual coluna é o nome da cliente.")


@dataclass(frozen=True, slots=True)
class PreviewRow:
    number: int  # row number in her spreadsheet
    action: Action
    reason: str
    name: str
    phone: str | None
    cpf: str | None
    balance_cents: int | None
    due: date | None
    source: SourceRow
    warned: bool = False  # something in the row could not be used as it was

    @property
    def noteworthy(self) -> bool:
        """Worth a line in the command's output: not a plain creation."""
        return self.action is not Action.CREATE or self.warned

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)


@dataclass
class _Group:
    """One customer to create or update, and the rows that feed her."""

    first_row: int
    existing_id: int | None
    values: Candidate
    fills: dict = field(default_factory=dict)  # existing customer: field → new value
    notes_add: list[str] = field(default_factory=list)
    balances: list[tuple[int, date | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Preview:
    sheet: str
    headers: tuple[str, ...]
    mapping: tuple[Field, ...]
    rows: tuple[PreviewRow, ...]
    groups: tuple  # of _Group, what run_import writes
    today: date

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action is action)

    @property
    def balance_cents(self) -> int:
        return sum(c for g in self.groups for c, _ in g.balances if g.existing_id is None)


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    skipped: int
    errors: int
    balances: int  # opening-balance sales written
    balance_cents: int
    dry_run: bool = False

    def summary(self) -> str:
        """The one-paragraph summary the dialog and the command print."""
        verb = "seriam" if self.dry_run else "foram"
        text = (f"{self.created} criadas, {self.updated} atualizadas, {self.skipped} ignoradas, "
                f"{self.errors} com erro.")
        if self.balances:
            text += (f" {self.balances} saldos anteriores {verb} lançados "
                     f"({format_brl(self.balance_cents)}).")
        if self.dry_run:
            text += " Simulação: nada foi gravado."
        return text


def preview_import(
    table: Table, mapping: tuple[Field, ...], today: date, default_ddd: str = "11",
    progress: Progress = NO_PROGRESS,
) -> Preview:
    """What importing ``table`` with ``mapping`` would do, row by row (nothing is written).

    Raises MissingNameColumn when no column is mapped to the name and the sheet has rows.
    ``progress`` hears every ``PROGRESS_EVERY`` rows (and may raise ``Cancelled``).
    """
    if Field.NAME not in mapping and table.rows:
        raise MissingNameColumn(table.headers)
    cleaner = RowCleaner(table.headers, mapping, default_ddd, today)
    total = len(table.rows)
    cleaned = []
    for start in range(0, total, PROGRESS_EVERY):
        progress(start, total, f"Conferindo a linha {start + 1} de {total}…")
        cleaned.extend(cleaner.clean(r) for r in table.rows[start:start + PROGRESS_EVERY])
    planner = _Planner(_existing_customers())
    rows = tuple(planner.place(c) for c in cleaned)
    return Preview(table.sheet, table.headers, tuple(mapping), rows, tuple(planner.groups),
                   today)


def _existing_customers() -> dict[int, Candidate]:
    from app.models.db import database

    cursor = database.execute_sql(
        "SELECT id, name, phone, cpf, birthday, address, neighbourhood, city, notes, "
        "credit_limit_cents FROM customer")
    return {
        r[0]: Candidate(r[1], r[2], r[3], date.fromisoformat(r[4]) if r[4] else None, r[5],
                        r[6], r[7], r[8], r[9])
        for r in cursor.fetchall()
    }


class _Planner:
    """Places each cleaned row into a group (new customer, existing customer, or merge)."""

    def __init__(self, existing: dict[int, Candidate]):
        self.existing = existing
        self.by_key: dict[tuple[str, str], int] = {}  # ("phone"|"cpf", value) → customer id
        for cid, c in existing.items():
            for key in (("phone", c.phone), ("cpf", c.cpf)):
                if key[1]:
                    self.by_key.setdefault(key, cid)
        self.file_keys: dict[tuple[str, str], _Group] = {}
        self.db_groups: dict[int, _Group] = {}
        self.groups: list[_Group] = []

    def place(self, row: CleanRow) -> PreviewRow:
        c = row.candidate
        if c is None:
            return _preview(row, Action.ERROR, " ".join(row.problems))
        notes = list(row.problems)
        keys = [(k, v) for k, v in (("phone", c.phone), ("cpf", c.cpf)) if v]
        group = next((self.file_keys[k] for k in keys if k in self.file_keys), None)
        if group is None:
            db_id = next((self.by_key[k] for k in keys if k in self.by_key), None)
            if db_id is None:
                group = self._new_group(row, c, notes)
                return _preview(row, Action.CREATE, " ".join(notes))
            group = self.db_groups.get(db_id)
            if group is None:
                group = _Group(row.source.number, db_id, self.existing[db_id])
                self.db_groups[db_id] = group
                self.groups.append(group)
        action = self._merge(group, row, c, notes)
        self._register(group, c)
        return _preview(row, action, " ".join(notes))

    def _new_group(self, row: CleanRow, c: Candidate, notes: list[str]) -> _Group:
        group = _Group(row.source.number, None, c)
        if c.balance_cents:
            group.balances.append((c.balance_cents, c.due))
            notes.insert(0, _balance_text(c))
        self.groups.append(group)
        self._register(group, c)
        return group

    def _drop_taken_keys(self, group: _Group, filled: dict, kept: list[str]) -> None:
        """A phone or CPF that belongs to someone else is never copied onto this customer."""
        for key in ("phone", "cpf"):
            if key not in filled:
                continue
            db_owner = self.by_key.get((key, filled[key]))
            file_owner = self.file_keys.get((key, filled[key]))
            if (db_owner is not None and db_owner != group.existing_id) or (
                    file_owner is not None and file_owner is not group):
                kept.append(f"{FIELD_WORDS[key]} {_show(key, filled.pop(key))} já é de outra "
                            "cliente")

    def _register(self, group: _Group, c: Candidate) -> None:
        for key in (("phone", c.phone), ("cpf", c.cpf)):
            if key[1]:
                self.file_keys.setdefault(key, group)

    def _merge(self, group: _Group, row: CleanRow, c: Candidate, notes: list[str]) -> Action:
        current = replace(group.values, **group.fills)
        filled, kept = _compare(current, c)
        self._drop_taken_keys(group, filled, kept)
        if fold(c.name) != fold(current.name):
            kept.insert(0, f"nome “{c.name}” (mantido “{current.name}”)")
        if group.existing_id is None:
            group.values = replace(group.values, **filled)
            if c.balance_cents:
                group.balances.append((c.balance_cents, c.due))
        else:
            group.fills.update(filled)
        new_notes = c.notes and c.notes not in current.notes and c.notes not in group.notes_add
        if new_notes:
            if group.existing_id is None:
                group.values = replace(group.values, notes=_join(group.values.notes, c.notes))
            else:
                group.notes_add.append(c.notes)
        by = "telefone" if c.phone and c.phone == current.phone else "CPF"
        if group.existing_id is None:
            head = f"Mesma cliente que a linha {group.first_row} (mesmo {by}): dados juntados."
        else:
            head = f"Já está na caderneta como {current.name} (mesmo {by})."
        parts = [head]
        if filled or new_notes:
            words = [FIELD_WORDS[k] for k in filled] + (["observações"] if new_notes else [])
            parts.append("Completado: " + ", ".join(words) + ".")
        if kept:
            parts.append("Diferente na planilha, não alterado: " + "; ".join(kept) + ".")
        if group.existing_id is not None and c.balance_cents:
            parts.append(f"Saldo da planilha ({format_brl(c.balance_cents)}) não lançado: ela já "
                         "tem a conta na caderneta; lance uma venda se for dívida nova.")
        elif group.existing_id is None and c.balance_cents:
            parts.append(_balance_text(c))
        notes[:0] = parts
        if group.existing_id is not None and (filled or new_notes):
            return Action.UPDATE
        return Action.SKIP


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


def _show(key: str, value) -> str:
    if key == "phone":
        return format_phone(value)
    if key == "birthday":
        return format_date(value)
    if key == "credit_limit_cents":
        return format_brl(value)
    if key == "cpf":
        return format_cpf(value)
    return f"“{value}”"


def _join(a: str, b: str) -> str:
    return f"{a}\n{b}" if a and b else a or b


def _balance_text(c: Candidate) -> str:
    if c.balance_cents and c.balance_cents < 0:
        return f"Crédito a favor dela: {format_brl(-c.balance_cents)}."
    due = f", vence {format_date(c.due)}" if c.due else ", vence hoje"
    return f"Saldo anterior {format_brl(c.balance_cents or 0)}{due}."


def _preview(row: CleanRow, action: Action, reason: str) -> PreviewRow:
    c = row.candidate
    return PreviewRow(
        row.source.number, action, reason.strip(), c.name if c else "", c.phone if c else None,
        c.cpf if c else None, c.balance_cents if c else None, c.due if c else None, row.source,
        bool(row.problems))


def report_of(preview: Preview, dry_run: bool) -> ImportReport:
    """The counts of a preview (what the import did, or would do)."""
    balances = [c for g in preview.groups if g.existing_id is None for c, _ in g.balances
                if c > 0]
    return ImportReport(
        preview.count(Action.CREATE), preview.count(Action.UPDATE), preview.count(Action.SKIP),
        preview.count(Action.ERROR), len(balances), sum(balances), dry_run)


def run_import(
    preview: Preview, progress: Progress = NO_PROGRESS, now: datetime | None = None
) -> ImportReport:
    """Write the preview in one transaction; ``Cancelled`` from ``progress`` rolls it back.

    ``now`` stamps the new records' ``created_at`` (default: the preview's day at midnight).
    """
    from app.services.import_write import write_groups

    write_groups(list(preview.groups), preview.today, progress, now)
    return report_of(preview, dry_run=False)
