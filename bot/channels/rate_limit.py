"""At most a few messages per conversation and per minute, so that one conversation (a script, a
stuck key, a flood of SMS, each answered by several billed messages) cannot monopolise the bot.
Used by every channel (bot/channels/answering.py) and by the Telegram bridge. Each process counts
for itself: with two replicas, a conversation may send up to twice the limit.
"""
from __future__ import annotations

import enum
import time
from collections import deque
from typing import Callable, Deque, Dict, Hashable

from bot import settings

# A resident who answers every question with the buttons sends about 10 messages in a minute;
# 20 leaves room for quick typing while keeping a script or a stuck key from taking a large share
# of the bot (each message costs Rasa and the action server a few hundred milliseconds of CPU,
# and is answered by several Telegram messages, which Telegram itself limits to about one per
# second and per chat).
MAX_MESSAGES = settings.current().messages_per_minute
PERIOD_SECONDS = 60.0


class Verdict(enum.Enum):
    ACCEPT = "accept"
    WARN = "warn"      # first message over the limit: tell the resident once
    IGNORE = "ignore"  # further messages over the limit: dropped quietly


SLOW_DOWN = (
    "Vous m'envoyez beaucoup de messages à la suite : je fais une petite pause. "
    "Attendez une minute, puis écrivez-moi à nouveau."
)


class ChatRateLimiter:
    """Sliding window per chat, counting the accepted messages."""

    def __init__(self, max_messages: int = MAX_MESSAGES, period: float = PERIOD_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_messages = max_messages
        self.period = period
        self._clock = clock
        self._accepted: Dict[Hashable, Deque[float]] = {}
        self._warned: set = set()

    def check(self, chat: Hashable) -> Verdict:
        now = self._clock()
        self._forget_before(now - self.period)
        accepted = self._accepted.setdefault(chat, deque())
        if len(accepted) < self.max_messages:
            accepted.append(now)
            self._warned.discard(chat)
            return Verdict.ACCEPT
        if chat in self._warned:
            return Verdict.IGNORE
        self._warned.add(chat)
        return Verdict.WARN

    def _forget_before(self, oldest: float) -> None:
        for chat in list(self._accepted):
            times = self._accepted[chat]
            while times and times[0] <= oldest:
                times.popleft()
            if not times:
                del self._accepted[chat]
                self._warned.discard(chat)
