"""Before starting: is the token accepted? (A wrong token is a clear error, not endless retries.)"""
from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from .settings import Settings

LOGGER = logging.getLogger(__name__)
MAX_DELAY_SECONDS = 60.0


async def wait_for_telegram(settings: Settings) -> None:
    """Returns once Telegram answers; raises InvalidToken if it refuses the token. While
    Telegram cannot be reached, tries again (a bridge started before the network keeps waiting)."""
    delay = 1.0
    while True:
        bot = Bot(settings.token, base_url=settings.bot_api_url, base_file_url=settings.file_api_url)
        try:
            async with bot:  # initialize() asks getMe
                return
        except InvalidToken:
            raise
        except TelegramError as error:
            LOGGER.warning("Telegram cannot be reached (%s): new attempt in %.0f s",
                           type(error).__name__, delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, MAX_DELAY_SECONDS)
