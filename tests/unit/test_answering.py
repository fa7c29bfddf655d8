"""Every channel's message handler: an answer whatever happens, payloads cleaned, floods capped."""
from __future__ import annotations

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels import answering
from bot.channels.answering import NOT_ANSWERED, never_silent
from bot.channels.rate_limit import SLOW_DOWN, ChatRateLimiter


def message(text: str = "bonjour", sender: str = "visiteur") -> UserMessage:
    return UserMessage(text, CollectingOutputChannel(), sender)


async def test_a_failure_or_no_answer_gets_the_french_apology():
    async def fails(msg):
        raise ConnectionError("action server down")

    async def says_nothing(msg):
        return None

    for handler in (fails, says_nothing):
        msg = message()
        await never_silent(handler)(msg)
        assert [m["text"] for m in msg.output_channel.messages] == [NOT_ANSWERED]


async def test_a_hung_bot_gets_the_apology_in_time(monkeypatch):
    monkeypatch.setattr(answering, "ANSWER_SECONDS", 0.05)

    async def hangs(msg):
        await asyncio.sleep(3600)

    msg = message()
    await never_silent(hangs)(msg)
    assert [m["text"] for m in msg.output_channel.messages] == [NOT_ANSWERED]


async def test_an_answer_is_passed_on_and_payloads_are_cleaned():
    seen = []

    async def answers(msg):
        seen.append(msg.text)
        await msg.output_channel.send_response(msg.sender_id, {"text": "Bonjour !"})

    msg = message('/aide{"age": 200}')
    await never_silent(answers)(msg)
    assert seen == ["/aide"] and [m["text"] for m in msg.output_channel.messages] == ["Bonjour !"]


async def test_a_flood_is_told_once_then_ignored():
    handled = []

    async def answers(msg):
        handled.append(msg.text)
        await msg.output_channel.send_response(msg.sender_id, {"text": "ok"})

    handler = never_silent(answers, ChatRateLimiter(max_messages=3, period=60))
    replies = []
    for i in range(6):
        msg = message(f"message {i}")
        await handler(msg)
        replies.append([m["text"] for m in msg.output_channel.messages])
    assert handled == ["message 0", "message 1", "message 2"]
    assert replies[3:] == [[SLOW_DOWN], [], []]
    other = message("bonjour", sender="quelqu-un-d-autre")
    await handler(other)
    assert handled[-1] == "bonjour"
