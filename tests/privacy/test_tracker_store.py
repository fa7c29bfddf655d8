"""The tracker store (Rasa's SQL store on SQLite here) keeps masked messages and erases a
conversation when the resident asks."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.masking import EMAIL_MASK, IBAN_MASK, NIR_MASK, PHONE_MASK
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


async def test_slot_values_of_any_type_and_nested_values_are_masked(tmp_path):
    db = tmp_path / "tracker.db"
    store = store_in(db)
    secrets = ["06 12 34 56 78", "0612345678", "06 13 13 13 13", "a.b@free.fr", "06 11 22 33 44",
               "07 11 22 33 44", "01 02 03 04 05"]
    message = said("bonjour")
    message.metadata["contact"] = ("06 11 22 33 44",)  # a tuple inside metadata
    message.parse_data["extra"] = [{"deep": [("a.b@free.fr", 1)]}]
    tracker = conversation(
        "habitante", ActionExecuted("action_listen"), message,
        SlotSet("age", {"note": "06 12 34 56 78", "ans": 19}),
        SlotSet("age", [{"tel": "0612345678"}, ("06 13 13 13 13",)]),
        SlotSet("commune", "Bondy", metadata={"dit": "07 11 22 33 44"}),
        SlotSet("code_insee", "93010", metadata={"dit": ["01 02 03 04 05"]}),
    )
    await store.save(tracker)
    rows = stored_rows(db, "habitante")
    dumped = json.dumps(rows, ensure_ascii=False)
    assert [s for s in secrets if s in dumped] == []
    user = next(r for r in rows if r["event"] == "user")
    assert user["metadata"]["contact"] == [PHONE_MASK]
    assert user["parse_data"]["extra"] == [{"deep": [[EMAIL_MASK, 1]]}]
    slots = [(r["name"], r["value"], r.get("metadata", {})) for r in rows if r["event"] == "slot"]
    assert slots == [("age", {"note": PHONE_MASK, "ans": 19}, {}),
                     ("age", [{"tel": PHONE_MASK}, [PHONE_MASK]], {}),
                     ("commune", "Bondy", {"dit": PHONE_MASK}),
                     ("code_insee", "93010", {"dit": [PHONE_MASK]})]
    # Only what is stored is masked, not the conversation the bot goes on with.
    assert tracker.get_slot("age") == [{"tel": "0612345678"}, ("06 13 13 13 13",)]


async def test_social_security_numbers_and_ibans_are_masked_in_what_is_stored(tmp_path):
    db = tmp_path / "tracker.db"
    store = store_in(db)
    text = "ma sécu 1 85 05 78 006 084 36, IBAN FR76 3000 6000 0112 3456 7890 189, j'habite au 93100"
    tracker = conversation("habitante", ActionExecuted("action_listen"), said(text),
                           SlotSet("quartier", "285057800608436"), SlotSet("code_insee", "93010"),
                           SlotSet("age", {"iban": "fr7630006000011234567890189"}))
    await store.save(tracker)
    rows = stored_rows(db, "habitante")
    user = next(r for r in rows if r["event"] == "user")
    assert user["text"] == user["parse_data"]["text"] == f"ma sécu {NIR_MASK}, IBAN {IBAN_MASK}, j'habite au 93100"
    slots = [(r["name"], r["value"]) for r in rows if r["event"] == "slot"]
    assert slots == [("quartier", NIR_MASK), ("code_insee", "93010"), ("age", {"iban": IBAN_MASK})]


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
