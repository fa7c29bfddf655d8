"""The situation form: reads each reply to the pending question, asks the next useful question,
and never asks a question a third time.

One call per message (the form's validation action): it reads what the message says (facts,
or a reply that only makes sense next to the question: "non", "👍", "c'est quoi ?", "2"),
validates it, then asks the next question itself: it sends the question's response (domain.yml,
utter_demande_<slot> or utter_redemande_<slot>) with the buttons it computes, every time, and
counts it. Rasa's form asks nothing itself (there is no utter_ask_<slot>). The natural answers of
each question are in actions/questions.yml.

A message the form does not take (help, goodbye…) is handed to the rules with
ActionExecutionRejected; after their answer Rasa runs the form again on the same message, which
the form then knows by that rejection: it asks its question again instead of reading the message.

A question is asked at most twice (the second time in other words). When it would come a third
time, because the resident was not understood twice or kept being interrupted, the bot says in
one sentence that it goes on without the answer, records it as unknown (as for "je ne sais pas")
and asks the next one; the resident can still give it later ("en fait, …").
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from bot.catalogue.situation_vocabulary import STATUS_SLOTS

from . import catalogue_access
from .questions import Question, questions, quartier_buttons, status_buttons
from .conversation import distress_answer
from .history import just_said
from .numbered_choice import buttons_before_latest_message, parse_payload
from .replies import Reading, read_reply_to
from .situation import SITUATION_SLOTS, events_since_latest_message, previous_value, situation_from
from .validation import SituationSlotValidation

FORM = "situation_form"
ASKED = "questions_posees"  # every question asked since the form started, once per time asked
MAX_ASKS = 2

# Intents the rules answer during the questions (help, who are you, goodbye…); the question
# comes back after the answer. Only when the message answers nothing.
INTERRUPTIONS = frozenset({
    "aide", "qui_es_tu", "hors_sujet", "autre_langue", "question_donnees", "effacer_donnees",
    "au_revoir", "recommencer", "plus_de_resultats", "details_service",
})
# At the quartier question any text may be a name: an interruption must be this sure.
QUARTIER_INTERRUPTION_CONFIDENCE = 0.95
POLITENESS = {"saluer": "utter_bonjour_pendant_questions", "remercier": "utter_merci_pendant_questions"}
# The variables of the questions' wording when the slot is not known (it always is when asked).
WORDING_DEFAULTS = {"commune": "votre commune", "commune_proposee": "cette commune"}


class Turn(Enum):
    START = "start"    # the form starts: no question pending yet
    REPLY = "reply"    # the resident's message answers (or not) the pending question
    RESUME = "resume"  # the form comes back after a rule answered the message (help, …)


def turn_of(tracker: Tracker) -> Turn:
    if not (tracker.active_loop or {}).get("name"):
        return Turn.START
    handed_to_the_rules = any(e.get("event") == "action_execution_rejected" and e.get("name") == FORM
                              for e in events_since_latest_message(tracker))
    return Turn.RESUME if handed_to_the_rules else Turn.REPLY


def asked_statuses(tracker: Tracker) -> List[str]:
    """The statuses the `statuts` question listed as buttons (what the resident saw)."""
    shown = [p for b in buttons_before_latest_message(tracker) for p in [parse_payload(b.get("payload") or "")] if p]
    named = [e["entity"] for p in shown if p["intent"]["name"] == "informer" for e in p["entities"]]
    return [s for s in STATUS_SLOTS if s in named] or useful_statuses(tracker)


def useful_statuses(tracker: Tracker) -> List[str]:
    """The statuses whose answer changes the proposals for this resident, in asking order."""
    matcher = catalogue_access.get().matcher()
    situation = situation_from(tracker)
    if matcher is None or not situation.code_insee:
        return []
    return [q for q in matcher.questions_utiles(situation) if q in STATUS_SLOTS]


def next_question(tracker: Tracker) -> Optional[str]:
    """The first question still useful for this resident, or None when the form is done."""
    situation = situation_from(tracker)
    skipped = set(situation.non_renseignes)
    if situation.age is None and "age" not in skipped:
        return "age"
    if situation.code_insee is None and "commune" not in skipped:
        return "commune_confirmee" if tracker.get_slot("commune_proposee") else "commune"
    if situation.besoin is None and "besoin" not in skipped:
        return "besoin"
    if situation.freins is None and "freins" not in skipped:
        return "freins"
    matcher = catalogue_access.get().matcher()
    if matcher is None or not situation.code_insee:
        return None
    useful = matcher.questions_utiles(situation)  # statuses and quartier, unknown and not skipped
    statuses = [q for q in useful if q in STATUS_SLOTS]
    if len(statuses) >= 2:
        return "statuts"
    return useful[0] if useful else None


class _Step:
    """One run of the form: the slot changes and the questions asked so far, on one tracker."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                 asked: List[str], changes: Dict[str, Any]) -> None:
        self.dispatcher = dispatcher
        self.tracker = tracker
        self.domain = domain
        self.asked = asked
        self.changes = changes

    def set(self, values: Dict[str, Any]) -> None:
        self.changes.update(values)
        self.tracker.slots.update(values)

    def say(self, response: str, **values: Any) -> None:
        self.dispatcher.utter_message(response=response, **self.wording_values(), **values)

    def wording_values(self) -> Dict[str, str]:
        """The variables of the questions' wording: the commune, as this message left it."""
        return {name: self.tracker.get_slot(name) or default for name, default in WORDING_DEFAULTS.items()}

    def skip(self, slot: str, reason: str) -> None:
        """Go on without the answer to `slot`, and say so in one sentence."""
        question = questions()[slot]
        if slot == "commune_confirmee":  # not sure of the commune: ask for it again instead
            self.set({"commune_proposee": None, "code_insee_propose": None, "commune_confirmee": None})
            self.say(question.skipping)
            return
        slots = asked_statuses(self.tracker) if slot == "statuts" else [slot]
        skipped = list(self.tracker.get_slot("non_renseignes") or [])
        self.set({"non_renseignes": list(dict.fromkeys([*skipped, *slots]))})
        # One sentence: why (the response of the reason), then what it changes (the question's).
        consequence = self.domain["responses"][question.skipping][0]["text"]
        self.say(f"utter_question_passee_{reason}", consequence=consequence)

    def ask_next(self, pending: Optional[str], which: bool, misunderstood: bool) -> Optional[str]:
        """Asks the next question (never a third time) and returns it, or None when all is known."""
        while True:
            slot = next_question(self.tracker)
            if slot is None:
                return None
            times = self.asked.count(slot)
            if times >= MAX_ASKS:
                self.skip(slot, "incompris" if misunderstood and slot == pending else "deux_fois")
                misunderstood = False
                continue
            if misunderstood and slot == pending:
                self.say("utter_pas_compris")
            self._ask(slot, times, which and slot == pending)
            self.asked.append(slot)
            return slot

    def _ask(self, slot: str, times: int, which: bool) -> None:
        question = questions()[slot]
        buttons = list(question.boutons)
        if slot == "quartier":
            matcher = catalogue_access.get().matcher()
            situation = situation_from(self.tracker)
            buttons = quartier_buttons(matcher.quartiers(situation) if matcher else [])
        elif slot == "statuts":
            buttons = status_buttons(useful_statuses(self.tracker))
        self.dispatcher.utter_message(response=question.asking(times, which), buttons=buttons,
                                      **self.wording_values())


