"""The form's questions (`action_ask_<slot>`), worded in actions/questions.yml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")


@lru_cache(maxsize=1)
def questions() -> Dict[str, Dict[str, Any]]:
    return yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))


class AskQuestion(Action):
    """Asks the question of one slot, with its buttons; subclasses only name the slot."""

    slot = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        question = questions()[self.slot]
        text = question["texte"].replace("{commune_proposee}", tracker.get_slot("commune_proposee") or "")
        buttons = [{"title": b["titre"], "payload": b["payload"]} for b in question.get("boutons", [])]
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class AskAge(AskQuestion):
    slot = "age"


class AskCommune(AskQuestion):
    slot = "commune"


class AskCommuneConfirmee(AskQuestion):
    slot = "commune_confirmee"


class AskBesoin(AskQuestion):
    slot = "besoin"


class AskFreins(AskQuestion):
    slot = "freins"


class AskInscritFranceTravail(AskQuestion):
    slot = "inscrit_france_travail"


class AskBeneficiaireRsa(AskQuestion):
    slot = "beneficiaire_rsa"


class AskRqth(AskQuestion):
    slot = "rqth"
