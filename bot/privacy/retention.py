"""How long conversations are kept, and deleting the older ones (the daily purge).

Conversations are deleted once their latest message is older than RETENTION_DAYS days (30 by
default): with it go the situation slots (age, commune, obstacles…) kept for the orientation.
"""
from __future__ import annotations

import os
import time
from typing import Optional

import sqlalchemy as sa

DEFAULT_RETENTION_DAYS = 30
SECONDS_PER_DAY = 86_400


def retention_days() -> int:
    """RETENTION_DAYS from the environment (a whole number of days, at least 1), else 30."""
    raw = os.environ.get("RETENTION_DAYS", "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"RETENTION_DAYS vaut « {raw} » : écrivez un nombre entier de jours, au moins 1")
    return int(raw)


def tracker_database_url() -> str:
    """The tracker store's database, from the same variables as endpoints.yml."""
    url = os.environ.get("TRACKER_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{os.environ.get('TRACKER_DB') or 'var/tracker.db'}"


def purge_conversations(database_url: str, days: int, now: Optional[float] = None) -> int:
    """Deletes the conversations whose latest event is older than `days`; returns how many."""
    cutoff = (now if now is not None else time.time()) - days * SECONDS_PER_DAY
    engine = sa.create_engine(database_url)
    try:
        if not sa.inspect(engine).has_table("events"):
            return 0  # the bot never stored anything here yet
        events = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))
        stale = (sa.select(events.c.sender_id)
                 .group_by(events.c.sender_id)
                 .having(sa.func.max(events.c.timestamp) < cutoff))
        with engine.begin() as connection:
            senders = [row[0] for row in connection.execute(stale)]
            for start in range(0, len(senders), 500):  # bounded IN lists
                batch = senders[start:start + 500]
                connection.execute(sa.delete(events).where(events.c.sender_id.in_(batch)))
        return len(senders)
    finally:
        engine.dispose()
