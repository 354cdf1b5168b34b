"""Reminder messages: placeholders, rendering, tone check (CDC art. 42), wa.me and mailto:
links, the short SMS version, Pix.

The tone check lives in ``tone`` (``tone_warnings`` is also answered here)."""

from __future__ import annotations

import re
import string
import urllib.parse
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from app.services.collection.sms import SMS_MAX, sms_store_name, sms_text
from app.services.collection.tone import tone_warnings  # noqa: F401 - answered here too
from app.services.core.errors import ValidationError
from app.services.core.money import format_brl
from app.services.core.text import first_name, plural
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
    "resumo": ("as parcelas em poucas palavras, para o SMS: “R$ 75,00 com vencimento em "
               "05/10”, “3 parcelas, de 05/10 a 05/12, total R$ 225,00” ou “2 parcelas que "
               "vencem em 05/10, total R$ 150,00”"),
    "pix_copia_e_cola": ("código Pix copia e cola (vazio se o Pix não estiver configurado; no "
                         "SMS, uma linha dizendo que o código vai por WhatsApp ou e-mail)"),
    "fidelidade": "nível de fidelidade e o desconto, por exemplo “Você é cliente Ouro: 5% de "
                  "desconto na próxima compra.” (vazio se ela não tem nível)",
}
WHATSAPP_MAX_LINK = 2_000  # longer links are not opened: the UI copies the text instead
MAX_TEMPLATE = 1_000
# In an SMS the Pix code (about 150 characters) is left out; this line takes its place
# (in the GSM-7 alphabet, as the default SMS texts are: see ``sms``).
PIX_ON_REQUEST = "Pix copia e cola por WhatsApp ou e-mail."


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
    # issue 19: the multa + juros inside each item, when known: an amount with fees then
    # says so ("R$ 103,52 (com multa e juros)"); empty = not itemised
    fees_by_item: tuple[int, ...] = ()
    signature: str = ""  # the store's identification closing the message (art. 42-A), or ""
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
            return amount_text(open_cents, self.fees_by_item[0] if self.fees_by_item else 0)
        if field == "vencimento":
            return _day(due, self.today)
        if field == "dias_atraso":  # from the grace date, as fees and Em atraso count them
            return plural(days_late(due, self.today), "dia")
        if field == "parcelas":
            return format_parcelas(self.items, self.today, self.fees_by_item)
        if field == "total":
            total = format_brl(sum(cents for _, cents in self.items))
            return f"{total} com multa e juros" if self.fee_cents > 0 else total
        if field == "resumo":
            return self._summary()
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

    def _summary(self) -> str:
        """``{resumo}``: one installment as ``{parcelas}`` says it; several as their count,
        first and last due dates and the total (each amount stays tied to its dates)."""
        if len(self.items) < 2:
            return format_parcelas(self.items, self.today)
        first, last = self.items[0][0], self.items[-1][0]
        if first != last:
            dates = f", de {_day(first, self.today)} a {_day(last, self.today)}"
        elif first == self.today:
            dates = " que vencem hoje"
        else:
            verb = "vencem" if first > self.today else "venceram"
            dates = f" que {verb} em {_day(first, self.today)}"
        return f"{len(self.items)} parcelas{dates}, total {self.value('total')}"


OFFER_FIELDS = ("parcelas", "total", "valor")  # where an early-discount offer can go


def offer_field(template: str) -> str:
    """The placeholder an early-discount offer follows in ``template`` ("" when none of
    ``OFFER_FIELDS`` is used: the offer then gets a line of its own)."""
    return next((f for f in OFFER_FIELDS if "{" + f + "}" in template), "")


def _day(value: date, today: date) -> str:
    """``05/10`` in the current year, ``05/10/2025`` otherwise."""
    short = f"{value.day:02d}/{value.month:02d}"
    return short if value.year == today.year else f"{short}/{value.year}"


def amount_text(cents: int, fee_cents: int = 0) -> str:
    """``R$ 75,00``, or ``R$ 76,52 (com multa e juros)`` when fees are inside it."""
    return f"{format_brl(cents)} (com multa e juros)" if fee_cents > 0 else format_brl(cents)


