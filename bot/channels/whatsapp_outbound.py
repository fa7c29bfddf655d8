"""Turns the bot's messages into WhatsApp Cloud API message objects, within WhatsApp's limits.

Choices (Rasa buttons) become reply buttons (up to 3), a list message (up to 10 rows) or, beyond
that, numbered lines: the bot understands the number typed by the resident. Pressing a button or
a row sends back its id, which is the Rasa payload (or the choice's number when the payload is too
long for WhatsApp). Long texts are split and titles shortened by the channel kit (kit/text.py).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.channels.kit.contract import Button, buttons_of, read_fiche
from bot.channels.kit.text import SEPARATORS, numbered_choices, shorten, split_text, unique_titles

TEXT_MAX = 4096
INTERACTIVE_BODY_MAX = 1024
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
ROW_ID_MAX = 200

LIST_BUTTON_LABEL = "Voir les choix"  # ≤ 20 characters
DEFAULT_BODY = "Que choisissez-vous ?"  # an interactive message cannot have an empty body

Message = Dict[str, Any]


def choice_style(count: int) -> str:
    """"buttons", "list" or "numbered", from the number of choices only."""
    if count <= BUTTONS_MAX:
        return "buttons"
    if count <= ROWS_MAX:
        return "list"
    return "numbered"


# ------------------------------------------------------------------------------ messages


def envelope(to: str, kind: str, content: Dict[str, Any]) -> Message:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
            "type": kind, kind: content}


def text_messages(to: str, text: Optional[str]) -> List[Message]:
    return [envelope(to, "text", {"preview_url": False, "body": part})
            for part in split_text(text or "", TEXT_MAX)]


def choice_messages(to: str, text: Optional[str], buttons: Sequence[Dict[str, Any]]) -> List[Message]:
    """The messages carrying `text` and its choices: any text too long for an interactive body
    goes first as plain text messages, the end of it becomes the body."""
    choices = buttons_of(list(buttons))
    style = choice_style(len(choices))
    if not choices:
        return text_messages(to, text)
    if style == "numbered":
        return text_messages(to, numbered_choices(text, [c.title for c in choices], spaced=True))
    head, body = split_tail((text or "").strip() or DEFAULT_BODY, INTERACTIVE_BODY_MAX)
    interactive = (reply_buttons(body, choices) if style == "buttons" else list_message(body, choices))
    return text_messages(to, head) + [envelope(to, "interactive", interactive)]


def reply_buttons(body: str, choices: Sequence[Button]) -> Dict[str, Any]:
    titles = unique_titles([c.title for c in choices], BUTTON_TITLE_MAX)
    ids = choice_ids(choices, BUTTON_ID_MAX)
    return {"type": "button", "body": {"text": body},
            "action": {"buttons": [{"type": "reply", "reply": {"id": i, "title": t}}
                                   for i, t in zip(ids, titles)]}}


def list_message(body: str, choices: Sequence[Button]) -> Dict[str, Any]:
    titles = unique_titles([c.title for c in choices], ROW_TITLE_MAX)
    ids = choice_ids(choices, ROW_ID_MAX)
    rows = []
    for choice, row_id, title in zip(choices, ids, titles):
        row = {"id": row_id, "title": title}
        if title != choice.title:  # the whole title stays readable under the shortened one
            row["description"] = shorten(choice.title, ROW_DESCRIPTION_MAX)
        rows.append(row)
    return {"type": "list", "body": {"text": body},
            "action": {"button": LIST_BUTTON_LABEL, "sections": [{"rows": rows}]}}


def location_message(to: str, custom: Any) -> Optional[Message]:
    """A map pin for a contract `fiche` with coordinates; None for anything else."""
    fiche = read_fiche(custom)
    if fiche is None or fiche.place is None:
        return None
    location: Dict[str, Any] = {"latitude": fiche.latitude, "longitude": fiche.longitude}
    if fiche.title:
        location["name"] = fiche.title
    if fiche.address:
        location["address"] = fiche.address
    return envelope(to, "location", location)


def choice_ids(choices: Sequence[Button], limit: int) -> List[str]:
    """Each choice's payload; its number instead when the payload is too long or repeated."""
    ids: List[str] = []
    for number, choice in enumerate(choices, start=1):
        fits = 0 < len(choice.payload) <= limit and choice.payload not in ids
        ids.append(choice.payload if fits else str(number))
    return ids


def split_tail(text: str, limit: int) -> Tuple[str, str]:
    """(head, tail): the tail has at most `limit` characters and starts at a natural boundary
    (an interactive message's body is the end of the bot's text)."""
    text = text.strip()
    if len(text) <= limit:
        return "", text
    earliest = len(text) - limit  # the tail cannot start before this
    for separator in SEPARATORS:
        start = text.find(separator, max(0, earliest - len(separator)))
        tail_start = start + len(separator)
        if start != -1 and len(text) - tail_start >= limit // 3:
            return text[:tail_start].rstrip(), text[tail_start:].strip()
    return text[:earliest].rstrip(), text[earliest:].strip()
