"""Restarting and the two-step fallback for messages the bot did not understand."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.catalogue.situation_vocabulary import NEEDS
from bot.privacy.retention import retention_days
from bot.understanding.distress import distress_kinds, distress_message

from .history import just_said, response_of
from .numbered_choice import replay_numbered_choice
from .questions import inform_payload
from .validation import shared_location

WHAT_NOW_BUTTONS = [
    {"title": "D'autres adresses", "payload": "/plus_de_resultats"},
    {"title": "Recommencer", "payload": "/recommencer"},
    {"title": "Aide", "payload": "/aide"},
]
ERASED = "donnees_effacees"  # the custom message after an erasure (channel contract, see docs/widget.md)
MENU = [
    *({"title": n.menu_button, "payload": inform_payload("besoin", n.slug)} for n in NEEDS),
    {"title": "Aide", "payload": "/aide"},
    {"title": "Recommencer", "payload": "/recommencer"},
]


def greet(dispatcher: CollectingDispatcher) -> None:
    """Who the bot is, and in one sentence what it keeps, how long, how to erase it."""
    dispatcher.utter_message(response="utter_accueil", jours=retention_days())


def _not_greeted(tracker: Tracker) -> bool:
    """The greeting (who the bot is, what it keeps) was not given in this session yet: a first
    "aide" or "merci" gets its own answer, and the greeting still comes before any question."""
    session_start = max((i for i, e in enumerate(tracker.events) if e.get("event") == "session_started"),
                        default=0)
    return not any(response_of(e) == "utter_accueil" for e in tracker.events[session_start:])


def start_if_first_message(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """The first message of a conversation, whatever it says ("cc", "ok", an emoji): the bot
    introduces itself and asks its first question, rather than answer the message alone."""
    if not _not_greeted(tracker):
        return None
    greet(dispatcher)
    return [FollowupAction("situation_form")]


class ActionAccueillir(Action):
    """Greets on the first message of a session (whatever it says); later, only a "bonjour" gets a word."""

    def name(self) -> Text:
        return "action_accueillir"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        if _not_greeted(tracker):
            greet(dispatcher)
        elif tracker.latest_message.get("intent", {}).get("name") == "saluer":
            dispatcher.utter_message(response="utter_rebonjour")
        return []


class ActionRecommencer(Action):
    def name(self) -> Text:
        return "action_recommencer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_on_recommence")
        return [AllSlotsReset(), ActiveLoop(None)]


class ActionEffacerDonnees(Action):
    """The conversation is deleted from the tracker store when it is saved after this action
    (bot/privacy/tracker_store.py), whatever the database: here, only say so."""

    def name(self) -> Text:
        return "action_effacer_donnees"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_donnees_effacees")
        # For the channels that keep a copy (the web widget's transcript in the browser): forget it.
        dispatcher.utter_message(json_message={ERASED: True})
        return [AllSlotsReset()]


class ActionDonneesPersonnelles(Action):
    def name(self) -> Text:
        return "action_donnees_personnelles"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_donnees_personnelles", jours=retention_days())
        return []


def _fallbacks_in_a_row(tracker: Tracker) -> int:
    """How many of the resident's messages just before the latest one the bot did not understand."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    count = 0
    for start, end in zip(reversed(users[:-1]), reversed(users[1:])):
        turn = tracker.events[start:end]
        if not any(e.get("event") == "action" and e.get("name") == "action_fallback" for e in turn):
            break
        count += 1
    return count


class ActionFallback(Action):
    """A message nobody understood, outside the questions (the form reads its own answers):
    ask to rephrase, then offer buttons, then say honestly what the bot can do."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        replay = replay_numbered_choice(tracker)
        if replay:  # "3" typed where the channel showed no buttons: as if button 3 was pressed
            return replay
        start = start_if_first_message(dispatcher, tracker)
        if start:
            return start
        if shared_location(tracker) is not None:  # a point the bot could not place in France
            dispatcher.utter_message(response="utter_lieu_inconnu")
            return []
        # Past two misunderstandings the bot stops asking to rephrase: it says what it can do, and
        # alternates with the menu so that the same sentence never comes twice in a row.
        if _fallbacks_in_a_row(tracker) == 0:
            dispatcher.utter_message(response="utter_reformuler")
        elif not just_said(tracker, "utter_choisir"):
            dispatcher.utter_message(response="utter_choisir", buttons=MENU)
        else:
            dispatcher.utter_message(response="utter_incompris")
        return []


def distress_answer(tracker: Tracker) -> str:
    """The numbers for the dangers the latest message speaks of."""
    kinds = [e["value"] for e in tracker.latest_message.get("entities", []) if e.get("entity") == "detresse"]
    return distress_message(kinds or distress_kinds(tracker.latest_message.get("text") or ""))


class ActionDetresse(Action):
    """Suicide, violence, a child in danger, the street: the right numbers at once (during the
    questions the form says them itself, see actions/form.py)."""

    def name(self) -> Text:
        return "action_detresse"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=distress_answer(tracker))
        return []


class ActionQueFaire(Action):
    """A yes, a no or "je ne sais pas" when no question is pending: what the resident can do."""

    def name(self) -> Text:
        return "action_que_faire"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        start = start_if_first_message(dispatcher, tracker)
        if start:
            return start
        dispatcher.utter_message(response="utter_que_faire", buttons=WHAT_NOW_BUTTONS)
        return []


class ActionResultatsTropTot(Action):
    """Addresses or details asked for during the questions: after them."""

    def name(self) -> Text:
        return "action_resultats_trop_tot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_apres_questions")
        return []
