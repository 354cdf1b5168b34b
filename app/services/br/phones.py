"""Phone numbers: normalise to E.164 with ``phonenumbers``, show as ``(11) 98765-4321``."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

DEFAULT_DDD = "11"


def normalize_phone(text: str | None, default_ddd: str = DEFAULT_DDD) -> str | None:
    """Return the number in E.164 (``+5511987654321``), or None when ``text`` is empty.

    A number typed without DDD takes ``default_ddd``; trunk prefixes (``0``, ``011``,
    carrier codes) and ``+55``/``55`` are understood; an old 8-digit mobile gains its 9.
    Raises ``ValueError`` with a Portuguese message when it is not a Brazilian phone.
    """
    raw = unicodedata.normalize("NFKC", text or "").strip()  # full-width and other digits
    if not raw:
        return None
    if re.search(r"[^\W\d_]", raw):
        raise ValueError("O telefone tem letras. Digite só números, com DDD: (11) 98765-4321.")
    digits = re.sub(r"\D", "", raw)
    _refuse_service_numbers(digits)
    candidate = _with_country(digits, raw.startswith("+"), default_ddd)
    try:
        number = phonenumbers.parse(candidate, "BR")
    except NumberParseException:
        raise ValueError(_BAD) from None
    if not phonenumbers.is_valid_number(number):
        number = _old_mobile(number) or number
    if not phonenumbers.is_valid_number(number) or number.country_code != 55:
        raise ValueError(_BAD)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _refuse_service_numbers(digits: str) -> None:
    """0800/0300/0500/0900 numbers belong to companies; DDD 00 does not exist."""
    national = digits[2:] if digits.startswith("55") and len(digits) in (12, 13) else digits
    if re.match(r"0?[3589]00", national) and len(national.lstrip("0")) == 10:
        raise ValueError(f"{national[:4] if national[0] == '0' else '0' + national[:3]} é "
                         "número de empresa (atendimento), não de uma pessoa. Digite o "
                         "celular ou telefone dela com DDD, por exemplo (11) 98765-4321.")
    if len(national) in (10, 11) and national.startswith("00"):
        raise ValueError("O DDD 00 não existe. Digite o DDD da cidade dela, por exemplo "
                         "(11) 98765-4321.")


_BAD = "Telefone inválido. Digite com DDD, por exemplo (11) 98765-4321."


def _with_country(digits: str, had_plus: bool, default_ddd: str) -> str:
    if had_plus:
        return "+" + digits
    if digits.startswith("55") and len(digits) in (12, 13):
        return "+" + digits
    trunk = digits.startswith("0")  # a trunk prefix is always followed by a DDD
    digits = digits.lstrip("0")
    if len(digits) in (12, 13) and not digits.startswith("55"):
        digits = digits[2:]  # carrier code: 0 + 2-digit operator + DDD + number
    if len(digits) in (8, 9) and not trunk:
        digits = default_ddd + digits
    return "+55" + digits


def _old_mobile(number: phonenumbers.PhoneNumber) -> phonenumbers.PhoneNumber | None:
    """An 8-digit mobile from before 2016 (DDD + 8 digits starting 6–9) gains the leading 9."""
    national = str(number.national_number)
    if len(national) == 10 and national[2] in "6789":
        fixed = phonenumbers.parse(f"+55{national[:2]}9{national[2:]}", "BR")
        if phonenumbers.is_valid_number(fixed):
            return fixed
    return None


def format_phone(e164: str | None) -> str:
    """Show ``+5511987654321`` as ``(11) 98765-4321``; empty for None."""
    if not e164:
        return ""
    digits = re.sub(r"\D", "", e164)
    if digits.startswith("55"):
        digits = digits[2:]
    ddd, rest = digits[:2], digits[2:]
    if len(rest) == 9:
        return f"({ddd}) {rest[:5]}-{rest[5:]}"
    if len(rest) == 8:
        return f"({ddd}) {rest[:4]}-{rest[4:]}"
    return e164


_BR_MOBILE = re.compile(r"\+55[1-9][1-9]9\d{8}")
_BR_LANDLINE = re.compile(r"\+55[1-9][1-9][2-5]\d{7}")


def is_mobile(e164: str | None) -> bool:
    """True for a Brazilian mobile (can receive WhatsApp); False for landlines and None.

    The stored E.164 shapes are answered by a pattern (thousands of rows in Cobranças de
    hoje); anything else goes to ``phonenumbers``. The one place mobiles are told apart.
    """
    if not e164:
        return False
    if _BR_MOBILE.fullmatch(e164):
        return True
    if _BR_LANDLINE.fullmatch(e164):
        return False
    try:
        number = phonenumbers.parse(e164, "BR")
    except NumberParseException:
        return False
    kind = phonenumbers.number_type(number)
    return kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def whatsapp_digits(e164: str) -> str:
    """The digits wa.me wants: ``5511987654321``."""
    return re.sub(r"\D", "", e164)
