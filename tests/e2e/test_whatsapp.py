"""The WhatsApp channel of the running bot, for real over HTTP: Meta's webhook calls are signed
like Meta signs them, and the answers go to a fake Graph API (tests/e2e/fake_graph.py) whose
recorded requests are what the resident would receive."""
from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import time
import uuid
from typing import Any, Dict, List, Optional

import pytest
import requests

from .conftest import RunningBot
from bot.channels.whatsapp import sender_id

from .fake_graph import ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN, VERSION, Request

WEBHOOK = "/webhooks/whatsapp/webhook"
CARDS_END = "Vous voulez en savoir plus sur une adresse ?"
ML_BONDY = "Test E2E Mission Locale Bondy"


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WhatsAppResident:
    """One resident writing to the bot's WhatsApp number; keeps the answers to the latest message."""

    def __init__(self, bot: RunningBot) -> None:
        assert bot.fake_graph is not None
        self.bot, self.fake = bot, bot.fake_graph
        self.wa_id = "3361" + str(uuid.uuid4().int)[:8]
        self.sender = sender_id(self.wa_id)  # the conversation's pseudonym
        self.answers: List[Request] = []

    # ---- what Meta sends to the bot

    def notification(self, kind: str, content: Dict[str, Any], message_id: str) -> bytes:
        message = {"from": self.wa_id, "id": message_id, "timestamp": str(int(time.time())),
                   "type": kind, kind: content}
        value = {"messaging_product": "whatsapp",
                 "metadata": {"display_phone_number": "33199000000", "phone_number_id": PHONE_NUMBER_ID},
                 "contacts": [{"profile": {"name": "Awa"}, "wa_id": self.wa_id}], "messages": [message]}
        return json.dumps({"object": "whatsapp_business_account",
                           "entry": [{"id": "123", "changes": [{"field": "messages", "value": value}]}]}).encode()

    def post(self, body: bytes, signature: Optional[str]) -> requests.Response:
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Hub-Signature-256"] = signature
        return requests.post(self.bot.url + WEBHOOK, data=body, headers=headers, timeout=30)

    def send(self, kind: str, content: Dict[str, Any], to_rasa: bool = True) -> List[Request]:
        """Sends one message as Meta does and waits for the whole answer."""
        before = len(self.fake.sent_to(self.wa_id))
        message_id = f"wamid.{uuid.uuid4().hex}"
        body = self.notification(kind, content, message_id)
        response = self.post(body, sign(body))
        assert (response.status_code, response.text) == (200, "ok")
        if to_rasa:
            self.wait_until_handled(message_id)
        else:
            self.fake.wait_for(lambda: len(self.fake.sent_to(self.wa_id)) > before)
        self.answers = self.fake.sent_to(self.wa_id)[before:]
        assert self.answers, f"no answer to {kind} {content}"
        return self.answers

    def wait_until_handled(self, message_id: str, timeout: float = 90) -> None:
        # Rasa saves the conversation after sending every answer to the message.
        deadline = time.monotonic() + timeout
        while message_id not in self.message_ids():
            assert time.monotonic() < deadline, f"message {message_id} never reached the bot"
            time.sleep(0.3)

    def message_ids(self) -> List[str]:
        return [e.get("message_id") for e in self.user_events()]

    def user_events(self) -> List[Dict[str, Any]]:
        return [e for e in self.bot.tracker(self.sender)["events"] if e["event"] == "user"]

    def say(self, text: str) -> List[Request]:
        return self.send("text", {"body": text})

    def press(self, title_start: str) -> List[Request]:
        """Taps the reply button or list row whose title starts with `title_start`."""
        interactive = self.interactive
        if interactive["type"] == "button":
            options = [(b["reply"]["id"], b["reply"]["title"]) for b in interactive["action"]["buttons"]]
            reply_type = "button_reply"
        else:
            options = [(r["id"], r["title"]) for s in interactive["action"]["sections"] for r in s["rows"]]
            reply_type = "list_reply"
        matching = [(i, t) for i, t in options if t.startswith(title_start)]
        assert matching, f"no choice starting with {title_start!r} in {options}"
        reply_id, title = matching[0]
        return self.send("interactive", {"type": reply_type, reply_type: {"id": reply_id, "title": title}})

    # ---- what the bot sent back

    @property
    def text(self) -> str:
        bodies = [a.body["text"]["body"] if a.type == "text" else a.body["interactive"]["body"]["text"]
                  for a in self.answers if a.type in ("text", "interactive")]
        return "\n".join(bodies)

    @property
    def interactive(self) -> Dict[str, Any]:
        found = [a.body["interactive"] for a in self.answers if a.type == "interactive"]
        assert found, f"no buttons or list in {[a.type for a in self.answers]}"
        return found[-1]

    @property
    def slots(self) -> Dict[str, Any]:
        return self.bot.tracker(self.sender)["slots"]


