""""Vouliez-vous dire … ?": the allowed value closest to what a staff member wrote."""
from __future__ import annotations

from typing import Dict, Iterable, Mapping, Optional

from rapidfuzz import fuzz, process

from bot.common.folding import ascii_slug


def did_you_mean(value: str, choices: Iterable[str], labels: Optional[Mapping[str, str]] = None,
                 cutoff: float = 75.0) -> Optional[str]:
    """The allowed value closest to `value` (compared without case, accents or punctuation), or None.

    `labels` maps allowed values to their French label: "Demandeurs d’emploi" finds
    "demandeurs-emploi".
    """
    keys: Dict[str, str] = {}
    for choice in choices:
        keys.setdefault(ascii_slug(choice), choice)
    for choice, label in (labels or {}).items():
        keys.setdefault(ascii_slug(label), choice)
    folded = ascii_slug(value)
    if not folded or not keys:
        return None
    if folded in keys:
        return keys[folded]
    best = process.extractOne(folded, list(keys), scorer=fuzz.ratio, score_cutoff=cutoff)
    return keys[best[0]] if best else None


def vouliez_vous_dire(*values: str) -> Optional[str]:
    if not values:
        return None
    if len(values) == 1:
        return f"Vouliez-vous dire « {values[0]} » ?"
    listed = ", ".join(f"« {v} »" for v in values)
    return f"Vouliez-vous dire l'une de celles-ci : {listed} ?"
