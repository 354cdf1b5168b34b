"""Régua de cobrança: the reminder stages (day offsets and messages), stored as JSON settings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from app.models.configuration import Setting
from app.models.db import database
from app.services.collection.messages import tone_warnings, validate_template
from app.services.core.changes import Topic, writes
from app.services.core.errors import ValidationError

SETTING_KEY = "cadence_stages"
MIN_OFFSET, MAX_OFFSET = -30, 365
MAX_STAGES = 12
MAX_NAME = 40


@dataclass(frozen=True)
class CadenceStage:
    """One stage: ``offset`` days from the due date (−5 = five days before).

    ``gentle`` is the message for everyone but recurrent delinquents, who get ``firm``.
    """

    offset: int
    name: str
    gentle: str
    firm: str

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


def validate_stages(stages: list[CadenceStage] | tuple[CadenceStage, ...]) -> None:
    """Raise ValidationError (field → pt-BR message) for a régua that cannot be used.

    Fields are ``stages``, ``stage<N>_name``, ``stage<N>_offset``, ``stage<N>_gentle`` and
    ``stage<N>_firm`` (N counts from 1 in the order given).
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
        for kind, text in (("gentle", stage.gentle), ("firm", stage.firm)):
            label = f"A mensagem {'firme' if kind == 'firm' else 'gentil'} de “{name or n}”"
            try:
                validate_template(text, f"stage{n}_{kind}", label)
            except ValidationError as exc:
                errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)


def _offset_errors(n: int, offset, seen: dict[int, str]) -> dict[str, str]:
    field = f"stage{n}_offset"
    if not isinstance(offset, int) or isinstance(offset, bool):
        return {field: f"Etapa {n}: o dia deve ser um número inteiro, como −5, 0 ou 7."}
    if not MIN_OFFSET <= offset <= MAX_OFFSET:
        return {field: f"Etapa {n}: escolha um dia entre D{MIN_OFFSET} e D+{MAX_OFFSET}."}
    if offset in seen:
        return {field: f"Etapa {n}: já existe a etapa “{seen[offset]}” nesse mesmo dia."}
    return {}


def stage_warnings(stages) -> list[str]:
    """Tone warnings (CDC art. 42) for every message of the régua, prefixed by the stage."""
    return [
        f"{stage.name} ({'firme' if kind == 'firm' else 'gentil'}): {warning}"
        for stage in stages
        for kind in ("gentle", "firm")
        for warning in tone_warnings(getattr(stage, kind))
    ]


def _clean(stages) -> tuple[CadenceStage, ...]:
    cleaned = [CadenceStage(s.offset, s.name.strip(), s.gentle.strip(), s.firm.strip())
               for s in stages]
    return tuple(sorted(cleaned, key=lambda s: s.offset))


@writes(Topic.SETTINGS)
def save_stages(stages) -> tuple[CadenceStage, ...]:
    """Validate and store the régua; return it sorted by offset (ValidationError if bad)."""
    validate_stages(stages)
    cleaned = _clean(stages)
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
                               str(d["firm"])) for d in json.loads(row.value)]
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
