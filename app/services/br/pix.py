"""Pix static BR Code (EMV "copia e cola"): keys, payload building, parsing and CRC."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from app.services.br.documents import cnpj_chars, is_valid_cnpj, is_valid_cpf, only_digits
from app.services.br.phones import format_phone, is_mobile, normalize_phone
from app.services.core.text import transliterate

GUI = "br.gov.bcb.pix"
MAX_AMOUNT_CENTS = 999_999_999_999  # R$ 9.999.999.999,99: field 54 holds at most 13 chars
NAME_MAX = 25
CITY_MAX = 15
TXID_MAX = 25
NO_TXID = "***"
KEY_TYPES = ("cpf", "cnpj", "phone", "email", "random")

_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$")
_EMAIL = re.compile(r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
_CPF_LOOK = re.compile(r"^\d{3}\.\d{3}\.\d{3}-\d{2}$")
_DOC_CHARS = re.compile(r"^[\d.\-/\s]+$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-]+$")
_ALNUM = re.compile(r"^[A-Za-z0-9]+$")
_ANY = "[0-9A-Za-z]"
_CNPJ_ALNUM = re.compile(rf"^{_ANY}{{2}}\.?{_ANY}{{3}}\.?{_ANY}{{3}}/?{_ANY}{{4}}-?\d{{2}}$")
_EMAIL_MAX = 77  # DICT limit for e-mail keys
_MIN_DESCRIPTION = 10
_BAD_PHONE = "Celular inválido na chave Pix. Digite com DDD, por exemplo (11) 98765-4321."
_BAD_KEY = (
    "Chave Pix inválida. Use um CPF, um CNPJ, um celular com DDD (+55 11 98765-4321), "
    "um e-mail ou a chave aleatória (formato 123e4567-e12b-12d1-a456-426655440000)."
)


class PixError(ValueError):
    """A Pix key, amount or code that cannot be used; the message is for the user (pt-BR)."""


@dataclass(frozen=True)
class PixPayload:
    """What a static BR Code says: the amount is in centavos, None when the payer types it."""

    key: str
    name: str
    city: str
    amount_cents: int | None
    txid: str | None
    description: str | None
    raw: str


# --- keys -------------------------------------------------------------------------------------


def detect_key_type(text: str) -> str:
    """Return "cpf", "cnpj", "phone", "email" or "random" for a Pix key; PixError otherwise.

    Eleven bare digits are ambiguous: digits that form a valid CPF are a CPF, otherwise
    they are a phone (DDD + number). Write ``+55`` or ``(11)`` in front to force a phone,
    and ``123.456.789-09`` to insist on a CPF.
    """
    return _classify(text)[0]


def normalize_pix_key(text: str) -> str:
    """Return the key as the Pix network stores it: CPF/CNPJ digits only (an alphanumeric
    CNPJ: its characters, upper case), phone as
    ``+55DDDNUMBER``, e-mail in lower case, random key as a lower-case UUID with hyphens."""
    return _classify(text)[1]


def _classify(text: str) -> tuple[str, str]:
    raw = (text or "").strip()
    if not raw:
        raise PixError("Informe a chave Pix (CPF, CNPJ, celular, e-mail ou chave aleatória).")
    if "@" in raw:
        return "email", _email_key(raw)
    if _UUID.match(raw.lower()):
        hexa = raw.lower().replace("-", "")
        return "random", f"{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:]}"
    if raw.startswith("+") or "(" in raw:
        return "phone", _phone_key(raw)
    if _CNPJ_ALNUM.match(raw) and re.search(r"[A-Za-z]", raw):  # CNPJ since July 2026
        if not is_valid_cnpj(raw):
            raise PixError("CNPJ inválido na chave Pix: confira as letras e os números.")
        return "cnpj", cnpj_chars(raw)
    if _DOC_CHARS.match(raw):
        found = _document_key(raw)
        if found:
            return found
    if _PHONE_CHARS.match(raw) and len(only_digits(raw)) in (10, 11, 12, 13):
        return "phone", _phone_key(raw)
    raise PixError(_BAD_KEY)


def _document_key(raw: str) -> tuple[str, str] | None:
    """CPF or CNPJ when ``raw`` is one (PixError when its check digits fail), else None."""
    digits = only_digits(raw)
    if len(digits) == 14 or "/" in raw:
        if not is_valid_cnpj(digits):
            raise PixError("CNPJ inválido na chave Pix: confira os números.")
        return "cnpj", digits
    if _CPF_LOOK.match(raw) or (len(digits) == 11 and is_valid_cpf(digits)):
        if not is_valid_cpf(digits):
            raise PixError("CPF inválido na chave Pix: confira os números.")
        return "cpf", digits
    if len(digits) == 11 and not _looks_like_mobile(digits):
        raise PixError("CPF inválido na chave Pix: confira os números.")
    return None


def _looks_like_mobile(digits: str) -> bool:
    """DDD (11–99) followed by a 9-digit mobile number starting with 9."""
    return len(digits) == 11 and digits[0] != "0" and digits[1] != "0" and digits[2] == "9"


def _email_key(raw: str) -> str:
    email = raw.lower()
    if len(email) > _EMAIL_MAX or not _EMAIL.match(email):
        raise PixError(
            "E-mail inválido na chave Pix. Confira se está escrito como nome@provedor.com."
        )
    return email


def _phone_key(raw: str) -> str:
    """Brazilian phone with DDD as ``+55DDDNUMBER``; a number without DDD is refused."""
    digits = only_digits(raw)
    with_country = raw.startswith("+") or len(digits) in (12, 13)
    national = digits[2:] if with_country else digits
    if (with_country and not digits.startswith("55")) or len(national) not in (10, 11):
        raise PixError(_BAD_PHONE)
    try:
        phone = normalize_phone("+55" + national)
    except ValueError:
        raise PixError(_BAD_PHONE) from None
    if not is_mobile(phone):
        raise PixError(f"{format_phone(phone)} é um telefone fixo, e chave Pix de telefone é "
                       "sempre um celular. Use o celular, o CPF, o e-mail ou a chave aleatória.")
    return phone or ""


# --- text fields --------------------------------------------------------------------------------


def _ascii(text: str | None) -> str:
    """Transliterated to ASCII (``São``→``Sao``, ``Ø``→``O``, ``ß``→``ss``, ``Ł``→``L``); what
    has no Latin spelling (emoji, control characters) dropped; spaces collapsed."""
    plain = transliterate(text)
    kept = "".join(c for c in plain if c.isascii() and (c.isprintable() or c.isspace()))
    return " ".join(kept.split())


def pix_name(text: str | None) -> str:
    """The receiver's name as it goes in the code: plain ASCII, at most 25 characters."""
    return _ascii(text)[:NAME_MAX].rstrip()


