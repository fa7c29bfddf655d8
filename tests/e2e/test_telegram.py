"""The Telegram bridge (`python -m bot.telegram`) for real: a subprocess talking HTTP to a fake
Telegram Bot API server (tests/e2e/telegram_fake.py) and to the running Rasa + action servers.
The assertions are on what the fake Telegram server receives, and on Rasa's tracker."""
from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest
import requests

from bot.telegram.bridge import sender_id

from .conftest import ROOT, RunningBot
from .telegram_fake import (Call, FakeTelegram, callback_update, document_update, location_update,
                            photo_update, sticker_update, text_update, voice_update)

TOKEN = "7000000001:AAtest-token-of-the-e2e-tests"
WEBHOOK_SECRET = "secret-du-webhook-e2e-0123456789abcdef"
CARDS_END = "Vous voulez en savoir plus sur une adresse ?"
UNSUPPORTED = "Je comprends les messages écrits"
CALLBACK_DATA_LIMIT = 64
_chat_ids = itertools.count(424200001)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Bridge:
    """`python -m bot.telegram` as a subprocess; its output goes to a log file."""

    def __init__(self, fake: FakeTelegram, rasa_url: str, workdir: Path, **extra_env: str) -> None:
        self.fake = fake
        self.log = workdir / "telegram-bridge.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        self.env = {**env, "TELEGRAM_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.url,
                    "RASA_URL": rasa_url, "TELEGRAM_DB": str(workdir / "telegram.db"),
                    "PYTHONUNBUFFERED": "1", **extra_env}
        self.process: Optional[subprocess.Popen] = None

    def start(self, webhook_port: Optional[int] = None) -> "Bridge":
        """Returns once the bridge polls Telegram, or listens on `webhook_port`."""
        polls_before = len(self.fake.calls_to("getUpdates"))
        with open(self.log, "a") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "bot.telegram"], cwd=ROOT,
                                            env=self.env, stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=subprocess.STDOUT)

        def ready() -> bool:
            if webhook_port is None:
                return len(self.fake.calls_to("getUpdates")) > polls_before
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", webhook_port)) == 0

        self.fake.wait_until(lambda: ready() or self.process.poll() is not None, timeout=60)
        assert self.process.poll() is None, f"the bridge stopped:\n{self.log.read_text()[-3000:]}"
        return self

    def stop(self) -> int:
        """SIGTERM, as a service manager does; returns the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


class TelegramResident:
    """One resident writing to the bot on Telegram. Each turn waits until Rasa has handled the
    message (its tracker) and the fake Telegram server has received every answer."""

    def __init__(self, fake: FakeTelegram, bot: RunningBot,
                 deliver: Optional[Callable[[Dict[str, Any]], None]] = None) -> None:
        self.fake = fake
        self.bot = bot
        self.deliver = deliver or fake.queue
        self.chat_id = next(_chat_ids)
        self.sender = sender_id(self.chat_id)  # a pseudonym of the chat, as the bridge names it
        self.last: List[Call] = []
        self._queries = itertools.count(1)

    # --- Rasa's side ----------------------------------------------------------------------
    def events(self) -> List[Dict[str, Any]]:
        return self.bot.tracker(self.sender)["events"]

    def user_texts(self) -> List[str]:
        return [e.get("text") for e in self.events() if e["event"] == "user"]

    @property
    def slots(self) -> Dict[str, Any]:
        return self.bot.slots(self.sender)

    # --- Telegram's side ------------------------------------------------------------------
    def sent(self) -> List[Call]:
        return self.fake.sent_to(self.chat_id)

    @property
    def text(self) -> str:
        return "\n".join(c.params.get("text", "") for c in self.last if c.method == "sendMessage")

    def keyboard(self) -> List[Dict[str, Any]]:
        """The buttons of the latest message with a choice keyboard."""
        for call in reversed(self.sent()):
            buttons = [b for b in call.keyboard if "callback_data" in b]
            if buttons:
                return buttons
        raise AssertionError("no keyboard sent to this chat yet")

    def turn(self, update: Dict[str, Any]) -> List[Call]:
        users_before, sent_before = len(self.user_texts()), len(self.sent())
        self.deliver(update)
        self.fake.wait_until(lambda: len(self.user_texts()) > users_before)
        events = self.events()
        last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
        expected = _telegram_messages_for(events[last_user:])
        assert expected, "Rasa gave no answer"
        self.fake.wait_until(lambda: len(self.sent()) >= sent_before + expected)
        self.last = self.sent()[sent_before:]
        return self.last

    def say(self, text: str) -> List[Call]:
        return self.turn(text_update(self.chat_id, text))

    def press(self, title_start: str) -> List[Call]:
        buttons = [b for b in self.keyboard() if b["text"].startswith(title_start)]
        assert buttons, f"no button {title_start!r} in {[b['text'] for b in self.keyboard()]}"
        query_id = f"{self.chat_id}-{next(self._queries)}"
        calls = self.turn(callback_update(self.chat_id, buttons[0]["callback_data"], query_id))
        assert [c for c in self.fake.calls_to("answerCallbackQuery")
                if c.params.get("callback_query_id") == query_id], "the button kept spinning"
        return calls

    def wait_for_text(self, fragment: str, after: int = 0) -> Call:
        def found() -> Optional[Call]:
            return next((c for c in self.sent()[after:]
                         if c.method == "sendMessage" and fragment in c.params.get("text", "")), None)
        return self.fake.wait_until(found)


def _telegram_messages_for(turn_events: List[Dict[str, Any]]) -> int:
    """How many Telegram messages the bot's answers of one turn make at least: one per text,
    one more per contact card with a phone number or coordinates (channel contract)."""
    count = 0
    for event in turn_events:
        if event["event"] != "bot":
            continue
        data = event.get("data") or {}
        count += 1 if event.get("text") or data.get("buttons") else 0
        fiche = (data.get("custom") or {}).get("fiche") or {}
        if fiche.get("telephone_international") or (
                fiche.get("latitude") is not None and fiche.get("longitude") is not None):
            count += 1
    return count


def _all_callback_data(resident: TelegramResident) -> List[str]:
    return [b["callback_data"] for c in resident.sent() for b in c.keyboard if "callback_data" in b]


# --- fixtures -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fake_telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram(TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def bridge(fake_telegram: FakeTelegram, running_bot: RunningBot,
           tmp_path_factory) -> Iterator[Bridge]:
    process = Bridge(fake_telegram, running_bot.url, tmp_path_factory.mktemp("telegram")).start()
    yield process
    assert process.stop() == 0, process.log.read_text()[-3000:]


@pytest.fixture
def resident(fake_telegram: FakeTelegram, running_bot: RunningBot, bridge: Bridge) -> TelegramResident:
    return TelegramResident(fake_telegram, running_bot)


# --- long polling ---------------------------------------------------------------------------
def test_start_greets_with_buttons_and_a_press_continues(resident: TelegramResident,
                                                          fake_telegram: FakeTelegram) -> None:
    resident.say("/start")
    assert resident.user_texts() == ["/saluer"]
    assert "Aiguillage" in resident.text and "robot" in resident.text
    assert "Quel âge avez-vous" in resident.text
    greeting_keyboard = resident.last[-1].keyboard
    assert [b["text"] for b in greeting_keyboard] == ["Je préfère ne pas répondre"]
    assert all(len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT for data in _all_callback_data(resident))
    commands = fake_telegram.calls_to("setMyCommands")[-1].params["commands"]
    assert [c["command"] for c in commands] == ["start", "recommencer", "aide", "effacer"]

    resident.press("Je préfère ne pas répondre")
    assert resident.user_texts()[-1] == "/ne_sait_pas"
    assert "Dans quelle commune habitez-vous" in resident.text
    assert resident.slots["requested_slot"] == "commune"


def test_full_journey_to_contact_cards_with_phone_and_map(resident: TelegramResident,
                                                          bridge: Bridge) -> None:
    resident.say("/start")
    resident.say("19")
    resident.say("bondy")
    resident.press("Un emploi")
    assert resident.slots["besoin"] == "emploi"
    resident.press("Transport, permis")
    for _ in range(6):
        if CARDS_END in resident.text:
            break
        requested = resident.slots.get("requested_slot")
        assert requested in {"freins", "statuts"}, (requested, resident.text)
        resident.press("Rien de tout ça" if requested == "freins" else "Aucune de ces situations")
    assert CARDS_END in resident.text
    assert "Test E2E Mission Locale Bondy" in resident.text and "01 99 00 90 12" in resident.text
    callback_data = _all_callback_data(resident)
    assert all(len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT for data in callback_data)
    # The details buttons' payloads are longer than Telegram allows in a button.
    menu = next(e for e in reversed(resident.events()) if (e.get("data") or {}).get("buttons"))
    assert any(len(b["payload"].encode("utf-8")) > CALLBACK_DATA_LIMIT
               for b in menu["data"]["buttons"] if b["title"].startswith("Détails"))

    # The contact card's fiche: a contact to call, with a map link (channel contract).
    contacts = [c for c in resident.last if c.method == "sendContact"]
    mission_locale = [c for c in contacts if "Mission Locale Bondy" in c.params["first_name"]]
    assert mission_locale, f"no tappable phone number among {[c.method for c in resident.last]}"
    assert mission_locale[0].params["phone_number"] == "+33199009012"
    map_links = [b["url"] for b in mission_locale[0].keyboard if "url" in b]
    assert map_links and map_links[0].startswith("https://") and "48.9027" in map_links[0]
    card = next(i for i, c in enumerate(resident.last)
                if "Test E2E Mission Locale Bondy" in c.params.get("text", ""))
    assert resident.last[card + 1] is mission_locale[0]  # right under its card

    # Those buttons still work after the bridge restarts.
    assert bridge.stop() == 0
    bridge.start()
    resident.press("Détails : Test E2E Mission Locale Bondy")
    assert resident.user_texts()[-1].startswith("/details_service")
    assert "Informations vérifiées le" in resident.text


def test_unknown_button_gets_a_kind_answer(resident: TelegramResident) -> None:
    resident.say("/start")
    users = resident.user_texts()
    sent = len(resident.sent())
    resident.fake.queue(callback_update(resident.chat_id, "k:ZZZZZZZZZZZZZZZZ", "query-inconnue"))
    resident.wait_for_text("Ce bouton n'est plus valable", after=sent)
    resident.say("bonjour")  # the next message comes after: the button reached nobody
    assert resident.user_texts() == users + ["bonjour"]


def test_shared_location_gives_the_commune(resident: TelegramResident) -> None:
    resident.say("/start")
    resident.turn(location_update(resident.chat_id, 48.9027, 2.481))
    assert json.loads(resident.user_texts()[-1][len("/informer"):]) == {"latitude": 48.9027,
                                                                        "longitude": 2.481}
    slots = resident.slots
    assert (slots["commune"], slots["code_insee"]) == ("Bondy", "93010")


def test_voice_photo_sticker_document_get_a_kind_answer_and_reach_nobody(
        resident: TelegramResident) -> None:
    resident.say("/start")
    users = resident.user_texts()
    sent = len(resident.sent())
    for update in (voice_update, photo_update, sticker_update, document_update):
        resident.fake.queue(update(resident.chat_id))
    resident.fake.wait_until(lambda: len(resident.sent()) >= sent + 4)
    answers = resident.sent()[sent:sent + 4]
    assert all(c.method == "sendMessage" and UNSUPPORTED in c.params["text"] for c in answers)
    resident.say("bonjour")
    assert resident.user_texts() == users + ["bonjour"]  # nothing else reached Rasa
    assert len(resident.sent()) - sent == 4 + len(resident.last)  # and nothing else was sent


def test_a_very_long_message_is_answered(resident: TelegramResident, bridge: Bridge) -> None:
    resident.say("/start")
    long_text = ("j'ai 30 ans et je cherche du travail près de chez moi " * 200)[:10_000]
    resident.say(long_text)
    # It reached the bot, which stores it masked (too long to keep: bot/privacy/masking.py).
    assert resident.user_texts()[-1] == f"[message de {len(long_text)} caractères masqué]"
    assert all(len(c.params.get("text", "")) <= 4096 for c in resident.last)
    resident.say("bondy")  # still answering
    assert bridge.process.poll() is None


def test_flood_limit_error_is_waited_out(resident: TelegramResident,
                                         fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 1",
                            {"retry_after": 1}, chat_id=resident.chat_id)
    resident.say("/start")
    attempts = list(fake_telegram.calls_to("sendMessage", resident.chat_id))
    assert attempts[0].refused and not attempts[1].refused
    assert attempts[0].params["text"] == attempts[1].params["text"]  # the same message, delivered
    assert "Aiguillage" in resident.text


def test_over_the_rate_limit_one_polite_message_then_silence(resident: TelegramResident,
                                                             fake_telegram: FakeTelegram,
                                                             running_bot: RunningBot) -> None:
    for number in range(1, 25):
        fake_telegram.queue(text_update(resident.chat_id, f"message {number}"))
    # Another chat's message after the 24: once it is answered, the 24 were all sorted out.
    other = TelegramResident(fake_telegram, running_bot)
    other.say("bonjour")
    fake_telegram.wait_until(lambda: len(resident.user_texts()) >= 20, timeout=300)
    resident.wait_for_text("beaucoup de messages")
    assert resident.user_texts() == [f"message {n}" for n in range(1, 21)]  # in order
    polite = [c for c in resident.sent() if "beaucoup de messages" in c.params.get("text", "")]
    assert len(polite) == 1


def test_the_bridge_log_holds_no_message_text(resident: TelegramResident, bridge: Bridge) -> None:
    resident.say("je cherche un travail de boulanger à Bondy")
    log = bridge.log.read_text()
    assert "message relayed" in log  # the log is written, with counts only
    for private in ("boulanger", "message 7", "j'ai 30 ans", "/saluer", str(resident.chat_id), TOKEN):
        assert private not in log


# --- Rasa unreachable, bad settings ---------------------------------------------------------
def test_rasa_unreachable_the_resident_is_told(tmp_path: Path) -> None:
    fake = FakeTelegram(TOKEN).start()
    bridge = Bridge(fake, f"http://127.0.0.1:{_free_port()}", tmp_path).start()
    try:
        fake.queue(text_update(77001, "bonjour"))
        answer = fake.wait_until(lambda: fake.sent_to(77001))
        assert "Réessayez dans quelques minutes" in answer[0].params["text"] and "39 49" in answer[0].params["text"]
        assert bridge.process.poll() is None
    finally:
        assert bridge.stop() == 0
        fake.stop()


def _run_bridge(env: Dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return subprocess.run([sys.executable, "-m", "bot.telegram"], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=60)


def test_missing_token_is_a_clear_french_error() -> None:
    result = _run_bridge({})
    assert result.returncode == 2
    assert "TELEGRAM_TOKEN" in result.stderr and "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_rejected_token_is_a_clear_french_error(tmp_path: Path) -> None:
    fake = FakeTelegram(TOKEN).start()
    try:
        result = _run_bridge({"TELEGRAM_TOKEN": "123:mauvais-jeton", "TELEGRAM_API_BASE_URL": fake.url,
                              "TELEGRAM_DB": str(tmp_path / "t.db")})
    finally:
        fake.stop()
    assert result.returncode == 2
    assert "Telegram a refusé le jeton" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "mauvais-jeton" not in result.stderr + result.stdout


def test_webhook_without_secret_is_refused_at_start() -> None:
    result = _run_bridge({"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://exemple.org/tg"})
    assert result.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in result.stderr and "Traceback" not in result.stderr


# --- webhook mode ---------------------------------------------------------------------------
def test_webhook_mode_checks_telegrams_secret(running_bot: RunningBot, tmp_path: Path) -> None:
    fake = FakeTelegram(TOKEN).start()
    port = _free_port()
    public_url = f"http://127.0.0.1:{port}/telegram/mise-a-jour"
    bridge = Bridge(fake, running_bot.url, tmp_path, TELEGRAM_WEBHOOK_URL=public_url,
                    TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET, TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                    TELEGRAM_WEBHOOK_PORT=str(port))
    try:
        bridge.start(webhook_port=port)
        registered = fake.calls_to("setWebhook")[-1].params
        assert registered["url"] == public_url and registered["secret_token"] == WEBHOOK_SECRET
        assert registered["max_connections"] == 1  # updates posted one at a time: in order
        assert not fake.calls_to("getUpdates")

        def post(update: Dict[str, Any], secret: Optional[str]) -> requests.Response:
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
            return requests.post(public_url, json=update, headers=headers, timeout=30)

        resident = TelegramResident(fake, running_bot)
        for secret in (None, "mauvais-secret"):
            response = post(fake.numbered(text_update(resident.chat_id, "bonjour")), secret)
            assert response.status_code in (401, 403)
        assert fake.sent_to(resident.chat_id) == []

        def deliver(update: Dict[str, Any]) -> None:
            assert post(fake.numbered(update), WEBHOOK_SECRET).status_code == 200

        resident.deliver = deliver
        resident.say("/start")
        assert resident.user_texts() == ["/saluer"]  # the two refused posts reached nobody
        assert "Aiguillage" in resident.text
        resident.press("Je préfère ne pas répondre")
        assert resident.slots["requested_slot"] == "commune"
    finally:
        assert bridge.stop() == 0, bridge.log.read_text()[-3000:]
        fake.stop()
