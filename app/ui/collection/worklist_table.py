"""Cobranças de hoje's table: one row per customer to remind, described column by column."""

from __future__ import annotations

from app.services.collection.worklist import WorklistEntry
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import fold, plural
from app.ui.kit.style import FOREGROUND_ERROR, standing_colour
from app.ui.kit.tables.table_model import Column, RowTableModel

RED = FOREGROUND_ERROR


def _days_text(e: WorklistEntry) -> str:
    if e.days_from_due < 0:
        return f"faltam {-e.days_from_due}"
    return "vence hoje" if e.days_from_due == 0 else str(e.days_from_due)


def _days_tooltip(e: WorklistEntry) -> str:
    if e.days_from_due < 0:
        return f"Vence em {format_date(e.group_due)}"
    return f"Vencida em {format_date(e.group_due)}"


def _flag_text(e: WorklistEntry) -> str:
    if e.broken_agreement:  # issue 12
        return "acordo quebrado"
    if e.broken_promise is not None:
        return "promessa não cumprida"
    if e.malinha is not None and e.items:  # issue 23: her installments and her malinha
        return "+ malinha"
    return ""


def _amount_text(e: WorklistEntry) -> str:
    """What the message asks; a malinha alone asks for pieces, not money (issue 23)."""
    return format_brl(e.total_cents) if e.items or e.malinha is None else "malinha"


SHORT_STANDING = {"recorrente": "Recorrente", "atrasada": "Atrasada", "em_dia": "Em dia",
                  "pontual": "Pontual"}
LATE_MALINHA = "Malinha atrasada"
_CALM = frozenset({"em_dia", "pontual"})  # standings a late malinha speaks over


def _malinha_late(e: WorklistEntry) -> bool:
    """Her malinha is late while her installments are on time (issue 23): the row says so
    ("3 · Em dia" read as if nothing were wrong)."""
    return (e.malinha is not None and e.malinha.days_late > 0
            and e.standing.code in _CALM)


def _situation_text(e: WorklistEntry) -> str:
    if _malinha_late(e):
        return LATE_MALINHA
    return SHORT_STANDING.get(e.standing.code, e.standing.label)


def _situation_tooltip(e: WorklistEntry) -> str:
    text = f"{e.standing.label}: {e.standing.reason}"
    if _malinha_late(e):
        text = (f"A malinha está com ela há {plural(e.malinha.days_late, 'dia')} além do "
                f"combinado. Parcelas: {text}")
    return text


class WorklistTableModel(RowTableModel):
    COL_NAME, COL_STAGE, COL_PHONE, COL_AMOUNT, COL_DAYS, COL_STANDING, COL_FLAG = range(7)
    COLUMNS = (
        Column("Cliente", lambda e: e.name, sort=lambda e: fold(e.name), stretch=True,
               tooltip=lambda e: e.name),  # on a 1280 screen a long name is cut short
        Column("Etapa", lambda e: e.stage.name, sort=lambda e: e.stage.offset,
               tooltip=lambda e: e.stage.label, give_way=2),  # also above her message
        Column("Telefone", lambda e: e.phone_display, sort=lambda e: e.phone or "~",
               give_way=1),  # also above her message
        Column("Valor", _amount_text, sort=lambda e: e.total_cents,
               align_right=True),
        Column("Dias", _days_text, tooltip=_days_tooltip, sort=lambda e: e.days_from_due,
               align_right=True,
               foreground=lambda e: RED if e.days_from_due > 0 else None),
        Column("Situação", _situation_text, sort=lambda e: e.standing.label,
               foreground=lambda e: RED if _malinha_late(e) else standing_colour(
                   e.standing.code),
               tooltip=_situation_tooltip),
        Column("Aviso", _flag_text, sort=lambda e: e.broken_promise is None,
               foreground=lambda e: RED,
               tooltip=lambda e: ("Uma parcela do acordo venceu e não foi paga: a mensagem "
                                  "lembra o acordo" if e.broken_agreement else
                                  f"Prometeu pagar em {format_date(e.broken_promise)} e não pagou"
                                  if e.broken_promise else
                                  f"A mensagem lembra também a malinha ({e.malinha.stage.name})"
                                  if e.malinha is not None and e.items else "")),
    )


