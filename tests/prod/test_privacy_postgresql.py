"""Personal data on the production stores: what PostgreSQL holds, erasure through any replica,
and the daily purge on PostgreSQL (the same code as on SQLite, tests/privacy)."""
from __future__ import annotations

import time
from typing import Dict, List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.retention import purge_conversations
from bot.privacy.tracker_store import PrivateSQLTrackerStore

from .conftest import ROOT, ProdStack, new_sender

DAY = 86_400


def text_of(answer: List[Dict]) -> str:
    return "\n".join(m.get("text") or "" for m in answer)


def database_url(stack: ProdStack) -> str:
    secrets = dict(line.split("=", 1) for line in (stack.folder / "secrets.env").read_text().split())
    return (f"postgresql://aiguillage:{secrets['PG_PASSWORD']}@127.0.0.1:{stack.env['PROD_PG_PORT']}"
            "/aiguillage")


def test_phone_numbers_never_reach_postgresql_and_erasure_works_from_the_other_replica(
        prod_stack: ProdStack) -> None:
    resident = new_sender("rgpd")
    first, second = prod_stack.rasa_urls
    prod_stack.send(resident, "bonjour j'ai 31 ans mon tel 07 11 22 33 44", base_url=first)
    texts = prod_stack.user_texts(resident)
    assert texts == ["bonjour j'ai 31 ans mon tel [téléphone masqué]"]
    answer = prod_stack.send(resident, "effacer mes données", base_url=second)
    assert "j'ai effacé notre conversation" in text_of(answer)
    assert prod_stack.stored_events(resident) == []


@pytest.fixture
def store(prod_stack: ProdStack) -> PrivateSQLTrackerStore:
    return PrivateSQLTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")), dialect="postgresql",
                                  host=database_url(prod_stack))


async def test_the_daily_purge_deletes_old_conversations_on_postgresql(prod_stack: ProdStack, store) -> None:
    now = time.time()
    old, recent = new_sender("ancienne"), new_sender("recente")
    for sender, days_ago in ((old, 40), (recent, 3)):
        events = [ActionExecuted("action_listen", timestamp=now - days_ago * DAY),
                  UserUttered("bonjour", {"name": "saluer", "confidence": 1.0}, timestamp=now - days_ago * DAY)]
        await store.save(DialogueStateTracker.from_events(sender, events))
    live = new_sender("en-cours")
    prod_stack.send(live, "bonjour")  # a conversation of today, through nginx
    assert purge_conversations(database_url(prod_stack), days=30) == 1
    assert prod_stack.stored_events(old) == []
    assert len(prod_stack.stored_events(recent)) == 2 and prod_stack.stored_events(live)
