"""Reseller settings stored as key/value text, with typed defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from app.models.configuration import Setting


@dataclass(frozen=True)
class Settings:
    store_name: str = "Minha Loja"
    owner_name: str = ""
    default_ddd: str = "11"
    city: str = ""
    pix_key: str = ""
    pix_name: str = ""
    pix_city: str = ""
    late_fee_bp: int = 0  # multa in basis points (200 = 2%); 0 = off
    late_interest_bp: int = 0  # juros de mora per month in basis points; 0 = off
    default_installments: int = 3
    # issue 13: first run — the welcome was shown (or skipped); she has seen the store name
    welcome_seen: int = 0
    store_name_confirmed: int = 0
    # issue 9: second backup folder (pen drive, Google Drive, OneDrive); "" = none
    backup_mirror_dir: str = ""
    # issue 11: the issuer on printed documents (CDC art. 42-A), both optional
    store_document: str = ""  # CPF or CNPJ of the store, digits
    store_address: str = ""
    # issue 12: acordos, desconto por antecipação, fidelidade, aniversariantes
    agreement_max_fee_discount_bp: int = 10_000  # up to 100% of multa + juros can be waived
    agreement_max_principal_discount_bp: int = 0  # principal discount (à vista only)
    agreement_min_installment_cents: int = 3_000  # R$ 30,00
    agreement_max_installments: int = 6
    agreement_interval: str = "monthly"
    agreement_interest_bp: int = 0  # financing interest per month on plans; 0 = none
    early_discount_bp: int = 0  # desconto por antecipação; 0 = off
    early_discount_days: int = 5  # paid at least this many days before the due date
    loyalty_bronze_min: int = 3  # months with an installment paid on time, in 12, none late
    loyalty_silver_min: int = 6
    loyalty_gold_min: int = 12
    loyalty_bronze_bp: int = 0
    loyalty_silver_bp: int = 300
    loyalty_gold_bp: int = 500
    birthday_skip_overdue_cents: int = 0  # leave out who owes more than this late; 0 = off
    birthday_template: str = (
        "Feliz aniversário, {nome}! 🎉 Muita saúde e alegria no seu dia. {fidelidade}\n"
        "Um abraço, {loja}")
    agreement_broken_template: str = (
        "Oi, {nome}. Do nosso acordo, ainda está em aberto {parcelas}. Combinamos esse acordo "
        "juntas e quero muito que ele dê certo.\nMe diga até quando consegue pagar, por "
        "favor: Pix, dinheiro ou cartão.\n{pix_copia_e_cola}\n{loja}")
    loyalty_thanks_template: str = (
        "Oi, {nome}! Recebi a última parcela do seu carnê, tudo pago em dia. Muito "
        "obrigada pela confiança! 💛 {fidelidade}\n{loja}")


def load_settings() -> Settings:
    """The stored settings, with defaults for anything not yet saved.

    Rates an older version let her save above today's legal ceilings (juros up to 10% a
    month) come back at the ceiling: that is what is charged, what the screens show, and
    what lets her save any other tab without a refusal about a field she did not touch.
    Loyalty minimums saved when tiers counted installments (up to 200) count months now:
    beyond 12 they could never be reached, so such a file gets the default 3/6/12."""
    from app.services.configuration.validation import (
        MAX_LATE_FEE_BP,
        MAX_LATE_INTEREST_BP,
        MAX_LOYALTY_MONTHS,
    )

    stored = {row.key: row.value for row in Setting.select()}
    values = {}
    for field in fields(Settings):
        if field.name in stored:
            raw = stored[field.name]
            values[field.name] = int(raw) if field.type in ("int", int) else raw
    for name, ceiling in (("late_fee_bp", MAX_LATE_FEE_BP),
                          ("late_interest_bp", MAX_LATE_INTEREST_BP),
                          ("agreement_interest_bp", MAX_LATE_INTEREST_BP)):
        if name in values:
            values[name] = min(values[name], ceiling)
    tiers = ("loyalty_bronze_min", "loyalty_silver_min", "loyalty_gold_min")
    if any(values.get(name, 0) > MAX_LOYALTY_MONTHS for name in tiers):
        for name in tiers:
            values.pop(name, None)
    return Settings(**values)


def save_settings(settings: Settings, **changes) -> Settings:
    """Store ``settings`` with ``changes`` applied, in one transaction; return the result."""
    from app.services.configuration.validation import validate_settings

    updated = replace(settings, **changes)
    validate_settings(updated)
    with Setting._meta.database.atomic():
        for field in fields(Settings):
            Setting.replace(key=field.name, value=str(getattr(updated, field.name))).execute()
    return updated
