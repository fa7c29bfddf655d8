"""Every natural answer of every question (actions/questions.yml, `reponses`), through the real bot.

For each answer: a new resident reaches the question (on the e2e catalogue), types the answer,
and the test checks what the table says it does: the slots it sets, and what comes next (the next
question, the question skipped, explained, "lequel ?", or asked once more in other words).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any, Dict, List, Tuple

import pytest

from actions.questions import questions
from bot.catalogue.situation_vocabulary import STATUS_SLOTS
from tests.wording import fill, wording

from .conftest import Conversation, RunningBot

# Messages that bring a resident of the e2e catalogue to each question (tests/data/catalogue_e2e).
EMPLOI_AUBER = "bonjour j'ai 35 ans, j'habite à Aubervilliers, je cherche du travail"
EMPLOI_BONDY = "bonjour j'ai 40 ans, j'habite à Bondy, je cherche du travail"
PATHS: Dict[str, List[str]] = {
    "age": ["bonjour"],
    "commune": ["bonjour", "30 ans"],
    "commune_confirmee": ["bonjour", "30 ans", "obervilliers"],
    "besoin": ["bonjour j'ai 30 ans j'habite à Bondy"],
    "freins": ["bonjour j'ai 30 ans j'habite à Bondy je cherche du travail"],
    "statuts": [EMPLOI_AUBER, "rien"],
    "inscrit_france_travail": [EMPLOI_AUBER + ", pas de RSA ni de RQTH", "rien"],
    "beneficiaire_rsa": [EMPLOI_BONDY + ", pas de RQTH", "rien"],
    "rqth": [EMPLOI_BONDY + ", pas de RSA", "rien"],
    "quartier": ["bonjour j'ai 35 ans, j'habite à Pantin, je cherche du travail, ni RSA ni RQTH", "rien"],
}
COMMUNE_PROPOSEE = "Aubervilliers"  # what "obervilliers" makes the bot ask to confirm


def cases() -> List[Tuple[str, str, Dict[str, Any]]]:
    return [(slot, said, answer) for slot, question in questions().items()
            for answer in question.reponses for said in answer["dit"]]


def expected_slots(answer: Dict[str, Any]) -> Dict[str, Any]:
    expected = dict(answer.get("donne") or {})
    if "annee_naissance" in expected:  # the youngest age someone born that year can have today
        expected["age"] = date.today().year - expected.pop("annee_naissance") - 1
    return expected


def _comparable(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value  # obstacles: any order


def reach(bot: RunningBot, slot: str) -> Conversation:
    resident = Conversation(bot)
    for message in PATHS[slot]:
        resident.say(message)
    assert resident.slots["requested_slot"] == slot, f"the path to {slot} asks {resident.slots['requested_slot']}"
    return resident


def check(bot: RunningBot, slot: str, said: str, answer: Dict[str, Any]) -> List[str]:
    """What went wrong when `said` answers the question of `slot` (an empty list if nothing)."""
    question = wording(slot)
    resident = reach(bot, slot)
    before = resident.text
    resident.say(said)
    slots, text, effect = resident.slots, resident.text, answer["fait"]
    problems = []
    for name, value in expected_slots(answer).items():
        if _comparable(slots.get(name)) != _comparable(value):
            problems.append(f"{name} = {slots.get(name)!r}, expected {value!r}")
    asked_again = slots["requested_slot"] == slot
    skipped = set(slots.get("non_renseignes") or [])
    commune = slots.get("commune") or ""
    if effect in ("suivante", "passe") and asked_again:
        problems.append("the question is asked once more")
    if effect == "passe" and slot != "commune_confirmee":
        wanted = set(STATUS_SLOTS) if slot == "statuts" else {slot}
        if not wanted & skipped or "passe" not in text:
            problems.append(f"not skipped ({sorted(skipped)}): {text!r}")
    if effect in ("explique", "lequel", "redemande") and not asked_again:
        problems.append(f"moved on to {slots['requested_slot']}")
    if effect == "explique" and fill(question.explication, commune, COMMUNE_PROPOSEE) not in text:
        problems.append(f"no explanation: {text!r}")
    if effect == "lequel" and question.lequel not in text:
        problems.append(f"no 'lequel': {text!r}")
    if effect in ("explique", "redemande") and fill(question.relance, commune, COMMUNE_PROPOSEE) not in text:
        problems.append(f"not asked again in other words: {text!r}")
    if text in before or not text.strip():
        problems.append(f"the same answer as before, or none: {text!r}")
    return [f"{slot} ← {said!r}: {p}" for p in problems]


def test_every_question_has_a_table_of_natural_answers() -> None:
    for slot, question in questions().items():
        effects = {answer["fait"] for answer in question.reponses}
        assert {"passe", "explique", "redemande"} <= effects, f"{slot}: {effects}"
        assert sum(len(answer["dit"]) for answer in question.reponses) >= 15, slot
        assert wording(slot).relance != wording(slot).texte and wording(slot).explication


@pytest.mark.parametrize("slot", list(PATHS))
def test_natural_answers_through_the_bot(running_bot: RunningBot, slot: str) -> None:
    mine = [(said, answer) for s, said, answer in cases() if s == slot]
    with ThreadPoolExecutor(max_workers=4) as pool:
        problems = [p for found in pool.map(lambda c: check(running_bot, slot, *c), mine) for p in found]
    assert not problems, "\n".join(problems)
