"""bot/nlg.py: a response's variations, filled, never the same sentence twice in a row."""
from __future__ import annotations

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlg import NoRepeatNaturalLanguageGenerator

DOMAIN = Domain.from_dict({
    "responses": {
        "utter_adresses": [{"text": "Voici les adresses à {commune} :"}, {"text": "Voici les adresses :"}],
        "utter_seule": [{"text": "Une seule façon de le dire."}],
    },
})


def tracker(*bot_texts: str) -> DialogueStateTracker:
    events = [UserUttered("avant"), *(BotUttered(t) for t in bot_texts), UserUttered("maintenant")]
    return DialogueStateTracker.from_events("nlg", events)


async def say(name: str, conversation: DialogueStateTracker, **values) -> str:
    return (await NoRepeatNaturalLanguageGenerator(domain=DOMAIN).generate(name, conversation, "rest",
                                                                          **values))["text"]


async def test_the_first_wording_filled_with_the_action_s_variables():
    assert await say("utter_adresses", tracker(), commune="Bondy") == "Voici les adresses à Bondy :"


async def test_the_sentence_just_sent_filled_is_not_sent_again():
    assert await say("utter_adresses", tracker("Voici les adresses à Bondy :"), commune="Bondy") == \
        "Voici les adresses :"
    # Another commune is another sentence.
    assert await say("utter_adresses", tracker("Voici les adresses à Bondy :"), commune="Pantin") == \
        "Voici les adresses à Pantin :"


async def test_a_single_wording_is_sent_again_and_unknown_responses_give_nothing():
    assert await say("utter_seule", tracker("Une seule façon de le dire.")) == "Une seule façon de le dire."
    assert await NoRepeatNaturalLanguageGenerator(domain=DOMAIN).generate("utter_restart", tracker(), "rest") is None
