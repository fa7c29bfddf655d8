"""The two NLU components Aiguillage adds to Rasa's pipeline, on real Rasa messages."""
from __future__ import annotations

from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.catalogue.communes import CommuneRef
from bot.nlu.message_trimmer import MAX_CHARACTERS, MessageTrimmer
from bot.nlu.situation_extractor import SituationExtractor


def test_trimmer_cuts_long_messages_only():
    long, short = Message({TEXT: "a" * 10_000}), Message({TEXT: "bonjour"})
    MessageTrimmer().process([long, short])
    assert len(long.get(TEXT)) == MAX_CHARACTERS
    assert short.get(TEXT) == "bonjour"


def test_extractor_adds_the_situation_entities():
    message = Message({TEXT: "bjr jai 19 ans jhabite a auber jcherche du taf mais jai pas le permis"})
    SituationExtractor(CommuneRef.load_default()).process([message])
    found = {(e["entity"], e["value"]) for e in message.get(ENTITIES)}
    assert {("age", "19"), ("commune", "Aubervilliers"), ("code_insee", "93001"),
            ("besoin", "emploi"), ("frein", "mobilite")} <= found
    assert all(e["extractor"] == "SituationExtractor" for e in message.get(ENTITIES))


def test_extractor_leaves_button_payloads_and_empty_messages_alone():
    payload, empty = Message({TEXT: '/informer{"frein": "aucun"}'}), Message({TEXT: ""})
    SituationExtractor(CommuneRef.load_default()).process([payload, empty])
    assert not payload.get(ENTITIES) and not empty.get(ENTITIES)
