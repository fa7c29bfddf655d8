"""Every response the actions send is a response of domain.yml, with the variables it needs."""
from __future__ import annotations

import re
from pathlib import Path

from actions.form import POLITENESS
from actions.questions import WHICH, questions
from tests.wording import responses

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ROOT / "actions"
SKIP_REASONS = ("ne_sait_pas", "incompris", "deux_fois")  # actions/form.py, _Step.skip


def _variables(response: str) -> set:
    return {v for variation in responses()[response] for v in re.findall(r"{(\w+)}", variation["text"])}


def named_in_the_actions() -> set:
    """The responses the actions send: named in full, or built (questions, skipping reasons)."""
    literal = {name for path in ACTIONS.glob("*.py")
               for name in re.findall(r'"(utter_\w+)"', path.read_text(encoding="utf-8"))}
    literal.discard("utter_action")  # the metadata key in which Rasa records a message's response
    built = {f"utter_question_passee_{reason}" for reason in SKIP_REASONS}
    for question in questions().values():
        built |= {question.asking(0), question.asking(1), question.explaining, question.skipping}
        if WHICH in (question.si_oui, question.si_non):
            built.add(question.asking(1, which=True))
    return literal | built | set(POLITENESS.values())


def test_every_response_named_in_the_actions_is_in_the_domain():
    named = named_in_the_actions()
    assert len(named) > 70
    assert named <= responses().keys(), named - responses().keys()


def test_every_response_of_the_domain_is_sent_by_a_rule_a_story_or_an_action():
    """What `rasa data validate` checks for rules and stories only (make test-data)."""
    in_dialogues = {name for path in (ROOT / "data").rglob("*.yml")
                    for name in re.findall(r"action: (utter_\w+)", path.read_text(encoding="utf-8"))}
    unused = responses().keys() - in_dialogues - named_in_the_actions()
    assert not unused, unused


def test_every_question_is_worded_asked_twice_explained_and_skipped():
    for slot, question in questions().items():
        names = [question.asking(0), question.asking(1), question.explaining, question.skipping]
        if WHICH in (question.si_oui, question.si_non):
            names.append(question.asking(1, which=True))
        assert responses()[question.asking(0)] != responses()[question.asking(1)], slot
        # The form fills only the commune (actions/form.py, WORDING_DEFAULTS).
        assert set().union(*map(_variables, names)) <= {"commune", "commune_proposee"}, slot
        # A consequence goes inside another sentence: it has no variable of its own.
        assert not _variables(question.skipping), slot


def test_no_response_asks_a_slot_for_rasa_s_form():
    """utter_ask_<slot> would be sent by Rasa's form too, after the form's own question."""
    assert not [name for name in responses() if name.startswith("utter_ask_")]
