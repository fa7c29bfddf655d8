"""Read the resident's situation from the tracker's slots (the contract's slot names)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from bot.catalogue.models import Situation
from bot.catalogue.situation_vocabulary import STATUS_SLOTS

# The situation slots of the catalogue contract.
SITUATION_SLOTS = ("age", "commune", "code_insee", "quartier", "besoin", "freins", *STATUS_SLOTS)


def as_bool(value: Any) -> Optional[bool]:
    """Entity values arrive as strings ("true"), intents as booleans."""
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text in ("true", "oui", "1", "yes"):
        return True
    if text in ("false", "non", "0", "no"):
        return False
    return None


def as_age(value: Any) -> Optional[int]:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def situation_from(tracker: Tracker) -> Situation:
    slot = tracker.get_slot
    freins = slot("freins")
    return Situation(
        age=as_age(slot("age")),
        code_insee=slot("code_insee"),
        commune=slot("commune"),
        quartier=slot("quartier"),
        besoin=slot("besoin"),
        freins=None if freins is None else tuple(freins),
        inscrit_france_travail=as_bool(slot("inscrit_france_travail")),
        beneficiaire_rsa=as_bool(slot("beneficiaire_rsa")),
        rqth=as_bool(slot("rqth")),
        non_renseignes=tuple(slot("non_renseignes") or ()),
    )


def events_since_latest_message(tracker: Tracker) -> List[Dict[str, Any]]:
    """The events from the resident's latest message on (that message included)."""
    events = tracker.events
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    return events[last_user:]


def previous_value(tracker: Tracker, slot_name: str) -> Any:
    """The slot's value before the latest user message (to tell a correction from a first answer)."""
    earlier = tracker.events[: len(tracker.events) - len(events_since_latest_message(tracker))]
    for event in reversed(earlier):
        kind = event.get("event")
        if kind == "slot" and event.get("name") == slot_name:
            return event.get("value")
        if kind in ("reset_slots", "restart"):
            return None
    return None


def without(items: Optional[List[str]], item: str) -> List[str]:
    return [i for i in (items or []) if i != item]
