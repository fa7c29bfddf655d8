"""Rasa wrapper around bot.understanding: adds the situation entities to each parsed message."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.catalogue.communes import CommuneRef
from bot.catalogue.situation_vocabulary import STATUS_SLOTS
from bot.understanding import extract_entities

# Past this length a message is not a resident describing their situation: don't spend time on it.
MAX_CHARACTERS = 1000


STATUS_ENTITIES = STATUS_SLOTS


def slot_value(entity: str, value: str):
    """The value as the slot holds it: an age is a number, a status true or false. Rasa fills
    slots from entities whatever the intent; a value must be right even where no validation runs
    (a message that gives the age and speaks of a danger at once)."""
    if entity == "age":
        return int(value)
    if entity in STATUS_ENTITIES:
        return value == "true"
    return value


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class SituationExtractor(GraphComponent, EntityExtractorMixin):
    """Rule-based extraction of age, commune, need, obstacles and statuses."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SituationExtractor":
        communes = CommuneRef.load_default()
        extract_entities("bonjour j'ai 20 ans à Bondy", communes)  # fill caches before the first resident
        return cls(communes)

    def __init__(self, communes: CommuneRef) -> None:
        self._communes = communes

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if not text or text.startswith("/") or len(text) > MAX_CHARACTERS:
                continue  # empty, a button payload (its entities are in it), or not a situation
            found = [
                {
                    "entity": e.entity,
                    "value": slot_value(e.entity, e.value),
                    "start": e.start,
                    "end": e.end,
                    "confidence_entity": e.confidence,
                    "extractor": self.__class__.__name__,
                }
                for e in extract_entities(text, self._communes)
            ]
            if found:
                message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
