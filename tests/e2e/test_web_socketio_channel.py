"""The socket.io channel the web widget talks to (bot/channels/web_socketio.py), with a real
socket.io client (python-socketio) against the running Rasa: conversation rooms, the contact
cards' fiche as the event body, and no way into another conversation."""
from __future__ import annotations

import asyncio
import re
from typing import Any, Dict, List, Optional

import socketio

from .conftest import RunningBot

WAIT_SECONDS = 60  # how long to wait for the bot (not a performance assertion)
CARDS_END = "Vous voulez en savoir plus sur une adresse ?"


class WidgetLikeClient:
    """Speaks to Rasa's socket.io channel the way web/widget/aiguillage-widget.js does."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.received: "asyncio.Queue[Any]" = asyncio.Queue()
        self.confirmed: "asyncio.Queue[str]" = asyncio.Queue()
        self.sio.on("bot_uttered", self.received.put_nowait)
        self.sio.on("session_confirm", self.confirmed.put_nowait)
        self.session_id: Optional[str] = None

    async def start(self, url: str, session_id: Optional[str] = None) -> str:
        # Long polling: engineio's websocket client needs a newer aiohttp than the one pinned here
        # (the browser tests use the websocket).
        await self.sio.connect(url, transports=["polling"])
        await self.sio.emit("session_request", {"session_id": session_id})
        self.session_id = await asyncio.wait_for(self.confirmed.get(), WAIT_SECONDS)
        return self.session_id

    async def say(self, message: str, session_id: Optional[str] = None) -> None:
        await self.sio.emit("user_uttered", {"message": message, "session_id": session_id or self.session_id})

    async def until_text(self, text: str) -> List[Dict]:
        """Every bot message up to the first one whose text contains `text`."""
        bodies = []
        while True:
            body = await asyncio.wait_for(self.received.get(), WAIT_SECONDS)
            bodies.append(body)
            if text in (body.get("text") or ""):
                return bodies


async def test_contact_cards_come_with_their_fiche_as_the_event_body(running_bot: RunningBot) -> None:
    client = WidgetLikeClient()
    try:
        await client.start(running_bot.url)
        await client.say("/saluer")
        await client.until_text("Quel âge")
        await client.say("j'ai 19 ans, j'habite à Bondy, je cherche un emploi")
        await client.until_text("freine")
        await client.say('/informer{"frein": "mobilite"}')
        await client.until_text("situations")
        await client.say("non")
        bodies = await client.until_text(CARDS_END)
    finally:
        await client.sio.eio.disconnect(abort=True)
    fiches = [b["fiche"] for b in bodies if "fiche" in b]
    assert all(set(b) == {"fiche"} for b in bodies if "fiche" in b)  # the custom object itself
    bondy = [f for f in fiches if f["service_id"] == "test-e2e-mission-locale-bondy--jeunes-16-25"]
    assert bondy and bondy[0]["telephone_international"] == "+33199009012"
    texts = [b.get("text", "") for b in bodies]
    card = next(i for i, t in enumerate(texts) if t.startswith("Test E2E Mission Locale Bondy"))
    assert bodies[card + 1].get("fiche", {}).get("service_id") == bondy[0]["service_id"]  # right after its card


async def test_a_page_cannot_enter_another_conversation(running_bot: RunningBot) -> None:
    running_bot.send("telegram-4242", "j'ai 40 ans")  # someone's Telegram conversation
    client = WidgetLikeClient()
    try:
        own = await client.start(running_bot.url, session_id="telegram-4242")
        assert own != "telegram-4242" and re.fullmatch(r"[0-9a-f]{32}", own)  # a new one instead

        await client.say("j'ai 55 ans", session_id="telegram-4242")  # not this socket's conversation
        await client.say("/saluer")
        bodies = await client.until_text("Quel âge")  # its own conversation still answers
    finally:
        await client.sio.eio.disconnect(abort=True)
    assert all("55" not in (b.get("text") or "") for b in bodies)
    telegram = running_bot.tracker("telegram-4242")
    assert telegram["slots"]["age"] == 40
    assert "j'ai 55 ans" not in [e.get("text") for e in telegram["events"] if e["event"] == "user"]


async def test_a_kept_conversation_id_is_taken_back_after_reconnecting(running_bot: RunningBot) -> None:
    first = WidgetLikeClient()
    try:
        session_id = await first.start(running_bot.url)
        await first.say("j'ai 40 ans")
        await first.until_text("commune")
    finally:
        await first.sio.eio.disconnect(abort=True)
    again = WidgetLikeClient()  # a new socket, as after a page reload or a server restart
    try:
        assert await again.start(running_bot.url, session_id=session_id) == session_id
        await again.say("Bondy")
        await again.until_text("Que cherchez-vous")
    finally:
        await again.sio.eio.disconnect(abort=True)
    slots = running_bot.slots(session_id)
    assert (slots["age"], slots["commune"]) == (40, "Bondy")


async def test_one_address_cannot_open_conversation_after_conversation(running_bot: RunningBot) -> None:
    from bot.channels.web_socketio import NEW_CONVERSATIONS_PER_HOUR, TOO_MANY_CONVERSATIONS
    script = {"X-Forwarded-For": "203.0.113.50"}  # what nginx tells Rasa about a script's address
    for _ in range(NEW_CONVERSATIONS_PER_HOUR):
        client = WidgetLikeClient()
        await client.sio.connect(running_bot.url, transports=["polling"], headers=script)
        await client.sio.emit("session_request", {"session_id": None})
        await asyncio.wait_for(client.confirmed.get(), WAIT_SECONDS)
        await client.sio.eio.disconnect(abort=True)  # a polite disconnect waits for the long poll
    refused = WidgetLikeClient()
    await refused.sio.connect(running_bot.url, transports=["polling"], headers=script)
    await refused.sio.emit("session_request", {"session_id": None})
    body = await asyncio.wait_for(refused.received.get(), WAIT_SECONDS)
    assert body["text"] == TOO_MANY_CONVERSATIONS and refused.confirmed.empty()
    await refused.sio.eio.disconnect(abort=True)
    someone_else = WidgetLikeClient()  # another address still gets in
    assert await someone_else.start(running_bot.url)
    await someone_else.sio.eio.disconnect(abort=True)
