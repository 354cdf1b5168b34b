"""First run: the welcome assistant's data, and the rule that keeps "Minha Loja" out of messages.

Rules:

- The welcome is offered once, on a database with no customers whose welcome was never seen;
  skipping it counts as seen (everything stays editable in Configurações).
- The store name is *confirmed* once she saved it (welcome or Configurações → Loja) or said
  "está certo". A name other than the default counts as confirmed (databases from before this
  rule). Until then, copying or sending a reminder warns that it would be signed "Minha Loja".
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.db import database
from app.services.configuration.settings import Settings, load_settings, save_settings
from app.services.core.changes import Topic, writes
from app.services.core.errors import ValidationError

DEFAULT_STORE_NAME = Settings.store_name


@dataclass(frozen=True)
class WelcomeInput:
    store_name: str
    owner_name: str = ""
    default_ddd: str = ""
    city: str = ""
    pix_key: str = ""


def needs_welcome(settings: Settings) -> bool:
    """True on a new database (no customers yet) whose welcome was never shown."""
    if settings.welcome_seen:
        return False
    return database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0] == 0


def store_name_unconfirmed(settings: Settings) -> bool:
    """True while messages would go out signed with a default name she never saw."""
    return not settings.store_name_confirmed and settings.store_name == DEFAULT_STORE_NAME


@writes(Topic.SETTINGS)
def save_welcome(data: WelcomeInput) -> Settings:
    """Store what she typed in the welcome (blank fields keep their current value).

    ValidationError (field → message) when the DDD or the Pix key is wrong; nothing is saved.
    """
    from app.services.br.pix import PixError, normalize_pix_key

    current = load_settings()
    changes = {"welcome_seen": 1, "store_name_confirmed": 1,
               "store_name": data.store_name.strip() or current.store_name}
    for key in ("owner_name", "default_ddd", "city"):
        value = getattr(data, key).strip()
        if value:
            changes[key] = value
    key = data.pix_key.strip()
    if key:
        try:
            changes["pix_key"] = normalize_pix_key(key)
        except PixError as exc:
            raise ValidationError({"pix_key": str(exc)}) from None
    return save_settings(current, **changes)


@writes(Topic.SETTINGS)
def skip_welcome() -> Settings:
    """"Pular": the welcome is not offered again; the store name stays unconfirmed."""
    return save_settings(load_settings(), welcome_seen=1)


@writes(Topic.SETTINGS)
def confirm_store_name() -> Settings:
    """"Está certo": she saw the store name that signs her messages."""
    return save_settings(load_settings(), store_name_confirmed=1)
