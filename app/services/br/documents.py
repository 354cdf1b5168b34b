"""Brazilian document numbers: CPF and CNPJ check digits and formatting."""

from __future__ import annotations

import re
import unicodedata


def only_digits(text: str | None) -> str:
    """Keep only the digits of ``text``."""
    return re.sub(r"\D", "", text or "")


def _cpf_digit(digits: str) -> int:
    total = sum(int(d) * w for d, w in zip(digits, range(len(digits) + 1, 1, -1), strict=True))
    rest = total * 10 % 11
    return 0 if rest == 10 else rest


def is_valid_cpf(text: str | None) -> bool:
    """True when ``text`` holds 11 digits with correct check digits (all-equal refused)."""
    digits = only_digits(text)
    if len(digits) != 11 or digits == digits[0] * 11:
        return False
    return _cpf_digit(digits[:9]) == int(digits[9]) and _cpf_digit(digits[:10]) == int(digits[10])


def cnpj_chars(text: str | None) -> str:
    """The characters of a CNPJ without its punctuation, letters in upper case: since July
    2026 a CNPJ may be alphanumeric (IN RFB 2.229/2024: ``12.ABC.345/01DE-35``)."""
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def _cnpj_digit(chars: str) -> int:
    weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2][-len(chars):]
    # each character counts as its ASCII code − 48: digits as themselves, A = 17 … Z = 42
    rest = sum((ord(c) - 48) * w for c, w in zip(chars, weights, strict=True)) % 11
    return 0 if rest < 2 else 11 - rest


def is_valid_cnpj(text: str | None) -> bool:
    """True when ``text`` is a CNPJ with correct check digits: 14 digits, or the alphanumeric
    form (12 digits or upper-case letters, then 2 check digits); all-equal refused."""
    chars = cnpj_chars(text)
    if not re.fullmatch(r"[0-9A-Z]{12}\d{2}", chars) or chars == chars[0] * 14:
        return False
    return (
        _cnpj_digit(chars[:12]) == int(chars[12])
        and _cnpj_digit(chars[:13]) == int(chars[13])
    )


def normalize_cpf(text: str | None) -> str | None:
    """Return the 11 CPF digits, None when empty; ValueError (pt-BR) when invalid."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        return None
    if re.search(r"[^\d.\-/\s]", raw):
        raise ValueError("O CPF tem letras ou símbolos. Digite só os 11 números, por exemplo "
                         "123.456.789-09.")
    digits = only_digits(raw)
    if len(digits) != 11:
        raise ValueError(f"O CPF precisa de 11 números, e você digitou {len(digits)}. "
                         "Confira se faltou algum.")
    if not is_valid_cpf(digits):
        raise ValueError("CPF inválido: confira os números (os dígitos verificadores não batem).")
    return digits


def format_cpf(digits: str | None) -> str:
    """Format 11 digits as ``123.456.789-09``; anything else is returned unchanged."""
    d = only_digits(digits)
    if len(d) != 11:
        return digits or ""
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"
