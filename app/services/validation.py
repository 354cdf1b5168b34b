"""Validation of settings shared by the screens and the headless commands."""

from __future__ import annotations

import re

from app.services.errors import ValidationError

MAX_LATE_FEE_BP = 200  # CDC art. 52 §1: multa de mora não pode passar de 2%
# Juros de mora: a reseller is not a bank, so the usury law's 12% a year (1% a month) is her
# ceiling (Decreto 22.626/1933, arts. 1º e 5º; CC art. 591). DESIGN's default is this same 1%.
MAX_LATE_INTEREST_BP = 100


def validate_settings(settings) -> None:
    """Raise ValidationError (field → message) for settings the law or common sense refuse."""
    errors: dict[str, str] = {}
    if not re.fullmatch(r"[1-9][1-9]", settings.default_ddd or ""):
        errors["default_ddd"] = "DDD inválido: use dois dígitos, por exemplo 11 ou 21."
    if not 0 <= settings.late_fee_bp <= MAX_LATE_FEE_BP:
        errors["late_fee_bp"] = (
            "A multa por atraso não pode passar de 2% (Código de Defesa do Consumidor, "
            "art. 52, § 1º)."
        )
    if not 0 <= settings.late_interest_bp <= MAX_LATE_INTEREST_BP:
        errors["late_interest_bp"] = (
            "Os juros de mora não podem passar de 1% ao mês: quem não é banco não pode cobrar "
            "mais que isso (Lei de Usura, Decreto 22.626/1933).")
    if not (settings.store_name or "").strip():
        errors["store_name"] = "Informe o nome da loja (aparece nas mensagens e recibos)."
    errors.update(_pix_errors(settings))
    errors.update(_store_document_errors(settings))
    errors.update(_issue12_errors(settings))
    if errors:
        raise ValidationError(errors)


def _pix_errors(settings) -> dict[str, str]:
    """A saved Pix key must be valid, and name and city must fit a BR Code."""
    from app.services.pix import PixError, normalize_pix_key, pix_city, pix_name

    errors: dict[str, str] = {}
    if not (settings.pix_key or "").strip():
        return errors
    try:
        normalize_pix_key(settings.pix_key)
    except PixError as exc:
        errors["pix_key"] = str(exc)
    if not pix_name(settings.pix_name or settings.store_name):
        errors["pix_name"] = "Informe o nome do recebedor como aparece no banco."
    if not pix_city(settings.pix_city or settings.city):
        errors["pix_city"] = "Informe a cidade do recebedor (sem ela o código Pix é inválido)."
    return errors


def _issue12_errors(settings) -> dict[str, str]:
    """Agreements, early-payment discount and loyalty settings (issue 12)."""
    from app.services.agreement_settings import settings_errors

    return settings_errors(settings)


def _store_document_errors(settings) -> dict[str, str]:
    """The store's CPF or CNPJ, when filled, must have valid check digits (issue 11)."""
    from app.services.documents import is_valid_cnpj, is_valid_cpf, only_digits

    text = getattr(settings, "store_document", "") or ""
    digits = only_digits(text)
    if not text.strip() or (len(digits) == 11 and is_valid_cpf(digits)) or (
            is_valid_cnpj(text)):  # 14 digits, or alphanumeric (since July 2026)
        return {}
    return {"store_document": "CPF ou CNPJ inválido. Confira os números (ou deixe em branco)."}
