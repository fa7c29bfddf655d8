"""What residents read, from domain.yml: a response's wording filled as Rasa fills it, and the
wording of each question of the form (for the tests that look for it in the bot's answers)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

DOMAIN_FILE = Path(__file__).resolve().parents[1] / "domain.yml"
_VARIABLE = re.compile(r"{([^\n{}]+?)}")


@lru_cache(maxsize=1)
def responses() -> Dict[str, List[Dict[str, Any]]]:
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]


def said(response: str, variation: int = 0, **values: Any) -> str:
    """The text of one variation of `response`, its variables filled (a missing one fails)."""
    return _VARIABLE.sub(lambda m: str(values[m.group(1)]), responses()[response][variation]["text"])


def fill(text: str, commune: Optional[str], commune_proposee: Optional[str]) -> str:
    """A question's wording with the resident's commune, as the form fills it."""
    return text.replace("{commune}", commune or "votre commune").replace(
        "{commune_proposee}", commune_proposee or "cette commune")


@dataclass(frozen=True)
class QuestionWording:
    texte: str  # the first time
    relance: str  # the second time
    explication: str
    passe: str  # what skipping it changes
    lequel: Optional[str]  # after a plain "oui" (freins, statuts)


def wording(slot: str) -> QuestionWording:
    """The unfilled wording of the question `slot` ({commune}, {commune_proposee} left in)."""
    def text(kind: str) -> Optional[str]:
        variations = responses().get(f"utter_{kind}_{slot}")
        return variations[0]["text"] if variations else None
    return QuestionWording(texte=text("demande"), relance=text("redemande"), explication=text("explique"),
                           passe=text("passe"), lequel=text("lequel"))
