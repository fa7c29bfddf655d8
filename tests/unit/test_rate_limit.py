"""At most MAX_MESSAGES per chat in PERIOD_SECONDS; one warning, then silence."""
from __future__ import annotations

from bot.channels.rate_limit import ChatRateLimiter, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_over_the_limit_one_warning_then_silence_then_accepted_again() -> None:
    clock = Clock()
    limiter = ChatRateLimiter(max_messages=3, period=60, clock=clock)
    verdicts = []
    for _ in range(6):
        verdicts.append(limiter.check("chat"))
        clock.now += 1
    assert verdicts == [Verdict.ACCEPT] * 3 + [Verdict.WARN, Verdict.IGNORE, Verdict.IGNORE]
    clock.now = 1000.0 + 60.5  # the first message left the window
    assert limiter.check("chat") is Verdict.ACCEPT
    assert limiter.check("chat") is Verdict.WARN  # a new warning after a new burst


def test_chats_are_counted_apart() -> None:
    limiter = ChatRateLimiter(max_messages=1, period=60, clock=Clock())
    assert limiter.check(1) is Verdict.ACCEPT
    assert limiter.check(2) is Verdict.ACCEPT
    assert limiter.check(1) is Verdict.WARN
