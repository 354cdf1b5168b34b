"""Régua de cobrança: the reminder stages (day offsets and messages), stored as JSON settings.

Each stage has its WhatsApp/e-mail message in two tones (``gentle``, ``firm``), the subject
of the e-mail and a short SMS text (issue 24). A stage stored before those existed, or saved
with them blank, takes the defaults: the subject ``Lembrete de pagamento — {loja}``, and the
default SMS of its day (the generic one for a day the default régua does not have). Every
default SMS names the amount and the date or the days late, how to pay, a line saying the
Pix code goes by WhatsApp or e-mail on request, and the store; one text per stage, cordial,
neither the gentle nor the firm words (160 characters leave no room for two tones).

How they fit one SMS (``sms`` counts as a phone does):

- 160 characters for any store name and any amount up to R$ 99.999,99 with fees: in an SMS
  ``{loja}`` is the store's first words up to 20 characters (``sms.sms_store_name``), and
  when the text would still pass 160 the "Pix copia e cola por…" line is left out
  (``messages.render_sms``); the tests hold it for a 40-character store name.
- One part, not two or three: the texts are in the GSM-7 alphabet (no ã, ç, ó, ê…;
  "maquininha" says card without "cartão"), and the amounts get a plain space. A customer's
  or store's name with such a letter still makes the phone send the whole SMS as UCS-2, 70
  characters a part: nothing the default words can avoid, so the SMS counter shows it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from app.models.configuration import Setting
from app.models.db import database
from app.services.collection.messages import tone_warnings, validate_template
from app.services.core.changes import Topic, writes
from app.services.core.errors import ValidationError
from app.services.core.text import clean_text

SETTING_KEY = "cadence_stages"
MIN_OFFSET, MAX_OFFSET = -30, 365
MAX_STAGES = 12
MAX_NAME = 40
MAX_SUBJECT = 150
DEFAULT_SUBJECT = "Lembrete de pagamento — {loja}"
# The default SMS texts are written in the GSM-7 alphabet (``sms``): no ã, ç, ó, ê…, so
# with a name and a store in it too the SMS goes as one part of 160 (one accent outside it
# would make every part 70). "maquininha" says card without "cartão".
_PAY_SHORT = "Pix, dinheiro ou maquininha."
_SMS_END = "\n{pix_copia_e_cola}\n{loja}"
GENERIC_SMS = f"Oi, {{nome}}! Lembrete: {{resumo}}. {_PAY_SHORT}{_SMS_END}"
DEFAULT_SMS: dict[int, str] = {
    -5: GENERIC_SMS,
    0: f"Oi, {{nome}}! Lembrando: {{resumo}}. {_PAY_SHORT}{_SMS_END}",
    1: f"Oi, {{nome}}! Esqueceu? Ficou {{total}}. {_PAY_SHORT}{_SMS_END}",
    7: f"Oi, {{nome}}. {{total}} em aberto. Se ajudar, pode ser em partes.{_SMS_END}",
    15: f"Oi, {{nome}}! Posso dividir os {{total}} num acordo. Vamos combinar?{_SMS_END}",
    30: f"Oi, {{nome}}. {{total}} em aberto, {{dias_atraso}} de atraso. Vamos conversar?"
        f"{_SMS_END}",
}


def default_sms(offset: int) -> str:
    """The default SMS of a stage on this day (the generic one for other days)."""
    return DEFAULT_SMS.get(offset, GENERIC_SMS)


@dataclass(frozen=True)
class CadenceStage:
    """One stage: ``offset`` days from the due date (−5 = five days before).

    ``gentle`` is the message for everyone but recurrent delinquents, who get ``firm``;
    ``subject`` heads the e-mail and ``sms`` is the short text for SMS (blank: the defaults,
    see the module docstring).
    """

    offset: int
    name: str
    gentle: str
    firm: str
    subject: str = ""
    sms: str = ""

    def __post_init__(self) -> None:
        if not (self.subject or "").strip():
            object.__setattr__(self, "subject", DEFAULT_SUBJECT)
        if not (self.sms or "").strip():
            object.__setattr__(self, "sms", default_sms(self.offset)
                               if isinstance(self.offset, int) else GENERIC_SMS)

    @property
    def code(self) -> str:
        """``D−5``, ``D0``, ``D+7``."""
        if self.offset == 0:
            return "D0"
        return f"D{'+' if self.offset > 0 else '−'}{abs(self.offset)}"

    @property
    def label(self) -> str:
        """``Lembrete (D−5)``."""
        return f"{self.name} ({self.code})"

    def template_for(self, firm: bool) -> str:
        return self.firm if firm else self.gentle


_PAY = "Pode pagar por Pix, dinheiro ou cartão, como ficar melhor para você."
DEFAULT_STAGES: tuple[CadenceStage, ...] = (
    CadenceStage(
        -5, "Lembrete",
        "Oi, {nome}! Tudo bem? 😊\nPassando para lembrar: {parcelas}.\n"
        f"{_PAY}\n{{pix_copia_e_cola}}\nObrigada! {{loja}}",
        "Oi, {nome}, tudo bem?\nLembrete: {parcelas}. Conto com o pagamento em dia, "
        "combinado?\nPix, dinheiro ou cartão.\n{pix_copia_e_cola}\n{loja}",
    ),
    CadenceStage(
        0, "Vence hoje",
        "Oi, {nome}! Passando para lembrar 🗓️: {parcelas}.\n"
        f"{_PAY}\n{{pix_copia_e_cola}}\nObrigada! {{loja}}",
        "Oi, {nome}. Lembrete: {parcelas}.\nPeço que faça o pagamento ainda hoje, por Pix, "
        "dinheiro ou cartão.\n{pix_copia_e_cola}\nQualquer dificuldade, me chame. {loja}",
    ),
    CadenceStage(
        1, "Esqueceu?",
        "Oi, {nome}! Acho que passou batido 😊 Ficou em aberto {parcelas}. Total: {total}.\n"
        f"Quando puder: {_PAY[0].lower()}{_PAY[1:]}\n{{pix_copia_e_cola}}\n"
        "Obrigada! {loja}",
        "Oi, {nome}. Ficou em aberto {parcelas}. Total: {total}.\nPeço que acerte assim "
        "que possível, por Pix, dinheiro ou cartão.\n{pix_copia_e_cola}\n{loja}",
    ),
    CadenceStage(
        7, "Segundo aviso",
        "Oi, {nome}! Tudo bem por aí? Continua em aberto {parcelas}. Total: {total}.\n"
        "Se ajudar, dá para pagar uma parte agora e o resto depois, por Pix, dinheiro ou "
        "cartão. Me conta o que fica bom para você.\n{pix_copia_e_cola}\n{loja}",
        "Oi, {nome}. Continua em aberto {parcelas}, com {dias_atraso} de atraso. Total: "
        "{total}.\nMe diga até quando consegue pagar, por favor. Aceito Pix, dinheiro ou "
        "cartão.\n{pix_copia_e_cola}\n{loja}",
    ),
    CadenceStage(
        15, "Proposta de acordo",
        "Oi, {nome}! Sei que tem mês que aperta. Que tal um acordo para o valor em aberto "
        "({total})? Posso dividir em parcelas menores, com datas certinhas.\nMe responde aqui "
        "que a gente combina. Pix, dinheiro ou cartão.\n{pix_copia_e_cola}\n{loja}",
        "Oi, {nome}. O valor em aberto ({total}) está com {dias_atraso} de atraso. Quero "
        "resolver isso com você: posso propor um acordo em parcelas, com valor e datas "
        "combinados.\nMe responda para acertarmos. Pix, dinheiro ou cartão.\n"
        "{pix_copia_e_cola}\n{loja}",
    ),
    CadenceStage(
        30, "Atraso grave",
        "Oi, {nome}. Ainda está em aberto {parcelas}, com {dias_atraso} de atraso. Total: "
        "{total}. Vamos conversar? Quero achar um jeito que caiba no seu bolso, inteiro ou "
        "em acordo.\nPix, dinheiro ou cartão.\n{pix_copia_e_cola}\n{loja}",
        "Oi, {nome}. O valor de {total} está com {dias_atraso} de atraso e preciso resolver "
        "isso com você. Enquanto estiver em aberto, não consigo fazer novas vendas a prazo.\n"
        "Me chame para combinarmos: Pix, dinheiro, cartão ou acordo em parcelas.\n"
        "{pix_copia_e_cola}\n{loja}",
    ),
)


def validate_stages(stages: list[CadenceStage] | tuple[CadenceStage, ...],
                    placeholders: dict[str, str] | None = None) -> None:
    """Raise ValidationError (field → pt-BR message) for a régua that cannot be used.

    Fields are ``stages``, ``stage<N>_name``, ``stage<N>_offset``, ``stage<N>_gentle`` and
    ``stage<N>_firm`` (N counts from 1 in the order given). ``placeholders``: the fields its
    messages may use (default: the installments' ones; the malinha's régua has its own).
    """
    if not stages:
        raise ValidationError({"stages": "A régua precisa de pelo menos uma etapa."})
    if len(stages) > MAX_STAGES:
        raise ValidationError({"stages": f"No máximo {MAX_STAGES} etapas."})
    errors: dict[str, str] = {}
    seen: dict[int, str] = {}
    for n, stage in enumerate(stages, 1):
        name = (stage.name or "").strip()
        if not name:
            errors[f"stage{n}_name"] = f"Etapa {n}: dê um nome à etapa."
        elif len(name) > MAX_NAME:
            errors[f"stage{n}_name"] = f"Etapa {n}: nome longo demais (máximo {MAX_NAME})."
        errors.update(_offset_errors(n, stage.offset, seen))
        seen.setdefault(stage.offset, name or f"etapa {n}")
        for kind, text in (("gentle", stage.gentle), ("firm", stage.firm), ("sms", stage.sms)):
            label = f"A mensagem {_KIND_WORDS[kind]} de “{name or n}”"
            try:
                validate_template(text, f"stage{n}_{kind}", label, placeholders)
            except ValidationError as exc:
                errors.update(exc.errors)
        errors.update(_subject_errors(n, name, stage.subject, placeholders))
    if errors:
        raise ValidationError(errors)


_KIND_WORDS = {"gentle": "gentil", "firm": "firme", "sms": "de SMS", "subject": "assunto"}


def _subject_errors(n: int, name: str, subject: str,
                    placeholders: dict[str, str] | None = None) -> dict[str, str]:
    """The e-mail subject: one line, up to MAX_SUBJECT characters, known placeholders."""
    key, text = f"stage{n}_subject", (subject or "").strip()
    if "\n" in text:
        return {key: f"Etapa {n}: o assunto do e-mail fica numa linha só."}
    if len(text) > MAX_SUBJECT:
        return {key: f"Etapa {n}: assunto longo demais (máximo {MAX_SUBJECT} letras)."}
    try:
        validate_template(text, key, f"O assunto do e-mail de “{name or n}”", placeholders)
    except ValidationError as exc:
        return exc.errors
    return {}


def _offset_errors(n: int, offset, seen: dict[int, str]) -> dict[str, str]:
    field = f"stage{n}_offset"
    if not isinstance(offset, int) or isinstance(offset, bool):
        return {field: f"Etapa {n}: o dia deve ser um número inteiro, como −5, 0 ou 7."}
    if not MIN_OFFSET <= offset <= MAX_OFFSET:
        return {field: f"Etapa {n}: escolha um dia entre D{MIN_OFFSET} e D+{MAX_OFFSET}."}
    if offset in seen:
        return {field: f"Etapa {n}: já existe a etapa “{seen[offset]}” nesse mesmo dia."}
    return {}


def stage_warnings(stages, store_name: str = "") -> list[str]:
    """Tone warnings (CDC arts. 42 and 71) for every message of the régua, prefixed by the
    stage; ``store_name`` may be written in capitals without counting as shouting."""
    return [
        f"{stage.name} ({_KIND_WORDS[kind]}): {warning}"
        for stage in stages
        for kind in ("gentle", "firm", "sms", "subject")
        for warning in tone_warnings(getattr(stage, kind), store_name)
    ]


def _clean(stages) -> tuple[CadenceStage, ...]:
    """The stages with their texts cleaned (``text.clean_text``), sorted by offset."""
    return tuple(sorted(_typed(stages), key=lambda s: s.offset))


def _typed(stages) -> list[CadenceStage]:
    """The stages in the order given, their texts cleaned on the way in."""
    return [CadenceStage(s.offset, clean_text(s.name), clean_text(s.gentle, multiline=True),
                         clean_text(s.firm, multiline=True), clean_text(s.subject),
                         clean_text(s.sms, multiline=True)) for s in stages]


@writes(Topic.SETTINGS)
def save_stages(stages) -> tuple[CadenceStage, ...]:
    """Validate and store the régua; return it sorted by offset (ValidationError if bad)."""
    typed = _typed(stages)
    validate_stages(typed)
    cleaned = _clean(typed)
    payload = json.dumps([asdict(s) for s in cleaned], ensure_ascii=False)
    with database.atomic():
        Setting.replace(key=SETTING_KEY, value=payload).execute()
    return cleaned


def load_stages() -> tuple[CadenceStage, ...]:
    """The stored régua sorted by offset; the default one when nothing (valid) is stored."""
    row = Setting.get_or_none(Setting.key == SETTING_KEY)
    if row is None:
        return DEFAULT_STAGES
    try:
        stages = [CadenceStage(int(d["offset"]), str(d["name"]), str(d["gentle"]),
                               str(d["firm"]), str(d.get("subject", "")), str(d.get("sms", "")))
                  for d in json.loads(row.value)]
        validate_stages(stages)
    except (ValueError, KeyError, TypeError):  # ValidationError is a ValueError
        return DEFAULT_STAGES
    return _clean(stages)


@writes(Topic.SETTINGS)
def reset_stages() -> tuple[CadenceStage, ...]:
    """Forget the reseller's edits: back to the default régua."""
    with database.atomic():
        Setting.delete().where(Setting.key == SETTING_KEY).execute()
    return DEFAULT_STAGES


def stage_for(stages, days_from_due: int) -> CadenceStage | None:
    """The stage reached ``days_from_due`` days after the due date (negative: before it):
    the one with the largest offset ≤ days; None before the first stage."""
    reached = None
    for stage in sorted(stages, key=lambda s: s.offset):
        if stage.offset <= days_from_due:
            reached = stage
    return reached


def lead_days(stages) -> int:
    """How many days before the due date the first stage starts (0 if none is before)."""
    return max(0, -min((s.offset for s in stages), default=0))
