"""First NLU component: cuts very long messages before tokenisation, and mends broken Unicode.

A resident describing their situation writes a few lines; a 10,000-character paste must not cost
seconds of featurisation. The conversation keeps the original text; NLU sees the beginning only,
except the distress detector, which reads further (FULL_TEXT): a long message that ends with
"je veux mourir" still gets the numbers.
A lone surrogate (half of an emoji cut by a faulty client) made spaCy fail: it becomes "\ufffd".
"""
from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

MAX_CHARACTERS = 500
FULL_TEXT = "texte_entier"  # the message before the cut, for bot.nlu.distress_detector
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False
)
class MessageTrimmer(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MessageTrimmer":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            mended = _LONE_SURROGATE.sub("\ufffd", text)
            if len(mended) > MAX_CHARACTERS:
                message.set(FULL_TEXT, mended)
                mended = mended[:MAX_CHARACTERS]
            if mended != text:
                message.set(TEXT, mended)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
