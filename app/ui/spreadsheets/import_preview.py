"""The preview table of an import: what happens to each row, in colour and in words."""

from __future__ import annotations

from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.spreadsheets.import_plan import ACTION_LABELS, Action
from app.services.spreadsheets.importer import SHOWN_FIRST
from app.ui.kit.style import (
    FOREGROUND_CAUTION,
    FOREGROUND_ERROR,
    FOREGROUND_INFO,
    FOREGROUND_MUTED,
    FOREGROUND_SUCCESS,
)
from app.ui.kit.tables.table_model import Column, RowTableModel

ACTION_COLOURS = {Action.CREATE: FOREGROUND_SUCCESS, Action.UPDATE: FOREGROUND_INFO,
                  Action.SKIP: FOREGROUND_MUTED, Action.ERROR: FOREGROUND_ERROR}
WARNED_COLOUR = FOREGROUND_CAUTION


def action_text(row) -> str:
    """"criar", "ignorar, com aviso"…: the action of a preview row in words."""
    text = ACTION_LABELS[row.action]
    return f"{text}, com aviso" if row.warned and row.action is not Action.ERROR else text


def action_colour(row):
    if row.warned and row.action is not Action.ERROR:
        return WARNED_COLOUR
    return ACTION_COLOURS[row.action]


class ImportPreviewTableModel(RowTableModel):
    COLUMNS = (
        Column("Linha", lambda r: str(r.number), sort=lambda r: r.number, align_right=True),
        Column("O que acontece", lambda r: action_text(r), foreground=lambda r: action_colour(r)),
        Column("Nome", lambda r: r.name),
        Column("Telefone", lambda r: r.phone_display),
        Column("Saldo", lambda r: format_brl(r.balance_cents) if r.balance_cents else "",
               sort=lambda r: r.balance_cents or 0, align_right=True),
        Column("Vencimento", lambda r: _due_text(r),
               sort=lambda r: r.due.toordinal() if r.due else 0),
        Column("Por quê", lambda r: r.reason, tooltip=lambda r: r.reason, stretch=True),
    )


def _due_text(row) -> str:
    """The first due date, and how many more the cell gave ("05/03/2027 +1")."""
    more = len(row.dues) - 1
    return format_date(row.due) + (f" +{more}" if more > 0 else "")


def n(number: int) -> str:
    """12.345 as she reads it."""
    return f"{number:,}".replace(",", ".")


def preview_summary(preview) -> str:
    """The counts above the preview table, and which rows the table shows."""
    r = preview.report
    text = (f"{plural(r.rows, 'linha')}: {n(r.created)} a criar, {n(r.updated)} a atualizar, "
            f"{n(r.skipped)} a ignorar, {n(r.errors)} com erro.")
    if r.balances:
        text += (f" {plural(r.balances, 'saldo anterior', 'saldos anteriores')} "
                 f"{'de' if r.balances == 1 else 'somando'} {format_brl(r.balance_cents)}.")
    return text + shown_rows(preview, "clientes novas")


def shown_rows(preview, plain: str) -> str:
    """Which rows the table shows when it cannot show them all (``plain``: what the rows
    left out are, "clientes novas"); empty when it shows every row."""
    r = preview.report
    if not preview.hidden:
        return ""
    shown = sum(1 for row in preview.rows if row.noteworthy)
    text = f" A tabela mostra as primeiras {n(SHOWN_FIRST)} linhas"
    if shown < r.noteworthy:
        return text + (f" e {n(shown)} das {n(r.noteworthy)} com aviso, repetidas ou com "
                       "erro. Depois de importar, salve as linhas não importadas para ver todas.")
    if r.noteworthy == 1:
        text += " e a única com aviso, repetida ou com erro"
    elif r.noteworthy:
        text += f" e todas as {n(r.noteworthy)} com aviso, repetidas ou com erro"
    return text + f"; as outras {n(preview.hidden)} são {plain} sem nada a conferir."
