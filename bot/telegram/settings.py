"""The bridge's settings, read from the environment; a bad value is a clear French error."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit

from . import texts

DEFAULT_API_BASE_URL = "https://api.telegram.org"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_DB = "var/telegram.db"
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"  # behind a reverse proxy that terminates TLS
DEFAULT_WEBHOOK_PORT = 8443
# What Telegram accepts as a webhook secret token, and long enough not to be guessed: it is all
# that tells Telegram's requests from anyone else's.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,256}")


class SettingsError(Exception):
    """A setting is missing or wrong; the message is French and meant for the operator."""


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str
    listen: str
    port: int

    @property
    def path(self) -> str:
        """The local path Telegram posts to: the path of the public URL."""
        return urlsplit(self.url).path.strip("/")


@dataclass(frozen=True)
class Settings:
    token: str
    api_base_url: str
    rasa_url: str
    db_path: Path
    webhook: Optional[Webhook]  # None: long polling

    @property
    def bot_api_url(self) -> str:
        return f"{self.api_base_url}/bot"

    @property
    def file_api_url(self) -> str:
        return f"{self.api_base_url}/file/bot"


def _http_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"Erreur : {name} doit être une adresse http(s)://…, pas « {value} ».")
    return value.rstrip("/")


def _webhook(env: Mapping[str, str]) -> Optional[Webhook]:
    url = env.get("TELEGRAM_WEBHOOK_URL", "").strip()
    if not url:
        return None
    secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if not SECRET_PATTERN.fullmatch(secret):
        raise SettingsError(
            "Erreur : en mode webhook, TELEGRAM_WEBHOOK_SECRET est obligatoire : 32 à 256 caractères "
            "parmi A-Z, a-z, 0-9, _ et - (par exemple : openssl rand -hex 32). Telegram l'envoie avec "
            "chaque message ; les requêtes sans ce secret sont refusées.")
    port_text = env.get("TELEGRAM_WEBHOOK_PORT", "").strip() or str(DEFAULT_WEBHOOK_PORT)
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SettingsError(f"Erreur : TELEGRAM_WEBHOOK_PORT doit être un numéro de port, pas « {port_text} ».")
    listen = env.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or DEFAULT_WEBHOOK_LISTEN
    return Webhook(_http_url("TELEGRAM_WEBHOOK_URL", url), secret, listen, int(port_text))


def load(env: Mapping[str, str] = os.environ) -> Settings:
    token = env.get("TELEGRAM_TOKEN", "").strip()
    if not token:
        raise SettingsError(texts.MISSING_TOKEN)
    return Settings(
        token=token,
        api_base_url=_http_url("TELEGRAM_API_BASE_URL",
                               env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL),
        rasa_url=_http_url("RASA_URL", env.get("RASA_URL", "").strip() or DEFAULT_RASA_URL),
        db_path=Path(env.get("TELEGRAM_DB", "").strip() or DEFAULT_DB),
        webhook=_webhook(env),
    )
