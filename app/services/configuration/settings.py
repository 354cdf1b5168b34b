"""Reseller settings stored as key/value text, with typed defaults.

Texts are stored cleaned (``text.clean_text``): message templates (``*_template``) and any text
typed on several lines keep their lines, other texts are one line; a folder path is stored
exactly as chosen.

The Pix receiver name follows the store name (issue 19): ``pix_name`` holds only a name she
typed that differs from the store's; "" means "the store name", so renaming the store renames
the Pix too (``receiver_name``). Saving a receiver name equal to the store name stores "",
and so does renaming the store while the receiver was that same name. An older file that
froze the default "Minha Loja" as receiver after she renamed the store loads following it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from app.models.configuration import Setting
from app.services.core.changes import Topic, writes
from app.services.core.text import clean_text


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
    # issue 19: every message ends with the store's name and CPF/CNPJ (CDC art. 42-A)
    sign_messages: int = 0
    # issue 12: acordos, desconto por antecipação, fidelidade, aniversariantes
    agreement_max_fee_discount_bp: int = 10_000  # up to 100% of multa + juros can be waived
    # principal discount: the room for any option, and what the à vista proposal gives
    agreement_max_principal_discount_bp: int = 500  # 5%; files that saved settings keep theirs
    agreement_min_installment_cents: int = 3_000  # R$ 30,00
    agreement_max_installments: int = 6
    agreement_interval: str = "monthly"
    agreement_interest_bp: int = 0  # financing interest per month on plans; 0 = none
    # issue 19: what each proposal waives of the multa + juros (within the room above)
    agreement_cash_fee_waiver_bp: int = 10_000  # à vista: all
    agreement_two_fee_waiver_bp: int = 5_000  # 2x: half
    agreement_three_fee_waiver_bp: int = 0  # 3x: none
    agreement_early_discount: int = 0  # 1 = desconto por antecipação on agreement installments
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
    # issue 22: pieces and returns
    sales_outside_store: int = 1  # door to door / WhatsApp: the CDC art. 49 seven days apply
    return_limit_days: int = 90  # a later return needs her confirmation
    # issue 23: the condicional (malinha)
    conditional_return_days: int = 2  # days she has to give the pieces back, by default
    conditional_business_days: int = 0  # 1 = those days skip weekends and holidays
    conditional_block_late: int = 0  # 1 = no new malinha for who has one late


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
    if values.get("pix_name", "").strip() in (values.get("store_name", Settings.store_name),
                                              Settings.store_name):
        values["pix_name"] = ""  # a copy of the store name (or of the default): it follows
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


@writes(Topic.SETTINGS)
def save_settings(settings: Settings, **changes) -> Settings:
    """Store ``settings`` with ``changes`` applied, in one transaction; return the result."""
    from app.services.configuration.validation import validate_settings

    updated = _receiver_follows(settings, _cleaned(replace(settings, **changes)))
    validate_settings(updated)
    with Setting._meta.database.atomic():
        for field in fields(Settings):
            Setting.replace(key=field.name, value=str(getattr(updated, field.name))).execute()
    return updated


RAW_TEXTS = frozenset({"backup_mirror_dir"})  # paths: a character less is another folder


def _cleaned(settings: Settings) -> Settings:
    """``settings`` with every text cleaned on the way in (invisible characters removed)."""
    changes = {f.name: clean_text(value, multiline=f.name.endswith("_template") or "\n" in value)
               for f in fields(Settings)
               if isinstance(value := getattr(settings, f.name), str) and f.name not in RAW_TEXTS}
    return replace(settings, **changes)


def receiver_name(settings: Settings) -> str:
    """The name the Pix code carries (before its ASCII clean-up): the receiver name she typed,
    or the store name."""
    return (settings.pix_name or "").strip() or settings.store_name


def _receiver_follows(before: Settings, after: Settings) -> Settings:
    """``after`` with ``pix_name`` cleared when it is only a copy of the store name — the
    new one, or the old one the store is being renamed from — so the Pix follows the store."""
    typed = (after.pix_name or "").strip()
    if typed and typed in (after.store_name.strip(), before.store_name.strip()):
        return replace(after, pix_name="")
    return after
