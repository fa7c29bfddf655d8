"""The one retry policy of the channels' calls to their platform (and of the Telegram bridge's
calls to Rasa): a bounded number of attempts, waits that double up to a bound, a platform's own
"retry after" honoured, and only failures that a new attempt may cure retried (a refusal is
final). Built on tenacity; each channel says what is temporary on its platform."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Awaitable, Callable, Optional, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_never

T = TypeVar("T")
IsTemporary = Callable[[BaseException], bool]
WaitHint = Callable[[BaseException], Optional[float]]  # the platform's "retry after", in seconds
OnRetry = Callable[[BaseException, int, float], None]  # (failure, attempt number, seconds to wait)


async def _pause(seconds: float) -> None:
    await asyncio.sleep(seconds)  # looked up at each call, so that tests can make it instant


def _no_hint(_: BaseException) -> Optional[float]:
    return None


def _say_nothing(_error: BaseException, _attempt: int, _wait: float) -> None:
    return None


@dataclass(frozen=True)
class RetryPolicy:
    attempts: Optional[int]  # None: until it works (a service waiting for its platform at start-up)
    first_delay: float
    max_delay: float

    def delay(self, failed_attempt: int) -> float:
        """Seconds to wait after failed attempt number `failed_attempt` (1, 2…)."""
        return min(self.first_delay * 2 ** (failed_attempt - 1), self.max_delay)

    async def call(self, operation: Callable[[], Awaitable[T]], temporary: IsTemporary,
                   wait_hint: WaitHint = _no_hint, on_retry: OnRetry = _say_nothing) -> T:
        """The result of `operation`; a temporary failure is tried again after a wait, any other
        failure, or the last attempt's, is raised as it is."""
        def wait(state: RetryCallState) -> float:
            hint = wait_hint(state.outcome.exception())
            return hint if hint is not None else self.delay(state.attempt_number)

        def before_sleep(state: RetryCallState) -> None:
            on_retry(state.outcome.exception(), state.attempt_number, state.next_action.sleep)

        async def attempt() -> T:  # tenacity awaits only what it sees as a coroutine function
            return await operation()

        retrying = AsyncRetrying(
            stop=stop_never if self.attempts is None else stop_after_attempt(self.attempts),
            wait=wait, retry=retry_if_exception(temporary), before_sleep=before_sleep,
            sleep=_pause, reraise=True)
        return await retrying(attempt)
