"""What a stranger or a fault could do to the running bot, each as it was found, now closed:
speaking as another channel's conversation, silence when the action server is down or hung,
the API token on a command line, any web page talking to the bot."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Iterator, List

import pytest
import requests

from bot.channels.answering import NOT_ANSWERED
from bot.channels.pseudonyms import CHANNEL_HEADER, channel_token, pseudonym

from .conftest import TOKEN, Conversation, RunningBot, start_bot, stop_bot


def rest(bot: RunningBot, body, headers=None) -> requests.Response:
    return requests.post(f"{bot.url}/webhooks/rest/webhook", json=body, headers=headers or {}, timeout=30)


def test_the_rest_channel_will_not_speak_as_another_channels_conversation(running_bot: RunningBot) -> None:
    telegram = pseudonym("telegram", "123456789")
    for sender in ("telegram-123456789", telegram, "whatsapp-0a1b2c", "twilio-+33612345678"):
        refused = rest(running_bot, {"sender": sender, "message": "/plus_de_resultats"})
        assert refused.status_code == 403 and "n'est pas accessible" in refused.json()["erreur"], sender
    # This machine's Telegram bridge shows the channel token.
    allowed = rest(running_bot, {"sender": telegram, "message": "bonjour"}, {CHANNEL_HEADER: channel_token()})
    assert allowed.status_code == 200 and "pas une personne" in allowed.json()[0]["text"]
    for body in ([], {"sender": "x"}, {"sender": "x", "message": 3}, {"sender": "", "message": "bonjour"}):
        assert rest(running_bot, body).status_code in (400, 403), body


def test_typed_payloads_never_put_a_value_the_bot_refuses_in_a_slot(running_bot: RunningBot) -> None:
    resident = Conversation(running_bot)
    resident.say("bonjour")
    for payload in ('/aide{"age": 200}', '/informer{"beneficiaire_rsa": "peut-être"}', '/au_revoir{"besoin": "x"}',
                    '/informer{"commune": "Paris", "code_insee": "99999"}', '/qui_es_tu{"freins": ["nucleaire"]}'):
        resident.say(payload)
        slots = resident.slots
        assert slots["age"] is None and slots["beneficiaire_rsa"] is None and slots["besoin"] is None, payload
        assert slots["code_insee"] is None and slots["freins"] is None, payload


def test_the_api_token_is_on_no_command_line(running_bot: RunningBot) -> None:
    lines = [p.read_bytes().replace(b"\0", b" ").decode(errors="replace") for p in Path("/proc").glob("[0-9]*/cmdline")
             if p.exists() and _readable(p)]
    bot_processes = [line for line in lines if "bot.serve" in line or "actions.server" in line]
    assert bot_processes and not any(TOKEN in line for line in lines)


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
        return True
    except OSError:
        return False


def test_only_the_configured_pages_may_talk_to_the_bot(running_bot: RunningBot) -> None:
    stranger = requests.get(f"{running_bot.url}/socket.io/?EIO=4&transport=polling",
                            headers={"Origin": "https://pirate.example"}, timeout=10)
    assert stranger.headers.get("Access-Control-Allow-Origin") in (None, "")
    demo_origin = running_bot.action_url
    demo = requests.get(f"{running_bot.url}/socket.io/?EIO=4&transport=polling",
                        headers={"Origin": demo_origin}, timeout=10)
    assert demo.headers.get("Access-Control-Allow-Origin") == demo_origin


# -- faults, on a bot of their own ----------------------------------------------------------------

@pytest.fixture(scope="module")
def fragile_bot(tmp_path_factory) -> Iterator[RunningBot]:
    workdir = tmp_path_factory.mktemp("fragile-bot")
    from .conftest import E2E_CATALOGUE
    process, bot = start_bot(workdir, E2E_CATALOGUE)
    yield bot
    stop_bot(process, bot)


def action_server_pids(bot: RunningBot) -> List[int]:
    port = bot.action_url.rsplit(":", 1)[1]
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            line = cmdline.read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "actions.server" in line and f"--port {port}" in line:
            found.append(int(cmdline.parent.name))
    return found


def wait_for_actions(bot: RunningBot, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{bot.action_url}/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError("the action server did not come back")


def test_a_crashed_action_server_gets_a_french_answer_then_comes_back_by_itself(fragile_bot: RunningBot) -> None:
    resident = Conversation(fragile_bot)
    resident.say("bonjour")
    resident.say("j'ai 30 ans")
    [pid] = action_server_pids(fragile_bot)
    os.kill(pid, signal.SIGKILL)
    resident.say("bondy")
    assert resident.text == NOT_ANSWERED  # not silence: what to do, and the 39 49
    wait_for_actions(fragile_bot)  # `make run` restarted it
    assert action_server_pids(fragile_bot) != [pid]
    resident.say("bondy")
    assert resident.slots["age"] == 30 and resident.slots["commune"] == "Bondy"  # nothing lost
    assert "Que cherchez-vous" in resident.text


def test_a_hung_action_server_gets_a_french_answer_and_the_conversation_goes_on(fragile_bot: RunningBot) -> None:
    wait_for_actions(fragile_bot)
    resident = Conversation(fragile_bot)
    resident.say("bonjour j'ai 30 ans j'habite à Bondy")
    [pid] = action_server_pids(fragile_bot)
    os.kill(pid, signal.SIGSTOP)
    try:
        answer = requests.post(f"{fragile_bot.url}/webhooks/rest/webhook", timeout=20,
                               json={"sender": resident.sender, "message": "je cherche du travail"}).json()
        assert [m.get("text") for m in answer] == [NOT_ANSWERED]
    finally:
        os.kill(pid, signal.SIGCONT)
    resident.say("je cherche du travail")
    assert resident.slots["besoin"] == "emploi" and "freine" in resident.text


def test_guessing_the_staff_password_is_slowed_then_locked(running_bot: RunningBot) -> None:
    from bot.staff.lockout import LOCK_AFTER
    guesser = {"X-Forwarded-For": "203.0.113.77"}  # as nginx tells the action server who asks
    statuses = [requests.get(f"{running_bot.action_url}/personnel/", auth=("x", f"essai-{i}"), headers=guesser,
                             timeout=30).status_code for i in range(LOCK_AFTER + 1)]
    assert statuses[:LOCK_AFTER] == [401] * LOCK_AFTER and statuses[-1] == 429
    from .conftest import STAFF_PASSWORD
    right = requests.get(f"{running_bot.action_url}/personnel/", auth=("x", STAFF_PASSWORD), headers=guesser,
                         timeout=30)
    assert right.status_code == 429 and "15 minutes" in right.text  # locked, even with the right one
    other = requests.get(f"{running_bot.action_url}/personnel/", auth=("x", STAFF_PASSWORD), timeout=30)
    assert other.status_code == 200  # the staff at another address still get in


def test_the_conversations_database_away_gets_a_french_answer_and_nothing_is_lost(fragile_bot: RunningBot) -> None:
    import sqlite3
    wait_for_actions(fragile_bot)
    resident = Conversation(fragile_bot)
    resident.say("bonjour j'ai 30 ans j'habite à Bondy")
    database = sqlite3.connect(fragile_bot.log.parent / "tracker.db", timeout=30, isolation_level=None)
    database.execute("BEGIN EXCLUSIVE")  # as if the database were gone: nobody can read or write
    try:
        resident.say("je cherche du travail")
        assert resident.text == NOT_ANSWERED  # not a new conversation that forgets everything
    finally:
        database.execute("ROLLBACK")
        database.close()
    resident.say("je cherche du travail")
    assert resident.slots["age"] == 30 and resident.slots["besoin"] == "emploi"
    assert "pas une personne" not in resident.text  # the same conversation, not a stranger greeted
