"""The Twilio channel adapted to Aiguillage: numbered choices, data messages, locations,
signatures. The webhook is served by a real Sanic server on 127.0.0.1; what would go to
Twilio's API is collected by overriding the one method that calls it."""
from __future__ import annotations

from typing import Any, AsyncIterator, Dict, List, Tuple

import aiohttp
import pytest
from twilio.request_validator import RequestValidator

from bot.channels.twilio_numbered import (
    CHOICE_HINT, TwilioNumberedInput, TwilioNumberedOutput, location_payload, numbered_choices,
)
from rasa.core.channels.channel import UserMessage
from tests.unit.blueprint_server import serving

AUTH_TOKEN = "jeton-twilio-de-test"


class CollectingOutput(TwilioNumberedOutput):
    def __init__(self) -> None:
        super().__init__("AC-test", AUTH_TOKEN, "+33100000000")
        self.sent: List[Dict[str, Any]] = []

    async def _send_message(self, message_data: Dict[str, Any]) -> None:
        self.sent.append(dict(message_data))


def test_choices_are_one_numbered_message_without_payloads():
    text = numbered_choices("Que cherchez-vous ?", [{"title": "Un emploi", "payload": '/informer{"besoin": "emploi"}'},
                                                    {"title": "Une formation", "payload": "/x"}])
    assert text == f"Que cherchez-vous ?\n1. Un emploi\n2. Une formation\n{CHOICE_HINT}"


async def test_output_sends_choices_in_one_message_and_ignores_card_data_without_map():
    output = CollectingOutput()
    await output.send_response("+33612345678", {"text": "Que cherchez-vous ?",
                                                "buttons": [{"title": "Un emploi", "payload": "/a"}]})
    await output.send_response("+33612345678", {"custom": {"fiche": {"telephone": "01 99 00 00 01",
                                                                     "lien_carte": None}}})
    await output.send_response("+33612345678", {"custom": {"fiche": {"lien_carte": "https://osm.example/x"}}})
    assert [m["body"] for m in output.sent] == [f"Que cherchez-vous ?\n1. Un emploi\n{CHOICE_HINT}",
                                               "Plan : https://osm.example/x"]


def test_location_becomes_the_bots_payload():
    assert location_payload("/locationData{'Latitude': 48.9146,'Longitude': 2.3821}") == \
        '/informer{"latitude": 48.9146, "longitude": 2.3821}'
    assert location_payload("bonjour") == "bonjour"


@pytest.fixture
async def webhook() -> AsyncIterator[Tuple[str, List[UserMessage]]]:
    received: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    channel = TwilioNumberedInput.from_credentials(
        {"account_sid": "AC-test", "auth_token": AUTH_TOKEN, "twilio_number": "+33100000000"})
    async with serving(channel.blueprint(on_new_message), "/webhooks/twilio") as url:
        yield f"{url}/webhook", received


async def test_signed_requests_reach_the_bot_unsigned_ones_are_refused_locations_translated(webhook):
    url, received = webhook
    form = {"From": "+33612345678", "Body": "2"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
    async with aiohttp.ClientSession() as http:
        async with http.post(url, data=form) as unsigned:
            assert unsigned.status == 403
        async with http.post(url, data=form, headers={"X-Twilio-Signature": "faux"}) as wrong:
            assert wrong.status == 403
        assert received == []
        async with http.post(url, data=form, headers={"X-Twilio-Signature": signature}) as signed:
            assert signed.status == 204
    assert [(m.sender_id, m.text, m.input_channel) for m in received] == [("+33612345678", "2", "twilio")]

    # A shared location (WhatsApp through Twilio) reaches the bot as its payload.
    location = {"From": "whatsapp:+33612345678", "Latitude": "48.9146", "Longitude": "2.3821"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, location)
    async with aiohttp.ClientSession() as http:
        async with http.post(url, data=location, headers={"X-Twilio-Signature": signature}) as signed:
            assert signed.status == 204
    assert received[-1].text == '/informer{"latitude": 48.9146, "longitude": 2.3821}'
