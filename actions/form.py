"""The situation form: which questions to ask, in which order, and skipping a question."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from . import catalogue_access
from .questions import ask
from .situation import situation_from
from .validation import SituationSlotValidation

# What skipping a question means for the answer, said to the resident.
CONSEQUENCES = {
    "age": "Je ne vous proposerai pas les services réservés à un âge.",
    "commune": "Sans votre commune, je peux seulement vous donner des services nationaux.",
    "commune_confirmee": "Écrivez plutôt le nom de votre commune ou son code postal.",
    "besoin": "Je vous indiquerai des lieux d'accueil qui pourront vous orienter.",
    "freins": "",
    "inscrit_france_travail": "Je ne vous proposerai pas les services réservés aux inscrits à France Travail.",
    "beneficiaire_rsa": "Je ne vous proposerai pas les services réservés aux personnes au RSA.",
    "rqth": "Je ne vous proposerai pas les services réservés aux personnes qui ont la RQTH.",
    "quartier": "Je ne vous proposerai pas les permanences réservées à un quartier.",
}


class ValidateSituationForm(SituationSlotValidation, FormValidationAction):
    """Validates what each message said and computes the questions still useful, in one call."""

    def name(self) -> Text:
        return "validate_situation_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        situation = situation_from(tracker)
        skipped = set(situation.non_renseignes)
        commune_slot = (
            "commune_confirmee"
            if situation.commune is None and tracker.get_slot("commune_proposee")
            else "commune"
        )
        slots = ["age", commune_slot, "besoin", "freins"]
        need_known = situation.besoin is not None or "besoin" in skipped
        obstacles_known = situation.freins is not None or "freins" in skipped
        matcher = catalogue_access.get().matcher()
        if situation.code_insee and need_known and obstacles_known and matcher is not None:
            # Statuses and neighbourhood only when they change which services are proposed.
            slots += matcher.questions_utiles(situation)
        return [slot for slot in slots if slot not in skipped]

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[EventType]:
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        found = {**self.commune_from_location(dispatcher, tracker), **self.quartier_in_message(tracker)}
        return events + [SlotSet(name, value) for name, value in found.items()]

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[EventType]:
        # Every slot the message set, not only those asked now: "en fait j'ai 26 ans" while the
        # form asks the commune is checked and acknowledged too.
        return await self.validate_recent(dispatcher, tracker, domain)

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Optional[EventType]:
        """The next question, asked here rather than by an `action_ask_*` (one call less)."""
        event = await super().next_requested_slot(dispatcher, tracker, domain)
        slot = event["value"] if event else None
        if slot and not _form_will_reject(tracker):
            ask(slot, dispatcher, tracker)
        return event


def _form_will_reject(tracker: Tracker) -> bool:
    """Rasa rejects the form when the resident's message answered nothing (another rule then
    answers, and the form asks again after it): no question now, or it would come twice.

    The form sends: ... user, [extracted slots], requested_slot, form action, [candidates]."""
    events = list(reversed(tracker.events))
    candidates = 0
    while candidates < len(events) and events[candidates].get("event") == "slot":
        candidates += 1
    rest = events[candidates:]
    if candidates or len(rest) < 2 or rest[0].get("event") != "action":
        return False
    rest = rest[2:]  # the form action, then requested_slot
    while rest and rest[0].get("event") == "slot":
        rest = rest[1:]
    return bool(rest) and rest[0].get("event") == "user"


class ActionPasserQuestion(Action):
    """The resident doesn't know or doesn't want to answer: note it and move on."""

    def name(self) -> Text:
        return "action_passer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        requested = tracker.get_slot("requested_slot")
        if requested == "commune_confirmee":
            dispatcher.utter_message(text=CONSEQUENCES["commune_confirmee"])
            return [SlotSet("commune_proposee", None), SlotSet("code_insee_propose", None)]
        if requested is None:
            return []
        skipped = list(dict.fromkeys([*(tracker.get_slot("non_renseignes") or []), requested]))
        consequence = CONSEQUENCES.get(requested, "")
        dispatcher.utter_message(text=f"Pas de problème, on passe. {consequence}".strip())
        return [SlotSet("non_renseignes", skipped)]