@pytest.fixture
def whatsapp(running_bot: RunningBot) -> WhatsAppResident:
    return WhatsAppResident(running_bot)


def assert_within_whatsapp_limits(message: Request) -> None:
    assert message.path == f"/{VERSION}/{PHONE_NUMBER_ID}/messages"
    assert message.authorization == f"Bearer {ACCESS_TOKEN}"
    assert message.body["messaging_product"] == "whatsapp"
    if message.type == "text":
        assert 0 < len(message.body["text"]["body"]) <= 4096
    if message.type == "interactive":
        interactive = message.body["interactive"]
        assert 0 < len(interactive["body"]["text"]) <= 1024
        if interactive["type"] == "button":
            buttons = interactive["action"]["buttons"]
            assert 1 <= len(buttons) <= 3
            assert all(0 < len(b["reply"]["title"]) <= 20 and 0 < len(b["reply"]["id"]) <= 256 for b in buttons)
            assert len({b["reply"]["title"] for b in buttons}) == len(buttons)
        else:
            assert interactive["type"] == "list" and 0 < len(interactive["action"]["button"]) <= 20
            rows = [r for s in interactive["action"]["sections"] for r in s["rows"]]
            assert 1 <= len(rows) <= 10
            assert all(0 < len(r["title"]) <= 24 and 0 < len(r["id"]) <= 200
                       and len(r.get("description", "")) <= 72 for r in rows)


# ------------------------------------------------------------------------ webhook security


def test_webhook_verification_echoes_the_challenge_only_with_the_right_token(running_bot: RunningBot) -> None:
    url = running_bot.url + WEBHOOK
    right = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                      "hub.challenge": "1158201444"}, timeout=30)
    assert (right.status_code, right.text) == (200, "1158201444")
    wrong = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "pas-le-bon",
                                      "hub.challenge": "1158201444"}, timeout=30)
    assert wrong.status_code == 403 and "1158201444" not in wrong.text
    not_subscribe = requests.get(url, params={"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN,
                                              "hub.challenge": "1158201444"}, timeout=30)
    assert not_subscribe.status_code == 403


def test_unsigned_or_wrongly_signed_messages_are_refused_and_never_handled(whatsapp: WhatsAppResident) -> None:
    forged = whatsapp.notification("text", {"body": "bonjour"}, "wamid.forged1")
    assert whatsapp.post(forged, sign(forged, secret="pas-le-secret")).status_code == 403
    assert whatsapp.post(forged, None).status_code == 403
    signed_other_body = whatsapp.notification("text", {"body": "autre"}, "wamid.forged2")
    assert whatsapp.post(forged, sign(signed_other_body)).status_code == 403
    # A genuine message from the same resident afterwards: messages of one resident are handled
    # in order, so a forged one accepted above would be in the conversation before it.
    whatsapp.say("bonjour")
    assert [e["text"] for e in whatsapp.user_events()] == ["bonjour"]
    assert whatsapp.fake.sent_to(whatsapp.wa_id) == whatsapp.answers  # nothing sent before


# ------------------------------------------------------------------------------ conversation


def test_bonjour_gets_the_greeting_and_a_question_with_whatsapp_buttons(whatsapp: WhatsAppResident) -> None:
    answers = whatsapp.say("bonjour")
    assert "robot" in whatsapp.text  # the greeting says it is not a human
    assert any(a.type == "interactive" for a in answers), f"no buttons or list: {[a.type for a in answers]}"
    for message in answers:
        assert message.to == whatsapp.wa_id
        assert_within_whatsapp_limits(message)


def test_the_stored_conversation_holds_no_phone_number(whatsapp: WhatsAppResident) -> None:
    whatsapp.say("bonjour j'ai 35 ans j'habite à Pantin")
    assert all(message.to == whatsapp.wa_id for message in whatsapp.answers)  # answered on the number
    assert whatsapp.sender.startswith("whatsapp-") and whatsapp.wa_id not in whatsapp.sender
    with sqlite3.connect(whatsapp.bot.log.parent / "tracker.db") as db:
        rows = db.execute("select sender_id, data from events where sender_id = ?", (whatsapp.sender,)).fetchall()
        assert rows, "the conversation is stored under its pseudonym"
        assert not db.execute("select count(*) from events where sender_id like ? or data like ?",
                              (f"%{whatsapp.wa_id}%", f"%{whatsapp.wa_id}%")).fetchone()[0]


