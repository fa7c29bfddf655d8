"""Conversation ids of the channels that know who writes (Telegram, WhatsApp, Twilio): a keyed
hash of the resident's own id, never the id itself.

A Telegram user id or a phone number is not a secret: used as the conversation id, anyone who
reaches Rasa could read or write that conversation by naming it. The key (PSEUDONYM_KEY) is this
purpose's own, not a channel's secret; without it (a developer's machine), one is created once in
var/pseudonym.key, readable by its owner only, so that every process of the machine agrees.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from bot import settings

KEY_FILE = Path(__file__).resolve().parents[2] / "var" / "pseudonym.key"
MIN_KEY_LENGTH = 32
# Conversation ids that only a channel of this machine may use (see rest_private.py), and the
# header with which such a channel (the Telegram bridge) shows the channel token.
RESERVED_PREFIXES = ("telegram-", "whatsapp-", "twilio-")
CHANNEL_HEADER = "X-Aiguillage-Channel"


class WeakKey(ValueError):
    pass


@lru_cache(maxsize=1)
def pseudonym_key() -> bytes:
    key = settings.current().pseudonym_key
    if key:
        if len(key) < MIN_KEY_LENGTH:
            raise WeakKey(f"PSEUDONYM_KEY doit faire au moins {MIN_KEY_LENGTH} caractères "
                          "(par exemple : openssl rand -hex 32).")
        return key.encode()
    KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    try:  # created once, atomically: two processes starting together get the same key
        fd = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return KEY_FILE.read_bytes().strip()
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32))
    return KEY_FILE.read_bytes().strip()


def pseudonym(channel: str, identifier: str) -> str:
    """"telegram-3f9a…": the same for a resident on every message, not reversible without the key."""
    digest = hmac.new(pseudonym_key(), f"{channel}:{identifier}".encode(), hashlib.sha256).hexdigest()
    return f"{channel}-{digest[:40]}"


def channel_token() -> str:
    """What a channel of this machine shows to the REST channel to use a reserved conversation id
    (the Telegram bridge): derived from the key, so there is no other secret to set."""
    return hmac.new(pseudonym_key(), b"rest-channel", hashlib.sha256).hexdigest()
