"""What a régua is for the "Régua e mensagens" tab (``Ruler``), and the installments' one.

The malinha's lives with the condicional screens (``app.ui.conditional.malinha_ruler``); both
are plain data, so the tab imports them and neither imports the tab.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from app.services.collection.cadence import (
    MIN_OFFSET,
    CadenceStage,
    load_stages,
    reset_stages,
    save_stages,
)
from app.services.collection.messages import (
    PLACEHOLDERS,
    MessageContext,
    message_signature,
    render_message,
    render_sms,
)

SAMPLE_PIX = "00020126…"  # the preview only needs to know there is a Pix code


@dataclass(frozen=True)
class Ruler:
    """One régua the tab edits: how to load, save and reset it, the stage class it is made
    of, the fields its messages may use, where its days start, and a sample message."""

    label: str
    load: Callable
    save: Callable
    reset: Callable
    stage: type
    placeholders: dict[str, str]
    min_offset: int
    suffix: str
    sample: Callable  # (template, offset, settings, today, sms) -> the message rendered
    first_gentle: str = "Oi, {nome}! Ficou em aberto {total}.\n{loja}"
    first_firm: str = "Oi, {nome}. Ficou em aberto {total}.\n{loja}"


def installment_sample(template: str, offset: int, settings, today, sms: bool) -> str:
    """The message as a customer would read it, signed as the settings say (art. 42-A);
    the SMS with a Pix configured, so its line about the code shows."""
    first_due = today - timedelta(days=max(offset, 0) + 30)
    items = ((first_due, 7_500), (today - timedelta(days=offset), 7_500))
    context = MessageContext("Maria Aparecida Souza", items, today, settings.store_name,
                             SAMPLE_PIX if sms else "", signature=message_signature(settings))
    return render_sms(template, context) if sms else render_message(template, context)


INSTALLMENTS = Ruler("Régua das parcelas", load_stages, save_stages, reset_stages,
                     CadenceStage, PLACEHOLDERS, MIN_OFFSET, " dias do vencimento",
                     installment_sample)