class ValidateSituationForm(SituationSlotValidation, FormValidationAction):
    """Reads the reply, validates every fact the message gave, asks the next question."""

    def name(self) -> Text:
        return "validate_situation_form"

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[EventType]:
        """Besides the slot mappings: a shared location, a neighbourhood named in passing."""
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        found = {**self.commune_from_location(dispatcher, tracker), **self.quartier_in_message(tracker)}
        return events + [SlotSet(name, value) for name, value in found.items()]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        turn = turn_of(tracker)
        asked: List[str] = [] if turn is Turn.START else list(tracker.get_slot(ASKED) or [])
        pending = tracker.get_slot("requested_slot") if turn is Turn.REPLY else None
        question = questions().get(pending) if pending else None
        statuses = asked_statuses(tracker) if pending == "statuts" else []

        distress = (tracker.latest_message.get("intent") or {}).get("name") == "detresse" and turn is Turn.REPLY
        tracker.add_slots(await self.get_extraction_events(dispatcher, tracker, domain))
        reading = Reading()
        if question is not None and not distress:
            reading = read_reply_to(question, tracker, statuses)
            tracker.add_slots([SlotSet(name, value) for name, value in reading.values.items()])
        said_before = len(dispatcher.messages)
        changes = {e["name"]: e["value"] for e in await self.validate_recent(dispatcher, tracker, domain)}
        validation_spoke = len(dispatcher.messages) > said_before

        if distress:
            # The numbers at once; the question stays pending, not asked again: the resident goes on
            # when they want, and what the message said is kept.
            dispatcher.utter_message(text=distress_answer(tracker))
            return [*(SlotSet(name, value) for name, value in changes.items()),
                    SlotSet(ASKED, asked), SlotSet("requested_slot", pending or next_question(tracker))]

        if question is not None and _is_interruption(question, reading, tracker, changes):
            # The rules answer (help, goodbye…), then the form comes back (Turn.RESUME).
            return [*(SlotSet(n, v) for n, v in changes.items()), ActionExecutionRejected(FORM)]

        step = _Step(dispatcher, tracker, domain, asked, changes)
        which = misunderstood = False
        if question is not None and not _answered(pending, tracker, statuses):
            if reading.kind == "passe":
                step.skip(pending, "ne_sait_pas")
            elif reading.kind == "explique":
                if not just_said(tracker, question.explaining):  # never the same sentence twice in a row
                    step.say(question.explaining)
            elif reading.kind == "lequel":
                which = True
            elif reading.kind == "politesse":
                step.say(POLITENESS[tracker.latest_message["intent"]["name"]])
            elif not _progress(tracker, changes) and not validation_spoke:
                misunderstood = True
        asking = step.ask_next(pending, which, misunderstood)
        return [*(SlotSet(name, value) for name, value in changes.items()),
                SlotSet(ASKED, step.asked), SlotSet("requested_slot", asking)]


def _is_interruption(question: Question, reading: Reading, tracker: Tracker, changes: Dict[str, Any]) -> bool:
    """The message asks something else (help, who are you, goodbye…) and answers nothing."""
    if reading.values or reading.kind or _progress(tracker, changes):
        return False
    intent = tracker.latest_message.get("intent") or {}
    if intent.get("name") not in INTERRUPTIONS:
        return False
    return question.slot != "quartier" or (intent.get("confidence") or 0) >= QUARTIER_INTERRUPTION_CONFIDENCE


def _answered(pending: str, tracker: Tracker, statuses: Sequence[str]) -> bool:
    skipped = tracker.get_slot("non_renseignes") or []
    if pending == "statuts":
        return all(tracker.get_slot(s) is not None or s in skipped for s in statuses)
    if pending == "commune_confirmee":
        return tracker.get_slot("commune_proposee") is None
    return tracker.get_slot(pending) is not None or pending in skipped


def _progress(tracker: Tracker, changes: Dict[str, Any]) -> bool:
    """The message gave or corrected another fact: not a misunderstanding."""
    return any(name in SITUATION_SLOTS and value != previous_value(tracker, name)
               for name, value in changes.items())
