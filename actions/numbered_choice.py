"""A choice typed as its number ("2") where the channel showed no buttons (SMS, Twilio, a
numbered list): the bot replays it as if the resident had pressed button 2.

Used by the actions that answer a message nobody understood: the message is replaced in the
conversation by the button's payload (as Rasa's own two-stage fallback does), so the rules and
the form then handle it exactly like a pressed button.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, EventType, UserUttered, UserUtteranceReverted

from bot.understanding.replies import chosen_number

_PAYLOAD = re.compile(r"/(\w+)(\{.*\})?", re.S)
# Button payloads are short; a longer message starting with "/" is not one.
PAYLOAD_MAX_CHARACTERS = 500


def buttons_before_latest_message(tracker: Tracker) -> List[Dict[str, Any]]:
    """The buttons of the bot's last message before the resident's latest one."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return []  # the resident spoke twice without a bot message with buttons between
            seen_user = True
        elif kind == "bot" and seen_user:
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                return buttons
    return []


def parse_payload(payload: str) -> Optional[Dict[str, Any]]:
    """`/informer{"besoin": "emploi"}` → Rasa parse data (intent and entities); None otherwise."""
    if len(payload) > PAYLOAD_MAX_CHARACTERS:
        return None
    found = _PAYLOAD.fullmatch(payload.strip())
    if not found:
        return None
    try:
        values = json.loads(found.group(2)) if found.group(2) else {}
    except json.JSONDecodeError:
        return None
    if not isinstance(values, dict):
        return None
    entities = [{"entity": name, "value": value, "start": 0, "end": 0, "extractor": "numbered_choice"}
                for name, value in values.items()]
    return {"intent": {"name": found.group(1), "confidence": 1.0}, "entities": entities,
            "text": payload}


def replay_numbered_choice(tracker: Tracker) -> Optional[List[EventType]]:
    """Events replacing a typed "2" by the payload of the bot's second button, or None."""
    number = chosen_number(tracker.latest_message.get("text") or "")
    if number is None:
        return None
    buttons = buttons_before_latest_message(tracker)
    index = number - 1
    if not 0 <= index < len(buttons):
        return None
    payload = buttons[index].get("payload") or ""
    parse_data = parse_payload(payload)
    if parse_data is None:
        return None
    return [UserUtteranceReverted(), ActionExecuted("action_listen"),
            UserUttered(payload, parse_data=parse_data, input_channel=tracker.get_latest_input_channel())]
