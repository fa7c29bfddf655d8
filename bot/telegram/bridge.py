"""What the bridge does with each Telegram update.

Updates reach `on_update` one at a time, in order (PTB's default); it only sorts them and queues
the work per chat (bot/channels/kit/ordered.py), so a slow answer in one chat never holds up the
others and the messages of one chat are answered in order. Message texts are never logged.
"""
from __future__ import annotations

import logging
from typing import Optional

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.channels.answering import NOT_ANSWERED
from bot.channels.kit.contract import command_payload, location_text, unreadable_answer
from bot.channels.kit.ordered import ConversationQueues
from bot.channels.pseudonyms import pseudonym
from bot.channels.rate_limit import SLOW_DOWN, ChatRateLimiter, Verdict

from . import texts
from .callback_store import CallbackStore
from .rasa_client import RasaClient, RasaUnavailable
from .rendering import TextOut, render
from .sending import NotDelivered, TelegramSender

LOGGER = logging.getLogger(__name__)

# Telegram's kinds of messages the bot cannot read (the attribute set on the message) → the
# contract's kinds: the resident gets a kind answer, Rasa gets nothing.
UNREADABLE_KINDS = {"voice": "voice", "audio": "audio", "photo": "image", "sticker": "sticker",
                    "document": "document", "video": "video", "video_note": "video",
                    "animation": "video", "contact": "contact", "poll": "poll", "dice": "dice",
                    "game": "game"}


def sender_id(chat_id: int) -> str:
    """The conversation id: a pseudonym of the chat, not the chat id (which is not a secret)."""
    return pseudonym("telegram", str(chat_id))


def rasa_text(message: Message) -> Optional[str]:
    """What to send to Rasa for this message; None when the bot cannot read it."""
    if message.text:
        return command_payload(message.text) or message.text
    location = message.venue.location if message.venue else message.location
    if location:
        return location_text(location.latitude, location.longitude)
    return None


def unreadable_kind(message: Message) -> Optional[str]:
    """The contract's kind of a message the bot cannot read ("voice", "image"…), else None."""
    return next((kind for name, kind in UNREADABLE_KINDS.items() if getattr(message, name, None)), None)


class Bridge:
    def __init__(self, rasa: RasaClient, store: CallbackStore, sender: TelegramSender,
                 queues: ConversationQueues, limiter: ChatRateLimiter) -> None:
        self.rasa = rasa
        self.store = store
        self.sender = sender
        self.queues = queues
        self.limiter = limiter

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:
            return  # the bot talks with one resident at a time, not in groups
        query = update.callback_query
        if query is not None:
            # Stops the button's spinner; done aside so that the next updates are not held up.
            context.application.create_task(self._answer_query(query))
        verdict = self.limiter.check(chat.id)
        if verdict is Verdict.IGNORE:
            return
        if verdict is Verdict.WARN:
            LOGGER.info("a chat went over the rate limit")
            self.queues.submit(chat.id, lambda: self._say(chat.id, SLOW_DOWN))
            return
        if query is not None:
            payload = self.store.payload(query.data)
            if payload is None:
                self.queues.submit(chat.id, lambda: self._say(chat.id, texts.UNKNOWN_BUTTON))
            else:
                self.queues.submit(chat.id, lambda: self._relay(chat.id, payload))
            return
        message = update.message
        if message is None:
            return  # edits and other update kinds are not conversations
        text = rasa_text(message)
        unreadable = unreadable_kind(message) if text is None else None
        if text is not None:
            self.queues.submit(chat.id, lambda: self._relay(chat.id, text))
        elif unreadable is not None:
            self.queues.submit(chat.id, lambda: self._say(chat.id, unreadable_answer(unreadable)))

    async def _answer_query(self, query) -> None:
        try:
            await query.answer()
        except TelegramError:
            pass  # the spinner stops by itself after a while

    async def _relay(self, chat_id: int, text: str) -> None:
        await self.sender.typing(chat_id)
        try:
            answers = await self.rasa.send(sender_id(chat_id), text)
        except RasaUnavailable as error:
            LOGGER.error("Rasa did not answer (%s): the resident is asked to try again", error)
            await self._say(chat_id, NOT_ANSWERED)
            return
        if not answers:  # no bot message for a resident's message is a failure too
            LOGGER.error("Rasa gave no answer: the resident is asked to try again")
            await self._say(chat_id, NOT_ANSWERED)
            return
        items = render(answers)
        LOGGER.info("message relayed: %d answers, %d Telegram messages", len(answers), len(items))
        for item in items:
            try:
                await self.sender.send(chat_id, item)
            except NotDelivered as error:
                LOGGER.error("an answer could not be delivered (%s)", error)
                if not error.only_this_message:
                    return  # blocked by the resident or Telegram unreachable: the rest would fail too

    async def _say(self, chat_id: int, text: str) -> None:
        try:
            await self.sender.send(chat_id, TextOut(text))
        except NotDelivered as error:
            LOGGER.error("a message could not be delivered (%s)", error)
