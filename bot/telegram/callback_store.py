"""Button payloads <-> Telegram callback data, which Telegram limits to 64 bytes.

A short payload travels as is ("p:/aide"). A longer one (`/informer{"besoin": "emploi"}` and
the like) travels as a key ("k:" + 16 characters of its SHA-256) kept in a SQLite table, so
that buttons still work after the bridge restarts. The key depends only on the payload: the
same button always gets the same key and the table grows with the distinct payloads only.
"""
from __future__ import annotations

import base64
import hashlib
import sqlite3
import time
from pathlib import Path
from typing import Optional

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit
DIRECT, KEYED = "p:", "k:"
KEY_LENGTH = 16  # 96 bits: collisions are out of reach; one is still handled below
# Keys unused for this long are forgotten (their old buttons then get a kind answer).
RETENTION_SECONDS = 365 * 24 * 3600


def _key(payload: str, length: int) -> str:
    digest = hashlib.sha256(payload.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:length]


class CallbackStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, used only from the event loop's thread; each write commits at once.
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS callback_payloads ("
            " key TEXT PRIMARY KEY, payload TEXT NOT NULL, used_at REAL NOT NULL)")
        self._db.execute("DELETE FROM callback_payloads WHERE used_at < ?",
                         (time.time() - RETENTION_SECONDS,))

    def close(self) -> None:
        self._db.close()

    def callback_data(self, payload: str) -> str:
        """The callback data (≤ 64 bytes) for a button sending `payload`."""
        direct = DIRECT + payload
        if len(direct.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
            return direct
        for length in range(KEY_LENGTH, 44):  # longer keys only after a collision
            key = _key(payload, length)
            row = self._db.execute("SELECT payload FROM callback_payloads WHERE key = ?",
                                   (key,)).fetchone()
            if row is None or row[0] == payload:
                self._db.execute(
                    "INSERT INTO callback_payloads (key, payload, used_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET used_at = excluded.used_at",
                    (key, payload, time.time()))
                return KEYED + key
        raise RuntimeError("no free callback key")  # would take a SHA-256 collision

    def payload(self, callback_data: Optional[str]) -> Optional[str]:
        """The payload of a pressed button; None for data this bridge did not make or forgot."""
        if not callback_data:
            return None
        if callback_data.startswith(DIRECT) and len(callback_data) > len(DIRECT):
            return callback_data[len(DIRECT):]
        if callback_data.startswith(KEYED):
            row = self._db.execute("SELECT payload FROM callback_payloads WHERE key = ?",
                                   (callback_data[len(KEYED):],)).fetchone()
            return row[0] if row else None
        return None
