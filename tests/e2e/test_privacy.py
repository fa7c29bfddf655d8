"""Personal data through the running bot: what is said first, what is stored, erasure, logs."""
from __future__ import annotations

import json
import sqlite3

from actions.questions import questions

from .conftest import Conversation, RunningBot


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
    assert questions()["commune"].relance in resident.text  # then the question again, in other words
    resident.say("supprimez mes données svp")
    assert "j'ai effacé notre conversation" in resident.text
    assert stored(running_bot, resident.sender) == []


def test_logs_hold_no_message_text(running_bot: RunningBot) -> None:
    resident = Conversation(running_bot)
    resident.say("bonjour je m'appelle Zéphirine Quatrevents")
    resident.say("j'habite à Bondy rue des Glycines Mauves")
    log = running_bot.log.read_text(encoding="utf-8", errors="replace")
    assert "Zéphirine" not in log and "Glycines" not in log