def format_parcelas(items: tuple[tuple[date, int], ...], today: date,
                    fees: tuple[int, ...] = ()) -> str:
    """Each amount tied to its own date, reading naturally with one date or several:
    ``R$ 75,00 com vencimento em 05/10 e R$ 75,00 com vencimento hoje``; with ``fees`` (the
    multa + juros inside each amount) an amount with fees says so."""
    fees = fees or (0,) * len(items)
    parts = [f"{amount_text(cents, fee)} com vencimento "
             f"{'hoje' if due == today else 'em ' + _day(due, today)}"
             for (due, cents), fee in zip(items, fees, strict=True)]
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


def validate_template(template: str, field: str = "template", label: str = "A mensagem",
                      placeholders: dict[str, str] | None = None) -> None:
    """Raise ValidationError ({field: pt-BR message}) for empty text or placeholders that are
    not in ``placeholders`` (default: the reminders' ``PLACEHOLDERS``)."""
    placeholders = PLACEHOLDERS if placeholders is None else placeholders
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
    unknown = [n for n in names if n not in placeholders]
    if unknown:
        known = ", ".join(f"{{{n}}}" for n in placeholders)
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
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return sign_message(text, context.signature, context.store_name)


def message_signature(settings) -> str:
    """The line that closes every message when she asked for it (Configurações → Loja,
    CDC art. 42-A, as on printed documents): "Natália Modas · CNPJ 12.345.678/0001-90 ·
    Rua das Flores, 120" (the address when filled). "" when the option is off or the store
    has no CPF/CNPJ."""
    from app.services.reports.document import store_identity

    if not getattr(settings, "sign_messages", 0) or not (settings.store_document or "").strip():
        return ""
    return " · ".join(store_identity(settings).lines)


def sign_message(text: str, signature: str, store_name: str = "") -> str:
    """``text`` ending with ``signature``: a last line that is only the store's name (the
    ``{loja}`` that closes the default messages) becomes the signature; otherwise the
    signature is a line of its own. Signed once: a text already ending with it is kept."""
    if not signature or text.rstrip().endswith(signature):
        return text
    lines = text.rstrip().split("\n")
    if store_name.strip() and lines[-1].strip() == store_name.strip():
        lines[-1] = signature
    else:
        lines.append(signature)
    return "\n".join(lines)


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


def email_link(address: str, subject: str, text: str) -> str:
    """The ``mailto:`` link (RFC 6068) that opens her mail program on a new message to
    ``address`` with ``subject`` and ``text`` as the body.

    Every character outside the unreserved set is percent-encoded as UTF-8 (the address's
    ``+``, ``%``, ``?`` and ``&`` too, so no mail program reads them as anything else);
    spaces are ``%20``, never ``+``; line breaks in the body are ``%0D%0A`` (RFC 6068 §5);
    the subject is one line."""
    to = urllib.parse.quote((address or "").strip(), safe="@", encoding="utf-8")
    one_line = " ".join((subject or "").split())
    body = "\r\n".join((text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return (f"mailto:{to}?subject={urllib.parse.quote(one_line, safe='', encoding='utf-8')}"
            f"&body={urllib.parse.quote(body, safe='', encoding='utf-8')}")


def render_sms(template: str, context: MessageContext, fit: bool = True) -> str:
    """The short SMS version of ``template``:

    - the Pix code replaced by the line :data:`PIX_ON_REQUEST` (the code does not fit an SMS
      and cannot be copied from one comfortably); without Pix that line is dropped like any
      empty placeholder line, and so it is (``fit``) when the SMS would pass ``SMS_MAX``
      (160) characters with it and not without it (a very long amount summary, a very
      large amount: the payment words of the text still say Pix);
    - ``{loja}`` as ``sms.sms_store_name`` says it (up to 20 characters, cut at a word);
    - the amounts with a plain space (``sms.sms_text``: a no-break space is outside GSM-7);
    - unsigned: the store's CPF/CNPJ does not fit (the WhatsApp and e-mail text carry it).
    """
    short = replace(context, pix_code=PIX_ON_REQUEST if context.pix_code else "",
                    store_name=sms_store_name(context.store_name), signature="")
    text = sms_text(render_message(template, short))
    if fit and len(text) > SMS_MAX and short.pix_code:
        without = sms_text(render_message(template, replace(short, pix_code="")))
        return without if len(without) <= SMS_MAX else text
    return text


def render_subject(template: str, context: MessageContext) -> str:
    """An e-mail subject: the template rendered on one line."""
    return " ".join(render_message(template, context).split())


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
