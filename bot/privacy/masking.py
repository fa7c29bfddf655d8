"""Masks what the matching never needs before a message is stored: phone numbers, e-mail
addresses and long free text (a pasted CV, a life story). The bot has already read the message
when it is stored: masking changes nothing to the answer, only to what is kept."""
from __future__ import annotations

import re
from typing import Any

LONG_TEXT_CHARS = 280  # longer than any answer to the bot's questions; an SMS is 160
PHONE_MASK = "[téléphone masqué]"
EMAIL_MASK = "[courriel masqué]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers in any usual writing (01 48 70 60 38, 06.12.34.56.78, +33 6 12 34 56 78,
# 0033612345678) and other international numbers (+ then 8 to 15 digits).
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)33[\s.\-]?\(?0?\)?[\s.\-]?[1-9]|0[1-9])(?:[\s.\-]?\d{2}){4}(?!\d)"
    r"|(?<![\w+])\+\d(?:[\s.\-]?\d){7,14}(?!\d)"
)


def mask_text(text: str) -> str:
    if len(text) > LONG_TEXT_CHARS:
        return f"[message de {len(text)} caractères masqué]"
    return _PHONE.sub(PHONE_MASK, _EMAIL.sub(EMAIL_MASK, text))


def mask_value(value: Any) -> Any:
    """Strings masked, lists and mappings walked, anything else kept."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    if isinstance(value, dict):
        return {k: mask_value(v) for k, v in value.items()}
    return value