def pix_city(text: str | None) -> str:
    """The receiver's city as it goes in the code: plain ASCII, at most 15 characters."""
    return _ascii(text)[:CITY_MAX].rstrip()


def format_amount(amount_cents: int) -> str:
    """Centavos as field 54 writes them: ``1`` → ``"0.01"``, ``123456`` → ``"1234.56"``."""
    reais, cents = divmod(amount_cents, 100)
    return f"{reais}.{cents:02d}"


def pix_not_configured_message() -> str:
    """Portuguese help shown where a Pix code would be, while no key is configured."""
    return (
        "Ainda não há chave Pix cadastrada. Abra Configurações → Pix, informe a sua chave "
        "(CPF, CNPJ, celular, e-mail ou chave aleatória), o nome e a cidade de quem recebe "
        "e clique em Salvar. Depois disso o QR code e o Pix copia e cola aparecem aqui e "
        "nas mensagens de cobrança."
    )


# --- txid -------------------------------------------------------------------------------------


def make_txid(installment_ids: list[int], prefix: str = "CAD") -> str:
    """A txid (letters and digits, at most 25) naming the installments: ``CAD12X13``.

    When the ids do not fit, a deterministic short form ``CADZ`` + base-36 hash is used.
    """
    if not installment_ids:
        raise PixError("Escolha ao menos uma parcela para gerar o código Pix.")
    if not _ALNUM.match(prefix) or len(prefix) > 10:
        raise PixError("O prefixo do identificador Pix deve ter só letras e números (até 10).")
    ids = sorted(set(int(i) for i in installment_ids))
    if ids[0] < 1:
        raise PixError("Identificador de parcela inválido.")
    plain = prefix + "X".join(str(i) for i in ids)
    if len(plain) <= TXID_MAX:
        return plain
    digest = hashlib.sha256(",".join(map(str, ids)).encode("ascii")).digest()
    return (prefix + "Z" + _base36(int.from_bytes(digest, "big")))[:TXID_MAX]


