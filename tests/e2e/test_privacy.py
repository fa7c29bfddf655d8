"""Personal data through the running bot: what is said first, what is stored, erasure, logs."""
from __future__ import annotations

import json
import socket
import sqlite3
from contextlib import closing
from typing import List

import pytest
import requests

from tests.wording import wording

from .conftest import TOKEN, Conversation, RunningBot, eventually


def stored(bot: RunningBot, sender: str) -> list:
    with sqlite3.connect(bot.log.parent / "tracker.db") as db:
        return [json.loads(row[0]) for row in
                db.execute("select data from events where sender_id = ?", (sender,))]


def test_what_is_kept_is_said_first_phone_numbers_are_masked_and_erasure_deletes_everything(
        running_bot: RunningBot) -> None:
    resident = Conversation(running_bot)
    resident.say("bonjour j'ai 22 ans rappelez moi au 06 12 34 56 78 ou zorglub@example.net")
    assert "Je garde vos réponses 30 jours" in resident.text
    assert "effacer mes données" in resident.text
    rows = stored(running_bot, resident.sender)
    assert rows, "the conversation is stored in the SQLite tracker store"
    everything = json.dumps(rows, ensure_ascii=False)
    assert "06 12 34 56 78" not in everything and "zorglub" not in everything
    assert "[téléphone masqué]" in everything
    assert resident.slots["age"] == 22  # the facts for the orientation are kept

    resident.say("effacer mes données")
    assert "j'ai effacé notre conversation" in resident.text
    assert stored(running_bot, resident.sender) == []
    assert resident.slots["age"] is None

    resident.say("bonjour")  # a new conversation, greeted as such
    assert "Je garde vos réponses" in resident.text


def test_erasure_in_the_middle_of_the_questions(resident: Conversation, running_bot: RunningBot) -> None:
    resident.say("bonjour")
    resident.say("j'ai 40 ans")
    resident.say("que faites vous de mes données ?")
    assert "masque les numéros de téléphone" in resident.text
    assert wording("commune").relance in resident.text  # then the question again, in other words
    resident.say("supprimez mes données svp")
    assert "j'ai effacé notre conversation" in resident.text
    assert stored(running_bot, resident.sender) == []


def written_forms(word: str) -> List[str]:
    """`word` as a log may hold it: as is, escaped by a JSON line (structlog), escaped twice (the
    JSON of an event inside a JSON line)."""
    once = json.dumps(word)[1:-1]
    return [word, once, json.dumps(once)[1:-1]]


def leave_before_the_answer(bot: RunningBot, sender: str, message: str) -> None:
    """A REST client that gives up before the answer (the Telegram bridge's time-out): Sanic
    cancels the handling, Rasa's REST channel logs `rest.message.received.timeout`."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    with socket.create_connection(("127.0.0.1", int(bot.url.rsplit(":", 1)[1]))) as connection:
        connection.sendall(b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: bot\r\n"
                           b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


def test_logs_hold_no_message_text(running_bot: RunningBot) -> None:
    words = ["Zéphirine", "Quatrevents", "Glycines", "Philibertine", "Barnabette", "Eustachine",
             "Hippolytine", "Farandole", "Anastasimir", "Crapoussin", "Gontrande"]
    resident = Conversation(running_bot)
    resident.say("bonjour je m'appelle Zéphirine Quatrevents")
    resident.say("j'habite à Bondy rue des Glycines Mauves")
    # Messages starting with "/" that are not an intent and entities of the domain: Rasa warns,
    # quoting them (rasa/shared/core/training_data/story_reader/yaml_story_reader.py).
    Conversation(running_bot).say('/pas_une_intention{"quartier": "Philibertine"}')  # read as text
    Conversation(running_bot).say('/{"secret": "Barnabette"}')  # message.parsing.failed user_text=…
    Conversation(running_bot).say("/affirmer et Eustachine")
    Conversation(running_bot).say("Gontrande " + "je cherche un travail " * 600 + "Gontrande")
    # A client that leaves before the answer: rest.message.received.timeout text=…
    log = running_bot.log
    timeouts = log.read_text(encoding="utf-8", errors="replace").count("rest.message.received.timeout")
    for attempt in range(5):
        leave_before_the_answer(running_bot, f"e2e-parti-{attempt}", "Hippolytine Farandole")
        if eventually(lambda: log.read_text(encoding="utf-8", errors="replace").count(
                "rest.message.received.timeout") > timeouts, seconds=5):
            break
    else:
        pytest.fail("the REST channel's time-out path was not reached")
    # The conversations' database busy: the SQL error (whose bound parameters would hold the
    # event being written) is logged by its kind only; the resident is told to try again.
    with closing(sqlite3.connect(log.parent / "tracker.db", isolation_level=None)) as db:
        db.execute("BEGIN IMMEDIATE")  # others may read, not write, until the end of it
        try:
            resident.say("bonjour Anastasimir")
            try:  # the HTTP API (operators only) gets no answer while the database is away
                requests.post(f"{running_bot.url}/conversations/{resident.sender}/tracker/events",
                              params={"token": TOKEN}, timeout=60,
                              json=[{"event": "slot", "name": "quartier", "value": "Crapoussin"}])
            except requests.ConnectionError:
                pass
        finally:
            db.execute("ROLLBACK")
    assert eventually(lambda: "database cannot be reached (OperationalError)" in
                      log.read_text(encoding="utf-8", errors="replace"))
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "message.parsing.failed" in text
    leaked = [w for w in words if any(form in text for form in written_forms(w))]
    assert not leaked, f"message text in the log: {leaked}"
