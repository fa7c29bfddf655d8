"""The form's questions: the natural answers each one takes (actions/questions.yml) and the
domain.yml responses that word it.

The quartier and statuts questions get their buttons from the catalogue (only the neighbourhoods
and statuses that change the proposals for this resident).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Sequence

import yaml

from bot.catalogue.situation_vocabulary import NEEDS, OBSTACLES, STATUS_BY_SLOT

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")

# The statuses (STATUS_SLOTS) are asked together as `statuts` when more than one matters.
NONE_OF_THEM = {"title": "Aucune de ces situations", "payload": "/nier"}
PREFER_NOT = {"title": "Je préfère ne pas répondre", "payload": "/ne_sait_pas"}
OTHER_QUARTIER = "autre"

# What a plain yes / no does besides giving a value (questions.yml, si_oui / si_non).
WHICH = "lequel"
SKIP = "passe"


@dataclass(frozen=True)
class Question:
    slot: str
    si_oui: Any  # a slot value, WHICH, SKIP, or None (a yes does not answer this question)
    si_non: Any
    boutons: tuple  # ({"title", "payload"}, …): the fixed ones; quartier and statuts add theirs
    reponses: tuple  # ({"dit": […], "donne": {…}, "fait": …}, …), the table of natural answers

    def asking(self, times_asked: int, which: bool = False) -> str:
        """The response asking the question: first time, once more, or "lequel ?" after a "oui"."""
        if which:
            return f"utter_lequel_{self.slot}"
        return f"utter_demande_{self.slot}" if times_asked == 0 else f"utter_redemande_{self.slot}"

    @property
    def explaining(self) -> str:
        return f"utter_explique_{self.slot}"

    @property
    def skipping(self) -> str:
        """What skipping the question changes."""
        return f"utter_passe_{self.slot}"


def inform_payload(entity: str, value: Any) -> str:
    """The payload of a button that gives a fact: `/informer{"besoin": "emploi"}`."""
    return "/informer" + json.dumps({entity: value}, ensure_ascii=False)


# The answer buttons that the situation vocabulary gives, before those of questions.yml.
VOCABULARY_BUTTONS = {
    "besoin": tuple({"title": n.button, "payload": inform_payload("besoin", n.slug)} for n in NEEDS),
    "freins": tuple({"title": o.button, "payload": inform_payload("frein", o.slug)} for o in OBSTACLES),
}


@lru_cache(maxsize=1)
def questions() -> Dict[str, Question]:
    raw = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return {
        slot: Question(
            slot=slot, si_oui=q.get("si_oui"), si_non=q.get("si_non"),
            boutons=VOCABULARY_BUTTONS.get(slot, ()) + tuple(
                {"title": b["titre"], "payload": b["payload"]} for b in q.get("boutons") or []),
            reponses=tuple(q.get("reponses", [])),
        )
        for slot, q in raw.items()
    }


def quartier_buttons(quartiers: Sequence[str]) -> List[Dict[str, str]]:
    """One button per neighbourhood that has reserved services in the resident's zone."""
    buttons = [{"title": q, "payload": inform_payload("quartier", q)} for q in quartiers]
    return buttons + [{"title": "Un autre quartier", "payload": inform_payload("quartier", OTHER_QUARTIER)},
                      PREFER_NOT]


def status_buttons(statuses: Sequence[str]) -> List[Dict[str, str]]:
    """One button per status asked: choosing one says yes to it and no to the others."""
    buttons = [{"title": STATUS_BY_SLOT[s].button, "payload": inform_payload(s, True)} for s in statuses]
    return buttons + [NONE_OF_THEM, PREFER_NOT]
