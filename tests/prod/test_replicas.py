"""Two Rasa replicas sharing PostgreSQL (conversations) and Redis (locks), behind nginx: whichever
replica receives a message, the conversation goes on where it was, one message at a time."""
from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Dict, List

import requests
import socketio
import websockets

from tests.wording import wording

from .conftest import ProdStack, new_sender

WAIT_SECONDS = 60  # how long to wait for the bot (not a performance assertion)


def text_of(answer: List[Dict]) -> str:
    return "\n".join(m.get("text") or "" for m in answer)


def test_nginx_serves_the_bot_and_the_pages_but_not_the_actions_webhook(prod_stack: ProdStack) -> None:
    assert requests.get(prod_stack.url + "/", timeout=10).text.startswith("Hello from Rasa")
    health = requests.get(prod_stack.url + "/health/catalogue", timeout=10)
    assert health.status_code == 200 and health.json()["catalogue"]["services"] == 11
    demo = requests.get(prod_stack.url + "/demo/", timeout=10)
    assert demo.status_code == 200
    assert prod_stack.url in demo.text  # the widget talks to nginx, not to one replica
    widget = requests.get(prod_stack.url + "/widget/aiguillage-widget.js", timeout=10)
    assert widget.status_code == 200 and "socket" in widget.text
    assert requests.get(prod_stack.url + "/personnel/", timeout=10).status_code in (401, 503)
    # The action servers' own webhook is for the Rasa replicas only (nginx's internal port).
    assert requests.post(prod_stack.url + "/webhook", json={}, timeout=10).status_code == 404
    # The REST channel takes the conversation id it is given: not public, whatever the id.
    for sender in ("telegram-123456789", "un-visiteur"):
        stranger = requests.post(prod_stack.url + "/webhooks/rest/webhook", timeout=10,
                                 json={"sender": sender, "message": "/plus_de_resultats"})
        assert stranger.status_code == 404
    for path in ("/conversations/x/tracker", "/model/parse", "/status", "/webhooks/rest/"):
        assert requests.get(prod_stack.url + path, timeout=10).status_code == 404, path
    answer = prod_stack.send(new_sender(), "bonjour")
    assert "Quel âge" in text_of(answer)


def test_a_conversation_alternating_between_replicas_keeps_its_state(prod_stack: ProdStack) -> None:
    sender = new_sender()
    turns = [  # (replica, message, what the answer asks next)
        (0, "bonjour", "Quel âge"),
        (1, "j'ai 24 ans", "Dans quelle commune"),
        (0, "j'habite à Pantin", "Que cherchez-vous"),
        (1, "je cherche du travail", "quelque chose vous freine"),
    ]
    for replica, message, next_question in turns:
        answer = prod_stack.send(sender, message, base_url=prod_stack.rasa_urls[replica])
        assert next_question in text_of(answer), (message, answer)
        # The other replica sees the turn as soon as it is answered.
        other = prod_stack.tracker(sender, 1 - replica)
        assert [e["text"] for e in other["events"] if e["event"] == "user"][-1] == message
    for replica in (0, 1):
        slots = prod_stack.tracker(sender, replica)["slots"]
        assert (slots["age"], slots["commune"], slots["besoin"]) == (24, "Pantin", "emploi")


def test_two_messages_at_once_from_one_resident_are_processed_one_after_the_other(
        prod_stack: ProdStack) -> None:
    sender = new_sender()
    prod_stack.send(sender, "bonjour")
    messages = ["j'ai 24 ans", "j'habite à Pantin"]
    start = threading.Barrier(len(messages))
    results: Dict[str, Dict] = {}

    def send(replica: int, message: str) -> None:
        start.wait()
        sent = time.monotonic()
        answer = prod_stack.send(sender, message, base_url=prod_stack.rasa_urls[replica])
        results[message] = {"sent": sent, "answered": time.monotonic(), "answer": answer}

    threads = [threading.Thread(target=send, args=(i, m)) for i, m in enumerate(messages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) == set(messages)
    # Both were sent before either was answered: they really reached the two replicas together.
    assert max(r["sent"] for r in results.values()) < min(r["answered"] for r in results.values())

    events = prod_stack.stored_events(sender)
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    texts = [events[i]["text"] for i in users]
    assert texts[0] == "bonjour" and sorted(texts[1:]) == sorted(messages), texts
    # No interleaving: each message starts after the previous turn ended (Rasa's action_listen).
    for i in users[1:]:
        assert events[i - 1]["event"] == "action" and events[i - 1]["name"] == "action_listen", \
            json.dumps(events, ensure_ascii=False)[:3000]
    # The second turn saw the slot the first one set: it asks the question after age and commune.
    first, second = texts[1], texts[2]
    assert "Que cherchez-vous" in text_of(results[second]["answer"])
    # (the age question comes a second time after "bonjour": in its other wording)
    asked_after_first = "Dans quelle commune" if first == "j'ai 24 ans" else wording("age").relance
    assert asked_after_first in text_of(results[first]["answer"])
    slots = prod_stack.tracker(sender, 0)["slots"]
    assert (slots["age"], slots["commune"]) == (24, "Pantin")


async def test_the_web_widget_channel_works_through_nginx(prod_stack: ProdStack) -> None:
    """socket.io (the widget's channel) through nginx: the session stays on one replica."""
    received: "asyncio.Queue[Dict]" = asyncio.Queue()
    confirmed: "asyncio.Queue[str]" = asyncio.Queue()
    sio = socketio.AsyncClient(reconnection=False)
    sio.on("bot_uttered", received.put_nowait)
    sio.on("session_confirm", confirmed.put_nowait)
    try:
        # Long polling: every request of the session must reach the same replica (ip_hash).
        await sio.connect(prod_stack.url, transports=["polling"])
        await sio.emit("session_request", {"session_id": None})
        session_id = await asyncio.wait_for(confirmed.get(), WAIT_SECONDS)
        for message, expected in (("bonjour", "Quel âge"), ("j'ai 30 ans", "Dans quelle commune")):
            await sio.emit("user_uttered", {"message": message, "session_id": session_id})
            while expected not in ((await asyncio.wait_for(received.get(), WAIT_SECONDS)).get("text") or ""):
                pass
    finally:
        # Without waiting for the pending long poll to end (30 s under pytest-asyncio).
        await sio.eio.disconnect(abort=True)
    assert prod_stack.tracker(session_id, 1)["slots"]["age"] == 30


async def test_websocket_upgrade_passes_through_nginx(prod_stack: ProdStack) -> None:
    """Browsers move the widget's socket.io session to a websocket: nginx must pass the upgrade."""
    url = prod_stack.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, open_timeout=WAIT_SECONDS) as websocket:
        opening = await asyncio.wait_for(websocket.recv(), WAIT_SECONDS)
    assert opening.startswith("0") and "sid" in json.loads(opening[1:])  # engine.io "open" packet
