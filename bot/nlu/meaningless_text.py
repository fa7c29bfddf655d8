"""Last NLU component: a message that cannot mean anything is "not understood", whatever the
intent classifier guessed.

DIET gives every text an intent, sometimes with high confidence: 10,000 times "a" came out as
"je ne sais pas" (which skips the question). A text with fewer than two different letters or
digits ("aaaaaa", "?!?!", "......") goes to the fallback instead. Emoji alone are left to DIET:
"👍" often means yes.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_guard import set_fallback
from bot.understanding.lexicon import SMS_SPELLINGS


def is_meaningless(text: str) -> bool:
    """Fewer than two different letters or digits, once accents and case are set aside, and not
    a short word residents write ("cc" for coucou, "nn" for non)."""
    if text.startswith("/"):  # a button payload
        return False
    folded = unicodedata.normalize("NFKD", text.casefold())
    if "".join(c for c in folded if c.isalnum()) in SMS_SPELLINGS:
        return False
    symbols = {c for c in folded if c.isalnum()}
    has_emoji = any(unicodedata.category(c) == "So" for c in text)
    return len(symbols) < 2 and not has_emoji


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MeaninglessTextClassifier(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MeaninglessTextClassifier":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and is_meaningless(text):
                set_fallback(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
