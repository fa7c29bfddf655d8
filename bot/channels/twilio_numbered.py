"""Rasa's built-in Twilio channel (SMS, or WhatsApp through Twilio), made fit for Aiguillage.

Twilio shows no buttons. Rasa's own TwilioOutput sends each button as a separate message
"1: Titre (payload)", showing the raw payload, and hands the cards' `{"fiche": …}` data to
Twilio's client, which raises: the conversation stops at the first card. This subclass sends
the question and its numbered choices in one message (the bot understands the number typed,
see actions/numbered_choice.py), sends only the map link of a card's data, passes a shared
location as the bot expects it (all three from the channel kit, bot/channels/kit/), and refuses
requests that do not carry Twilio's signature.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from twilio.request_validator import RequestValidator

from bot.channels.answering import never_silent
from bot.channels.kit.contract import buttons_of, location_text, read_fiche
from bot.channels.kit.text import numbered_choices
from bot.channels.pseudonyms import pseudonym

logger = logging.getLogger(__name__)

# Three cards with their map links and the menu: about 8 messages; never more for one message in.
MAX_SMS_PER_MESSAGE = 10
# What Rasa's TwilioInput makes of a location: /locationData{'Latitude': 48.9,'Longitude': 2.3}
_RASA_LOCATION = re.compile(r"/locationData\{'Latitude': ?([-\d.]+), ?'Longitude': ?([-\d.]+)\}")


def location_payload(text: Optional[str]) -> Optional[str]:
    """Rasa's location text → the bot's `/informer{"latitude": …, "longitude": …}`."""
    found = _RASA_LOCATION.fullmatch(text or "")
    return (location_text(*found.groups()) if found else None) or text


class TwilioNumberedOutput(TwilioOutput):
    """Sends to the resident's own number (`to`): the conversation id is only its pseudonym. One
    output per resident's message, which sends at most MAX_SMS_PER_MESSAGE messages: every SMS is
    billed, and a message in must not cost an unbounded number out."""

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text], twilio_number: Optional[Text],
                 to: Optional[Text] = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.to = to
        self.sent = 0

    async def _send_message(self, message_data: Dict[Text, Any]) -> Any:
        if self.sent >= MAX_SMS_PER_MESSAGE:
            logger.warning("SMS not sent: already %d answers to this message", self.sent)
            return None
        self.sent += 1
        if self.to:
            message_data = {**message_data, "to": self.to}
        return await super()._send_message(message_data)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        titles = [button.title for button in buttons_of(buttons)]
        await self.send_text_message(recipient_id, numbered_choices(text, titles))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        fiche = read_fiche(json_message)
        if fiche is not None and fiche.map_url:  # the card's text has everything else
            await self.send_text_message(recipient_id, f"Plan : {fiche.map_url}")


class TwilioNumberedInput(TwilioInput):
    """In credentials.yml: `bot.channels.twilio_numbered.TwilioNumberedInput` with account_sid,
    auth_token, twilio_number and, behind a proxy, webhook_url (the URL Twilio calls)."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TwilioNumberedInput":
        if not credentials:
            cls.raise_missing_credentials_exception()
        channel = cls(credentials.get("account_sid"), credentials.get("auth_token"),
                      credentials.get("twilio_number"), debug_mode=False)
        channel.webhook_url = credentials.get("webhook_url") or None
        return channel

    webhook_url: Optional[str] = None

    def signature_is_valid(self, request: Request) -> bool:
        if not self.auth_token:
            return False
        url = self.webhook_url or request.url
        params = {key: request.form.get(key) for key in request.form}
        return RequestValidator(self.auth_token).validate(
            url, params, request.headers.get("X-Twilio-Signature", ""))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        answer = never_silent(on_new_message)

        async def as_pseudonym(message: UserMessage) -> Any:
            number = message.sender_id  # Twilio's "From": the resident's phone number
            message.text = location_payload(message.text)
            message.sender_id = pseudonym("twilio", number)  # the conversation never holds the number
            message.output_channel = TwilioNumberedOutput(self.account_sid, self.auth_token,
                                                          self.twilio_number, to=number)
            return await answer(message)

        webhook = super().blueprint(as_pseudonym)

        @webhook.middleware("request")
        async def check_signature(request: Request) -> Optional[response.HTTPResponse]:
            if request.method == "POST" and not self.signature_is_valid(request):
                logger.warning("Twilio request refused: missing or wrong X-Twilio-Signature")
                return response.text("signature invalide", status=403)
            return None

        return webhook

    def get_output_channel(self) -> OutputChannel:
        return TwilioNumberedOutput(self.account_sid, self.auth_token, self.twilio_number)
