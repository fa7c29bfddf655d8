"""Turns Rasa's REST answers into what the bridge sends on Telegram (no Telegram call here).

- text (+ buttons): plain text, no parse mode, so nothing needs escaping; cut within Telegram's
  limit; the buttons go under the last piece.
- `{"custom": {"fiche": {...}}}` after a contact card (channel contract): a contact message,
  whose phone number residents tap to call, with a "map" link button; without a phone number, a
  venue (a pin on a map). Other custom messages are ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from bot.channels.kit.contract import Button, Fiche, buttons_of, read_fiche
from bot.channels.kit.text import shorten, split_text, utf16_length

from . import texts

# Telegram refuses a message longer than 4096 characters, counted in UTF-16 code units
# (an emoji such as 📍 counts twice).
TEXT_LIMIT = 4096
# Telegram shows contact and venue names on one line; longer titles are shortened.
NAME_LIMIT = 64
ADDRESS_LIMIT = 256
INTERNATIONAL_PHONE = re.compile(r"\+[1-9][0-9]{5,14}")


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


def split_message(text: str) -> List[str]:
    """A text in Telegram messages, cut at the most natural boundaries (kit/text.py)."""
    return split_text(text, TEXT_LIMIT, utf16_length)


def fiche_items(fiche: Fiche) -> List[Outgoing]:
    title = shorten(fiche.title or "Adresse", NAME_LIMIT)
    phone = fiche.phone_international
    if phone and INTERNATIONAL_PHONE.fullmatch(phone):
        return [ContactOut(phone, title, fiche.map_url)]
    if fiche.place is not None:
        address = shorten(fiche.address, ADDRESS_LIMIT) if fiche.address else None
        return [PlaceOut(fiche.latitude, fiche.longitude, title, address)]
    return []


def render(answers: Sequence[Dict[str, Any]]) -> List[Outgoing]:
    items: List[Outgoing] = []
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        text = answer.get("text") if isinstance(answer.get("text"), str) else ""
        buttons = buttons_of(answer.get("buttons"))
        if text.strip() or buttons:
            pieces = split_message(text) or [texts.CHOOSE]
            items += [TextOut(piece) for piece in pieces[:-1]]
            items.append(TextOut(pieces[-1], buttons))
        fiche = read_fiche(answer.get("custom"))
        if fiche is not None:
            items += fiche_items(fiche)
    return items
