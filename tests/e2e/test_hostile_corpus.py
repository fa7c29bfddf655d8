"""More than 1,000 hostile or unusual messages (tests/hostile/corpus.py) sent to the real bot, each
in a fresh conversation and followed by a normal message: no server error, never an empty answer,
nothing leaked, no invalid slot, the follow-up understood, the national numbers for distress, and
no message text written to the server log. The checks are in tests/hostile/checks.py
(`make reliability` counts the same ones on the demonstration catalogue)."""
from __future__ import annotations

from tests.hostile.checks import Bot, describe, invalid_slots, run_corpus, service_ids, texts_in_log
from tests.hostile.corpus import CATEGORIES, corpus

from .conftest import TOKEN, RunningBot

WORKERS = 4  # conversations at a time: the whole corpus in about 3 minutes on 2 cores


def test_the_corpus_is_large_deterministic_and_covers_every_category() -> None:
    messages = corpus()
    assert len(messages) >= 1000
    assert messages == corpus()
    assert {m.category for m in messages} == set(CATEGORIES)


def test_invalid_slots_names_what_the_validation_forbids() -> None:
    valid = {"age": 30, "commune": "Bondy", "code_insee": "93010", "besoin": "emploi",
             "freins": ["mobilite"], "rqth": False, "requested_slot": "quartier", "questions_posees": ["age"]}
    assert invalid_slots(valid) == []
    assert invalid_slots(dict.fromkeys(valid)) == []
    for wrong in ({"age": 200}, {"age": "30"}, {"age": True}, {"code_insee": "99999", "commune": "Paris"},
                  {"commune": "Paris", "code_insee": "93010"}, {"commune": "Bondy", "code_insee": None},
                  {"besoin": "x"}, {"freins": ["nucleaire"]}, {"beneficiaire_rsa": "peut-être"},
                  {"requested_slot": "x"}, {"questions_posees": ["age"] * 3}, {"quartier": "x" * 41}):
        assert invalid_slots({**valid, **wrong}), wrong


def test_hostile_messages_get_sane_answers_and_leave_valid_slots(running_bot: RunningBot) -> None:
    log_start = len(running_bot.log.read_bytes())
    results = run_corpus(Bot(running_bot.url, TOKEN), corpus(), service_ids(running_bot.catalogue), WORKERS)
    logged = texts_in_log(running_bot.log.read_bytes()[log_start:].decode("utf-8", "replace"))
    report = describe(results) if not all(r.ok for r in results) else ""
    if logged:
        report += (f"\n{len(logged)} ligne(s) du journal des serveurs contiennent le texte d'un message, "
                   f"par exemple :\n" + "\n".join(f"  {line}" for line in logged[:3]))
    assert not report, report
