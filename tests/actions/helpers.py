"""Tiny helpers to run one action against a hand-made tracker (in the spirit of covidflow's)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.wording import said

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: Dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def user_event(text: str, intent: str, entities: Optional[List[Dict]] = None) -> Dict[str, Any]:
    return {"event": "user", "text": text,
            "parse_data": {"intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}}


def bot_event(response: str, buttons: Optional[List[Dict]] = None, **values: Any) -> Dict[str, Any]:
    """A message of the bot, as Rasa records a domain response."""
    return {"event": "bot", "text": said(response, **values), "data": {"buttons": buttons or []},
            "metadata": {"utter_action": response, **values}}


# What an action's message holds besides the variables of its response (rasa_sdk's utter_message).
MESSAGE_FIELDS = {"text", "buttons", "elements", "custom", "template", "response", "image", "attachment"}


def rendered(message: Dict[str, Any]) -> Dict[str, Any]:
    """The message as residents read it: its response's first wording, filled with its variables."""
    if not message.get("response"):
        return message
    values = {k: v for k, v in message.items() if k not in MESSAGE_FIELDS}
    return {**message, "text": said(message["response"], **values)}


def slot_event(name: str, value: Any) -> Dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def create_tracker(slots: Optional[Dict[str, Any]] = None, text: str = "", intent: str = "informer",
                   entities: Optional[List[Dict]] = None, history: Optional[List[Dict]] = None,
                   active_loop: Optional[str] = None, new_slots: Optional[Dict[str, Any]] = None) -> Tracker:
    """A tracker whose latest user message is `text`; `new_slots` were set by that message."""
    all_slots = dict.fromkeys(DOMAIN["slots"])
    all_slots.update(slots or {})
    all_slots.update(new_slots or {})
    latest = user_event(text, intent, entities)
    events = [*(history or []), *[slot_event(k, v) for k, v in (slots or {}).items()], latest,
              *[slot_event(k, v) for k, v in (new_slots or {}).items()]]
    return Tracker(sender_id="test", slots=all_slots, latest_message={**latest["parse_data"], "text": text},
                   events=events, paused=False, followup_action=None,
                   active_loop={"name": active_loop} if active_loop else {},
                   latest_action_name="action_listen")


async def run_action(action: Action, tracker: Tracker) -> Tuple[List[Dict], List[Dict]]:
    """Returns (events, messages) of one run."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return events, [rendered(m) for m in dispatcher.messages]


def slot_sets(events: List[Dict]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def all_text(messages: List[Dict]) -> str:
    return "\n".join(rendered(m).get("text") or "" for m in messages)
