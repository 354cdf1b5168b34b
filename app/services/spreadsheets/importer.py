"""Importing customers and opening balances: preview row by row, then write all or nothing.

Rules:
- ``preview_import`` cleans every row (``import_rows``) and decides, per original row number,
  what happens: **criar** (a new customer), **atualizar** (she is already in the caderneta and
  the row fills some of her empty fields), **ignorar** (nothing new, or the same person as an
  earlier row) or **erro** (unusable, e.g. no name), always with the reason.
- Who is who (``import_plan``): the same CPF, or the same phone with the same name, is the
  same customer; the same phone with another name is another customer sharing the phone;
  a name-only row is the customer of that name who has no phone and no CPF. The same
  customer is merged: empty fields are filled, a filled field is never overwritten — when
  the row says something different, the preview says what was kept. So re-importing the
  file "Exportar clientes" made changes nothing.
- Opening balances: a positive balance becomes a "Saldo anterior" sale with one installment
  due on the row's due date (today when missing; the sale is dated the earlier of the two),
  or one installment per date when the cell has several (split like any sale); a negative
  balance is credit in her favour (a payment with nothing to pay yet). Balances are only
  taken for customers this import creates: a customer already in the caderneta keeps her
  books as they are, so importing the same file twice never doubles a debt.
- ``run_import`` writes everything in ONE transaction and calls ``progress`` every
  ``PROGRESS_EVERY`` rows; ``Cancelled`` (or any failure) rolls everything back.
- Memory stays flat as files grow: both passes read the rows one at a time
  (``Table.iter_rows``) and apply the same rules (``import_plan.Planner``); the preview keeps
  counts, the first ``SHOWN_FIRST`` rows and the rows worth a look (up to ``SHOWN_NOTEWORTHY``),
  and puts the rows that will not be imported in a spool on disk for the report
  (``import_files.RejectedRows``). The import does not use the preview's rows: it reads the file
  again and decides against the database as it is inside its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from app.services.br.phones import format_phone
from app.services.core.changes import Topic, writes
from app.services.core.money import format_brl
from app.services.core.progress import NO_PROGRESS, Progress
from app.services.core.text import plural
from app.services.spreadsheets.import_columns import Field
from app.services.spreadsheets.import_files import RejectedRows
from app.services.spreadsheets.import_plan import ACTION_LABELS, Action, Planner, database_keys
from app.services.spreadsheets.import_rows import RowCleaner
from app.services.spreadsheets.spreadsheet_read import Table

PROGRESS_EVERY = 500
SHOWN_FIRST = 100  # every row up to here is shown, to check the columns landed right
SHOWN_NOTEWORTHY = 1_000  # then the rows worth a look (warnings, repeats, errors), up to here


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
    warned: bool = False  # something in the row could not be used as it was, or is unusual
    dues: tuple[date, ...] = ()  # every due date of the balance (``due`` is the first)

    @property
    def noteworthy(self) -> bool:
        """Worth a line in the command's output: not a plain creation."""
        return self.action is not Action.CREATE or self.warned

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    skipped: int
    errors: int
    balances: int  # opening-balance sales written
    balance_cents: int
    dry_run: bool = False
    rows: int = 0  # rows read
    noteworthy: int = 0  # rows that are not a plain creation (warnings, repeats, errors)
    rejected: RejectedRows | None = None  # the rows not imported (erro, ignorar), with why

    def summary(self) -> str:
        """The one-paragraph summary the dialog and the command print."""
        text = (f"{plural(self.created, 'criada')}, {plural(self.updated, 'atualizada')}, "
                f"{plural(self.skipped, 'ignorada')}, {self.errors} com erro.")
        if self.balances:
            one = self.balances == 1
            verb = ("seria" if one else "seriam") if self.dry_run else ("foi" if one else "foram")
            text += (f" {plural(self.balances, 'saldo anterior', 'saldos anteriores')} {verb} "
                     f"{'lançado' if one else 'lançados'} ({format_brl(self.balance_cents)}).")
        if self.dry_run:
            text += " Simulação: nada foi gravado."
        return text


@dataclass(frozen=True)
class Preview:
    """What importing would do: the counts, and the rows kept to show (not every row)."""

    table: Table
    mapping: tuple[Field, ...]
    default_ddd: str
    today: date
    report: ImportReport  # the counts, as a dry run
    rows: tuple[PreviewRow, ...]  # the first SHOWN_FIRST rows, then the noteworthy ones

    @property
    def sheet(self) -> str:
        return self.table.sheet

    @property
    def headers(self) -> tuple[str, ...]:
        return self.table.headers

    @property
    def rejected(self) -> RejectedRows:
        return self.report.rejected

    @property
    def hidden(self) -> int:
        """Rows of the file not in ``rows`` (plain new customers past the first ones, and
        noteworthy rows past SHOWN_NOTEWORTHY)."""
        return self.report.rows - len(self.rows)


