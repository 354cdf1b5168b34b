"""Validation of settings shared by the screens and the headless commands."""

from __future__ import annotations

import re

from app.services.core.errors import ValidationError
from app.services.core.money import format_brl

MAX_LATE_FEE_BP = 200  # CDC art. 52 §1: multa de mora não pode passar de 2%
# Juros de mora: a reseller is not a bank, so the usury law's 12% a year (1% a month) is her
# ceiling (Decreto 22.626/1933, arts. 1º e 5º; CC art. 591). DESIGN's default is this same 1%.
MAX_LATE_INTEREST_BP = 100
MAX_EARLY_DISCOUNT_BP = 5_000  # 50%: above that it is a gift, not a discount
MAX_TIER_DISCOUNT_BP = 5_000
MAX_LOYALTY_MONTHS = 12  # tiers count months paid on time in the last 12 (loyalty.py)


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
    errors.update(_negotiation_errors(settings))
    errors.update(_returns_errors(settings))
    errors.update(_conditional_errors(settings))
    if errors:
        raise ValidationError(errors)


def _returns_errors(s) -> dict[str, str]:
    """Issue 22: whether she sells outside a store (CDC art. 49) and the return limit."""
    errors: dict[str, str] = {}
    if s.sales_outside_store not in (0, 1):
        errors["sales_outside_store"] = "Escolha sim ou não."
    if not 1 <= s.return_limit_days <= 3_650:
        errors["return_limit_days"] = ("Devolução sem confirmação: entre 1 e 3.650 dias depois "
                                       "da compra.")
    return errors


def _pix_errors(settings) -> dict[str, str]:
    """A saved Pix key must be valid, and name and city must fit a BR Code."""
    from app.services.br.pix import PixError, normalize_pix_key, pix_city, pix_name

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


def _negotiation_errors(s) -> dict[str, str]:
    """Field → pt-BR message for every agreement, early-discount, loyalty and birthday setting
    that cannot be used."""
    errors: dict[str, str] = {}
    for field, label in (("agreement_max_fee_discount_bp", "multa e juros"),
                         ("agreement_max_principal_discount_bp", "valor principal")):
        if not 0 <= getattr(s, field) <= 10_000:
            errors[field] = f"Desconto máximo sobre {label}: entre 0% e 100%."
    for field, label in (("agreement_cash_fee_waiver_bp", "à vista"),
                         ("agreement_two_fee_waiver_bp", "em 2x"),
                         ("agreement_three_fee_waiver_bp", "em 3x")):
        if not 0 <= getattr(s, field) <= 10_000:
            errors[field] = f"Multa e juros perdoados na proposta {label}: entre 0% e 100%."
    if s.agreement_early_discount not in (0, 1):
        errors["agreement_early_discount"] = "Escolha sim ou não."
    if not 100 <= s.agreement_min_installment_cents <= 100_000_00:
        errors["agreement_min_installment_cents"] = (
            f"Parcela mínima do acordo: entre {format_brl(100)} e {format_brl(100_000_00)}.")
    if not 1 <= s.agreement_max_installments <= 24:
        errors["agreement_max_installments"] = "Máximo de parcelas do acordo: de 1 a 24."
    from app.services.collection.messages import validate_template
    from app.services.receivables.installments import Interval

    if s.agreement_interval not in {i.value for i in Interval} - {Interval.CUSTOM.value}:
        errors["agreement_interval"] = "Escolha o intervalo: mensal, a cada 15 dias ou semanal."
    if not 0 <= s.agreement_interest_bp <= MAX_LATE_INTEREST_BP:  # the same usury ceiling
        errors["agreement_interest_bp"] = (
            "Os juros do acordo não podem passar de 1% ao mês: quem não é banco não pode "
            "cobrar mais que isso (Lei de Usura, Decreto 22.626/1933).")
    if not 0 <= s.early_discount_bp <= MAX_EARLY_DISCOUNT_BP:
        errors["early_discount_bp"] = "Desconto por antecipação entre 0% e 50%."
    if not 1 <= s.early_discount_days <= 90:
        errors["early_discount_days"] = "Antecedência entre 1 e 90 dias."
    errors.update(_loyalty_errors(s))
    for field, label in (("birthday_template", "A mensagem de aniversário"),
                         ("agreement_broken_template", "A mensagem de acordo quebrado"),
                         ("loyalty_thanks_template", "A mensagem de agradecimento")):
        try:
            validate_template(getattr(s, field), field, label)
        except ValueError as exc:
            errors.update(getattr(exc, "errors", {field: str(exc)}))
    if s.birthday_skip_overdue_cents < 0:
        errors["birthday_skip_overdue_cents"] = "O valor não pode ser negativo."
    return errors


MAX_CONDITIONAL_DAYS = 60


def _conditional_errors(s) -> dict[str, str]:
    """The condicional's settings (issue 23): days to give back, two yes-or-no choices."""
    errors: dict[str, str] = {}
    if not 0 <= s.conditional_return_days <= MAX_CONDITIONAL_DAYS:
        errors["conditional_return_days"] = (
            f"Prazo para devolver a malinha: de 0 (no mesmo dia) a {MAX_CONDITIONAL_DAYS} dias.")
    for field in ("conditional_business_days", "conditional_block_late"):
        if getattr(s, field) not in (0, 1):
            errors[field] = "Escolha sim ou não."
    return errors


def _loyalty_errors(s) -> dict[str, str]:
    errors: dict[str, str] = {}
    mins = (s.loyalty_bronze_min, s.loyalty_silver_min, s.loyalty_gold_min)
    if not 1 <= mins[0] < mins[1] < mins[2] <= MAX_LOYALTY_MONTHS:
        errors["loyalty_gold_min"] = (
            "Os meses com pagamento em dia de cada nível devem crescer (Bronze < Prata < "
            f"Ouro) e ficar entre 1 e {MAX_LOYALTY_MONTHS}: a fidelidade olha os últimos "
            "12 meses.")
    for field in ("loyalty_bronze_bp", "loyalty_silver_bp", "loyalty_gold_bp"):
        if not 0 <= getattr(s, field) <= MAX_TIER_DISCOUNT_BP:
            errors[field] = "Desconto de fidelidade entre 0% e 50%."
    return errors


def _store_document_errors(settings) -> dict[str, str]:
    """The store's CPF or CNPJ, when filled, must have valid check digits (issue 11), and
    is needed when messages are to end with it (issue 19, CDC art. 42-A)."""
    from app.services.br.documents import is_valid_cnpj, is_valid_cpf, only_digits

    text = getattr(settings, "store_document", "") or ""
    digits = only_digits(text)
    if not text.strip() and getattr(settings, "sign_messages", 0):
        return {"store_document": "Para terminar as mensagens com o CPF ou CNPJ da loja, "
                                  "informe o CPF ou CNPJ aqui."}
    if not text.strip() or (len(digits) == 11 and is_valid_cpf(digits)) or (
            is_valid_cnpj(text)):  # 14 digits, or alphanumeric (since July 2026)
        return {}
    return {"store_document": "CPF ou CNPJ inválido. Confira os números (ou deixe em branco)."}
