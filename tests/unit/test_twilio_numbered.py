"""The Twilio channel adapted to Aiguillage: numbered choices, data messages, locations,
signatures. The webhook is served by a real Sanic server on 127.0.0.1; what would go to
Twilio's API is collected by overriding the one method that calls it."""
from __future__ import annotations

from typing import Any, AsyncIterator, Dict, List, Tuple

import aiohttp
import pytest
from twilio.request_validator import RequestValidator

from bot.channels.answering import NOT_ANSWERED
from bot.channels.kit.text import CHOICE_HINT
from bot.channels.twilio_numbered import (
    MAX_SMS_PER_MESSAGE, TwilioNumberedInput, TwilioNumberedOutput, location_payload,
)
from bot.channels.pseudonyms import pseudonym
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio import TwilioOutput
from tests.support.blueprint_server import serving

AUTH_TOKEN = "jeton-twilio-de-test"


class CollectingOutput(TwilioNumberedOutput):
    def __init__(self) -> None:
        super().__init__("AC-test", AUTH_TOKEN, "+33100000000")
        self.sent: List[Dict[str, Any]] = []

    async def _send_message(self, message_data: Dict[str, Any]) -> None:
        self.sent.append(dict(message_data))


async def test_choices_are_one_numbered_message_without_payloads():
    output = CollectingOutput()
    await output.send_text_with_buttons("+33612345678", "Que cherchez-vous ?", [
        {"title": "Un emploi", "payload": '/informer{"besoin": "emploi"}'},
        {"title": "Une formation", "payload": "/x"}])
    assert [m["body"] for m in output.sent] == [f"Que cherchez-vous ?\n1. Un emploi\n2. Une formation\n{CHOICE_HINT}"]


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
    assert location_payload("/locationData{'Latitude': 148.9,'Longitude': 2.3}") == \
        "/locationData{'Latitude': 148.9,'Longitude': 2.3}"  # not a place: left as it came


@pytest.fixture
def twilio_api(monkeypatch) -> List[Dict[str, Any]]:
    """What would go to Twilio's API (the only method that calls it)."""
    sent: List[Dict[str, Any]] = []

    async def collect(self, message_data: Dict[str, Any]) -> None:
        sent.append(dict(message_data, to=self.to or message_data["to"]))

    monkeypatch.setattr(TwilioOutput, "_send_message", collect)
    return sent


@pytest.fixture
async def webhook(twilio_api) -> AsyncIterator[Tuple[str, List[UserMessage]]]:
    received: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        if message.text == "panne":
            raise ConnectionError("the action server is down")
        await message.output_channel.send_response(message.sender_id, {"text": "Bien reçu."})

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
    [message] = received
    assert (message.text, message.input_channel) == ("2", "twilio")
    assert message.sender_id == pseudonym("twilio", "+33612345678")  # never the number itself
    assert "33612345678" not in message.sender_id

    # A shared location (WhatsApp through Twilio) reaches the bot as its payload.
    location = {"From": "whatsapp:+33612345678", "Latitude": "48.9146", "Longitude": "2.3821"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, location)
    async with aiohttp.ClientSession() as http:
        async with http.post(url, data=location, headers={"X-Twilio-Signature": signature}) as signed:
            assert signed.status == 204
    assert received[-1].text == '/informer{"latitude": 48.9146, "longitude": 2.3821}'


async def test_the_answer_goes_to_the_number_and_a_failure_is_said(webhook, twilio_api):
    url, received = webhook
    for body in ("2", "panne"):
        form = {"From": "+33612345678", "Body": body}
        signature = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
        async with aiohttp.ClientSession() as http:
            async with http.post(url, data=form, headers={"X-Twilio-Signature": signature}) as signed:
                assert signed.status == 204
    assert [(m["to"], m["body"]) for m in twilio_api] == [("+33612345678", "Bien reçu."),
                                                          ("+33612345678", NOT_ANSWERED)]


async def test_one_message_in_never_costs_more_than_a_few_sms_out(twilio_api):
    output = TwilioNumberedOutput("AC-test", AUTH_TOKEN, "+33100000000", to="+33612345678")
    for i in range(MAX_SMS_PER_MESSAGE + 5):
        await output.send_response("twilio-pseudonyme", {"text": f"message {i}"})
    assert len(twilio_api) == MAX_SMS_PER_MESSAGE
    assert {m["to"] for m in twilio_api} == {"+33612345678"}
