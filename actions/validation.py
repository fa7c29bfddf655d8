"""Validates and normalises the situation slots a message set, and acknowledges corrections.

Used by the form's validation action: every message that gives or corrects a fact goes through
the form (the rules send `informer` to it even after the answer), so this runs once per message,
in one remote call with the form's own work.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.catalogue.matching import haversine_km
from bot.common.folding import lower_without_accents
from bot.catalogue.situation_vocabulary import BESOINS, FREINS, NEED
from bot.common.ages import RESIDENT_AGE_MAX, RESIDENT_AGE_MIN
from bot.understanding.age import age_from_number
from bot.understanding.obstacles import says_no_obstacle
from bot.understanding.text import normalize

from . import catalogue_access
from .situation import as_age, as_bool, previous_value, situation_from, without

QUARTIER_MAX_CHARS = 40  # a neighbourhood name, not an address: keep no more than that
AUTRE_QUARTIER = "autre"
OTHER_QUARTIER_WORDS = frozenset({
    AUTRE_QUARTIER, "un autre", "autre quartier", "un autre quartier", "aucun de ceux la", "aucun de ces quartiers",
    "pas dans la liste", "il n est pas dans la liste", "ailleurs",
})
# A street address is not a neighbourhood: it is not kept (a neighbourhood no service is
# reserved to changes nothing, and an address says where the resident lives).
_STREET = re.compile(r"\d|\b(?:rue|avenue|av|bd|boulevard|allee|impasse|chemin|place|square|quai|"
                     r"route|sentier|passage|villa|cours|rond point)\b")
# A shared location farther than this from every commune centre is not in France (communes of
# Guyane are the largest: their centres can be tens of kilometres from their edges).
LOCATION_MAX_KM = 30.0

def _answered(tracker: Tracker, slot: str) -> Dict[Text, Any]:
    """Take `slot` out of the skipped questions, if it was there (no event otherwise)."""
    skipped = tracker.get_slot("non_renseignes") or []
    return {"non_renseignes": without(skipped, slot)} if slot in skipped else {}


class SituationSlotValidation:
    """`validate_<slot>` methods, one per situation slot, and the neighbourhood named in passing."""

    async def validate_recent(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> List[EventType]:
        """Validates every slot the latest message set, whether or not the form asks it now."""
        values = dict(tracker.slots_to_validate())
        values.pop("requested_slot", None)
        for name, value in list(values.items()):
            validate = getattr(self, f"validate_{name}", None)
            if validate is not None:
                changes = validate(value, dispatcher, tracker, domain)
                values.update(changes)
                tracker.slots.update(changes)  # later validations see the normalised values
        return [SlotSet(name, value) for name, value in values.items()]

    def quartier_in_message(self, tracker: Tracker) -> Dict[Text, Any]:
        """A neighbourhood named in passing ("jhabite montreuil a la noue") is taken at once."""
        text = tracker.latest_message.get("text") or ""
        matcher = catalogue_access.get().matcher()
        if not text or text.startswith("/") or matcher is None or not tracker.get_slot("code_insee"):
            return {}
        found = matcher.quartier_mentionne(text, situation_from(tracker))
        return {"quartier": found} if found and found != tracker.get_slot("quartier") else {}

    def commune_from_location(self, dispatcher: CollectingDispatcher,
                              tracker: Tracker) -> Dict[Text, Any]:
        """A location shared on a channel (`/informer{"latitude": …, "longitude": …}`) becomes
        the nearest commune; a point far from every French commune gives nothing."""
        point = shared_location(tracker)
        if point is None:
            return {}
        commune = catalogue_access.get().communes.nearest(*point)
        if commune is None or haversine_km(*point, commune.latitude, commune.longitude) > LOCATION_MAX_KM:
            return {}
        if not tracker.get_slot("code_insee"):
            dispatcher.utter_message(response="utter_position_commune", commune=commune.nom)
        return {"commune": commune.nom, "code_insee": commune.code_insee}

    def validate_age(self, value: Any, dispatcher: CollectingDispatcher,
                     tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        age = _age_meant(value, tracker)
        if age is None or not RESIDENT_AGE_MIN <= age <= RESIDENT_AGE_MAX:
            return {"age": previous_value(tracker, "age")}  # the form says it did not understand
        previous = as_age(previous_value(tracker, "age"))
        if previous is not None and previous != age:
            dispatcher.utter_message(response="utter_age_corrige", age=age)
        return {"age": age, **_answered(tracker, "age")}

    def validate_commune(self, value: Any, dispatcher: CollectingDispatcher,
                         tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        code = tracker.get_slot("code_insee")
        access = catalogue_access.get()
        commune = access.communes.get(code) if code else None
        if commune is None:  # a name without its code cannot be trusted: ask again
            return {"commune": previous_value(tracker, "commune"),
                    "code_insee": previous_value(tracker, "code_insee")}
        return self._commune_changes(commune.nom, commune.code_insee, dispatcher, tracker)

    def validate_code_insee(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return {}  # checked together with the name in validate_commune

    def validate_commune_confirmee(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        cleared = {"commune_proposee": None, "code_insee_propose": None, "commune_confirmee": None}
        if as_bool(value) and tracker.get_slot("code_insee_propose"):
            return {**cleared, **self._commune_changes(
                tracker.get_slot("commune_proposee"), tracker.get_slot("code_insee_propose"),
                dispatcher, tracker)}
        dispatcher.utter_message(response="utter_commune_refusee")
        return cleared

    def _commune_changes(self, nom: str, code: str, dispatcher: CollectingDispatcher,
                         tracker: Tracker) -> Dict[Text, Any]:
        changes: Dict[Text, Any] = {"commune": nom, "code_insee": code, **_answered(tracker, "commune")}
        if tracker.get_slot("commune_proposee") or tracker.get_slot("code_insee_propose"):
            changes.update(commune_proposee=None, code_insee_propose=None)
        previous = previous_value(tracker, "code_insee")
        if previous and previous != code:
            dispatcher.utter_message(response="utter_commune_corrigee", commune=nom)
            # A neighbourhood belongs to the previous commune: forget it, and ask it again if useful.
            changes["quartier"] = None
            skipped = changes.get("non_renseignes", tracker.get_slot("non_renseignes") or [])
            if "quartier" in skipped:
                changes["non_renseignes"] = without(skipped, "quartier")
        return changes

    def validate_quartier(self, value: Any, dispatcher: CollectingDispatcher,
                          tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())
        if not text:
            return {"quartier": None}
        folded = " ".join(re.sub(r"[^a-z0-9]+", " ", lower_without_accents(text)).split())
        if folded in OTHER_QUARTIER_WORDS:
            return {"quartier": AUTRE_QUARTIER, **_answered(tracker, "quartier")}
        matcher = catalogue_access.get().matcher()
        known = matcher.resolve_quartier(text, situation_from(tracker)) if matcher else None
        if not known and _STREET.search(folded):
            known = AUTRE_QUARTIER
        return {"quartier": known or text[:QUARTIER_MAX_CHARS], **_answered(tracker, "quartier")}

    def validate_besoin(self, value: Any, dispatcher: CollectingDispatcher,
                        tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if value not in BESOINS:
            return {"besoin": previous_value(tracker, "besoin")}
        previous = previous_value(tracker, "besoin")
        if previous and previous != value:
            dispatcher.utter_message(response="utter_besoin_note", recherche=NEED[value].noted)
        return {"besoin": value, **_answered(tracker, "besoin")}

    def validate_freins(self, value: Any, dispatcher: CollectingDispatcher,
                        tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        named = [v for v in (value or []) if v in FREINS]
        if "aucun" in (value or []) and not named:
            # A bare "rien" or "non" says "no obstacle" only in answer to the obstacles question.
            text = tracker.latest_message.get("text") or ""
            if tracker.get_slot("requested_slot") == "freins" or says_no_obstacle(normalize(text)):
                return {"freins": [], **_answered(tracker, "freins")}
            return {"freins": previous_value(tracker, "freins")}
        # Obstacles add up across messages ("et j'ai pas le permis non plus").
        previous = previous_value(tracker, "freins") or []
        merged = list(dict.fromkeys([*previous, *named]))
        return {"freins": merged, **_answered(tracker, "freins")}

    def validate_inscrit_france_travail(self, value, dispatcher, tracker, domain):
        return _status("inscrit_france_travail", value, tracker)

    def validate_beneficiaire_rsa(self, value, dispatcher, tracker, domain):
        return _status("beneficiaire_rsa", value, tracker)

    def validate_rqth(self, value, dispatcher, tracker, domain):
        return _status("rqth", value, tracker)


def _status(slot: str, value: Any, tracker: Tracker) -> Dict[Text, Any]:
    status = as_bool(value)
    if status is None:
        return {slot: previous_value(tracker, slot)}
    return {slot: status, **_answered(tracker, slot)}


def _age_meant(value: Any, tracker: Tracker) -> Optional[int]:
    """The age a slot value stands for: a bare number typed in answer to the age question may
    be a birth year ("98", "02")."""
    numbers = [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == "nombre"]
    if numbers and str(numbers[0]) == str(value) and str(value).isdigit():
        return age_from_number(str(value), date.today())
    return as_age(value)


def shared_location(tracker: Tracker) -> Optional[Tuple[float, float]]:
    """(latitude, longitude) of a location shared in the latest message, when valid."""
    values = {e.get("entity"): e.get("value") for e in tracker.latest_message.get("entities", [])}
    try:
        latitude, longitude = float(values["latitude"]), float(values["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude
