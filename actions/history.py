"""What the bot just said, by response name (domain.yml): the same sentence is never sent twice
in a row. Rasa records the response of each message in its metadata (`utter_action`)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker


def response_of(event: Dict[str, Any]) -> Optional[str]:
    """The domain response a bot event said, or None (a card, or not a bot event)."""
    if event.get("event") != "bot":
        return None
    return (event.get("metadata") or {}).get("utter_action")


def previous_responses(tracker: Tracker) -> List[str]:
    """The responses the bot said in answer to the resident's previous message."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if not users:
        return []
    start = users[-2] if len(users) > 1 else 0
    return [r for r in map(response_of, tracker.events[start:users[-1]]) if r]


def just_said(tracker: Tracker, response: str) -> bool:
    return response in previous_responses(tracker)
