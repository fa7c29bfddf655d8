"""Small parts of the Telegram bridge: commands, locations, unreadable messages, settings, retries."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from telegram import Message
from telegram.error import BadRequest, RetryAfter, TimedOut

from bot.channels.kit import retry
from bot.telegram import sending
from bot.telegram.bridge import rasa_text, unreadable_kind
from bot.telegram.settings import SettingsError, load


def _message(**content) -> Message:
    return Message.de_json({"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
                            **content}, None)


def test_commands_become_what_rasa_understands() -> None:
    # The mapping itself is the kit's (tests/unit/test_channel_kit_contract.py).
    assert rasa_text(_message(text="/start")) == "/saluer"
    assert rasa_text(_message(text="/aide@aiguillage_bot")) == "/aide"
    assert rasa_text(_message(text="/effacer")) == "/effacer_donnees"
    assert rasa_text(_message(text="/inconnue")) == "/inconnue"  # typed text: cleaned by the REST channel
    assert rasa_text(_message(text="bonjour")) == "bonjour"


def test_location_becomes_an_informer_message_with_json_numbers() -> None:
    text = rasa_text(_message(location={"latitude": 48.9123, "longitude": 2.3801}))
    assert text.startswith("/informer{")
    assert json.loads(text[len("/informer"):]) == {"latitude": 48.9123, "longitude": 2.3801}


def test_voice_and_photo_are_not_forwarded() -> None:
    voice = _message(voice={"file_id": "v", "file_unique_id": "v", "duration": 3})
    photo = _message(photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
                     caption="regardez")
    for message, kind in ((voice, "voice"), (photo, "image")):
        assert rasa_text(message) is None and unreadable_kind(message) == kind
    assert unreadable_kind(_message(text="bonjour")) is None


def test_settings_defaults_and_errors(tmp_path: Path) -> None:
    settings = load({"TELEGRAM_TOKEN": "123:abc"})
    assert settings.api_base_url == "https://api.telegram.org" and settings.webhook is None
    assert settings.bot_api_url == "https://api.telegram.org/bot"
    assert settings.rasa_url == "http://127.0.0.1:5005"
    with pytest.raises(SettingsError, match="TELEGRAM_TOKEN"):
        load({})
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        load({"TELEGRAM_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://exemple.org/tg"})
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        load({"TELEGRAM_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://exemple.org/tg",
              "TELEGRAM_WEBHOOK_SECRET": "pas d'espaces"})
    with pytest.raises(SettingsError, match="32 à 256"):  # a one-character secret is guessed at once
        load({"TELEGRAM_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://exemple.org/tg",
              "TELEGRAM_WEBHOOK_SECRET": "x"})
    webhook = load({"TELEGRAM_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://exemple.org/tg/maj",
                    "TELEGRAM_WEBHOOK_SECRET": "s3cret_-x" * 4}).webhook
    assert (webhook.path, webhook.listen, webhook.port) == ("tg/maj", "127.0.0.1", 8443)
    with pytest.raises(SettingsError, match="RASA_URL"):
        load({"TELEGRAM_TOKEN": "1:a", "RASA_URL": "localhost:5005"})


async def test_flood_and_network_errors_are_retried(monkeypatch) -> None:
    waits = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(retry.asyncio, "sleep", no_sleep)
    errors = [RetryAfter(3), TimedOut()]

    async def call() -> str:
        if errors:
            raise errors.pop(0)
        return "envoyé"

    assert await sending.with_retries(call) == "envoyé"
    assert waits == [3.5, 2.0]


async def test_bad_request_is_not_retried_and_retries_are_bounded(monkeypatch) -> None:
    async def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(retry.asyncio, "sleep", no_sleep)

    async def refused() -> None:
        raise BadRequest("Bad Request: chat not found")

    with pytest.raises(sending.NotDelivered) as error:
        await sending.with_retries(refused)
    assert error.value.only_this_message

    calls = []

    async def down() -> None:
        calls.append(1)
        raise TimedOut()

    with pytest.raises(sending.NotDelivered):
        await sending.with_retries(down)
    assert len(calls) == sending.RETRY.attempts
