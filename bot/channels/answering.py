"""Every resident's message gets an answer: when the bot cannot give one (the action server
down or hung, the conversations' database or Redis away, any error), the channel says so in
French, with what to do, instead of leaving the resident with silence: within the action
server's time-out (bot/serve.py) for the action server, at once for a database that refuses,
after ANSWER_SECONDS for anything that hangs.

The conversation is not lost: nothing of the failed turn is saved, the next message goes on
from where it was.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, Optional

if TYPE_CHECKING:  # the Telegram bridge imports this module without loading Rasa
    from rasa.core.channels.channel import UserMessage

from bot import settings
from bot.channels.rate_limit import SLOW_DOWN, ChatRateLimiter, Verdict
from bot.unavailable import ActionsUnavailable, ConversationsUnavailable
from bot.understanding.payloads import clean_payload

logger = logging.getLogger(__name__)

NOT_ANSWERED = (
    "Désolé, je n'arrive pas à vous répondre pour le moment. Réessayez dans quelques minutes en "
    "renvoyant votre message, ou appelez France Travail au 39 49 (appel gratuit)."
)
# A failing part of the bot fails the message within seconds (bot/unavailable.py); this bound is
# for what hangs elsewhere (bot/settings.py says why its default is 75 s).
ANSWER_SECONDS = settings.current().answer_timeout_seconds

Handler = Callable[["UserMessage"], Awaitable[Any]]


def never_silent(on_new_message: Handler, limiter: Optional[ChatRateLimiter] = None) -> Handler:
    """`on_new_message` that always sends at least one bot message to the resident, that lets
    through only the button payloads the bot accepts (bot/understanding/payloads.py), and at most
    MAX_MESSAGES per conversation and per minute (the first one over is told to wait, the next
    ones get nothing: a flood of SMS does not become a flood of billed answers)."""
    limiter = limiter or ChatRateLimiter()

    async def handle(message: "UserMessage") -> None:
        verdict = limiter.check(message.sender_id)
        if verdict is not Verdict.ACCEPT:
            logger.warning("A conversation sends too many messages: %s", verdict.value)
            if verdict is Verdict.WARN:
                await message.output_channel.send_response(message.sender_id, {"text": SLOW_DOWN})
            return
        message.text = clean_payload(message.text)
        channel = message.output_channel
        send = channel.send_response
        sent = 0

        async def counted(recipient_id: str, bot_message: Dict[str, Any]) -> None:
            nonlocal sent
            sent += 1
            await send(recipient_id, bot_message)

        channel.send_response = counted
        try:
            await asyncio.wait_for(on_new_message(message), ANSWER_SECONDS)
        except asyncio.TimeoutError:
            logger.error("No answer within %.0f s: the resident is told to try again.", ANSWER_SECONDS)
        except (Exception, ActionsUnavailable, ConversationsUnavailable) as error:  # never the text
            logger.error("The message could not be handled (%s): the resident is told to try again.",
                         type(error).__name__)
        finally:
            channel.send_response = send
        if not sent:
            await send(message.sender_id, {"text": NOT_ANSWERED})

    return handle
