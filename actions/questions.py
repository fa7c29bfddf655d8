"""The form's questions, worded in actions/questions.yml with the natural answers each one takes.

The quartier and statuts questions get their buttons from the catalogue (only the neighbourhoods
and statuses that change the proposals for this resident).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")

# The three statuses, asked together as `statuts` when more than one matters.
STATUS_SLOTS = ("inscrit_france_travail", "beneficiaire_rsa", "rqth")
STATUS_BUTTONS = {
    "inscrit_france_travail": "Inscrit à France Travail",
    "beneficiaire_rsa": "Au RSA",
    "rqth": "RQTH (handicap)",
}
NONE_OF_THEM = {"title": "Aucune de ces situations", "payload": "/nier"}
PREFER_NOT = {"title": "Je préfère ne pas répondre", "payload": "/ne_sait_pas"}
OTHER_QUARTIER = "autre"

# What a plain yes / no does besides giving a value (questions.yml, si_oui / si_non).
WHICH = "lequel"
SKIP = "passe"


@dataclass(frozen=True)
class Question:
    slot: str
    texte: str
    relance: str
    explication: str
    passe: str
    lequel: Optional[str]
    si_oui: Any  # a slot value, WHICH, SKIP, or None (a yes does not answer this question)
    si_non: Any
    boutons: tuple  # ({"title", "payload"}, …): the fixed ones; quartier and statuts add theirs
    reponses: tuple  # ({"dit": […], "donne": {…}, "fait": …}, …), the table of natural answers

    def wording(self, times_asked: int, which: bool = False) -> str:
        """The sentence asking the question: first time, once more, or "lequel ?"."""
        if which and self.lequel:
            return self.lequel
        return self.texte if times_asked == 0 else self.relance


@lru_cache(maxsize=1)
def questions() -> Dict[str, Question]:
    raw = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return {
        slot: Question(
            slot=slot,
            texte=q["texte"], relance=q["relance"], explication=q["explication"], passe=q["passe"],
            lequel=q.get("lequel"), si_oui=q.get("si_oui"), si_non=q.get("si_non"),
            boutons=tuple({"title": b["titre"], "payload": b["payload"]} for b in q.get("boutons", [])),
            reponses=tuple(q.get("reponses", [])),
        )
        for slot, q in raw.items()
    }


def fill(text: str, commune: Optional[str], commune_proposee: Optional[str]) -> str:
    return text.replace("{commune}", commune or "votre commune").replace(
        "{commune_proposee}", commune_proposee or "cette commune")


def quartier_buttons(quartiers: Sequence[str]) -> List[Dict[str, str]]:
    """One button per neighbourhood that has reserved services in the resident's zone."""
    buttons = [{"title": q, "payload": f'/informer{{"quartier": "{q}"}}'} for q in quartiers]
    return buttons + [{"title": "Un autre quartier", "payload": f'/informer{{"quartier": "{OTHER_QUARTIER}"}}'},
                      PREFER_NOT]


def status_buttons(statuses: Sequence[str]) -> List[Dict[str, str]]:
    """One button per status asked: choosing one says yes to it and no to the others."""
    buttons = [{"title": STATUS_BUTTONS[s], "payload": f'/informer{{"{s}": true}}'} for s in statuses]
    return buttons + [NONE_OF_THEM, PREFER_NOT]
