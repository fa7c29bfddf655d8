"""Without WhatsApp settings (a bot run without an account), the webhook answers 503 and does
nothing else. The channel's blueprint is served by a real Sanic server on 127.0.0.1."""
from __future__ import annotations

from typing import AsyncIterator, List

import aiohttp
import pytest

from bot.channels.whatsapp import WhatsAppInput
from rasa.core.channels.channel import UserMessage
from tests.support.blueprint_server import serving


@pytest.fixture
async def webhook_url() -> AsyncIterator[str]:
    received: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    channel = WhatsAppInput.from_credentials({"verify_token": "", "app_secret": "", "access_token": "",
                                              "phone_number_id": "", "api_base_url": ""})
    async with serving(channel.blueprint(on_new_message), "/webhooks/whatsapp") as url:
        yield url
    assert received == []  # nothing ever reaches Rasa


async def test_verification_and_messages_get_503_in_french(webhook_url: str) -> None:
    async with aiohttp.ClientSession() as http:
        params = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "123"}
        async with http.get(f"{webhook_url}/webhook", params=params) as verification:
            assert verification.status == 503
            assert "WhatsApp n'est pas configuré" in await verification.text()
        async with http.post(f"{webhook_url}/webhook", data=b'{"entry": []}',
                             headers={"X-Hub-Signature-256": "sha256=00"}) as notification:
            assert notification.status == 503
        async with http.get(f"{webhook_url}/") as health:
            assert (await health.json()) == {"status": "non configuré"}
