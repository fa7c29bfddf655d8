"""NLU component: a message that speaks of suicide, violence, a child in danger, sleeping outside
or an immediate danger becomes the `detresse` intent, whatever else it says, with one `detresse`
entity per kind (bot.understanding.distress). The dialogue then gives the numbers at once.

DIET has a few `detresse` examples too (the domain needs them), but only these rules decide:
a `detresse` guess without them is not understood.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_guard import set_fallback
from bot.nlu.message_trimmer import FULL_TEXT
from bot.understanding.distress import distress_kinds

INTENT_NAME = "detresse"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DistressDetector(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DistressDetector":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(FULL_TEXT) or message.get(TEXT)
            if not isinstance(text, str):
                continue
            kinds = distress_kinds(text)
            if kinds:
                intent = {INTENT_NAME_KEY: INTENT_NAME, "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent, *(message.get(INTENT_RANKING_KEY) or [])],
                            add_to_output=True)
                found = [{"entity": INTENT_NAME, "value": kind, "start": 0, "end": len(text),
                          "extractor": self.__class__.__name__} for kind in kinds]
                message.set(ENTITIES, (message.get(ENTITIES) or []) + found, add_to_output=True)
            elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == INTENT_NAME:
                set_fallback(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
