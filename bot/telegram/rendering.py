"""Turns Rasa's REST answers into what the bridge sends on Telegram (no Telegram call here).

- text (+ buttons): plain text, no parse mode, so nothing needs escaping; cut within Telegram's
  limit; the buttons go under the last piece.
- `{"custom": {"fiche": {...}}}` after a contact card (channel contract): a contact message,
  whose phone number residents tap to call, with a "map" link button; without a phone number, a
  venue (a pin on a map). Other custom messages are ignored.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import texts
from .splitting import split_text

# Telegram shows contact and venue names on one line; longer titles are shortened.
NAME_LIMIT = 64
INTERNATIONAL_PHONE = re.compile(r"\+[1-9][0-9]{5,14}")


@dataclass(frozen=True)
class Button:
    title: str
    payload: str  # what pressing it sends to Rasa


@dataclass(frozen=True)
class TextOut:
    text: str
    buttons: Tuple[Button, ...] = ()


@dataclass(frozen=True)
class ContactOut:
    phone: str  # international format, e.g. +33199000101
    name: str
    map_url: Optional[str] = None


@dataclass(frozen=True)
class PlaceOut:
    latitude: float
    longitude: float
    title: str
    address: Optional[str]  # None: a bare location pin (a venue needs an address)


Outgoing = Union[TextOut, ContactOut, PlaceOut]


def shorten(text: str, limit: int = NAME_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _buttons(raw: Any) -> Tuple[Button, ...]:
    buttons = []
    for button in raw if isinstance(raw, list) else []:
        if not isinstance(button, dict):
            continue
        title = str(button.get("title") or "").strip()
        payload = str(button.get("payload") or title).strip()
        if title and payload:
            buttons.append(Button(title, payload))
    return tuple(buttons)


def _coordinate(value: Any, bound: float) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) and -bound <= value <= bound else None


def _web_link(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None


def fiche_items(fiche: Dict[str, Any]) -> List[Outgoing]:
    title = shorten(str(fiche.get("titre") or "Adresse"))
    phone = fiche.get("telephone_international")
    phone = phone if isinstance(phone, str) and INTERNATIONAL_PHONE.fullmatch(phone) else None
    latitude = _coordinate(fiche.get("latitude"), 90)
    longitude = _coordinate(fiche.get("longitude"), 180)
    if phone:
        return [ContactOut(phone, title, _web_link(fiche.get("lien_carte")))]
    if latitude is not None and longitude is not None:
        address = fiche.get("adresse")
        address = shorten(address, 256) if isinstance(address, str) and address.strip() else None
        return [PlaceOut(latitude, longitude, title, address)]
    return []


def render(answers: Sequence[Dict[str, Any]]) -> List[Outgoing]:
    items: List[Outgoing] = []
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        text = answer.get("text") if isinstance(answer.get("text"), str) else ""
        buttons = _buttons(answer.get("buttons"))
        if text.strip() or buttons:
            pieces = split_text(text) or [texts.CHOOSE]
            items += [TextOut(piece) for piece in pieces[:-1]]
            items.append(TextOut(pieces[-1], buttons))
        custom = answer.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("fiche"), dict):
            items += fiche_items(custom["fiche"])
    return items
