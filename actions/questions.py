"""The form's questions, worded in actions/questions.yml; the quartier one is built from the catalogue.

The form's validation action asks them itself (see actions/form.py): one call to the action
server per message instead of two.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from . import catalogue_access
from .situation import situation_from

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")


@lru_cache(maxsize=1)
def questions() -> Dict[str, Dict[str, Any]]:
    return yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))


def ask(slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Asks the question of `slot`, with its buttons."""
    if slot == "quartier":
        ask_quartier(dispatcher, tracker)
        return
    question = questions()[slot]
    text = question["texte"].replace("{commune_proposee}", tracker.get_slot("commune_proposee") or "")
    buttons = [{"title": b["titre"], "payload": b["payload"]} for b in question.get("boutons", [])]
    dispatcher.utter_message(text=text, buttons=buttons)


def ask_quartier(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """One button per neighbourhood that has reserved services in the resident's zone."""
    situation = situation_from(tracker)
    matcher = catalogue_access.get().matcher()
    quartiers = matcher.quartiers(situation) if matcher else []
    buttons = [{"title": q, "payload": f'/informer{{"quartier": "{q}"}}'} for q in quartiers]
    buttons.append({"title": "Un autre quartier", "payload": '/informer{"quartier": "autre"}'})
    buttons.append({"title": "Je préfère ne pas répondre", "payload": "/ne_sait_pas"})
    dispatcher.utter_message(
        text=f"Dans quel quartier de {situation.commune} habitez-vous ? "
             "Certaines permanences sont réservées à des quartiers.",
        buttons=buttons,
    )
