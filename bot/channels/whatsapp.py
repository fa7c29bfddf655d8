"""WhatsApp channel for Rasa 3.6, through Meta's WhatsApp Cloud API.

credentials.yml: `bot.channels.whatsapp.WhatsAppInput:` with verify_token, app_secret,
access_token, phone_number_id (and optionally api_base_url), all `${VAR}` from the environment.
Webhook (set in the Meta app): https://<host>/webhooks/whatsapp/webhook

- GET  /webhook: Meta's verification handshake (echoes hub.challenge when hub.verify_token is right).
- POST /webhook: notifications, signed with the app secret (X-Hub-Signature-256); anything
  unsigned or wrongly signed gets 403 and is not read. The answer is an immediate 200 (Meta
  re-delivers otherwise); messages are handled in the background, in order for each resident.
With no settings (a bot run without a WhatsApp account), both answer 503 and do nothing else.
"""
from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass, fields
from functools import partial
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.answering import never_silent
from bot.channels.kit.contract import unreadable_answer
from bot.channels.kit.ordered import ConversationQueues
from bot.channels.pseudonyms import pseudonym
from bot.channels.whatsapp_graph import GraphClient
from bot.channels.whatsapp_inbound import Incoming, RecentIds, parse_notification
from bot.channels.whatsapp_outbound import choice_messages, location_message, text_messages
from bot.channels.whatsapp_signature import signature_is_valid

logger = logging.getLogger(__name__)

CHANNEL_NAME = "whatsapp"
# Privacy: the resident's WhatsApp id is their phone number. The Rasa conversation is keyed by a
# pseudonym (bot/channels/pseudonyms.py), so that the tracker store holds no phone number; the
# number itself only lives in the output channel of the message being answered.
# The number and the texts are never logged here.
SHUTDOWN_WAIT_SECONDS = 10.0

NOT_CONFIGURED = "WhatsApp n'est pas configuré sur ce serveur."
BAD_VERIFY_TOKEN = "Jeton de vérification incorrect."
BAD_SIGNATURE = "Signature absente ou incorrecte."
BAD_JSON = "Le corps de la requête n'est pas du JSON valide."


def sender_id(wa_id: str) -> str:
    """The conversation's pseudonym: the same for a number on every message, not reversible
    without the pseudonym key (not Meta's app secret: each key has one use)."""
    return pseudonym("whatsapp", wa_id)


@dataclass(frozen=True)
class WhatsAppSettings:
    verify_token: str = ""
    app_secret: str = ""
    access_token: str = ""
    phone_number_id: str = ""
    api_base_url: str = ""  # optional: the Graph API version in use by default

    REQUIRED = ("verify_token", "app_secret", "access_token", "phone_number_id")

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "WhatsAppSettings":
        credentials = credentials or {}
        return cls(**{f.name: str(credentials.get(f.name) or "").strip() for f in fields(cls)})

    def missing(self) -> List[str]:
        return [f"WHATSAPP_{name.upper()}" for name in self.REQUIRED if not getattr(self, name)]

    @property
    def configured(self) -> bool:
        return not self.missing()


class WhatsAppOutput(OutputChannel):
    """Sends the bot's messages to one resident through the Graph API, one after the other."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL_NAME

    def __init__(self, graph: GraphClient, wa_id: str) -> None:
        self.graph = graph
        self.wa_id = wa_id  # the number answered; Rasa's recipient id is only its pseudonym

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send(text_messages(self.wa_id, text))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        await self._send(choice_messages(self.wa_id, text, buttons))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any],
                               **kwargs: Any) -> None:
        # A contact card's `fiche` becomes a map pin when its coordinates are known; the card
        # text already carries the phone number. Other custom messages are not for WhatsApp.
        message = location_message(self.wa_id, json_message)
        if message is not None:
            await self._send([message])

    async def _send(self, messages: List[Dict[str, Any]]) -> None:
        for message in messages:  # awaited one by one: WhatsApp shows them in this order
            await self.graph.send(message)


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        settings = WhatsAppSettings.from_credentials(credentials)
        missing = settings.missing()
        if len(missing) == len(WhatsAppSettings.REQUIRED):
            logger.info("WhatsApp channel not configured: its webhook answers 503.")
        elif missing:
            logger.warning("WhatsApp channel not configured, missing %s: its webhook answers 503.",
                           ", ".join(missing))
        return cls(settings)

    def __init__(self, settings: WhatsAppSettings) -> None:
        self.settings = settings
        self.graph = GraphClient(settings.api_base_url, settings.phone_number_id, settings.access_token)
        self.recent_ids = RecentIds()
        self.queues = ConversationQueues()

    def get_output_channel(self) -> Optional[OutputChannel]:
        # Only an answer knows the resident's number (the conversation id is a pseudonym): no
        # output channel for messages the bot would send on its own (Rasa's trigger API).
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = self.settings
        queues = self.queues
        webhook = Blueprint("whatsapp_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if settings.configured else "non configuré"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not settings.configured:
                return response.text(NOT_CONFIGURED, status=503)
            token = request.args.get("hub.verify_token") or ""
            challenge = request.args.get("hub.challenge") or ""
            if (request.args.get("hub.mode") == "subscribe" and challenge
                    and hmac.compare_digest(token.encode(), settings.verify_token.encode())):
                return response.text(challenge)
            return response.text(BAD_VERIFY_TOKEN, status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not settings.configured:
                return response.text(NOT_CONFIGURED, status=503)
            body = request.body or b""
            if not signature_is_valid(settings.app_secret, body, request.headers.get("X-Hub-Signature-256")):
                return response.text(BAD_SIGNATURE, status=403)
            try:
                payload = json.loads(body)
            except ValueError:
                return response.text(BAD_JSON, status=400)
            for incoming in parse_notification(payload, settings.phone_number_id):
                if self.recent_ids.first_time(incoming.message_id):
                    queues.submit(incoming.wa_id, partial(self._handle, incoming, on_new_message))
            return response.text("ok")

        @webhook.listener("before_server_stop")
        async def finish(*_: Any) -> None:
            # Messages already acknowledged to Meta are handled before stopping, within a bound.
            if not await queues.wait_idle(SHUTDOWN_WAIT_SECONDS):
                logger.warning("Stopping with %d WhatsApp messages not handled.", queues.pending)
            await self.graph.close()

        return webhook

    async def _handle(self, incoming: Incoming,
                      on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        output = WhatsAppOutput(self.graph, incoming.wa_id)
        recipient = sender_id(incoming.wa_id)
        if incoming.unreadable:
            await output.send_text_message(recipient, unreadable_answer(incoming.unreadable))
            return
        await never_silent(on_new_message)(UserMessage(incoming.text, output, recipient, input_channel=self.name(),
                                                       message_id=incoming.message_id))