def _base36(number: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = alphabet[rest] + out
    return out or "0"


# --- building ---------------------------------------------------------------------------------


def crc16_ccitt(data: bytes) -> int:
    """CRC16-CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise PixError("O código Pix ficou grande demais. Encurte a descrição.")
    return f"{tag}{len(value):02d}{value}"


def _merchant_account(key: str, description: str | None) -> str:
    """Field 26 (at most 99 characters): the description is shortened to fit, and dropped
    when fewer than 10 characters of it would fit (a stump says nothing to the payer)."""
    base = _tlv("00", GUI) + _tlv("01", key)
    text = _ascii(description)
    room = 99 - len(base) - 4
    if len(text) > room:
        text = text[:room].rstrip() if room >= _MIN_DESCRIPTION else ""
    if text:
        base += _tlv("02", text)
    return _tlv("26", base)


def _check_amount(amount_cents: int | None) -> None:
    if amount_cents is None:
        return
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise PixError("O valor do Pix deve ser informado em centavos (número inteiro).")
    if amount_cents <= 0:
        raise PixError("O valor do Pix precisa ser maior que zero.")
    if amount_cents > MAX_AMOUNT_CENTS:
        raise PixError("Valor grande demais para um Pix. O máximo é R$ 9.999.999.999,99.")


def _check_txid(txid: str | None) -> str:
    if txid is None or txid in ("", NO_TXID):
        return NO_TXID
    if not _ALNUM.match(txid):
        raise PixError("O identificador (txid) do Pix só pode ter letras e números, sem espaços.")
    if len(txid) > TXID_MAX:
        raise PixError("O identificador (txid) do Pix pode ter no máximo 25 caracteres.")
    return txid


def build_payload(
    key: str,
    name: str,
    city: str,
    amount_cents: int | None = None,
    txid: str | None = None,
    description: str | None = None,
) -> str:
    """Return the static BR Code ("Pix copia e cola") text; PixError (pt-BR) on bad input.

    ``amount_cents`` None leaves the amount for the payer to type; ``txid`` None writes ``***``.
    """
    norm_key = normalize_pix_key(key)
    clean_name, clean_city = pix_name(name), pix_city(city)
    if not clean_name:
        raise PixError("Informe o nome de quem recebe o Pix (em Configurações → Pix).")
    if not clean_city:
        raise PixError("Informe a cidade de quem recebe o Pix (em Configurações → Pix).")
    _check_amount(amount_cents)
    parts = [
        _tlv("00", "01"),
        _merchant_account(norm_key, description),
        _tlv("52", "0000"),
        _tlv("53", "986"),
        _tlv("54", format_amount(amount_cents)) if amount_cents is not None else "",
        _tlv("58", "BR"),
        _tlv("59", clean_name),
        _tlv("60", clean_city),
        _tlv("62", _tlv("05", _check_txid(txid))),
        "6304",
    ]
    body = "".join(parts)
    return body + f"{crc16_ccitt(body.encode('ascii')):04X}"


# --- parsing ----------------------------------------------------------------------------------


def _read_tlv(text: str) -> dict[str, str]:
    """Split ``IDLLVALUE`` fields into a dict; PixError when lengths do not add up."""
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        head = text[pos:pos + 4]
        if len(head) < 4 or not head.isdigit():
            raise PixError("Código Pix incompleto ou com formato inválido.")
        size = int(head[2:])
        value = text[pos + 4:pos + 4 + size]
        if len(value) != size:
            raise PixError("Código Pix incompleto ou com formato inválido.")
        fields[head[:2]] = value
        pos += 4 + size
    return fields


def _verify_crc(text: str) -> None:
    if not text.startswith("000201"):
        raise PixError("Este texto não é um código Pix copia e cola.")
    if len(text) < 8 or text[-8:-4] != "6304":
        raise PixError("Código Pix incompleto: falta o CRC no final.")
    try:
        expected = int(text[-4:], 16)
    except ValueError:
        raise PixError("Código Pix com CRC inválido.") from None
    if crc16_ccitt(text[:-4].encode("utf-8")) != expected:
        raise PixError("Código Pix com CRC inválido: o texto foi alterado ou copiado pela metade.")


def _pix_account(fields: dict[str, str]) -> dict[str, str]:
    for tag in (f"{n:02d}" for n in range(26, 52)):
        if tag in fields:
            sub = _read_tlv(fields[tag])
            if sub.get("00", "").lower() == GUI:
                return sub
    raise PixError("Este código não é de Pix (falta o identificador br.gov.bcb.pix).")


def _parse_amount(value: str | None) -> int | None:
    if value is None:
        return None
    match = re.fullmatch(r"(\d+)(?:\.(\d{1,2}))?", value)
    if not match:
        raise PixError("Código Pix com valor em formato inválido.")
    cents = int(match.group(1)) * 100 + int((match.group(2) or "").ljust(2, "0"))
    _check_amount(cents)
    return cents


def parse_payload(text: str) -> PixPayload:
    """Read a static BR Code: verify the CRC and structure, return its fields."""
    raw = (text or "").strip()
    _verify_crc(raw)
    fields = _read_tlv(raw)
    account = _pix_account(fields)
    if "01" not in account:
        raise PixError("Código Pix dinâmico (com link) não é aceito aqui: falta a chave Pix.")
    if fields.get("53", "986") != "986" or fields.get("58") != "BR":
        raise PixError("Código Pix que não é em reais (R$) ou não é do Brasil.")
    if not fields.get("59") or not fields.get("60"):
        raise PixError("Código Pix sem o nome ou a cidade de quem recebe.")
    txid = _read_tlv(fields["62"]).get("05") if "62" in fields else None
    return PixPayload(
        key=account["01"],
        name=fields["59"],
        city=fields["60"],
        amount_cents=_parse_amount(fields.get("54")),
        txid=None if txid in (None, NO_TXID) else txid,
        description=account.get("02"),
        raw=raw,
    )


def pix_configured(settings) -> bool:
    """True when the reseller saved a Pix key, a receiver name and a city."""
    return bool(getattr(settings, "pix_key", "") and _receiver_name(settings)
                and _receiver_city(settings))


def _receiver_name(settings) -> str:
    return pix_name(getattr(settings, "pix_name", "") or getattr(settings, "store_name", ""))


def _receiver_city(settings) -> str:
    return pix_city(getattr(settings, "pix_city", "") or getattr(settings, "city", ""))


def pix_copia_e_cola(
    settings, amount_cents: int | None, txid: str | None = None, description: str | None = None
) -> str:
    """The copia-e-cola code for the reseller's configured key; PixError when not configured."""
    if not pix_configured(settings):
        raise PixError(pix_not_configured_message())
    return build_payload(settings.pix_key, _receiver_name(settings), _receiver_city(settings),
                         amount_cents=amount_cents, txid=txid, description=description)
