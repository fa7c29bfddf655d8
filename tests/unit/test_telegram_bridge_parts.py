"""Small parts of the Telegram bridge: commands, locations, settings, ordering, retries."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from telegram import Message
from telegram.error import BadRequest, RetryAfter, TimedOut

from bot.telegram import sending
from bot.telegram.bridge import command_text, is_unsupported, rasa_text
from bot.telegram.chat_queues import ChatQueues
from bot.telegram.settings import SettingsError, load


def _message(**content) -> Message:
    return Message.de_json({"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
                            **content}, None)


def test_commands_become_what_rasa_understands() -> None:
    assert command_text("/start") == "/saluer"
    assert command_text("/start parametre") == "/saluer"
    assert command_text("/aide@aiguillage_bot") == "/aide"
    assert command_text("/RECOMMENCER") == "/recommencer"
    assert command_text("/effacer") == "/effacer_donnees"
    assert command_text("/inconnue") is None
    assert command_text("bonjour") is None


def test_location_becomes_an_informer_message_with_json_numbers() -> None:
    text = rasa_text(_message(location={"latitude": 48.9123, "longitude": 2.3801}))
    assert text.startswith("/informer{")
    assert json.loads(text[len("/informer"):]) == {"latitude": 48.9123, "longitude": 2.3801}


def test_voice_and_photo_are_not_forwarded() -> None:
    voice = _message(voice={"file_id": "v", "file_unique_id": "v", "duration": 3})
    photo = _message(photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
                     caption="regardez")
    for message in (voice, photo):
        assert rasa_text(message) is None and is_unsupported(message)


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


async def test_one_chat_in_order_chats_side_by_side() -> None:
    done = []
    release_a = asyncio.Event()

    def job(chat: str, number: int, wait: bool = False):
        async def run() -> None:
            if wait:
                await release_a.wait()
            done.append((chat, number))
        return run

    queues = ChatQueues()
    queues.submit("a", job("a", 1, wait=True))
    queues.submit("a", job("a", 2))
    queues.submit("b", job("b", 1))
    await asyncio.sleep(0.01)
    assert done == [("b", 1)]  # chat b did not wait for chat a
    release_a.set()
    while queues.busy_chats:
        await asyncio.sleep(0.01)
    assert done == [("b", 1), ("a", 1), ("a", 2)]


async def test_a_failing_job_does_not_stop_the_chat() -> None:
    done = []

    async def failing() -> None:
        raise RuntimeError("boom")

    async def next_one() -> None:
        done.append("suite")

    queues = ChatQueues()
    queues.submit("a", failing)
    queues.submit("a", next_one)
    while queues.busy_chats:
        await asyncio.sleep(0.01)
    assert done == ["suite"]


async def test_flood_and_network_errors_are_retried(monkeypatch) -> None:
    waits = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(sending.asyncio, "sleep", no_sleep)
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

    monkeypatch.setattr(sending.asyncio, "sleep", no_sleep)

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
    assert len(calls) == sending.ATTEMPTS
