"""Her customers' data (LGPD art. 18): export everything about one customer; anonymise one.

Rules:
- "Exportar dados desta cliente" writes one xlsx with everything stored about her: her
  record, sales with items, installments, payments, contacts, payment promises, her malinhas
  (issue 23) and the LGPD log. The export is logged (without personal data).
- "Anonimizar" is for a customer who asks to be forgotten and owes nothing: she must have no
  open balance and no credit (the reseller would not know whom to pay back). Every stored
  text that can hold her data is erased or rewritten (``erasure``: her record, notes, sale
  items, payment notes, contact messages, promise notes, agreement texts, return reasons and
  the stock moves that copied them, malinha notes, her name, phone and CPF in anyone's notes
  and in the shelf's counts); money records stay with their sums and dates, so the books still
  add up. She is archived. One transaction, irreversible, logged in ``privacy_log``
  (customer id, action, when) and in the program log.
- Erased means gone from the file's bytes, not only from its tables: ``secure_delete`` is on
  (``models.db``), the file is rebuilt (``VACUUM``) and the ``-wal`` emptied (checkpoint
  TRUNCATE); the file and its ``-wal`` are then searched, byte by byte, for her name, phone
  and CPF (``AnonymizeResult.file_clean``).
- The backup copies made before keep her data until the age rules remove them
  (``BackupExposure``: which copies, until when — ``backup.kept_until``). On request
  (``erase_copies``), every copy in ``backups`` and in the second folder (when reachable) is
  rewritten without her, each one whole or not at all (``copy_rewrite``) and re-checked the
  same way, tables and bytes. Copies set aside as damaged are never rewritten: she is told.
- Her e-mail and preferred channel (issue 24) are erased with the rest of her record.
"""

from __future__ import annotations

import glob
import logging
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from peewee import DatabaseError

from app.models.collection import ContactLog, PaymentPromise
from app.models.db import database, database_path, read_only_uri
from app.models.people import Customer, PrivacyLog
from app.services.br.phones import format_phone
from app.services.configuration.settings import load_settings
from app.services.core.changes import Topic, writes
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.progress import NO_PROGRESS, Cancelled, Progress
from app.services.people.customers import credit_cents, get_customer, open_balance_cents
from app.services.people.erasure import (
    ANONYMOUS_NAME,
    Identity,
    erase_customer,
    find_her,
    raw_leftovers,
    read_identity,
)
from app.services.spreadsheets.exporter import (
    INSTALLMENT_COLS,
    PAYMENT_COLS,
    SALE_COLS,
    ExportResult,
    installment_rows,
    payment_rows,
    sale_rows,
    save_atomically,
)
from app.services.spreadsheets.xlsx_writer import Col, Kind, new_workbook, write_sheet
from app.services.storage.backup import backups_dir, copies_in, kept_until
from app.services.storage.copy_rewrite import CopyRewriteError, rewrite_copy
from app.services.storage.lockfile import real_path

log = logging.getLogger(__name__)
ACTION_LABELS = {"exported": "Dados exportados", "anonymized": "Cliente anonimizada"}


