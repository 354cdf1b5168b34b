"""Her ways to be reached: the e-mail address (checked) and the channel she prefers.

Rules (issue 24, made precise here):

- **E-mail** is what real addresses look like (RFC 5321/5322 without their exotic corners):
  ``local@domain``, one ``@``; the local part (up to 64 characters) letters, digits and
  ``. _ % + - ' ! # $ & * / = ? ^ ` { | } ~``, no dot at either end, no two dots in a row; the
  domain (up to 253) two or more labels of letters, digits and hyphens (accented letters
  allowed: ``ação.com.br``), no label starting or ending with a hyphen, the last one at least
  two letters. Spaces around it are trimmed; the address is kept in lower case (how every
  provider treats it; it is also how it is found). Anything else is refused with a sentence
  that says what is wrong. A domain one letter away from a common provider (``gmail.con``,
  ``hotmal.com``) is accepted with a suggestion, never refused: it could be real.
- **Preferred channel** is a ``Channel`` code: WhatsApp, e-mail, SMS or a call (``phone``);
  empty means *automático*: WhatsApp when she has a mobile, else e-mail when she has one,
  else a call when she has a phone (a landline), else none (the message is copied). Saving
  a choice her data cannot serve is refused (e-mail without an address, WhatsApp or SMS
  without a mobile, a call without a phone); a stored choice that stopped fitting (her mobile
  became a landline) falls back to automático, so a channel that cannot reach her is never
  offered first.
"""

from __future__ import annotations

import re

from app.services.br.phones import is_mobile
from app.services.core.codes import Channel
from app.services.core.text import fold

MAX_EMAIL, MAX_LOCAL, MAX_DOMAIN = 254, 64, 253
_LOCAL = re.compile(r"^[a-z0-9._%+\-'!#$&*/=?^`{|}~]+$")
_TLD = re.compile(r"^(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)$")

# What she can choose, in the order offered, with the word she reads.
CHOICES: tuple[tuple[Channel, str], ...] = (
    (Channel.NONE, "Automático"),
    (Channel.WHATSAPP, "WhatsApp"),
    (Channel.EMAIL, "E-mail"),
    (Channel.SMS, "SMS"),
    (Channel.PHONE, "Ligação"),
)
CHOICE_LABELS = dict(CHOICES)
PREFERABLE = (Channel.WHATSAPP, Channel.EMAIL, Channel.SMS, Channel.PHONE)

# Words a spreadsheet or a person uses for each channel (folded, without accents).
_WORDS = {
    Channel.NONE: ("", "automatico", "auto", "qualquer", "tanto faz", "-"),
    Channel.WHATSAPP: ("whatsapp", "whats", "whats app", "zap", "zapzap", "wpp", "wa", "wapp"),
    Channel.EMAIL: ("email", "e-mail", "e mail", "mail", "correio eletronico"),
    Channel.SMS: ("sms", "torpedo", "mensagem de texto", "texto", "text"),
    Channel.PHONE: ("phone", "ligacao", "ligar", "telefone", "telefonema", "fone", "tel",
                    "call", "chamada", "celular ligacao"),
}
_BY_WORD = {word: channel for channel, words in _WORDS.items() for word in words}

COMMON_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br", "yahoo.com",
                  "icloud.com", "live.com", "bol.com.br", "uol.com.br", "terra.com.br",
                  "hotmail.com.br", "outlook.com.br", "msn.com", "ig.com.br")


def normalize_email(text: str | None) -> str:
    """The address as stored (trimmed, lower case), "" when empty; ValueError (pt-BR
    sentence) when it cannot be an e-mail address."""
    address = (text or "").strip().lower()
    if not address:
        return ""
    problem = _problem(address)
    if problem:
        raise ValueError(problem)
    return address


def _problem(address: str) -> str | None:
    if any(ch.isspace() for ch in address):
        return "E-mail não tem espaços. Confira se digitou tudo junto, como maria@gmail.com."
    if address.count("@") != 1:
        return ("Falta o @ do e-mail (como maria@gmail.com)." if "@" not in address else
                "E-mail tem um @ só. Confira se não juntou dois endereços.")
    if len(address) > MAX_EMAIL:
        return f"E-mail longo demais (máximo {MAX_EMAIL} letras)."
    local, domain = address.split("@")
    if not local:
        return "Falta o começo do e-mail, antes do @ (como maria@gmail.com)."
    if (len(local) > MAX_LOCAL or not _LOCAL.match(local) or local.startswith(".")
            or local.endswith(".") or ".." in local):
        return ("O começo do e-mail, antes do @, tem um caractere que não pode (só letras "
                "sem acento, números, ponto, hífen e sublinhado, sem dois pontos seguidos).")
    return _domain_problem(domain)


