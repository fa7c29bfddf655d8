"""Turns the bot's messages into WhatsApp Cloud API message objects, within WhatsApp's limits.

Choices (Rasa buttons) become reply buttons (up to 3), a list message (up to 10 rows) or, beyond
that, numbered lines: the bot understands the number typed by the resident. Pressing a button or
a row sends back its id, which is the Rasa payload (or the choice's number when the payload is too
long for WhatsApp). Long texts are split at paragraph, line, sentence or word boundaries.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

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
NUMBERED_HINT = "Répondez avec le numéro de votre choix (par exemple « 1 »)."
ELLIPSIS = "…"
LABEL_MAX = 15  # a leading "Détails : " may go when a title is too long
# "Je cherche ", "J'ai ", but not "Je ne ", whose verb comes after the negation.
FIRST_PERSON_START = re.compile(r"(?:je\s+|j['’])(?!ne\b|n['’])[^\s']+\s+", re.IGNORECASE)
# Where a long text is best cut, from the most to the least natural.
SEPARATORS = ("\n\n", "\n", ". ", "! ", "? ", " ")

Message = Dict[str, Any]


@dataclass(frozen=True)
class Choice:
    title: str
    payload: str


def choices_from_buttons(buttons: Sequence[Dict[str, Any]]) -> List[Choice]:
    choices = []
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "").strip()
        payload = str(button.get("payload") or title).strip()
        if title:
            choices.append(Choice(title, payload))
    return choices


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
    choices = choices_from_buttons(buttons)
    style = choice_style(len(choices))
    if not choices:
        return text_messages(to, text)
    if style == "numbered":
        return text_messages(to, numbered_text(text, choices))
    head, body = split_tail((text or "").strip() or DEFAULT_BODY, INTERACTIVE_BODY_MAX)
    interactive = (reply_buttons(body, choices) if style == "buttons" else list_message(body, choices))
    return text_messages(to, head) + [envelope(to, "interactive", interactive)]


def reply_buttons(body: str, choices: Sequence[Choice]) -> Dict[str, Any]:
    titles = unique_titles([c.title for c in choices], BUTTON_TITLE_MAX)
    ids = choice_ids(choices, BUTTON_ID_MAX)
    return {"type": "button", "body": {"text": body},
            "action": {"buttons": [{"type": "reply", "reply": {"id": i, "title": t}}
                                   for i, t in zip(ids, titles)]}}


def list_message(body: str, choices: Sequence[Choice]) -> Dict[str, Any]:
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


def numbered_text(text: Optional[str], choices: Sequence[Choice]) -> str:
    lines = [f"{number}. {choice.title}" for number, choice in enumerate(choices, start=1)]
    parts = [(text or "").strip(), "\n".join(lines), NUMBERED_HINT]
    return "\n\n".join(p for p in parts if p)


def location_message(to: str, custom: Any) -> Optional[Message]:
    """A map pin for a contract `fiche` with coordinates; None for anything else."""
    fiche = custom.get("fiche") if isinstance(custom, dict) else None
    if not isinstance(fiche, dict):
        return None
    latitude, longitude = _coordinate(fiche.get("latitude"), 90), _coordinate(fiche.get("longitude"), 180)
    if latitude is None or longitude is None:
        return None
    location: Dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    for source, target in (("titre", "name"), ("adresse", "address")):
        if isinstance(fiche.get(source), str) and fiche[source].strip():
            location[target] = fiche[source].strip()
    return envelope(to, "location", location)


def image_message(to: str, url: str) -> Message:
    return envelope(to, "image", {"link": url})


# ------------------------------------------------------------------------- titles and ids


def choice_ids(choices: Sequence[Choice], limit: int) -> List[str]:
    """Each choice's payload; its number instead when the payload is too long or repeated."""
    ids: List[str] = []
    for number, choice in enumerate(choices, start=1):
        fits = 0 < len(choice.payload) <= limit and choice.payload not in ids
        ids.append(choice.payload if fits else str(number))
    return ids


def unique_titles(titles: Sequence[str], limit: int) -> List[str]:
    """Shortened titles; those that shortening made identical get their number in front."""
    short = [shorten(t, limit) for t in titles]
    keys = [s.casefold() for s in short]
    result = []
    for number, (title, shortened, key) in enumerate(zip(titles, short, keys), start=1):
        if keys.count(key) > 1:
            prefix = f"{number}. "
            shortened = prefix + shorten(title, limit - len(prefix))
        result.append(shortened)
    return result


def shorten(title: str, limit: int) -> str:
    """`title` within `limit` characters. Tried in turn until one fits: the title, the title
    without its parenthesis, without a short leading label ("Détails : Mission locale" →
    "Mission locale"), without its leading "je + verb" ("Je préfère ne pas répondre" → "Ne pas
    répondre"); else the last of these is cut after a whole word, with an ellipsis; a single
    long word is cut."""
    title = " ".join(title.split())
    candidate = title
    for simplify in (_without_brackets, _without_label, _without_subject):
        if len(candidate) <= limit:
            return candidate
        candidate = simplify(candidate) or candidate
    if len(candidate) <= limit:
        return candidate
    room = limit - len(ELLIPSIS)
    cut = candidate.rfind(" ", 0, room + 1)
    head = candidate[:cut] if cut > 0 else candidate[:room]
    return head.rstrip(" ,;:–—-(.") + ELLIPSIS


def _without_subject(title: str) -> str:
    match = FIRST_PERSON_START.match(title)
    if not match or not title[match.end():]:
        return title
    rest = title[match.end():]
    return rest[0].upper() + rest[1:]


def _without_label(title: str) -> str:
    label, separator, rest = title.replace("\u00a0:", " :").partition(" : ")
    return rest.strip() if separator and len(label) <= LABEL_MAX else title


def _without_brackets(title: str) -> str:
    out, depth = [], 0
    for char in title:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return " ".join("".join(out).split())


# ------------------------------------------------------------------------------ splitting


def split_text(text: str, limit: int) -> List[str]:
    """`text` in parts of at most `limit` characters, cut at the most natural boundary."""
    text = text.strip()
    parts = []
    while len(text) > limit:
        cut = _cut_before(text, limit)
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def split_tail(text: str, limit: int) -> Tuple[str, str]:
    """(head, tail): the tail has at most `limit` characters and starts at a natural boundary."""
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


def _cut_before(text: str, limit: int) -> int:
    """Where to end the first part: at the last separator that keeps it within `limit`, unless
    that leaves a part too short; sentence ends keep their punctuation."""
    for separator in SEPARATORS:
        kept = len(separator.rstrip())
        start = text.rfind(separator, 0, limit - kept + len(separator))
        if start != -1 and start + kept >= limit // 3:
            return start + kept
    return limit


def _coordinate(value: Any, bound: float) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) and abs(number) <= bound else None
