"""French wording of lists and dates, as residents and staff read them."""
from __future__ import annotations

from datetime import date
from typing import Sequence

MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


def join_fr(items: Sequence[str]) -> str:
    """"a", "a et b", "a, b et c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def date_fr(day: date) -> str:
    """"1er mai 2025", "12 juin 2025"."""
    return f"{'1er' if day.day == 1 else day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
