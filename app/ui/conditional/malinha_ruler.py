"""The malinha's régua on the "Régua e mensagens" tab (issue 23): its stages, fields and a
sample message, for ``cadence_settings.CadenceSettingsTab`` to edit like the installments'
(``rulers.INSTALLMENTS``)."""

from __future__ import annotations

from datetime import timedelta

from app.services.collection.messages import message_signature
from app.services.conditional.malinha_cadence import (
    MALINHA_PLACEHOLDERS,
    MalinhaContext,
    MalinhaStage,
    load_malinha_stages,
    render_malinha,
    render_malinha_sms,
    reset_malinha_stages,
    save_malinha_stages,
)
from app.ui.configuration.rulers import Ruler

SAMPLE_PIECES = (("Vestido Lírio M rosa", 1), ("Blusa Ana", 2))


def malinha_sample(template: str, offset: int, settings, today, sms: bool) -> str:
    """A malinha that went out a few days before its return date, ``offset`` days ago."""
    return_by = today - timedelta(days=offset)
    context = MalinhaContext("Maria Aparecida Souza", SAMPLE_PIECES, 30_970,
                             return_by - timedelta(days=2), return_by, today,
                             settings.store_name,
                             "" if sms else message_signature(settings))
    return (render_malinha_sms if sms else render_malinha)(template, context)


MALINHA = Ruler("Régua da malinha (condicional)", load_malinha_stages, save_malinha_stages,
                reset_malinha_stages, MalinhaStage, MALINHA_PLACEHOLDERS, 0,
                " dias da devolução", malinha_sample,
                "Oi, {nome}! A malinha ({quantidade}) era para {devolucao}.\n{loja}",
                "Oi, {nome}. A malinha ({quantidade}) era para {devolucao}.\n{loja}")
