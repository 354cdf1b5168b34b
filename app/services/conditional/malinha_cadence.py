"""The malinha's régua: its stages (days after the return date) and their messages, stored as a
JSON setting beside the installments' régua and edited on the same tab, with the tone check.

A stage is a ``CadenceStage`` whose ``offset`` counts days from the return date (0 = the day
she should give the pieces back; never before it) and whose messages use the malinha's own
fields (``MALINHA_PLACEHOLDERS``): the pieces still with her, their value, the dates. Gentle
then firm as days pass; the firm words of each stage go to recurrent delinquents, as in the
installments' régua. A stage saved with a blank subject or SMS takes the malinha's defaults.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date

from app.models.configuration import Setting
from app.models.db import database
from app.services.collection.cadence import MAX_OFFSET, CadenceStage, validate_stages
from app.services.collection.messages import render_message
from app.services.collection.sms import sms_store_name, sms_text
from app.services.core.changes import Topic, writes
from app.services.core.errors import ValidationError
from app.services.core.money import format_brl
from app.services.core.text import clean_text, first_name

SETTING_KEY = "conditional_stages"
MALINHA_SUBJECT = "Sua malinha de peças — {loja}"
MALINHA_PLACEHOLDERS: dict[str, str] = {
    "nome": "primeiro nome da cliente",
    "pecas": "as peças que ainda estão com ela, por exemplo “Vestido Lírio M rosa e Blusa Ana "
             "(2)”",
    "quantidade": "quantas peças ainda estão com ela, por exemplo “3 peças”",
    "total": "o valor dessas peças, pelo preço do dia em que saíram",
    "devolucao": "a data combinada para devolver (dd/mm), ou “hoje”",
    "saida": "o dia em que a malinha saiu (dd/mm)",
    "dias_atraso": "quantos dias passaram da data combinada, por exemplo “3 dias”",
    "loja": "nome da loja",
}
# In the GSM-7 alphabet, as the installments' SMS (``collection.sms``): one SMS of 160.
DEFAULT_MALINHA_SMS = ("Oi, {nome}! A malinha era para {devolucao}. Me conta o que vai "
                       "ficar?\n{loja}")
_SMS = {
    0: "Oi, {nome}! Hoje é o dia combinado para a malinha. Me conta o que vai ficar?\n{loja}",
    1: DEFAULT_MALINHA_SMS,
    3: "Oi, {nome}. A malinha ({total}) passou {dias_atraso} da data. Quando posso "
       "buscar?\n{loja}",
    7: "Oi, {nome}. Vamos acertar a malinha de {saida} ({total}) esta semana? Me diz o que "
       "fica e o que volta.\n{loja}",
}


@dataclass(frozen=True)
class MalinhaStage(CadenceStage):
    """A stage of the malinha's régua (``offset``: days after the return date)."""

    def __post_init__(self) -> None:
        if not (self.subject or "").strip():
            object.__setattr__(self, "subject", MALINHA_SUBJECT)
        if not (self.sms or "").strip():
            object.__setattr__(self, "sms", _SMS.get(self.offset, DEFAULT_MALINHA_SMS))


DEFAULT_MALINHA_STAGES: tuple[MalinhaStage, ...] = (
    MalinhaStage(
        0, "Malinha: devolver hoje",
        "Oi, {nome}! Tudo bem? 😊 Como ficaram as peças? Combinamos a devolução da malinha "
        "para hoje: {pecas}.\nMe conta do que você gostou e o que volta, que a gente combina "
        "a entrega.\nObrigada! {loja}",
        "Oi, {nome}. Combinamos a devolução da malinha para hoje: {pecas}.\nPor favor, me "
        "diga ainda hoje o que você vai ficar e quando posso buscar as outras peças.\n{loja}",
        sms=_SMS[0]),
    MalinhaStage(
        1, "Malinha: esqueceu?",
        "Oi, {nome}! Acho que a malinha passou batido 😊 Combinamos a devolução para "
        "{devolucao}: {pecas}.\nConsegue devolver hoje ou amanhã? Se quiser ficar com alguma "
        "peça, é só me dizer.\n{loja}",
        "Oi, {nome}. A devolução da malinha era {devolucao}: {pecas}.\nPeço que devolva as "
        "peças hoje ou me diga quais vai ficar.\n{loja}",
        sms=_SMS[1]),
    MalinhaStage(
        3, "Malinha atrasada",
        "Oi, {nome}! Tudo bem? As peças da malinha estão com você há {dias_atraso} além do "
        "combinado ({devolucao}): {pecas}.\nPreciso delas de volta na arara. Me diz quando "
        "posso buscar, ou quais você vai ficar?\n{loja}",
        "Oi, {nome}. A malinha passou {dias_atraso} da data combinada: {pecas}, no valor de "
        "{total}.\nPreciso que devolva as peças ou me diga quais vai ficar, para eu lançar a "
        "compra.\n{loja}",
        sms=_SMS[3]),
    MalinhaStage(
        7, "Malinha: vamos acertar",
        "Oi, {nome}. Ainda estão com você as peças da malinha que saiu em {saida}: {pecas} "
        "({total}). Vamos acertar? Você me devolve o que não quiser, e o que ficar eu lanço à "
        "vista ou na sua caderneta, como for melhor para você.\n{loja}",
        "Oi, {nome}. As peças da malinha de {saida} ({pecas}, {total}) estão com você há "
        "{dias_atraso} além do combinado. Preciso acertar isso com você esta semana: devolva "
        "as peças ou me diga quais vai ficar, que eu lanço na sua caderneta.\n{loja}",
        sms=_SMS[7]),
)