class PrivacyError(ValueError):
    """Anonymising refused: ``code`` is ``owes``, ``has_credit``, ``has_malinha`` or
    ``already``."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class AnonymizeResult:
    customer_id: int
    new_name: str
    file_clean: bool = True  # nothing of her left in the file's or the -wal's bytes
    copies_erased: int = 0  # backup copies rewritten without her
    copies_failed: tuple[tuple[Path, str], ...] = ()  # (copy, why): untouched, still hold her
    remaining: BackupExposure | None = None  # what the copies still keep of her


def _data_rows(customer_id: int):
    c = get_customer(customer_id)
    row = Customer.get_by_id(customer_id)
    return (
        ("Nome", c.name), ("Telefone", format_phone(c.phone)), ("E-mail", c.email),
        ("Canal preferido", c.channel_text), ("CPF", c.cpf or ""),
        ("Nascimento", format_date(c.birthday)), ("Endereço", c.address),
        ("Bairro", c.neighbourhood), ("Cidade", c.city), ("Observações", c.notes),
        ("Limite de crédito", format_brl(c.credit_limit_cents) if c.credit_limit_cents else ""),
        ("Bloqueada para fiado", "sim" if c.blocked else "não"),
        ("Arquivada", "sim" if c.archived else "não"),
        ("Cadastrada em", format_date(row.created_at.date() if row.created_at else None)),
        ("Deve hoje", format_brl(open_balance_cents(customer_id))),
        ("Crédito dela", format_brl(credit_cents(customer_id))),
    )


CONTACT_COLS = (Col("Data", Kind.DATE, 12), Col("O que", width=18), Col("Canal", width=12),
                Col("Etapa", width=18), Col("Mensagem", width=60), Col("Anotação", width=30))
PROMISE_COLS = (Col("Registrada em", Kind.DATE, 13), Col("Prometeu pagar em", Kind.DATE, 16),
                Col("Valor", Kind.MONEY, 12), Col("Anotação", width=30),
                Col("Cancelada", width=10))
LOG_COLS = (Col("Quando", width=18), Col("O que", width=24))
CONDITIONAL_COLS = (Col("Malinha nº", Kind.INT, 10), Col("Saiu em", Kind.DATE, 12),
                    Col("Devolver até", Kind.DATE, 12), Col("Acertada em", Kind.DATE, 12),
                    Col("Peça", width=30), Col("Quantidade", Kind.INT, 10),
                    Col("Voltou", Kind.INT, 8), Col("Ficou", Kind.INT, 8),
                    Col("Preço", Kind.MONEY, 12), Col("Observação", width=30))


def export_customer_data(customer_id: int, path: str | Path, now: datetime) -> ExportResult:
    """Write everything stored about one customer to ``path`` (xlsx) and log it."""
    today = now.date()
    where, params = "WHERE c.id = ?", (customer_id,)
    wb = new_workbook()
    sheets = [
        ("Dados", (Col("Campo", width=22), Col("Valor", width=50)), _data_rows(customer_id)),
        ("Vendas", SALE_COLS, sale_rows(where, params)),
        ("Parcelas", INSTALLMENT_COLS, installment_rows(today, where, params)),
        ("Pagamentos", PAYMENT_COLS, payment_rows(where, params)),
        ("Contatos", CONTACT_COLS, _contacts(customer_id)),
        ("Promessas", PROMISE_COLS, _promises(customer_id)),
        ("Condicionais", CONDITIONAL_COLS, _conditionals(customer_id, today)),
        ("Registro LGPD", LOG_COLS, _log_rows(customer_id)),
    ]
    counts = tuple((title, write_sheet(wb, title, cols, rows)) for title, cols, rows in sheets)
    save_atomically(wb, Path(path))
    with database.atomic():
        PrivacyLog.create(customer_id=customer_id, action="exported", happened_at=now)
    log.info("LGPD: dados da cliente %s exportados", customer_id)
    return ExportResult(Path(path), counts)


def _contacts(customer_id: int):
    from app.services.collection.contacts import ACTIONS

    for c in ContactLog.select().where(ContactLog.customer == customer_id).order_by(
            ContactLog.contact_date, ContactLog.id):
        yield (c.contact_date, ACTIONS.get(c.action, c.action), _channel(c.channel),
               c.stage_name, c.text, c.note)


def _channel(stored: str) -> str:
    from app.services.core.codes import Channel, label

    try:
        return label(Channel(stored))
    except ValueError:
        return stored


def _promises(customer_id: int):
    for p in PaymentPromise.select().where(PaymentPromise.customer == customer_id).order_by(
            PaymentPromise.created_on):
        yield (p.created_on, p.promised_date, p.amount_cents or None, p.note,
               "sim" if p.cancelled else "não")


def _conditionals(customer_id: int, today: date):
    """One row per piece of each of her malinhas (issue 23)."""
    from app.services.conditional.conditional_list import (
        conditional_lines,
        customer_conditionals,
    )

    for k in sorted(customer_conditionals(customer_id, today), key=lambda k: k.id):
        for line in conditional_lines(k.id):
            yield (k.id, k.sent_on, k.return_by, k.closed_on, line.name, line.quantity,
                   line.returned, line.kept, line.unit_price_cents, k.note)


def _log_rows(customer_id: int):
    for entry in PrivacyLog.select().where(PrivacyLog.customer_id == customer_id).order_by(
            PrivacyLog.id):
        yield (entry.happened_at.strftime("%d/%m/%Y %H:%M"),
               ACTION_LABELS.get(entry.action, entry.action))


def can_anonymize(customer_id: int) -> PrivacyError | None:
    """Why she cannot be anonymised now, or None when she can."""
    name = get_customer(customer_id).name
    if PrivacyLog.select().where((PrivacyLog.customer_id == customer_id)
                                 & (PrivacyLog.action == "anonymized")).exists():
        return PrivacyError("already", "Esta cliente já foi anonimizada.")
    owes = open_balance_cents(customer_id)
    if owes > 0:
        return PrivacyError("owes", f"{name} ainda deve {format_brl(owes)}. Só dá para "
                                    "anonimizar quem não deve nada: receba ou acerte antes.")
    credit = credit_cents(customer_id)
    if credit > 0:
        return PrivacyError("has_credit", f"{name} tem {format_brl(credit)} de crédito. Devolva "
                                          "ou use o crédito antes de anonimizar.")
    out = database.execute_sql(
        "SELECT COUNT(*) FROM conditional WHERE customer_id = ? AND closed_on IS NULL",
        (customer_id,)).fetchone()[0]
    if out:  # issue 23: pieces of the store are with her
        return PrivacyError("has_malinha", f"{name} está com peças em condicional. Acerte a "
                                           "malinha antes de anonimizar.")
    return None


@writes(Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.CONTACTS, Topic.AGREEMENTS,
        Topic.PIECES, Topic.CONDITIONALS)  # stock-move and malinha notes are rewritten
def anonymize_customer(customer_id: int, now: datetime, *, erase_copies: bool = False,
                       progress: Progress = NO_PROGRESS) -> AnonymizeResult:
    """Erase her personal data everywhere in the open file, keep the money records;
    irreversible. PrivacyError if refused. With ``erase_copies``, her data is erased from
    every backup copy too (``erase_from_copies``). The result says what copies still hold."""
    refusal = can_anonymize(customer_id)
    if refusal is not None:
        raise refusal
    identity = read_identity(database.connection(), customer_id)
    progress(0, None, "Apagando os dados dela…")
    database.execute_sql("PRAGMA secure_delete = ON")  # whatever the SQLite build's default
    with database.atomic():
        if identity is not None:
            erase_customer(database.connection(), identity, now)
        else:  # she already carries the anonymous name: nothing of her is left to erase
            PrivacyLog.create(customer_id=customer_id, action="anonymized", happened_at=now)
    file_clean = compact_database() and not _file_leftovers(identity)
    log.info("LGPD: cliente %s anonimizada", customer_id)
    erased, failed = 0, ()
    if erase_copies and identity is not None:
        erased, failed = erase_from_copies(identity, now, progress)
    return AnonymizeResult(customer_id, ANONYMOUS_NAME.format(id=customer_id), file_clean,
                           erased, failed, backup_exposure(identity))


def _file_leftovers(identity: Identity | None) -> list[str]:
    if identity is None:
        return []
    path = database_path()
    return raw_leftovers(database.connection(), identity, [path, Path(f"{path}-wal")])


def compact_database() -> bool:
    """Rebuild the open file so nothing freed is left in it (``VACUUM``), then empty the
    ``-wal`` (checkpoint TRUNCATE); False when either could not be done (``VACUUM`` needs
    free disk space about the file's size; a long read on another connection holds the
    ``-wal``): what was erased is gone from the tables all the same."""
    try:
        database.execute_sql("VACUUM")
        busy, _, _ = database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except DatabaseError:
        log.warning("LGPD: o arquivo não pôde ser compactado depois de anonimizar")
        return False
    return not busy


@dataclass(frozen=True)
class BackupExposure:
    """The backup copies that still hold her data, and the last day the age rules keep them
    (``backup.kept_until``, the latest of them: the rules may let them go sooner)."""

    copies: tuple[Path, ...] = ()
    until: date | None = None
    damaged: tuple[Path, ...] = ()  # set aside in backups/danificados: never read or rewritten
    mirror_unreachable: bool = False  # a second folder is chosen but cannot be reached now

    def sentence(self) -> str:
        """What the copies keep of her, in Portuguese ("" when nothing)."""
        parts = []
        if self.copies:
            until = format_date(self.until)
            parts.append(f"As {len(self.copies)} cópias de segurança feitas antes guardam os "
                         f"dados dela até {until}." if len(self.copies) > 1 else
                         f"A cópia de segurança feita antes guarda os dados dela até {until}.")
        if len(self.damaged) == 1:
            parts.append("A pasta backups/danificados guarda 1 arquivo danificado de antes, "
                         "que também pode ter os dados dela: apague-o se não precisar mais dele.")
        elif self.damaged:
            parts.append(f"A pasta backups/danificados guarda {len(self.damaged)} arquivos "
                         "danificados de antes, que também podem ter os dados dela: apague-os "
                         "se não precisar mais deles.")
        if self.mirror_unreachable:
            parts.append("A segunda pasta de backup não está acessível agora (pen drive fora?): "
                         "as cópias de lá também guardam os dados dela.")
        return " ".join(parts)


def exposure_of(customer_id: int) -> BackupExposure:
    """Which backup copies hold the data of customer ``customer_id`` now, and until when
    (read only: the copies are opened, never changed)."""
    return backup_exposure(read_identity(database.connection(), customer_id))


def backup_exposure(identity: Identity | None) -> BackupExposure:
    """Which copies in the backups folder and the second folder hold her data (read only)."""
    if identity is None:
        return BackupExposure()
    db_path = real_path(database_path())
    holding, until = [], None
    for folder in _copy_folders():
        copies = copies_in(folder, db_path.stem)
        for info in copies:
            if _holds(info.path, identity):
                holding.append(info.path)
                last = kept_until(info, copies)
                until = last if until is None or last > until else until
    damaged_dir = backups_dir(db_path) / "danificados"
    damaged = tuple(sorted(damaged_dir.glob(f"{glob.escape(db_path.stem)}-*.sqlite3"))) \
        if damaged_dir.is_dir() else ()
    mirror = load_settings().backup_mirror_dir
    return BackupExposure(tuple(holding), until, damaged,
                          bool(mirror) and not Path(mirror).is_dir())


def erase_from_copies(identity: Identity, now: datetime,
                      progress: Progress = NO_PROGRESS) -> tuple[int, tuple[tuple[Path, str], ...]]:
    """Erase her from every backup copy that holds her (both folders, when reachable), each
    copy rewritten whole and checked (``copy_rewrite``); return how many were rewritten and
    the (copy, reason) of those that could not be (they are untouched)."""
    db_path = real_path(database_path())
    targets = [i.path for folder in _copy_folders() for i in copies_in(folder, db_path.stem)
               if _holds(i.path, identity)]
    erased, failed = 0, []
    for n, path in enumerate(targets, 1):
        try:
            progress(n, len(targets), f"Apagando das cópias de segurança ({n} de "
                                      f"{len(targets)})…")
        except Cancelled:
            break  # the copies left are untouched, and the result says they still hold her
        one = _FromCopy(identity, now)
        try:
            erased += rewrite_copy(path, one.change, one.check)
        except CopyRewriteError as exc:
            failed.append((path, str(exc)))
    return erased, tuple(failed)


class _FromCopy:
    """Erases her from one copy, then checks the finished copy against what it held."""

    def __init__(self, identity: Identity, now: datetime):
        self.identity, self.now = identity, now
        self.found: Identity | None = None  # her values as this copy held them

    def change(self, conn: sqlite3.Connection) -> bool:
        self.found = erase_customer(conn, self.identity, self.now)
        return self.found is not None

    def check(self, path: Path) -> str:
        return _check_copy(path, self.found)


def _copy_folders() -> list[Path]:
    folders = [backups_dir(database_path())]
    mirror = load_settings().backup_mirror_dir
    if mirror and Path(mirror).is_dir() and Path(mirror).resolve() != folders[0].resolve():
        folders.append(Path(mirror))
    return folders


def _holds(path: Path, identity: Identity) -> bool:
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return True  # cannot tell: count it as holding her
    try:
        return find_her(conn, identity) is not None
    except sqlite3.Error:
        return True
    finally:
        conn.close()


def _check_copy(path: Path, identity: Identity) -> str:
    """"" when the rewritten copy holds none of her identifiers anywhere in its bytes (the
    erasing itself went through every table); else where they are."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        left = raw_leftovers(conn, identity, [path])
    finally:
        conn.close()
    return f"os dados dela continuaram em {', '.join(left[:3])}" if left else ""