def _domain_problem(domain: str) -> str | None:
    if not domain:
        return "Falta o provedor depois do @ (como gmail.com)."
    labels = domain.split(".")
    if len(labels) < 2 or not labels[-1]:
        return "Falta o final do e-mail depois do @ (como .com ou .com.br)."
    if len(domain) > MAX_DOMAIN or any(
            not label or len(label) > 63 or label[0] == "-" or label[-1] == "-"
            or not all(ch.isalnum() or ch == "-" for ch in label) for label in labels):
        return "O provedor do e-mail, depois do @, está escrito errado (como gmail.com)."
    if not _TLD.match(labels[-1]):
        return "O final do e-mail não parece certo (como .com ou .com.br)."
    return None


def email_problem(text: str | None) -> str | None:
    """What is wrong with a typed address (pt-BR), None when it is empty or fine."""
    try:
        normalize_email(text)
    except ValueError as exc:
        return str(exc)
    return None


def email_suggestion(text: str | None) -> str | None:
    """The same address with a common provider when its domain is one letter away from it
    (``maria@gmail.con`` → ``maria@gmail.com``); None otherwise."""
    address = (text or "").strip().lower()
    if email_problem(address) or not address:
        return None
    local, domain = address.split("@")
    if domain in COMMON_DOMAINS:
        return None
    close = next((d for d in COMMON_DOMAINS if _one_edit(domain, d)), None)
    return f"{local}@{close}" if close else None


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by one change: a letter replaced, added, removed, or
    two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


def parse_channel(text: str | None) -> Channel:
    """The channel a code or a word names ("whatsapp", "E-mail", "Ligação", "torpedo"…;
    empty or "Automático" is automático); ValueError (pt-BR) for anything else."""
    if isinstance(text, Channel):
        return text
    word = " ".join(fold(text or "").replace("-", " ").split())
    for candidate in (word, word.replace(" ", ""), word.replace(" ", "-")):
        if candidate in _BY_WORD:
            return _BY_WORD[candidate]
    raise ValueError(f"Canal “{(text or '').strip()}” não é um dos que o programa conhece "
                     "(WhatsApp, e-mail, SMS ou ligação).")


def channel_refusal(choice: Channel | str, phone: str | None,
                    email: str | None) -> tuple[str, str] | None:
    """(code, pt-BR sentence) when her data cannot serve this chosen channel, else None.
    Codes: ``needs_mobile`` (WhatsApp, SMS), ``needs_email``, ``needs_phone`` (a call)."""
    choice = Channel(choice)
    if choice in (Channel.WHATSAPP, Channel.SMS) and not is_mobile(phone):
        return "needs_mobile", (f"Para preferir {CHOICE_LABELS[choice]}, cadastre um celular "
                                "dela (telefone fixo não recebe).")
    if choice is Channel.EMAIL and not email:
        return "needs_email", "Para preferir e-mail, informe o e-mail dela."
    if choice is Channel.PHONE and not phone:
        return "needs_phone", "Para preferir ligação, informe o telefone dela."
    return None


def channel_problem(choice: Channel | str, phone: str | None, email: str | None) -> str | None:
    """Why her data cannot serve this chosen channel (pt-BR), None when it can."""
    refusal = channel_refusal(choice, phone, email)
    return refusal[1] if refusal else None


def effective_channel(choice: Channel | str | None, phone: str | None,
                      email: str | None) -> Channel:
    """The channel to offer first: her choice when her data serves it, otherwise the
    automático one (WhatsApp, e-mail, call, or ``Channel.NONE`` to copy)."""
    try:
        chosen = Channel(choice or "")
    except ValueError:
        chosen = Channel.NONE
    if chosen in PREFERABLE and channel_problem(chosen, phone, email) is None:
        return chosen
    if is_mobile(phone):
        return Channel.WHATSAPP
    if email:
        return Channel.EMAIL
    return Channel.PHONE if phone else Channel.NONE


def channel_text(choice: Channel | str | None, phone: str | None, email: str | None) -> str:
    """How the customer page says it: "WhatsApp", or "Automático (WhatsApp)"."""
    effective = effective_channel(choice, phone, email)
    word = CHOICE_LABELS.get(effective) if effective is not Channel.NONE else "copiar a mensagem"
    try:
        chosen = Channel(choice or "")
    except ValueError:
        chosen = Channel.NONE
    if chosen is not Channel.NONE and chosen is effective:
        return word
    return f"Automático ({word})"
