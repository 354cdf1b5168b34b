"""Reminder messages: placeholders, rendering, tone check (CDC art. 42), wa.me links, Pix."""

from __future__ import annotations

import re
import string
import urllib.parse
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.services.core.errors import ValidationError
from app.services.core.money import format_brl
from app.services.core.text import first_name, fold
from app.services.receivables.lateness import days_late

PLACEHOLDERS: dict[str, str] = {
    "nome": "primeiro nome da cliente",
    "valor": "valor em aberto da parcela mais atrasada (com multa e juros, se ligados)",
    "vencimento": "vencimento da parcela mais atrasada (dd/mm)",
    "dias_atraso": "dias de atraso, por exemplo “12 dias”",
    "parcelas": ("cada valor com a sua data, por exemplo “R$ 75,00 com vencimento em 05/10 e "
                 "R$ 75,00 com vencimento em 05/11”"),
    "total": "total das parcelas da mensagem (diz “com multa e juros” quando estão incluídos)",
    "loja": "nome da loja",
    "pix_copia_e_cola": "código Pix copia e cola (vazio se o Pix não estiver configurado)",
    "fidelidade": "nível de fidelidade e o desconto, por exemplo “Você é cliente Ouro: 5% de "
                  "desconto na próxima compra.” (vazio se ela não tem nível)",
}
WHATSAPP_MAX_LINK = 2_000  # longer links are not opened: the UI copies the text instead
MAX_TEMPLATE = 1_000


@dataclass(frozen=True)
class MessageContext:
    """What a reminder talks about; ``items`` are (due date, centavos asked for that date),
    oldest first; ``fee_cents`` is the multa and juros already inside those amounts."""

    name: str
    items: tuple[tuple[date, int], ...]
    today: date
    store_name: str
    pix_code: str = ""
    fee_cents: int = 0
    loyalty: str = ""  # the {fidelidade} sentence (issue 12), "" when she has no tier
    offer: str = ""  # "pagando até 23/11, fica R$ 71,25": early discount (issue 19)
    offer_in: str = ""  # the one placeholder it follows: parcelas, total or valor

    def value(self, field: str) -> str:
        """The rendered pt-BR text of one placeholder (the early-discount offer, if any,
        in brackets after the placeholder ``offer_in``)."""
        text = self._value(field)
        return f"{text} ({self.offer})" if self.offer and field == self.offer_in else text

    def _value(self, field: str) -> str:
        due, open_cents = self.items[0] if self.items else (self.today, 0)
        if field == "nome":
            return first_name(self.name)
        if field == "valor":
            return format_brl(open_cents)
        if field == "vencimento":
            return _day(due, self.today)
        if field == "dias_atraso":  # from the grace date, as fees and Em atraso count them
            days = days_late(due, self.today)
            return f"{days} {'dia' if days == 1 else 'dias'}"
        if field == "parcelas":
            return format_parcelas(self.items, self.today)
        if field == "total":
            total = format_brl(sum(cents for _, cents in self.items))
            return f"{total} com multa e juros" if self.fee_cents > 0 else total
        if field == "loja":
            return self.store_name
        if field == "pix_copia_e_cola":
            return self.pix_code
        if field == "fidelidade":
            return self.loyalty
        raise KeyError(field)

    def values(self) -> dict[str, str]:
        """Placeholder → rendered pt-BR text, for every placeholder."""
        return {name: self.value(name) for name in PLACEHOLDERS}


OFFER_FIELDS = ("parcelas", "total", "valor")  # where an early-discount offer can go


def offer_field(template: str) -> str:
    """The placeholder an early-discount offer follows in ``template`` ("" when none of
    ``OFFER_FIELDS`` is used: the offer then gets a line of its own)."""
    return next((f for f in OFFER_FIELDS if "{" + f + "}" in template), "")


def _day(value: date, today: date) -> str:
    """``05/10`` in the current year, ``05/10/2025`` otherwise."""
    short = f"{value.day:02d}/{value.month:02d}"
    return short if value.year == today.year else f"{short}/{value.year}"


def format_parcelas(items: tuple[tuple[date, int], ...], today: date) -> str:
    """Each amount tied to its own date, reading naturally with one date or several:
    ``R$ 75,00 com vencimento em 05/10 e R$ 75,00 com vencimento hoje``."""
    parts = [f"{format_brl(cents)} com vencimento "
             f"{'hoje' if due == today else 'em ' + _day(due, today)}" for due, cents in items]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " e " + parts[-1]


class TemplateError(ValueError):
    """A template that cannot be read; the message is Portuguese (never Python's)."""


