"""The one retry policy (bot/channels/kit/retry.py): temporary failures retried with waits that
double up to a bound, a platform's own wait honoured, refusals and the last failure raised."""
from __future__ import annotations

from typing import List, Optional

import pytest

from bot.channels.kit import retry
from bot.channels.kit.retry import RetryPolicy


class Temporary(Exception):
    pass


class Refused(Exception):
    pass


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    waited: List[float] = []

    async def no_sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(retry.asyncio, "sleep", no_sleep)
    return waited


def is_temporary(error: BaseException) -> bool:
    return isinstance(error, Temporary)


def failing(failures: List[BaseException], calls: List[int]):
    async def operation() -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "fait"
    return operation


def test_waits_double_and_are_bounded() -> None:
    policy = RetryPolicy(attempts=5, first_delay=0.5, max_delay=8.0)
    delays = [policy.delay(attempt) for attempt in range(1, 10)]
    assert delays[:5] == [0.5, 1.0, 2.0, 4.0, 8.0] and delays == sorted(delays) and max(delays) == 8.0


async def test_temporary_failures_are_retried_until_it_works(waits: List[float]) -> None:
    calls: List[int] = []
    seen = []
    policy = RetryPolicy(attempts=5, first_delay=1.0, max_delay=3.0)
    result = await policy.call(failing([Temporary(), Temporary(), Temporary()], calls), is_temporary,
                               on_retry=lambda error, attempt, wait: seen.append((type(error), attempt, wait)))
    assert result == "fait" and len(calls) == 4
    assert waits == [1.0, 2.0, 3.0]
    assert seen == [(Temporary, 1, 1.0), (Temporary, 2, 2.0), (Temporary, 3, 3.0)]


async def test_retry_gives_up_after_the_last_attempt_with_its_failure(waits: List[float]) -> None:
    calls: List[int] = []
    last = Temporary("la dernière")
    failures: List[BaseException] = [Temporary() for _ in range(3)] + [last]
    with pytest.raises(Temporary) as raised:
        await RetryPolicy(attempts=4, first_delay=1.0, max_delay=60.0).call(failing(failures, calls), is_temporary)
    assert raised.value is last and len(calls) == 4
    assert waits == [1.0, 2.0, 4.0]  # no wait after the last attempt


async def test_a_refusal_is_raised_at_once(waits: List[float]) -> None:
    calls: List[int] = []
    with pytest.raises(Refused):
        await RetryPolicy(attempts=4, first_delay=1.0, max_delay=60.0).call(
            failing([Temporary(), Refused()], calls), is_temporary)
    assert len(calls) == 2 and waits == [1.0]


async def test_the_platform_wait_comes_first(waits: List[float]) -> None:
    class Flood(Temporary):
        retry_after = 7.0

    def hint(error: BaseException) -> Optional[float]:
        return getattr(error, "retry_after", None)

    calls: List[int] = []
    policy = RetryPolicy(attempts=5, first_delay=1.0, max_delay=30.0)
    assert await policy.call(failing([Flood(), Temporary()], calls), is_temporary, hint) == "fait"
    assert waits == [7.0, 2.0]  # the flood's own wait, then the policy's for attempt 2


async def test_an_operation_returning_an_awaitable_is_awaited(waits: List[float]) -> None:
    calls: List[int] = []
    operation = failing([Temporary()], calls)
    policy = RetryPolicy(attempts=3, first_delay=1.0, max_delay=1.0)
    assert await policy.call(lambda: operation(), is_temporary) == "fait" and len(calls) == 2


async def test_without_a_last_attempt_it_waits_until_it_works(waits: List[float]) -> None:
    calls: List[int] = []
    policy = RetryPolicy(attempts=None, first_delay=1.0, max_delay=60.0)
    assert await policy.call(failing([Temporary() for _ in range(12)], calls), is_temporary) == "fait"
    assert len(calls) == 13 and waits[-1] == 60.0 and max(waits) == 60.0
