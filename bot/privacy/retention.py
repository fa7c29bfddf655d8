"""How long conversations are kept, and deleting the older ones (the daily purge).

Conversations are deleted once their latest message is older than RETENTION_DAYS days (30 by
default): with it go the situation slots (age, commune, obstacles…) kept for the orientation.
"""
from __future__ import annotations

import time
from typing import Optional

import sqlalchemy as sa

from bot import settings

SECONDS_PER_DAY = 86_400


def retention_days() -> int:
    """The retention the greeting announces and the purge applies (ValueError when RETENTION_DAYS is wrong)."""
    return settings.current().retention_days


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
