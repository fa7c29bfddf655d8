"""Button payloads typed by hand: `/informer{"age": 200}` must not put in the conversation a value
the bot would never accept.

A button's payload (`/intent{"entity": value}`) reaches Rasa as the intent and entities
themselves, without the understanding rules, and Rasa fills slots from any entity whatever the
intent (`/aide{"age": 200}` would set the age). Every channel passes a message starting with "/"
through `clean_payload` first: only the entities buttons carry, with values the bot accepts;
anything else is dropped.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Dict, Optional

from bot.catalogue.situation_vocabulary import BESOINS, FREINS, NO_OBSTACLE, STATUS_SLOTS

_PAYLOAD = re.compile(r"/(\w{1,64})(\{.*\})?", re.S)
MAX_PAYLOAD_CHARACTERS = 500
_SERVICE_ID = re.compile(r"[a-z0-9-]{1,80}(?:--[a-z0-9-]{1,80})?")


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool) or value in ("true", "false")


def _number_between(low: float, high: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and low <= v <= high


def _short_text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 40 and value.isprintable()


# The entities a button or a channel may send, and the values each may take.
ACCEPTED: Dict[str, Callable[[Any], bool]] = {
    "besoin": lambda v: v in BESOINS,
    "frein": lambda v: v in FREINS or v == NO_OBSTACLE,
    "quartier": _short_text,
    **dict.fromkeys(STATUS_SLOTS, _is_bool),
    "service_id": lambda v: isinstance(v, str) and bool(_SERVICE_ID.fullmatch(v)),
    "latitude": _number_between(-90, 90),
    "longitude": _number_between(-180, 180),
}


# The intents of the domain (domain.yml; a test keeps the two lists equal). Rasa's own intents
# (/restart, /back, /session_start, /out_of_scope) are not for residents: such a message is
# read as text.
INTENTS = frozenset({
    "saluer", "au_revoir", "remercier", "qui_es_tu", "aide", "affirmer", "nier", "ne_sait_pas", "informer",
    "recommencer", "plus_de_resultats", "details_service", "hors_sujet", "autre_langue", "effacer_donnees",
    "question_donnees", "detresse",
})


def clean_payload(text: Optional[str]) -> Optional[str]:
    """The payload with only accepted entities; any other text unchanged."""
    if not isinstance(text, str) or not text.startswith("/"):
        return text
    if len(text) > MAX_PAYLOAD_CHARACTERS:
        return text[1:]  # not a button: read as text
    found = _PAYLOAD.fullmatch(text.strip())
    if not found:
        return text
    intent, body = found.groups()
    if intent not in INTENTS:
        return text[1:]  # not one of the bot's buttons: read as text
    if not body:
        return f"/{intent}"
    try:
        values = json.loads(body)
    except ValueError:
        return f"/{intent}"
    if not isinstance(values, dict):
        return f"/{intent}"
    kept = {k: v for k, v in values.items() if k in ACCEPTED and ACCEPTED[k](v)}
    return f"/{intent}{json.dumps(kept, ensure_ascii=False)}" if kept else f"/{intent}"
