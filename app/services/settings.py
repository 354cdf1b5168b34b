"""Reseller settings stored as key/value text, with typed defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from app.models.entities import Setting


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


def load_settings() -> Settings:
    """The stored settings, with defaults for anything not yet saved."""
    stored = {row.key: row.value for row in Setting.select()}
    values = {}
    for field in fields(Settings):
        if field.name in stored:
            raw = stored[field.name]
            values[field.name] = int(raw) if field.type in ("int", int) else raw
    return Settings(**values)


def save_settings(settings: Settings, **changes) -> Settings:
    """Store ``settings`` with ``changes`` applied, in one transaction; return the result."""
    from app.services.validation import validate_settings

    updated = replace(settings, **changes)
    validate_settings(updated)
    with Setting._meta.database.atomic():
        for field in fields(Settings):
            Setting.replace(key=field.name, value=str(getattr(updated, field.name))).execute()
    return updated
