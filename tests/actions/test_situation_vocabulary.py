"""Every need, obstacle and status of the situation vocabulary is understood in words, taught to the
NLU, offered as a button, and nothing anywhere speaks of a value the vocabulary does not have."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from actions.conversation import MENU
from actions.numbered_choice import parse_payload
from actions.questions import questions, status_buttons
from bot.catalogue.communes import CommuneRef
from bot.catalogue.situation_vocabulary import (
    BESOINS, FREINS, NEEDS, NO_OBSTACLE, OBSTACLES, STATUS_SLOTS, STATUSES,
)
from bot.catalogue.vocab import load_vocabularies
from bot.understanding import extract_entities, needs, obstacles, statuses
from bot.understanding.payloads import clean_payload

NLU_SITUATION = Path(__file__).resolve().parents[2] / "data" / "nlu" / "situation.yml"


def _informer_examples():
    document = yaml.safe_load(NLU_SITUATION.read_text(encoding="utf-8"))
    for block in document["nlu"]:
        if block.get("intent") == "informer":
            yield from (line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- "))


@pytest.fixture(scope="module")
def values_in_nlu_examples():
    communes = CommuneRef.load_default()
    found = defaultdict(set)
    for example in _informer_examples():
        for entity in extract_entities(example, communes):
            found[entity.entity].add(entity.value)
    return found


def _given(buttons):
    """What each button gives: {entity: value}, empty for a button that gives no fact."""
    return [{e["entity"]: e["value"] for e in parse_payload(b["payload"])["entities"]} for b in buttons]


def test_the_extraction_rules_name_exactly_the_vocabulary():
    assert {r.value for r in needs._RULES} == set(BESOINS)
    assert {r.value for r in obstacles._RULES} == set(FREINS)
    assert [value for value, _ in obstacles._TOPICS] == list(FREINS)
    assert [slot for slot, _ in statuses._NAMED_STATUSES] == list(STATUS_SLOTS)


def test_the_nlu_examples_teach_every_value_and_no_other(values_in_nlu_examples):
    assert values_in_nlu_examples["besoin"] == set(BESOINS)
    assert values_in_nlu_examples["frein"] == {*FREINS, NO_OBSTACLE}
    for slot in STATUS_SLOTS:
        assert values_in_nlu_examples[slot] == {"true", "false"}, slot


def test_the_buttons_offer_every_value_in_the_vocabulary_order():
    assert [e["besoin"] for e in _given(questions()["besoin"].boutons)] == list(BESOINS)
    assert [e.get("frein") for e in _given(questions()["freins"].boutons)] == [*FREINS, NO_OBSTACLE]
    assert [e.get("besoin") for e in _given(MENU) if e] == list(BESOINS)
    assert [next(iter(e)) for e in _given(status_buttons(STATUS_SLOTS)) if e] == list(STATUS_SLOTS)


def test_every_button_payload_passes_the_channel_payload_check():
    buttons = [*questions()["besoin"].boutons, *questions()["freins"].boutons, *MENU,
               *status_buttons(STATUS_SLOTS)]
    for button in buttons:
        assert clean_payload(button["payload"]) == button["payload"], button


def test_the_rows_point_at_real_data_inclusion_themes_and_publics():
    known = load_vocabularies()
    themes = known.values("thematiques") | known.values("categories")
    assert all(t in themes for need in NEEDS for t in need.themes)
    assert all(o.theme in themes for o in OBSTACLES)
    assert all(s.public in known.values("publics") for s in STATUSES)
    assert len({s.requirement for s in STATUSES}) == len(STATUSES)


def test_the_domain_declares_every_status_slot_and_entity():
    domain = yaml.safe_load((NLU_SITUATION.parents[2] / "domain.yml").read_text(encoding="utf-8"))
    for slot in STATUS_SLOTS:
        assert slot in domain["slots"] and slot in domain["entities"], slot
