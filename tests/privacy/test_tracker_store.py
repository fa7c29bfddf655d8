"""The tracker store (Rasa's SQL store on SQLite here) keeps masked messages and erases a
conversation when the resident asks."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.masking import PHONE_MASK
from bot.privacy.tracker_store import PrivateSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def store_in(path: Path) -> PrivateSQLTrackerStore:
    return PrivateSQLTrackerStore(domain=DOMAIN, dialect="sqlite", host="", db=str(path))


def stored_rows(path: Path, sender: str):
    with sqlite3.connect(path) as db:
        return [json.loads(row[0]) for row in
                db.execute("select data from events where sender_id = ? order by id", (sender,))]


def conversation(sender: str, *events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, list(events), slots=DOMAIN.slots)


def said(text: str, **entities) -> UserUttered:
    parsed = [{"entity": k, "value": v, "start": 0, "end": len(text)} for k, v in entities.items()]
    return UserUttered(text, {"name": "informer", "confidence": 1.0}, parsed,
                       parse_data={"text": text, "intent": {"name": "informer"}, "entities": parsed})


async def test_phone_numbers_are_masked_in_what_is_stored_not_the_facts(tmp_path):
    db = tmp_path / "tracker.db"
    store = store_in(db)
    tracker = conversation("habitante", ActionExecuted("action_listen"),
                           said("j'ai 19 ans, rappelez-moi au 06 12 34 56 78", age="19"),
                           SlotSet("age", 19), SlotSet("quartier", "tél 0612345678"),
                           BotUttered("Dans quelle commune habitez-vous ?"))
    await store.save(tracker)
    rows = stored_rows(db, "habitante")
    user = next(r for r in rows if r["event"] == "user")
    assert user["text"] == f"j'ai 19 ans, rappelez-moi au {PHONE_MASK}"
    assert user["parse_data"]["text"] == user["text"]
    assert user["parse_data"]["entities"][0]["value"] == "19"
    assert "0612345678" not in json.dumps(rows) and "06 12 34 56 78" not in json.dumps(rows)
    slots = {r["name"]: r["value"] for r in rows if r["event"] == "slot"}
    assert slots == {"age": 19, "quartier": f"tél {PHONE_MASK}"}
    # The conversation reads back (masked) and continues where it was.
    again = await store.retrieve("habitante")
    assert again.get_slot("age") == 19 and len(again.events) == len(tracker.events)
    again.update(said("Bondy"))
    await store.save(again)
    assert [r["text"] for r in stored_rows(db, "habitante") if r["event"] == "user"][-1] == "Bondy"


async def test_erasure_deletes_every_session_of_that_conversation_only(tmp_path):
    db = tmp_path / "tracker.db"
    store = store_in(db)
    await store.save(conversation("voisin", ActionExecuted("action_listen"), said("bonjour")))
    tracker = conversation("habitante", ActionExecuted("action_listen"), said("bonjour"))
    await store.save(tracker)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(said("effacer mes données"))
    tracker.update(ActionExecuted("action_effacer_donnees"))
    await store.save(tracker)
    assert stored_rows(db, "habitante") == []
    assert await store.retrieve("habitante") is None
    assert len(stored_rows(db, "voisin")) == 2  # others untouched
