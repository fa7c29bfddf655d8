"""Before starting: is the token accepted? (A wrong token is a clear error, not endless retries.)"""
from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.channels.kit.retry import RetryPolicy

from .settings import Settings

LOGGER = logging.getLogger(__name__)
# A bridge started before the network keeps waiting: no last attempt, waits up to a minute.
UNTIL_REACHED = RetryPolicy(attempts=None, first_delay=1.0, max_delay=60.0)


def _unreachable(error: BaseException) -> bool:
    return isinstance(error, TelegramError) and not isinstance(error, InvalidToken)


def _log_retry(error: BaseException, _attempt: int, wait: float) -> None:
    LOGGER.warning("Telegram cannot be reached (%s): new attempt in %.0f s", type(error).__name__, wait)


async def wait_for_telegram(settings: Settings) -> None:
    """Returns once Telegram answers; raises InvalidToken if it refuses the token."""
    async def ask() -> None:
        bot = Bot(settings.token, base_url=settings.bot_api_url, base_file_url=settings.file_api_url)
        async with bot:  # initialize() asks getMe
            return

    await UNTIL_REACHED.call(ask, _unreachable, on_retry=_log_retry)
