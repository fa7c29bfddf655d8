"""Reads Meta's webhook notifications: which resident wrote, and what to send to Rasa (or answer directly).

Only what the bot can use is kept: texts, button and list replies (their id is the Rasa payload),
shared locations (the contract's `/informer{"latitude": .., "longitude": ..}`, kit/contract.py).
Voice notes, photos, stickers, videos, documents and contact cards get a kind answer from the
channel itself and never reach Rasa. Delivery statuses and reactions are ignored, and so are
Meta's re-deliveries of a message already read (RecentIds).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional

from bot.channels.kit.contract import location_text

# Notifications that are not something the resident said to the bot.
SILENT_TYPES = {"reaction", "system", "ephemeral", "request_welcome"}


@dataclass(frozen=True)
class Incoming:
    """One message from a resident. Exactly one of `text` (for Rasa) and `unreadable` is set."""

    wa_id: str
    message_id: str
    text: Optional[str] = None
    unreadable: Optional[str] = None  # the WhatsApp type the bot cannot read ("audio", "image"...)


class RecentIds:
    """The last `size` ids seen, to drop Meta's re-deliveries of a message."""

    def __init__(self, size: int = 5000) -> None:
        self._size = size
        self._ids: "OrderedDict[str, None]" = OrderedDict()

    def first_time(self, message_id: str) -> bool:
        if message_id in self._ids:
            return False
        self._ids[message_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


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
        return location_text(body.get("latitude"), body.get("longitude"))
    return None


def _clean(value: Any) -> Optional[str]:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _dicts(value: Any) -> Iterator[Dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))