def template_fields(template: str) -> list[str]:
    """The placeholder names a template uses, in order; TemplateError (pt-BR) if broken."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        raise TemplateError("há uma chave { ou } sem par") from None
    fields = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise TemplateError(f"o campo {{{name}}} tem um enfeite depois do nome (como !r ou "
                                f":); escreva só {{{name}}}")
        fields.append(name)
    return fields


def validate_template(template: str, field: str = "template", label: str = "A mensagem") -> None:
    """Raise ValidationError ({field: pt-BR message}) for empty text or unknown placeholders."""
    text = (template or "").strip()
    if not text:
        raise ValidationError({field: f"{label} está vazia. Escreva o texto da mensagem."})
    if len(text) > MAX_TEMPLATE:
        raise ValidationError({field: f"{label} é longa demais (máximo {MAX_TEMPLATE} letras)."})
    try:
        names = template_fields(text)
    except TemplateError as exc:
        raise ValidationError({field: (
            f"{label}: {exc}. Para um campo, escreva o nome entre chaves, como {{nome}}."
        )}, codes={field: "bad_braces"}) from None
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        known = ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)
        raise ValidationError({field: (
            f"{label} usa o campo {{{unknown[0]}}}, que não existe. Campos disponíveis: {known}."
        )})


@lru_cache(maxsize=256)
def _compiled(template: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The template's lines, each with the placeholders it uses."""
    return tuple((line, tuple(dict.fromkeys(template_fields(line))))
                 for line in template.split("\n"))


def render_message(template: str, context: MessageContext) -> str:
    """The template with its placeholders filled in.

    A line that only held placeholders which came out empty (the Pix code when Pix is not
    configured) is dropped, so no blank gap is left in the message.
    """
    lines = []
    for line, names in _compiled(template):
        rendered = line.format_map({n: context.value(n) for n in names}) if names else (
            line.replace("{{", "{").replace("}}", "}"))
        if rendered.strip() or not line.strip():
            lines.append(rendered.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Wording that threatens or humiliates (CDC art. 42), as shown; matched folded (no accents).
_THREATS = (
    "SPC", "Serasa", "negativar", "negativada", "negativado", "nome sujo", "sujar seu nome",
    "sujar o seu nome", "processo", "processar", "justiça", "judicial", "advogado", "polícia",
    "delegacia", "cadeia", "protesto", "protestar", "cartório", "última chance", "último aviso",
    "vergonha", "caloteira", "caloteiro", "calote", "golpista", "devedora",
    "todo mundo vai saber", "vou expor", "vou contar para", "expor", "exposta", "expondo",
    "grupo da família", "grupo da igreja", "denunciar", "denúncia", "vou te denunciar",
)
_THREAT_NAMES = {fold(t): t for t in _THREATS}
_THREAT_RE = re.compile(r"\b(" + "|".join(re.escape(t) for t in _THREAT_NAMES) + r")\b")
_CAPS_ALLOWED = {"PIX", "CPF", "CNPJ", "CEP", "OK", "QR"}
_CAPS_RE = re.compile(r"\b[A-ZÀ-Ý]{4,}\b")
_CDC = "Cobrar não pode expor a cliente ao ridículo nem ameaçá-la (CDC art. 42)."


def tone_warnings(text: str) -> list[str]:
    """Warnings (never a block) about threatening or humiliating wording in ``text``."""
    body = re.sub(r"\{[^{}]*\}", " ", text or "")  # placeholders are not wording
    warnings = []
    found = dict.fromkeys(m.group(1) for m in _THREAT_RE.finditer(fold(body)))
    for word in found:
        warnings.append(f"Evite “{_THREAT_NAMES[word]}”: soa como ameaça ou constrangimento. "
                        f"{_CDC} Prefira convidar para conversar e oferecer um acordo.")
    shouting = [w for w in _CAPS_RE.findall(body) if w not in _CAPS_ALLOWED]
    if shouting:
        warnings.append(f"Evite escrever em MAIÚSCULAS (“{shouting[0]}”): na mensagem soa como "
                        f"grito. {_CDC}")
    if re.search(r"[!?]{3,}", body):
        warnings.append("Evite vários pontos de exclamação seguidos: soa como bronca.")
    return warnings


def whatsapp_link(e164: str, text: str) -> str:
    """``https://wa.me/<digits>?text=<UTF-8 percent-encoded text>``."""
    digits = re.sub(r"\D", "", e164 or "")
    return f"https://wa.me/{digits}?text=" + urllib.parse.quote(text, safe="", encoding="utf-8")


def openable_whatsapp_link(e164: str | None, text: str) -> str | None:
    """The wa.me link, or None when there is no number or the link passes 2,000 characters
    (browsers and WhatsApp cut long links: the UI copies the text instead)."""
    if not e164:
        return None
    link = whatsapp_link(e164, text)
    return link if len(link) <= WHATSAPP_MAX_LINK else None


def pix_code(settings, amount_cents: int, txid: str) -> str:
    """The Pix copia e cola for this amount, or "" when Pix is not configured.

    A Pix problem (a key saved before a rule changed, say) must never stop a reminder: the
    message goes without the code. Only Pix errors are caught; anything else is a bug.
    """
    from app.services.br.pix import PixError, pix_copia_e_cola

    if not getattr(settings, "pix_key", "") or amount_cents <= 0:
        return ""
    try:
        return pix_copia_e_cola(settings, amount_cents, txid)
    except PixError:
        return ""
