"""Texts within a platform's limits: long texts split, titles shortened, choices numbered for
channels that show no buttons. Each platform counts its own way (`measure`): characters for
WhatsApp and SMS, UTF-16 code units for Telegram (an emoji such as 📍 counts twice)."""
from __future__ import annotations

import re
from typing import Callable, List, Optional, Sequence

Measure = Callable[[str], int]

ELLIPSIS = "…"
# Where a long text is best cut, from the most to the least natural.
SEPARATORS = ("\n\n", "\n", ". ", "! ", "? ", " ")
# "Je cherche ", "J'ai ", but not "Je ne ", whose verb comes after the negation.
FIRST_PERSON_START = re.compile(r"(?:je\s+|j['’])(?!ne\b|n['’])[^\s']+\s+", re.IGNORECASE)
LABEL_MAX = 15  # a leading "Détails : " may go when a title is too long
CHOICE_HINT = "Répondez avec le numéro de votre choix."


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ------------------------------------------------------------------------------ splitting


def split_text(text: str, limit: int, measure: Measure = len) -> List[str]:
    """`text` in parts of at most `limit` (as `measure` counts), cut at the most natural
    boundary; blank text gives no part (platforms refuse an empty message)."""
    text = text.strip()
    parts = []
    while measure(text) > limit:
        cut = _cut_before(text, _fitting(text, limit, measure))
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def _fitting(text: str, limit: int, measure: Measure) -> int:
    """How many leading characters fit within `limit` (at least one: a part is never empty)."""
    if measure is len:
        return max(1, min(limit, len(text)))
    low, high = 1, len(text)
    while low < high:  # the longest prefix that fits; measures grow with the prefix
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _cut_before(text: str, fit: int) -> int:
    """Where to end the first part, given that its first `fit` characters fit: at the last
    separator within them, unless that leaves a part too short; sentence ends keep their
    punctuation."""
    for separator in SEPARATORS:
        kept = len(separator.rstrip())
        start = text.rfind(separator, 0, fit - kept + len(separator))
        if start != -1 and start + kept >= fit // 3:
            return start + kept
    return fit


# ----------------------------------------------------------------------------- shortening


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


# ------------------------------------------------------------------------ numbered choices


def numbered_choices(text: Optional[str], titles: Sequence[str], spaced: bool = False) -> str:
    """The question, its choices numbered from 1 and how to answer, for a channel without
    buttons: the bot reads the number typed as the button (actions/numbered_choice.py).
    `spaced` puts blank lines between the three (SMS keeps them packed: each SMS is billed)."""
    choices = "\n".join(f"{number}. {title}" for number, title in enumerate(titles, start=1))
    parts = [(text or "").strip(), choices, CHOICE_HINT]
    return ("\n\n" if spaced else "\n").join(part for part in parts if part)
