"""What the resident's latest message answers to the pending question (actions/questions.yml).

Facts found by the extractors (an age, a commune, an obstacle) are already slot candidates when
this runs; here come the replies that only mean something next to the question: a yes or a no
(and what it means for this question), "je sais pas", "c'est quoi ?", a button typed by hand or
by its number, a status named in answer to "which situation?", a neighbourhood's name, a
misspelt commune.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Sequence

from rasa_sdk import Tracker

from bot.catalogue.communes import SCORE_CONFIRM, SCORE_SURE
from bot.understanding.known_words import TYPO_LOOKALIKES
from bot.understanding.lexicon import TYPO_VOCABULARY
from bot.understanding.obstacles import obstacles_named
from bot.understanding.places import fuzzy_eligible
from bot.understanding.replies import Kind, chosen_button, read_reply
from bot.understanding.rules import correct_typos
from bot.understanding.statuses import statuses_named
from bot.understanding.text import normalize

from bot.catalogue.situation_vocabulary import STATUS_SLOTS

from . import catalogue_access
from .numbered_choice import buttons_before_latest_message, parse_payload
from .questions import SKIP, WHICH, Question

# How sure DIET must be of a yes, a no or "je ne sais pas" that the reading rules did not catch.
INTENT_CONFIDENCE = 0.8
INTENT_KINDS = {"affirmer": Kind.OUI, "nier": Kind.NON, "ne_sait_pas": Kind.NE_SAIT_PAS}
ALL_OF_THEM = ("les deux", "tous les deux", "toutes les deux", "les 2", "les trois", "les 3", "tous",
               "toutes", "tout", "tous les trois", "toutes les trois")
# The slot each entity of a button payload fills.
ENTITY_SLOTS = {"frein": "freins", "besoin": "besoin", "quartier": "quartier",
                **{s: s for s in STATUS_SLOTS}}
UNSURE_COMMUNE = {"commune_proposee", "code_insee_propose"}
# Intents a commune's name alone gets ("aide" or "merci" are close to commune names: not those).
MAY_NAME_A_COMMUNE = ("informer", "nlu_fallback", "nier")
# A commune name is short: past this, a message is not one (nor worth a fuzzy search).
COMMUNE_MAX_CHARACTERS = 40
QUARTIER_MAX_WORDS = 6


@dataclass(frozen=True)
class Reading:
    values: Dict[str, Any] = field(default_factory=dict)  # slot candidates, validated afterwards
    # What the reply does besides giving values: "passe", "explique", "lequel", "politesse".
    kind: Optional[str] = None


def read_reply_to(question: Question, tracker: Tracker, statuses: Sequence[str]) -> Reading:
    """The reading of the latest message as an answer to `question` (`statuses`: those asked
    together when the question is `statuts`)."""
    message = tracker.latest_message or {}
    text = (message.get("text") or "").strip()
    intent = message.get("intent") or {}
    candidates = {k: v for k, v in tracker.slots_to_validate().items() if k != "requested_slot"}
    if question.slot == "quartier" and candidates.keys() <= UNSURE_COMMUNE:
        # "Villiers-Barbusse" is a neighbourhood of Montreuil, not Villiers-le-Bel to confirm.
        unsure = dict.fromkeys(candidates)
        candidates = {}
    else:
        unsure = {}

    if text.startswith("/"):  # a button pressed: its entities are already slot candidates
        return _reading_of_kind(question, INTENT_KINDS.get(intent.get("name")), statuses)
    buttons = buttons_before_latest_message(tracker)
    choice = chosen_button(text, [b.get("title") or "" for b in buttons])
    if choice is not None:
        return _reading_of_payload(question, buttons[choice].get("payload") or "", statuses)

    if question.slot == "statuts":
        named = _statuses_in(text, statuses)
        if named:
            return Reading(named)
    if question.slot == "freins":
        named = obstacles_named(normalize(text), typos=read_reply(text) is None)
        if named:  # "le permis", "le logement et la santé", beside what the rules found
            return Reading({"freins": list(dict.fromkeys([*(candidates.get("freins") or []), *named]))})
    if _answers_itself(question.slot, candidates, statuses):
        return Reading()  # "non j'ai pas le permis": the obstacle, not the "non"
    reply = read_reply(text)
    kind = reply.kind if reply else None
    if kind is Kind.HESITE:
        return Reading()
    if kind is Kind.QUOI and candidates:
        kind = None  # "je comprends pas le français" says an obstacle, it asks nothing
    if kind is None and not candidates and (intent.get("confidence") or 0) >= INTENT_CONFIDENCE:
        kind = INTENT_KINDS.get(intent.get("name"))
    if question.slot in ("commune", "commune_confirmee") and kind in (None, Kind.NON) and (
            intent.get("name") in MAY_NAME_A_COMMUNE):
        commune = _misspelt_commune(_after_yes_or_no(text))  # "bondi", "non pantin"
        if commune.values:
            return commune
    if kind is not None:
        return _reading_of_kind(question, kind, statuses)
    if candidates:
        return Reading()  # another fact: the form asks its question once more
    if question.slot == "quartier" and _may_be_a_name(text):
        return Reading({"quartier": text, **unsure})
    if intent.get("name") in ("saluer", "remercier") and (intent.get("confidence") or 0) >= INTENT_CONFIDENCE:
        return Reading(kind="politesse")
    return Reading()


def _after_yes_or_no(text: str) -> str:
    """"non pantin" → "pantin": what follows a leading yes or no."""
    words = text.split(maxsplit=1)
    if len(words) == 2 and read_reply(words[0]) is not None:
        return words[1]
    return "" if read_reply(text) is not None else text


def _answers_itself(slot: str, candidates: Dict[str, Any], statuses: Sequence[str]) -> bool:
    """The extractors already found the answer to the question in the message."""
    if slot == "statuts":
        return any(s in candidates for s in statuses)
    if slot in ("commune", "commune_confirmee"):
        return "commune" in candidates or "commune_proposee" in candidates
    return slot in candidates


def _reading_of_kind(question: Question, kind: Optional[Kind], statuses: Sequence[str]) -> Reading:
    if kind is None:
        return Reading()
    if kind is Kind.NE_SAIT_PAS:
        return Reading(kind=SKIP)
    if kind is Kind.QUOI:
        return Reading(kind="explique")
    effect = question.si_oui if kind is Kind.OUI else question.si_non
    if effect is None:
        return Reading()  # a yes or a no does not answer this question
    if effect in (WHICH, SKIP):
        return Reading(kind=effect)
    if question.slot == "statuts":
        return Reading(dict.fromkeys(statuses, effect))
    return Reading({question.slot: effect})


def _reading_of_payload(question: Question, payload: str, statuses: Sequence[str]) -> Reading:
    """A button chosen by typing its title or number: as if it had been pressed."""
    parsed = parse_payload(payload)
    if parsed is None:
        return Reading()
    kind = INTENT_KINDS.get(parsed["intent"]["name"])
    if kind is not None:
        return _reading_of_kind(question, kind, statuses)
    values: Dict[str, Any] = {}
    for entity in parsed["entities"]:
        slot = ENTITY_SLOTS.get(entity["entity"])
        if slot == "freins":
            values["freins"] = [*values.get("freins", []), entity["value"]]
        elif slot:
            values[slot] = entity["value"]
    if question.slot == "statuts" and values:
        values = {s: bool(values.get(s, False)) for s in statuses}
    return Reading(values)


def _statuses_in(text: str, statuses: Sequence[str]) -> Dict[str, bool]:
    """"Which of these situations?" answered by naming them: the ones named are yes (unless
    negated), the others asked are no; "les deux", "tous" say yes to all. A status named that
    was not asked is kept too ("France Travail" when only RSA and RQTH were listed: none of those)."""
    norm = correct_typos(normalize(text), TYPO_VOCABULARY, TYPO_LOOKALIKES)
    if norm.text in ALL_OF_THEM and (len(statuses) == 2 or norm.text not in ("les deux", "tous les deux",
                                                                               "toutes les deux", "les 2")):
        return dict.fromkeys(statuses, True)
    named = statuses_named(norm)
    if not any(named.values()):
        return {s: v for s, v in named.items() if s in statuses}
    return {**dict.fromkeys(statuses, False), **named}


def _may_be_a_name(text: str) -> bool:
    """A neighbourhood's name the catalogue does not know is still an answer."""
    words = normalize(text).text.split()
    return 0 < len(words) <= QUARTIER_MAX_WORDS and any(len(w) >= 3 and w.isalpha() for w in words)


def _misspelt_commune(text: str) -> Reading:
    """A commune the extractor did not dare to read in a sentence, given alone in answer to the
    commune question: taken when sure, else proposed for confirmation ("Vous habitez bien à Bondy ?")."""
    if not text or len(text) > COMMUNE_MAX_CHARACTERS:
        return Reading()
    matches = catalogue_access.get().communes.resolve(text, limit=1)
    if not matches or matches[0].score < SCORE_CONFIRM:
        return Reading()
    commune = matches[0].commune
    if matches[0].score >= SCORE_SURE and fuzzy_eligible(commune):  # near home: no need to ask
        return Reading({"commune": commune.nom, "code_insee": commune.code_insee})
    return Reading({"commune_proposee": commune.nom, "code_insee_propose": commune.code_insee})
