"""The contract between the bot and its channels (docs/canaux.md), in both directions.

To the bot: a shared location is `/informer{"latitude": …, "longitude": …}`, a command of a
platform's menu (`/effacer`) is the bot's payload (`/effacer_donnees`), a button sends its
payload. From the bot: texts with buttons, and after each contact card a data message
`{"custom": {"fiche": {…}}}` (bot/catalogue/cards.py, contact_payload) that a channel turns into
what its platform offers (a contact, a map pin, a map link) or ignores. What the bot cannot read
(voice notes, photos…) gets a kind French answer from the channel itself and never reaches Rasa.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

# ---------------------------------------------------------------------------- to the bot

# Commands of a platform's menu (Telegram's "/start"…) → the payload the bot understands.
COMMANDS = {"start": "/saluer", "recommencer": "/recommencer", "aide": "/aide", "help": "/aide",
            "effacer": "/effacer_donnees"}


def location_text(latitude: Any, longitude: Any) -> Optional[str]:
    """A shared location as the bot reads it; None when the coordinates are not usable.
    Numbers in text are read too: some platforms send them so ("48.9")."""
    latitude, longitude = coordinate(_number(latitude), 90), coordinate(_number(longitude), 180)
    if latitude is None or longitude is None:
        return None
    return "/informer" + json.dumps({"latitude": latitude, "longitude": longitude})


def command_payload(text: str) -> Optional[str]:
    """`/start`, `/aide@MonRobot`, `/start parametre`... → the bot's payload, else None."""
    if not text.startswith("/"):
        return None
    command = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""
    return COMMANDS.get(command)


UNREADABLE_LEADS = {
    "voice": "Je ne peux pas écouter les messages vocaux.",
    "audio": "Je ne peux pas écouter les messages vocaux.",
    "image": "Je ne peux pas voir les photos.",
    "sticker": "Je ne peux pas voir les autocollants.",
    "video": "Je ne peux pas regarder les vidéos.",
    "document": "Je ne peux pas ouvrir les documents.",
}
UNREADABLE_DEFAULT_LEAD = "Je ne peux pas lire ce type de message."
WHAT_I_READ = ("Je comprends les messages écrits et les positions partagées (📎 puis « Position »). "
               "Écrivez-moi en quelques mots ce que vous cherchez.")


def unreadable_answer(kind: str) -> str:
    """The kind French answer to a message the bot cannot read; `kind` is one of
    UNREADABLE_LEADS ("voice", "image"…), anything else gets the general lead."""
    return f"{UNREADABLE_LEADS.get(kind, UNREADABLE_DEFAULT_LEAD)} {WHAT_I_READ}"


# -------------------------------------------------------------------------- from the bot


@dataclass(frozen=True)
class Button:
    title: str
    payload: str  # what pressing it sends to the bot


def buttons_of(raw: Any) -> Tuple[Button, ...]:
    """The usable buttons of a bot message (a title, or else the payload shown as title)."""
    buttons = []
    for button in raw if isinstance(raw, list) else []:
        if not isinstance(button, dict):
            continue
        title = str(button.get("title") or button.get("payload") or "").strip()
        payload = str(button.get("payload") or title).strip()
        if title:
            buttons.append(Button(title, payload))
    return tuple(buttons)


@dataclass(frozen=True)
class Fiche:
    """The usable facts of a `fiche` data message: each one None when missing or malformed."""

    title: Optional[str]
    address: Optional[str]
    phone_international: Optional[str]  # as sent; each channel checks the format it needs
    latitude: Optional[float]
    longitude: Optional[float]
    map_url: Optional[str]  # http(s) only

    @property
    def place(self) -> Optional[Tuple[float, float]]:
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


def read_fiche(custom: Any) -> Optional[Fiche]:
    """The `fiche` of a bot's custom message; None for any other custom message."""
    fiche: Dict[str, Any] = custom.get("fiche") if isinstance(custom, dict) else None
    if not isinstance(fiche, dict):
        return None
    return Fiche(title=_text(fiche.get("titre")), address=_text(fiche.get("adresse")),
                 phone_international=_text(fiche.get("telephone_international")),
                 latitude=coordinate(fiche.get("latitude"), 90),
                 longitude=coordinate(fiche.get("longitude"), 180),
                 map_url=_web_link(fiche.get("lien_carte")))


def coordinate(value: Any, bound: float) -> Optional[float]:
    """A finite number within ±bound; None for anything else (a string, a boolean…)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) and abs(number) <= bound else None


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return value


def _text(value: Any) -> Optional[str]:
    return value.strip() or None if isinstance(value, str) else None


def _web_link(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None
