"""Rasa's responses from domain.yml, never the same sentence twice in a row.

A resident who writes "merci" or "ok" twice gets another wording the second time: among the
variations of a response (domain.yml), filled with their variables, the first one that the bot
did not just send. The actions' responses (`dispatcher.utter_message(response=…)`) go through it
too. Selected in
endpoints.yml (`nlg: type: bot.nlg.NoRepeatNaturalLanguageGenerator`).
"""
from __future__ import annotations

import copy
from typing import Any, Dict, Optional, Text

from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


def last_bot_texts(tracker: DialogueStateTracker) -> set:
    """The texts the bot sent since the resident's message before the latest one."""
    texts = set()
    users_seen = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            users_seen += 1
            if users_seen == 2:
                break
        elif isinstance(event, BotUttered) and event.text:
            texts.add(event.text)
    return texts


class NoRepeatNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Optional[Domain] = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text,
                       **kwargs: Any) -> Optional[Dict[Text, Any]]:
        if utter_action not in self.responses:  # e.g. Rasa's utter_restart, not in this domain
            return None
        filled_slots = tracker.current_slot_values()
        variations = ResponseVariationFilter(self.responses).responses_for_utter_action(
            utter_action, output_channel, filled_slots)
        if not variations:
            return None
        said = last_bot_texts(tracker)
        # Compared once filled: "… à {commune} …" is the sentence "… à Bondy …" the resident read.
        filled = [self._fill_response(copy.deepcopy(v), filled_slots, **kwargs) for v in variations]
        return next((f for f in filled if f.get("text") not in said), filled[0])