def test_pressing_a_button_continues_the_conversation(whatsapp: WhatsAppResident) -> None:
    whatsapp.say("bonjour j'ai 35 ans j'habite à Pantin")
    whatsapp.press("Un emploi")
    assert whatsapp.slots["besoin"] == "emploi"
    assert [e["text"] for e in whatsapp.user_events()][-1] == '/informer{"besoin": "emploi"}'
    for message in whatsapp.answers:
        assert_within_whatsapp_limits(message)


def test_complete_journey_to_the_contact_cards_with_a_map_pin(whatsapp: WhatsAppResident) -> None:
    whatsapp.say("bjr jai 20 ans jhabite a bondy jcherche du taf")
    for _ in range(8):
        if CARDS_END in whatsapp.text:
            break
        requested = whatsapp.slots.get("requested_slot")
        if requested == "freins":
            whatsapp.press("Rien de tout ça")
        else:
            assert requested == "statuts", whatsapp.text
            whatsapp.press("Aucune de ces situations")
    assert CARDS_END in whatsapp.text and ML_BONDY in whatsapp.text
    assert "Test E2E Plateforme Nationale Emploi" in whatsapp.text
    for message in whatsapp.answers:
        assert_within_whatsapp_limits(message)
    # The contact card of the Bondy mission locale (which has coordinates) comes with a map pin.
    pins = [a.body["location"] for a in whatsapp.answers if a.type == "location"]
    assert [(p["latitude"], p["longitude"]) for p in pins] == [(48.9027, 2.481)]
    assert ML_BONDY in pins[0]["name"] and "Bondy" in pins[0]["address"]
    # The menu after the cards: the details choice continues to the details of one service.
    whatsapp.press("Test E2E Mission")  # a list row; its id is the bot's details payload
    assert ML_BONDY in whatsapp.text and "Accompagnement emploi des 16-25 ans" in whatsapp.text


def test_a_shared_location_gives_the_commune(whatsapp: WhatsAppResident) -> None:
    whatsapp.say("bonjour")
    whatsapp.send("location", {"latitude": 48.9022, "longitude": 2.4828, "name": "Ma position"})
    assert [e["text"] for e in whatsapp.user_events()][-1] == '/informer{"latitude": 48.9022, "longitude": 2.4828}'
    slots = whatsapp.slots
    assert (slots["commune"], slots["code_insee"]) == ("Bondy", "93010")


def test_a_voice_message_gets_a_kind_french_answer_and_never_reaches_the_bot(whatsapp: WhatsAppResident) -> None:
    [answer] = whatsapp.send("audio", {"id": "1234567890", "mime_type": "audio/ogg; codecs=opus", "voice": True},
                             to_rasa=False)
    assert answer.type == "text"
    assert "messages vocaux" in answer.body["text"]["body"] and "messages écrits" in answer.body["text"]["body"]
    assert_within_whatsapp_limits(answer)
    # The next written message is the first one the bot ever saw from this resident.
    whatsapp.say("bonjour")
    assert [e["text"] for e in whatsapp.user_events()] == ["bonjour"]
    assert "robot" in whatsapp.text


def test_answers_reach_the_resident_after_a_short_outage_of_meta(whatsapp: WhatsAppResident) -> None:
    fake = whatsapp.fake
    fake.fail_next(2)
    whatsapp.send("audio", {"id": "987", "mime_type": "audio/ogg"}, to_rasa=False)
    fake.wait_for(lambda: len(fake.sent_to(whatsapp.wa_id)) >= 3)
    # The same answer was posted three times: twice refused (503), then accepted.
    first, second, third = fake.sent_to(whatsapp.wa_id)
    assert first.body == second.body == third.body and "messages vocaux" in third.body["text"]["body"]


def test_delivery_statuses_are_acknowledged_and_ignored(whatsapp: WhatsAppResident) -> None:
    status = {"id": "wamid.out", "status": "delivered", "timestamp": "1", "recipient_id": whatsapp.wa_id}
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": PHONE_NUMBER_ID},
             "statuses": [status]}
    body = json.dumps({"object": "whatsapp_business_account",
                       "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]}).encode()
    assert whatsapp.post(body, sign(body)).status_code == 200
    whatsapp.say("bonjour")  # handled after anything the status could have caused
    assert [e["text"] for e in whatsapp.user_events()] == ["bonjour"]
    assert whatsapp.fake.sent_to(whatsapp.wa_id) == whatsapp.answers  # the status got no answer