def _walk(
    table: Table, mapping: tuple[Field, ...], today: date, default_ddd: str, store,
    progress: Progress, want: Callable[[bool], bool], on_row: Callable[[PreviewRow], None],
    text: str, dry_run: bool,
) -> ImportReport:
    """One pass over the rows: clean, decide, count; ``on_row`` hears the rows ``want`` asks
    for (given whether the row is noteworthy). The rows are not kept."""
    if Field.NAME not in mapping and table.row_count:
        raise MissingNameColumn(table.headers)
    cleaner = RowCleaner(table.headers, mapping, default_ddd, today)
    planner = Planner(store, database_keys())
    counts = dict.fromkeys(Action, 0)
    noteworthy = 0
    rejected = RejectedRows(table.headers)
    total = table.row_count
    for done, source in enumerate(table.iter_rows()):
        if done % PROGRESS_EVERY == 0:
            progress(done, total, text.format(n=_n(done + 1), total=_n(total)))
        row = cleaner.clean(source)
        decision = planner.place(row)
        action = decision.action
        counts[action] += 1
        if action is Action.ERROR or action is Action.SKIP:
            rejected.add(source, ACTION_LABELS[action], decision.reason)
        warned = bool(row.problems) or decision.warned
        flagged = action is not Action.CREATE or warned
        noteworthy += flagged
        if want(flagged):
            c = row.candidate
            on_row(PreviewRow(
                source.number, action, decision.reason, c.name if c else "",
                c.phone if c else None, c.cpf if c else None, c.balance_cents if c else None,
                c.due if c else None, warned, c.dues if c else ()))
    return ImportReport(
        counts[Action.CREATE], counts[Action.UPDATE], counts[Action.SKIP], counts[Action.ERROR],
        planner.balances, planner.balance_cents, dry_run, sum(counts.values()), noteworthy,
        rejected.done())


def preview_import(
    table: Table, mapping: tuple[Field, ...], today: date, default_ddd: str = "11",
    progress: Progress = NO_PROGRESS, on_row: Callable[[PreviewRow], None] | None = None,
) -> Preview:
    """What importing ``table`` with ``mapping`` would do, row by row (nothing is written).

    Raises MissingNameColumn when no column is mapped to the name and the sheet has rows.
    ``progress`` hears every ``PROGRESS_EVERY`` rows (and may raise ``Cancelled``);
    ``on_row`` (optional) hears every row, in order.
    """
    from app.services.spreadsheets.import_store import ScratchStore

    shown: list[PreviewRow] = []

    def kept(noteworthy: bool) -> bool:
        return len(shown) < SHOWN_FIRST or (noteworthy and len(shown) < SHOWN_FIRST
                                            + SHOWN_NOTEWORTHY)

    def keep(row: PreviewRow) -> None:
        if kept(row.noteworthy):
            shown.append(row)
        if on_row is not None:
            on_row(row)

    store = ScratchStore()
    try:
        report = _walk(table, tuple(mapping), today, default_ddd, store, progress,
                       lambda flagged: on_row is not None or kept(flagged), keep,
                       "Conferindo a linha {n} de {total}…", dry_run=True)
    finally:
        store.close()
    return Preview(table, tuple(mapping), default_ddd, today, report, tuple(shown))


@writes(Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS)
def run_import(
    preview: Preview, progress: Progress = NO_PROGRESS, now: datetime | None = None,
    on_row: Callable[[PreviewRow], None] | None = None,
) -> ImportReport:
    """Import what ``preview`` showed, in one transaction (see ``import_table``)."""
    return import_table(preview.table, preview.mapping, preview.today, preview.default_ddd,
                        progress, now, on_row)


def import_table(
    table: Table, mapping: tuple[Field, ...], today: date, default_ddd: str = "11",
    progress: Progress = NO_PROGRESS, now: datetime | None = None,
    on_row: Callable[[PreviewRow], None] | None = None,
) -> ImportReport:
    """Import ``table`` in ONE transaction; ``Cancelled`` from ``progress`` rolls it back.

    The rows are read again and each one is decided against the database as it is inside the
    transaction (so a field she filled after a preview is never overwritten). ``now`` stamps
    the new records' ``created_at`` (default: ``today`` at midnight); ``on_row`` hears every
    row's decision.
    """
    from app.models.db import database
    from app.services.spreadsheets.import_write import DatabaseStore

    with database.atomic():
        store = DatabaseStore(today, now)
        report = _walk(table, tuple(mapping), today, default_ddd, store, progress,
                       lambda flagged: on_row is not None, on_row or _ignore,
                       "Importando a linha {n} de {total}…", dry_run=False)
        progress(report.rows, report.rows, "Gravando…")
        store.finish()
    return report


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _ignore(row: PreviewRow) -> None:
    """Rows are not needed while importing (the report has the counts)."""
