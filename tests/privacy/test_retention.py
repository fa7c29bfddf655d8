"""The daily purge deletes conversations whose latest message is older than the retention
period (SQLite here; PostgreSQL in tests/prod)."""
from __future__ import annotations

import time
from pathlib import Path

from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import settings
from bot.privacy.__main__ import main
from bot.privacy.retention import purge_conversations
from tests.privacy.test_tracker_store import DOMAIN, stored_rows, store_in

DAY = 86_400
NOW = time.time()


def said(text: str, days_ago: float) -> UserUttered:
    return UserUttered(text, {"name": "informer", "confidence": 1.0}, timestamp=NOW - days_ago * DAY)


async def fill(db: Path) -> None:
    store = store_in(db)
    for sender, ages in {"ancienne": (45, 40), "revenue": (45, 2), "recente": (1,)}.items():
        events = [ActionExecuted("action_listen", timestamp=NOW - ages[0] * DAY)]
        events += [said(f"message de {sender}", days_ago) for days_ago in ages]
        await store.save(DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots))


async def test_purge_deletes_only_conversations_inactive_for_longer_than_the_period(tmp_path):
    db = tmp_path / "tracker.db"
    await fill(db)
    assert purge_conversations(f"sqlite:///{db}", days=30, now=NOW) == 1
    assert stored_rows(db, "ancienne") == []
    assert len(stored_rows(db, "revenue")) == 3  # an old start, but a message 2 days ago
    assert len(stored_rows(db, "recente")) == 2
    assert purge_conversations(f"sqlite:///{db}", days=1, now=NOW) == 1  # "revenue" is 2 days old
    assert stored_rows(db, "revenue") == [] and len(stored_rows(db, "recente")) == 2


async def test_command_reads_the_bots_settings(tmp_path, monkeypatch, capsys):
    db = tmp_path / "tracker.db"
    await fill(db)
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.delenv("TRACKER_URL", raising=False)
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert main(["purger"]) == 0
    assert capsys.readouterr().out == "1 conversation(s) de plus de 30 jours effacée(s).\n"
    assert main(["purger", "--jours", "1"]) == 0
    assert stored_rows(db, "revenue") == []
    monkeypatch.setenv("RETENTION_DAYS", "jamais")
    settings.current.cache_clear()  # read once per process: this test changed the environment
    assert main(["purger"]) == 2
    assert "Réglage invalide" in capsys.readouterr().err


def test_a_database_the_bot_never_wrote_to_is_left_alone(tmp_path):
    assert purge_conversations(f"sqlite:///{tmp_path / 'vide.db'}", days=30) == 0


async def test_every_day_mode_purges_now_then_after_each_day(tmp_path, monkeypatch, capsys):
    import bot.privacy.__main__ as command
    db = tmp_path / "tracker.db"
    await fill(db)
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.delenv("TRACKER_URL", raising=False)
    monkeypatch.setenv("RETENTION_DAYS", "30")
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) == 2:
            raise KeyboardInterrupt  # stopped on the second day

    monkeypatch.setattr(command.time, "sleep", sleep)
    try:
        command.main(["purger", "--chaque-jour"])
    except KeyboardInterrupt:
        pass
    assert slept == [command.DAY_SECONDS] * 2
    assert capsys.readouterr().out.splitlines() == ["1 conversation(s) de plus de 30 jours effacée(s).",
                                                    "0 conversation(s) de plus de 30 jours effacée(s)."]