@dataclass(frozen=True)
class MalinhaContext:
    """What a malinha message talks about: ``pieces`` as (name, quantity still with her)."""

    name: str
    pieces: tuple[tuple[str, int], ...]
    value_cents: int
    sent_on: date
    return_by: date
    today: date
    store_name: str
    signature: str = ""

    def value(self, field: str) -> str:
        """The rendered pt-BR text of one placeholder."""
        count = sum(q for _, q in self.pieces)
        days = max((self.today - self.return_by).days, 0)
        return {
            "nome": lambda: first_name(self.name),
            "pecas": lambda: pieces_sentence(self.pieces),
            "quantidade": lambda: f"{count} {'peça' if count == 1 else 'peças'}",
            "total": lambda: format_brl(self.value_cents),
            "devolucao": lambda: _day(self.return_by, self.today),
            "saida": lambda: _day(self.sent_on, self.today),
            "dias_atraso": lambda: f"{days} {'dia' if days == 1 else 'dias'}",
            "loja": lambda: self.store_name,
        }[field]()


def _day(value: date, today: date) -> str:
    if value == today:
        return "hoje"
    short = f"{value.day:02d}/{value.month:02d}"
    return short if value.year == today.year else f"{short}/{value.year}"


def pieces_sentence(pieces) -> str:
    """"Vestido Lírio M rosa, Blusa Ana (2) e Saia Flor"."""
    parts = [name if quantity == 1 else f"{name} ({quantity})" for name, quantity in pieces]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " e " + parts[-1]


def render_malinha(template: str, context: MalinhaContext) -> str:
    """A malinha message with its fields filled (lines left empty are dropped; signed as
    the reminders are, when she asked for it)."""
    return render_message(template, context)


def render_malinha_sms(template: str, context: MalinhaContext) -> str:
    """A malinha SMS: as ``render_malinha``, unsigned, ``{loja}`` short and the amounts with
    a plain space, as every SMS (``messages.render_sms``)."""
    short = replace(context, store_name=sms_store_name(context.store_name), signature="")
    return sms_text(render_message(template, short))


def validate_malinha_stages(stages) -> None:
    """ValidationError (field → pt-BR message) for a malinha régua that cannot be used: the
    installments' rules with the malinha's fields, and no stage before the return date."""
    errors = {}
    try:
        validate_stages(stages, MALINHA_PLACEHOLDERS)
    except ValidationError as exc:
        errors.update(exc.errors)
    for n, stage in enumerate(stages, 1):
        if isinstance(stage.offset, int) and not 0 <= stage.offset <= MAX_OFFSET:
            errors[f"stage{n}_offset"] = (f"Etapa {n}: a malinha é lembrada a partir do dia da "
                                          f"devolução (D0) até D+{MAX_OFFSET}.")
    if errors:
        raise ValidationError(errors)


def _typed(stages) -> list[MalinhaStage]:
    return [MalinhaStage(s.offset, clean_text(s.name), clean_text(s.gentle, multiline=True),
                         clean_text(s.firm, multiline=True), clean_text(s.subject),
                         clean_text(s.sms, multiline=True)) for s in stages]


@writes(Topic.SETTINGS)
def save_malinha_stages(stages) -> tuple[MalinhaStage, ...]:
    """Validate and store the malinha's régua; return it sorted by offset."""
    typed = _typed(stages)
    validate_malinha_stages(typed)
    cleaned = tuple(sorted(typed, key=lambda s: s.offset))
    payload = json.dumps([asdict(s) for s in cleaned], ensure_ascii=False)
    with database.atomic():
        Setting.replace(key=SETTING_KEY, value=payload).execute()
    return cleaned


def load_malinha_stages() -> tuple[MalinhaStage, ...]:
    """The stored malinha régua sorted by offset; the default one when nothing (valid) is."""
    row = Setting.get_or_none(Setting.key == SETTING_KEY)
    if row is None:
        return DEFAULT_MALINHA_STAGES
    try:
        stages = [MalinhaStage(int(d["offset"]), str(d["name"]), str(d["gentle"]),
                               str(d["firm"]), str(d.get("subject", "")), str(d.get("sms", "")))
                  for d in json.loads(row.value)]
        validate_malinha_stages(stages)
    except (ValueError, KeyError, TypeError):
        return DEFAULT_MALINHA_STAGES
    return tuple(sorted(_typed(stages), key=lambda s: s.offset))


@writes(Topic.SETTINGS)
def reset_malinha_stages() -> tuple[MalinhaStage, ...]:
    """Forget her edits: back to the default malinha régua."""
    with database.atomic():
        Setting.delete().where(Setting.key == SETTING_KEY).execute()
    return DEFAULT_MALINHA_STAGES
