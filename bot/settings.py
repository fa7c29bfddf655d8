"""The bot's settings, read once from the environment (see .env.example for each variable).

One frozen object for the Rasa server (bot.serve), the action server and its pages (web_pages),
the catalogue and privacy command lines. Each process reads the environment the first time a
setting is asked for (tests that change the environment call `current.cache_clear()`). The
Telegram bridge, a process of its own, has its own settings (bot/telegram/settings.py).

RETENTION_DAYS is checked where it is used (the purge, the greeting): a wrong value stops those,
not the catalogue check. CATALOG_DIR and CATALOG_WATCH, the former names, are still read.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Mapping, Tuple

DEFAULT_CATALOGUE_DIR = "services_catalogue"
DEFAULT_RETENTION_DAYS = 30


@dataclass(frozen=True)
class Settings:
    catalogue_dir: str = DEFAULT_CATALOGUE_DIR
    watch_catalogue: bool = True  # reload the catalogue when its folder changes
    staff_password: str = ""  # empty: the staff page is closed
    demo_page: bool = False  # the fictitious town hall's page (/demo/), never in production
    rasa_public_url: str = "http://127.0.0.1:5005"  # Rasa's socket.io as residents' browsers reach it
    cors_origins: Tuple[str, ...] = ()  # pages of other sites that show the widget
    bot_api_token: str = ""  # empty: Rasa's HTTP API is off
    action_timeout_seconds: float = 7.0  # how long Rasa waits for the action server
    retention_days_text: str = ""  # as written; see `retention_days`
    tracker_database_url: str = "sqlite:///var/tracker.db"
    debug: bool = False  # AIGUILLAGE_DEBUG=1: logs with the messages' text, a developer's machine only
    # The channels (bot/channels).
    pseudonym_key: str = ""  # empty: a key of this machine's own, kept in var/ (pseudonyms.py)
    messages_per_minute: int = 20  # per conversation (the bench raises it)
    new_conversations_per_hour: int = 30  # per IP address, on the widget's socket.io channel
    # A message with no answer after this gets the apology. Longer than a conversation's lock can be
    # held by a replica that died (TICKET_LOCK_LIFETIME, Rasa's, 60 s by default): waiting for it
    # is not a failure.
    answer_timeout_seconds: float = 75.0

    @classmethod
    def from_environment(cls, env: Mapping[str, str] = os.environ) -> Settings:
        def text(name: str, old_name: str = "") -> str:
            return (env.get(name) or (env.get(old_name) if old_name else "") or "").strip()

        rasa_port = text("RASA_PORT") or "5005"
        return cls(
            catalogue_dir=text("CATALOGUE_DIR", "CATALOG_DIR") or DEFAULT_CATALOGUE_DIR,
            watch_catalogue=(text("CATALOGUE_WATCH", "CATALOG_WATCH") or "1") != "0",
            staff_password=env.get("STAFF_PASSWORD", ""),  # as given: spaces may be part of it
            demo_page=text("DEMO_PAGE") == "1",
            rasa_public_url=text("RASA_PUBLIC_URL") or f"http://127.0.0.1:{rasa_port}",
            cors_origins=tuple(text("CORS_ORIGINS").split()),
            bot_api_token=env.get("BOT_API_TOKEN", ""),
            action_timeout_seconds=float(text("ACTION_TIMEOUT_SECONDS") or 7),
            retention_days_text=text("RETENTION_DAYS"),
            tracker_database_url=text("TRACKER_URL") or f"sqlite:///{text('TRACKER_DB') or 'var/tracker.db'}",
            debug=text("AIGUILLAGE_DEBUG") == "1",
            pseudonym_key=env.get("PSEUDONYM_KEY", ""),  # as given, like every secret
            messages_per_minute=int(text("MESSAGES_PER_MINUTE") or 20),
            new_conversations_per_hour=int(text("NEW_CONVERSATIONS_PER_HOUR") or 30),
            answer_timeout_seconds=float(text("ANSWER_TIMEOUT_SECONDS")
                                         or float(text("TICKET_LOCK_LIFETIME") or 60) + 15),
        )

    @property
    def retention_days(self) -> int:
        """RETENTION_DAYS (a whole number of days, at least 1), else 30; ValueError when wrong."""
        raw = self.retention_days_text
        if not raw:
            return DEFAULT_RETENTION_DAYS
        if not raw.isdigit() or int(raw) < 1:
            raise ValueError(f"RETENTION_DAYS vaut « {raw} » : écrivez un nombre entier de jours, au moins 1")
        return int(raw)


@functools.lru_cache(maxsize=1)
def current() -> Settings:
    """This process's settings, read from the environment on first use."""
    return Settings.from_environment()
