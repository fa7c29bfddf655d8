"""Sends the rendered answers to Telegram, waiting out flood limits and network hiccups with
the channels' retry policy (bot/channels/kit/retry.py)."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Awaitable, Callable, Optional, Union

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.channels.kit.retry import RetryPolicy

from .keyboards import choices_keyboard, map_keyboard
from .rendering import ContactOut, Outgoing, PlaceOut, TextOut

LOGGER = logging.getLogger(__name__)

# Network errors: waits of 1, 2, 4, 8 and 16 seconds between 6 attempts.
RETRY = RetryPolicy(attempts=6, first_delay=1.0, max_delay=30.0)
MAX_WAIT_SECONDS = 60.0  # a longer flood wait is cut short: the next attempt asks Telegram again


class NotDelivered(Exception):
    """Telegram refused the message, or could not be reached after every attempt."""

    def __init__(self, reason: str, only_this_message: bool = False) -> None:
        super().__init__(reason)
        # True when Telegram refused this message only (BadRequest): the next ones may go through.
        self.only_this_message = only_this_message


def _seconds(value: Union[int, float, dt.timedelta]) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def is_temporary(error: BaseException) -> bool:
    """A flood limit or the network; BadRequest is a NetworkError too, but retrying would not help."""
    return isinstance(error, RetryAfter) or (isinstance(error, NetworkError)
                                             and not isinstance(error, BadRequest))


def flood_wait(error: BaseException) -> Optional[float]:
    """The wait Telegram asks for, bounded; None for other failures (the policy's own waits)."""
    if isinstance(error, RetryAfter):
        return min(_seconds(error.retry_after) + 0.5, MAX_WAIT_SECONDS)
    return None


def _log_retry(error: BaseException, _attempt: int, wait: float) -> None:
    if isinstance(error, RetryAfter):
        LOGGER.info("Telegram flood limit: waiting %.1f s", wait)
    else:
        LOGGER.warning("Telegram unreachable (%s): new attempt in %.0f s", type(error).__name__, wait)


async def with_retries(call: Callable[[], Awaitable[Any]]) -> Any:
    """Runs one Bot API call; flood limits and network errors are retried with a bounded wait."""
    try:
        return await RETRY.call(call, is_temporary, flood_wait, _log_retry)
    except BadRequest as error:
        raise NotDelivered(type(error).__name__, only_this_message=True) from error
    except (RetryAfter, NetworkError) as error:  # still failing after the last attempt
        raise NotDelivered(f"{RETRY.attempts} attempts ({type(error).__name__})") from error
    except TelegramError as error:  # Forbidden (the resident blocked the bot) and the like
        raise NotDelivered(type(error).__name__) from error


class TelegramSender:
    def __init__(self, bot: Bot, callback_data: Callable[[str], str]) -> None:
        self._bot = bot
        self._callback_data = callback_data

    async def typing(self, chat_id: int) -> None:
        """A hint that the answer is coming; not worth a retry."""
        try:
            await self._bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError:
            pass

    async def send(self, chat_id: int, item: Outgoing) -> None:
        bot = self._bot
        if isinstance(item, TextOut):
            keyboard = choices_keyboard(item.buttons, self._callback_data)
            await with_retries(lambda: bot.send_message(chat_id, item.text, reply_markup=keyboard))
        elif isinstance(item, ContactOut):
            await with_retries(lambda: bot.send_contact(
                chat_id, phone_number=item.phone, first_name=item.name,
                reply_markup=map_keyboard(item.map_url)))
        elif isinstance(item, PlaceOut) and item.address:
            await with_retries(lambda: bot.send_venue(
                chat_id, latitude=item.latitude, longitude=item.longitude,
                title=item.title, address=item.address))
        elif isinstance(item, PlaceOut):
            await with_retries(lambda: bot.send_location(
                chat_id, latitude=item.latitude, longitude=item.longitude))
