"""Checks for the issue-12 settings: negotiation room, early-payment discount, loyalty."""

from __future__ import annotations

from app.services.installments import Interval
from app.services.messages import validate_template
from app.services.money import format_brl
from app.services.validation import MAX_LATE_INTEREST_BP

MAX_EARLY_DISCOUNT_BP = 5_000  # 50%: above that it is a gift, not a discount
MAX_TIER_DISCOUNT_BP = 5_000


def settings_errors(s) -> dict[str, str]:
    """Field → pt-BR message for every issue-12 setting that cannot be used."""
    errors: dict[str, str] = {}
    for field, label in (("agreement_max_fee_discount_bp", "multa e juros"),
                         ("agreement_max_principal_discount_bp", "valor principal")):
        if not 0 <= getattr(s, field) <= 10_000:
            errors[field] = f"Desconto máximo sobre {label}: entre 0% e 100%."
    if not 100 <= s.agreement_min_installment_cents <= 100_000_00:
        errors["agreement_min_installment_cents"] = (
            f"Parcela mínima do acordo: entre {format_brl(100)} e {format_brl(100_000_00)}.")
    if not 1 <= s.agreement_max_installments <= 24:
        errors["agreement_max_installments"] = "Máximo de parcelas do acordo: de 1 a 24."
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


def _loyalty_errors(s) -> dict[str, str]:
    errors: dict[str, str] = {}
    mins = (s.loyalty_bronze_min, s.loyalty_silver_min, s.loyalty_gold_min)
    if not 1 <= mins[0] < mins[1] < mins[2] <= 200:
        errors["loyalty_gold_min"] = (
            "As parcelas pagas em dia para cada nível devem crescer: Bronze < Prata < Ouro.")
    for field in ("loyalty_bronze_bp", "loyalty_silver_bp", "loyalty_gold_bp"):
        if not 0 <= getattr(s, field) <= MAX_TIER_DISCOUNT_BP:
            errors[field] = "Desconto de fidelidade entre 0% e 50%."
    return errors
