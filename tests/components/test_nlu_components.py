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
    assert {("age", 19), ("commune", "Aubervilliers"), ("code_insee", "93001"),
            ("besoin", "emploi"), ("frein", "mobilite")} <= found
    assert all(e["extractor"] == "SituationExtractor" for e in message.get(ENTITIES))


def test_statuses_and_ages_are_given_as_the_slots_hold_them():
    message = Message({TEXT: "j'ai 40 ans je touche le rsa et je suis pas inscrit à pôle emploi"})
    SituationExtractor(CommuneRef.load_default()).process([message])
    found = {e["entity"]: e["value"] for e in message.get(ENTITIES)}
    assert found["age"] == 40 and found["beneficiaire_rsa"] is True and found["inscrit_france_travail"] is False


def test_extractor_leaves_button_payloads_and_empty_messages_alone():
    payload, empty = Message({TEXT: '/informer{"frein": "aucun"}'}), Message({TEXT: ""})
    SituationExtractor(CommuneRef.load_default()).process([payload, empty])
    assert not payload.get(ENTITIES) and not empty.get(ENTITIES)


def test_meaningless_text_is_not_understood_whatever_the_classifier_said():
    from rasa.shared.nlu.constants import INTENT

    from bot.nlu.meaningless_text import MeaninglessTextClassifier, is_meaningless

    guessed = {"name": "ne_sait_pas", "confidence": 0.99}
    messages = [Message({TEXT: text, INTENT: dict(guessed)})
                for text in ("a" * 500, "?!?!", "……", "AaAàÂ", "👍", "ok", "93", '/informer{"x": 1}')]
    MeaninglessTextClassifier().process(messages)
    assert [m.get(INTENT)["name"] for m in messages] == [
        "nlu_fallback", "nlu_fallback", "nlu_fallback", "nlu_fallback", "ne_sait_pas", "ne_sait_pas",
        "ne_sait_pas", "ne_sait_pas"]
    assert not is_meaningless("je sais pas")
