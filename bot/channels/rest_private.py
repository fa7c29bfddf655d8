"""Rasa's REST channel, for this machine's own clients (the Telegram bridge, `make chat`, tests).

It is not routed to the internet (deploy/nginx), and even where it is reachable it will not act
as another channel's conversation: an id reserved to a channel ("telegram-…", "whatsapp-…",
"twilio-…") is refused unless the request shows the channel token (pseudonyms.channel_token, sent
by the Telegram bridge in X-Aiguillage-Channel). Any message gets an answer (answering.py).
"""
from __future__ import annotations

import hmac
import logging
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot.channels.answering import never_silent
from bot.channels.pseudonyms import CHANNEL_HEADER, RESERVED_PREFIXES, channel_token

logger = logging.getLogger(__name__)

MAX_SENDER_LENGTH = 128
REFUSED = "Cette conversation n'est pas accessible par ce canal."
BAD_REQUEST = "Envoyez un objet JSON {\"sender\": \"…\", \"message\": \"…\"}."


def may_use(sender: Any, token: Optional[str]) -> bool:
    """A conversation id this request may speak as."""
    if not isinstance(sender, str) or not sender or len(sender) > MAX_SENDER_LENGTH:
        return False
    if sender.startswith(RESERVED_PREFIXES):
        return bool(token) and hmac.compare_digest(token.encode(), channel_token().encode())
    return True


class PrivateRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()  # not what the client says it is

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(never_silent(on_new_message))

        @webhook.middleware("request")
        async def check_sender(request: Request) -> Optional[response.HTTPResponse]:
            if request.method != "POST":
                return None
            try:
                body = request.json
            except InvalidUsage:
                body = None
            if not isinstance(body, dict) or not isinstance(body.get("message"), str):
                return response.json({"erreur": BAD_REQUEST}, status=400)
            if not may_use(body.get("sender"), request.headers.get(CHANNEL_HEADER)):
                logger.warning("REST message refused: a conversation id this request may not use")
                return response.json({"erreur": REFUSED}, status=403)
            return None

        return webhook
