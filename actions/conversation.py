"""Restarting and the two-step fallback for messages the bot did not understand."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.privacy.retention import retention_days

from .numbered_choice import replay_numbered_choice
from .validation import shared_location

ACCUEIL = (
    "Bonjour ! Je suis Aiguillage, un robot (pas une personne) qui vous indique les structures "
    "près de chez vous pour trouver un emploi ou une formation. Je vais vous poser quelques "
    "questions courtes (âge, commune, ce que vous cherchez, ce qui vous freine) : elles servent "
    "seulement à choisir les bonnes adresses."
)


def privacy_notice() -> str:
    """One sentence, in the greeting before any question: what is kept, how long, how to erase."""
    return (f"Je garde vos réponses {retention_days()} jours, seulement pour vous orienter ; écrivez "
            "« effacer mes données » pour les effacer quand vous voulez.")


def privacy_details() -> str:
    return (f"Vos réponses servent seulement à choisir les adresses. Je garde notre conversation "
            f"{retention_days()} jours, puis je l'efface ; je masque les numéros de téléphone, les "
            "courriels et les longs messages. Je ne transmets rien aux structures : c'est vous qui "
            "les contactez. Écrivez « effacer mes données » pour tout effacer tout de suite.")
LIEU_INCONNU = ("Je n'ai pas trouvé de commune en France près de cette position. "
                "Écrivez plutôt le nom de votre commune ou son code postal.")
APRES_QUESTIONS = "Je vous montre les adresses dès que j'ai fini mes questions."
REBONJOUR = "Rebonjour ! On reprend où on en était. Écrivez « recommencer » pour repartir de zéro."

MENU = [
    {"title": "Je cherche un emploi", "payload": '/informer{"besoin": "emploi"}'},
    {"title": "Je cherche une formation", "payload": '/informer{"besoin": "formation"}'},
    {"title": "Créer mon entreprise", "payload": '/informer{"besoin": "creation_entreprise"}'},
    {"title": "Choisir un métier", "payload": '/informer{"besoin": "orientation_metier"}'},
    {"title": "Aide", "payload": "/aide"},
    {"title": "Recommencer", "payload": "/recommencer"},
]


def _is_first_message(tracker: Tracker) -> bool:
    """No bot message yet in this session: the resident has not been greeted."""
    session_start = max((i for i, e in enumerate(tracker.events) if e.get("event") == "session_started"),
                        default=0)
    return not any(e.get("event") == "bot" for e in tracker.events[session_start:])


class ActionAccueillir(Action):
    """Greets on the first message of a session (whatever it says); later, only a "bonjour" gets a word."""

    def name(self) -> Text:
        return "action_accueillir"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        if _is_first_message(tracker):
            dispatcher.utter_message(text=f"{ACCUEIL} {privacy_notice()}")
        elif tracker.latest_message.get("intent", {}).get("name") == "saluer":
            dispatcher.utter_message(text=REBONJOUR)
        return []


class ActionRecommencer(Action):
    def name(self) -> Text:
        return "action_recommencer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="D'accord, on recommence depuis le début, sans vos réponses "
                                      "d'avant. (Pour effacer aussi notre conversation : « effacer mes données ».)")
        return [AllSlotsReset(), ActiveLoop(None)]


class ActionEffacerDonnees(Action):
    """The conversation is deleted from the tracker store when it is saved after this action
    (bot/privacy/tracker_store.py), whatever the database: here, only say so."""

    def name(self) -> Text:
        return "action_effacer_donnees"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="C'est fait : j'ai effacé notre conversation et vos réponses. "
                                      "Écrivez-moi quand vous voulez pour recommencer.")
        return [AllSlotsReset()]


class ActionDonneesPersonnelles(Action):
    def name(self) -> Text:
        return "action_donnees_personnelles"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=privacy_details())
        return []


def _fallback_on_previous_turn(tracker: Tracker) -> bool:
    """The bot already said it did not understand the resident's previous message."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if len(users) < 2:
        return False
    previous_turn = tracker.events[users[-2]:users[-1]]
    return any(e.get("event") == "action" and e.get("name") == "action_fallback" for e in previous_turn)


class ActionFallback(Action):
    """First time: ask to rephrase. Twice in a row: offer buttons. Never a silent guess."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        replay = replay_numbered_choice(tracker)
        if replay:  # "3" typed where the channel showed no buttons: as if button 3 was pressed
            return replay
        if shared_location(tracker) is not None:  # a point the bot could not place in France
            dispatcher.utter_message(text=LIEU_INCONNU)
            return []
        in_form = tracker.active_loop.get("name") is not None
        second_time = _fallback_on_previous_turn(tracker)
        if not second_time:
            dispatcher.utter_message(
                text="Je n'ai pas bien compris. Pouvez-vous le dire autrement, avec des mots simples ?")
        elif in_form:
            # The form asks its question again right after, with its buttons.
            dispatcher.utter_message(
                text="Je n'ai toujours pas compris. Vous pouvez répondre avec les boutons.")
        else:
            dispatcher.utter_message(
                text="Je n'ai toujours pas compris. Choisissez ce qui vous correspond :", buttons=MENU)
        return []


class ActionResultatsTropTot(Action):
    """Addresses or details asked for during the questions. A bare number there ("2") is most
    often the choice of an answer shown as a numbered list: it is replayed as that button."""

    def name(self) -> Text:
        return "action_resultats_trop_tot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        replay = replay_numbered_choice(tracker)
        if replay:
            return replay
        dispatcher.utter_message(text=APRES_QUESTIONS)
        return []
