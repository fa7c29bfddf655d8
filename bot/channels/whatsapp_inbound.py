"""Reads Meta's webhook notifications: which resident wrote, and what to send to Rasa (or answer directly).

Only what the bot can use is kept: texts, button and list replies (their id is the Rasa payload),
shared locations (turned into the contract's `/informer{"latitude": .., "longitude": ..}`).
Voice notes, photos, stickers, videos, documents and contact cards get a kind answer from the
channel itself and never reach Rasa. Delivery statuses and reactions are ignored.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional

# Notifications that are not something the resident said to the bot.
SILENT_TYPES = {"reaction", "system", "ephemeral", "request_welcome"}

UNREADABLE_LEADS = {
    "audio": "Je ne peux pas écouter les messages vocaux.",
    "voice": "Je ne peux pas écouter les messages vocaux.",
    "image": "Je ne peux pas voir les photos.",
    "sticker": "Je ne peux pas voir les autocollants.",
    "video": "Je ne peux pas regarder les vidéos.",
    "document": "Je ne peux pas ouvrir les documents.",
}
UNREADABLE_DEFAULT_LEAD = "Je ne peux pas lire ce type de message."
WHAT_I_READ = ("Je comprends les messages écrits et les positions partagées (📎 puis « Position »). "
               "Écrivez-moi en quelques mots ce que vous cherchez.")


@dataclass(frozen=True)
class Incoming:
    """One message from a resident. Exactly one of `text` (for Rasa) and `unreadable` is set."""

    wa_id: str
    message_id: str
    text: Optional[str] = None
    unreadable: Optional[str] = None  # the WhatsApp type the bot cannot read ("audio", "image"...)


def unreadable_answer(message_type: str) -> str:
    """The kind French answer to a message the bot cannot read."""
    return f"{UNREADABLE_LEADS.get(message_type, UNREADABLE_DEFAULT_LEAD)} {WHAT_I_READ}"


def location_text(latitude: float, longitude: float) -> str:
    """The contract's message for a shared location: `/informer{"latitude": 48.9, "longitude": 2.3}`."""
    return "/informer" + json.dumps({"latitude": latitude, "longitude": longitude})


def parse_notification(payload: Any, phone_number_id: str) -> List[Incoming]:
    """The residents' messages in one webhook notification, in the order Meta sent them.

    Messages addressed to another business number of the same Meta app are left out: answering
    them from ours would mix two services."""
    return [m for m in (_parse_message(raw) for raw in _raw_messages(payload, phone_number_id)) if m]


def _raw_messages(payload: Any, phone_number_id: str) -> Iterator[Dict[str, Any]]:
    if not isinstance(payload, dict):
        return
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field") != "messages" or not isinstance(value, dict):
                continue
            metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
            if str(metadata.get("phone_number_id", "")) != phone_number_id:
                continue
            # value["statuses"] (sent, delivered, read, failed) is deliberately not read.
            yield from _dicts(value.get("messages"))


def _parse_message(raw: Dict[str, Any]) -> Optional[Incoming]:
    wa_id, message_id, kind = (str(raw.get(k) or "") for k in ("from", "id", "type"))
    if not wa_id or not message_id or kind in SILENT_TYPES:
        return None
    text = _text_for_rasa(kind, raw)
    if text:
        return Incoming(wa_id, message_id, text=text)
    if kind == "text":
        return None  # an empty text: nothing to answer
    return Incoming(wa_id, message_id, unreadable=kind or "unsupported")


def _text_for_rasa(kind: str, raw: Dict[str, Any]) -> Optional[str]:
    body = raw.get(kind) if isinstance(raw.get(kind), dict) else {}
    if kind == "text":
        return _clean(body.get("body"))
    if kind == "interactive":
        reply_type = body.get("type")
        reply = body.get(reply_type) if reply_type in ("button_reply", "list_reply") else None
        return _clean(reply.get("id")) if isinstance(reply, dict) else None
    if kind == "button":  # quick-reply button of a template message
        return _clean(body.get("payload")) or _clean(body.get("text"))
    if kind == "location":
        latitude, longitude = _number(body.get("latitude")), _number(body.get("longitude"))
        if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
            return None
        return location_text(latitude, longitude)
    return None


def _clean(value: Any) -> Optional[str]:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _dicts(value: Any) -> Iterator[Dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))
