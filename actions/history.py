"""What the bot just said: the same sentence is never sent twice in a row."""
from __future__ import annotations

from typing import List

from rasa_sdk import Tracker


def previous_bot_texts(tracker: Tracker) -> List[str]:
    """What the bot said in answer to the resident's previous message."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if not users:
        return []
    start = users[-2] if len(users) > 1 else 0
    return [e.get("text") or "" for e in tracker.events[start:users[-1]] if e.get("event") == "bot"]


def not_just_said(tracker: Tracker, *wordings: str) -> str:
    """The first of `wordings` the bot did not send in its previous answer."""
    said = set(previous_bot_texts(tracker))
    return next((w for w in wordings if w not in said), wordings[-1])
