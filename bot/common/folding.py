"""Accent folding, one name per meaning.

- `lower_without_accents("L’Île-Saint-Denis")` → "l'ile-saint-denis": lower case, accents and
  ligatures gone (œ → oe), the typographic apostrophe made straight, every other character kept.
  For comparing and sorting what people write with what the tables hold.
- `ascii_lower("9h–12h, fermé")` → "9h12h, ferme": lower case ASCII, every character without
  an ASCII base dropped (’, –, œ). For rewriting text into an ASCII syntax.
- `ascii_slug("Offres d’emploi")` → "offres-demploi": `ascii_lower`, then every run of
  characters other than letters and digits made one hyphen. The slugs of data·inclusion are made
  so ("d’emploi" → "demploi"); for identifiers and for comparing values with those slugs.
"""
from __future__ import annotations

import re
import unicodedata


def _ascii_table() -> dict[int, str]:
    table = {ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE", ord("’"): "'"}
    for codepoint in range(0xC0, 0x250):
        char = chr(codepoint)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base != char and base.isascii():
            table[codepoint] = base
    return table


# One str.translate pass (C speed) covers Latin-1 and Latin Extended-A/B: the commune table
# folds tens of thousands of names at start-up.
_ASCII = _ascii_table()
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def lower_without_accents(text: str) -> str:
    """Lowercase without accents ("Épinay" → "epinay"); keeps every other character."""
    folded = text.translate(_ASCII).lower()
    if not folded.isascii():  # rare letters outside Latin-1/Extended-A/B
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return folded


def ascii_lower(text: str) -> str:
    """Lowercase ASCII: accents removed, other non-ASCII characters dropped ("Offres d’emploi" →
    "offres demploi")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def ascii_slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens ("Mission Locale d'Auber" → "mission-locale-d-auber")."""
    return _NOT_SLUG.sub("-", ascii_lower(text)).strip("-")
