"""Staff login attempts: slowed after a few failures from one address, then refused for a while.

The staff page is protected by one password; guessing it must cost a lot. After SLOW_AFTER
failures within WINDOW seconds each new answer waits DELAY_SECONDS; after LOCK_AFTER failures the
address is refused for LOCK_SECONDS, even with the right password. A success clears the address.
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable, Deque, Dict

SLOW_AFTER = 5
LOCK_AFTER = 10
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
DELAY_SECONDS = 2.0


class FailedLogins:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: Dict[str, Deque[float]] = {}
        self._locked_until: Dict[str, float] = {}

    def locked(self, address: str) -> bool:
        until = self._locked_until.get(address)
        if until is None:
            return False
        if self._clock() >= until:
            del self._locked_until[address]
            self._failures.pop(address, None)
            return False
        return True

    def failed(self, address: str) -> float:
        """Records a failure; returns how long to wait before answering."""
        now = self._clock()
        failures = self._failures.setdefault(address, deque())
        while failures and failures[0] < now - WINDOW_SECONDS:
            failures.popleft()
        failures.append(now)
        if len(failures) >= LOCK_AFTER:
            self._locked_until[address] = now + LOCK_SECONDS
        return DELAY_SECONDS if len(failures) >= SLOW_AFTER else 0.0

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)
