"""NLU component: intents that end or erase something need their words in the message.

DIET reads character n-grams, so a typo can land on any intent: "mes paipers" (papiers) once came
out as "effacer mes données" and erased a resident's answers, "a maresille" (Marseille) as "au
revoir". Erasing, starting over and leaving are taken only when the message has one of their
words; otherwise the message is not understood, and the dialogue asks again.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.understanding.text import normalize

# Stems looked for in the normalised message (lower case, no accents, SMS spelled out).
REQUIRED_WORDS = {
    "effacer_donnees": re.compile(r"effac|suppr|oubli|detrui|retir|rgpd|gard|ayez|delete|erase"),
    "recommencer": re.compile(r"recom|reprend|debut|zero|reset|restart|redemar|effac|suppr|nouvel|refai|"
                              r"retour|reveni|repart|rcmcr|recomenc|autre recherche|start|tromp"),
    "au_revoir": re.compile(r"revoir|orevoir|bye|a \+|a plus|bientot|bonne|bne|ciao|tchao|adieu|prochaine|"
                            r"y aller|vais|laisse|demain|plus tard|reparle|revien|continuation|a toute|"
                            r"a tt|a tout|a\+|quitt|bisou|salut|part"),
}


def set_fallback(message: Message) -> None:
    """The message is not understood, whatever the classifier said."""
    fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
    message.set(INTENT, fallback, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [fallback, *(message.get(INTENT_RANKING_KEY) or [])], add_to_output=True)


def lacks_its_words(intent: str, text: str) -> bool:
    required = REQUIRED_WORDS.get(intent)
    if not required or text.startswith("/"):
        return False
    return not (required.search(normalize(text).text) or required.search(text.lower()))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class IntentWordsGuard(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "IntentWordsGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if isinstance(text, str) and intent and lacks_its_words(intent, text):
                set_fallback(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
