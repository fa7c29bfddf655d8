"""The answer: contact cards of the matching services, more results, details of one service."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rapidfuzz import fuzz, process, utils
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.catalogue.cards import contact_payload, render_card, render_details, render_summary_line
from bot.catalogue.matching import MatchResult, Proposal
from bot.catalogue.models import Service, Situation
from bot.catalogue.situation_vocabulary import STATUSES

from . import catalogue_access
from .history import not_just_said
from .numbered_choice import replay_numbered_choice
from .situation import SITUATION_SLOTS, events_since_latest_message, situation_from

PAGE_SIZE = 3
INDISPONIBLE = (
    "Désolé, la liste des adresses est momentanément indisponible. "
    "Réessayez dans quelques minutes, ou appelez France Travail au 39 49."
)
AUCUNE_ADRESSE = (
    "Je n'ai trouvé aucune adresse pour votre situation. "
    "France Travail peut vous orienter : appelez le 39 49 ou allez sur francetravail.fr."
)
# Each with a second wording: the same sentence is never sent twice in a row.
MORE_ABOUT, MORE_ABOUT_AGAIN = "Vous voulez en savoir plus sur une adresse ?", "Une de ces adresses vous intéresse ?"
NOTHING_NEW = "Je n'ai rien noté de nouveau. Dites-moi ce qui a changé, ou choisissez :"
NOTHING_NEW_AGAIN = "Votre situation n'a pas changé. Que voulez-vous faire ?"
NO_MORE = "Je n'ai pas d'autres adresses pour votre situation."
NO_MORE_AGAIN = "Je vous ai donné toutes les adresses que je connais pour votre situation."
WHICH_DETAILS = "De quelle adresse voulez-vous les détails ?"
WHICH_DETAILS_AGAIN = "Choisissez l'adresse dont vous voulez les détails :"
ANYTHING_ELSE, ANYTHING_ELSE_AGAIN = "Autre chose ?", "Puis-je faire autre chose pour vous ?"
NON_VERIFIES = {
    "age": "je ne connais pas votre âge",
    "code_insee": "je ne connais pas votre commune",
    **{s.slot: s.not_known for s in STATUSES},
    "quartier": "je ne connais pas votre quartier",
}


def _introduction(result: MatchResult, situation: Situation) -> str:
    if situation.code_insee and not result.zone_couverte:
        return (f"Je ne connais pas encore de structure à {situation.commune} : je couvre pour "
                "l'instant quelques communes de Seine-Saint-Denis. Voici des services nationaux, "
                "ouverts à tous :")
    if not situation.code_insee:
        return "Sans votre commune, voici des services nationaux, ouverts à tous :"
    if result.repli:
        return ("Je n'ai pas trouvé de service qui corresponde exactement à votre demande. "
                "Voici des lieux d'accueil de votre secteur : ils pourront vous orienter.")
    return "Voici les adresses qui correspondent à votre situation :"


AGAIN = "Voici les adresses avec ce que vous venez de me dire :"


def _caveat(result: MatchResult) -> Optional[str]:
    reasons = [NON_VERIFIES[s] for s in result.non_verifies if s in NON_VERIFIES]
    if not reasons:
        return None
    return (f"Comme {' et '.join(reasons)}, je n'ai pas proposé les services qui le demandent. "
            "Vous pouvez me le dire à tout moment.")


def _menu(proposals: Sequence[Proposal], has_more: bool) -> List[Dict[str, str]]:
    buttons = [
        {"title": f"Détails : {render_summary_line(p.service)}",
         "payload": f'/details_service{{"service_id": "{p.service.id}"}}'}
        for p in proposals
    ]
    if has_more:
        buttons.append({"title": "D'autres adresses", "payload": "/plus_de_resultats"})
    buttons.append({"title": "Recommencer", "payload": "/recommencer"})
    return buttons


def _send_cards(dispatcher: CollectingDispatcher, proposals: Sequence[Proposal],
                situation: Situation) -> None:
    now = catalogue_access.now()
    for proposal in proposals:
        dispatcher.utter_message(text=render_card(proposal, situation, now))
        _send_contact(dispatcher, proposal.service)


def _send_contact(dispatcher: CollectingDispatcher, service: Service) -> None:
    """The card's phone, address and coordinates as data, right after its text (for channels)."""
    dispatcher.utter_message(json_message={"fiche": contact_payload(service)})


def _nothing_new(tracker: Tracker) -> bool:
    """The cards were already given and the latest message changed nothing in the situation."""
    if not tracker.get_slot("services_affiches"):
        return False
    changed = {e.get("name") for e in events_since_latest_message(tracker) if e.get("event") == "slot"}
    return not changed & {*SITUATION_SLOTS, "non_renseignes"}


class ActionProposerServices(Action):
    def name(self) -> Text:
        return "action_proposer_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        if _nothing_new(tracker):
            # Not the same cards again for a message that changed nothing: say what can be done.
            dispatcher.utter_message(
                text=not_just_said(tracker, NOTHING_NEW, NOTHING_NEW_AGAIN),
                buttons=_menu([], True))
            return []
        matcher = catalogue_access.get().matcher()
        if matcher is None:
            dispatcher.utter_message(text=INDISPONIBLE)
            return []
        situation = situation_from(tracker)
        result = matcher.match(situation, limit_besoin=PAGE_SIZE)
        if not result.proposals:
            dispatcher.utter_message(text=AUCUNE_ADRESSE)
            return [SlotSet("services_affiches", [])]
        dispatcher.utter_message(text=not_just_said(tracker, _introduction(result, situation), AGAIN))
        _send_cards(dispatcher, result.proposals, situation)
        caveat = _caveat(result)
        if caveat:
            dispatcher.utter_message(text=caveat)
        dispatcher.utter_message(
            text=not_just_said(tracker, MORE_ABOUT, MORE_ABOUT_AGAIN),
            buttons=_menu(result.proposals, bool(result.more)),
        )
        return [SlotSet("services_affiches", [p.service.id for p in result.proposals])]


class ActionPlusDeResultats(Action):
    def name(self) -> Text:
        return "action_plus_de_resultats"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        matcher = catalogue_access.get().matcher()
        if matcher is None:
            dispatcher.utter_message(text=INDISPONIBLE)
            return []
        situation = situation_from(tracker)
        shown = list(tracker.get_slot("services_affiches") or [])
        result = matcher.match(situation, limit_besoin=PAGE_SIZE)
        remaining = [p for p in result.more if p.service.id not in shown]
        page, rest = remaining[:PAGE_SIZE], remaining[PAGE_SIZE:]
        if not page:
            dispatcher.utter_message(
                text=not_just_said(tracker, NO_MORE, NO_MORE_AGAIN),
                buttons=_menu([], False),
            )
            return []
        dispatcher.utter_message(text="Voici d'autres adresses :")
        _send_cards(dispatcher, page, situation)
        dispatcher.utter_message(text=not_just_said(tracker, MORE_ABOUT, MORE_ABOUT_AGAIN),
                                 buttons=_menu(page, bool(rest)))
        return [SlotSet("services_affiches", shown + [p.service.id for p in page])]


_POSITION = re.compile(r"(?<![\d,.])(\d{1,2})(?![\d,.])")


def _position(text: str) -> Optional[int]:
    """The position a short message points at: "2", "le 2", "détails du 2", "n°3"."""
    if len(text) > 40:
        return None
    numbers = _POSITION.findall(text)
    return int(numbers[0]) if len(numbers) == 1 else None


def _chosen_service(tracker: Tracker, shown: List[Service]) -> Optional[Service]:
    """The service the resident points at: a button, a position ("le 2"), or a name."""
    by_id = {s.id: s for s in shown}
    for entity in tracker.latest_message.get("entities", []):
        if entity.get("entity") == "service_id" and entity.get("value") in by_id:
            return by_id[entity["value"]]
    text = tracker.latest_message.get("text") or ""
    position = _position(text)
    if position is not None and 1 <= position <= len(shown):
        return shown[position - 1]
    names = {s.id: f"{s.structure.nom} {s.nom}" for s in shown}
    best = process.extractOne(text, names, scorer=fuzz.token_set_ratio,
                              processor=utils.default_process, score_cutoff=60)
    return by_id[best[2]] if best else None


class ActionDetailsService(Action):
    def name(self) -> Text:
        return "action_details_service"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        replay = replay_numbered_choice(tracker)
        if replay:  # "2" typed after a numbered list of choices: that choice, like a button
            return replay
        catalogue = catalogue_access.get().catalogue
        if catalogue is None:
            dispatcher.utter_message(text=INDISPONIBLE)
            return []
        shown = [s for s in (catalogue.service(i) for i in tracker.get_slot("services_affiches") or []) if s]
        if not shown:
            dispatcher.utter_message(
                text="Je ne vous ai pas encore donné d'adresse. Dites-moi d'abord ce que vous cherchez.")
            return []
        service = _chosen_service(tracker, shown)
        if service is None:
            dispatcher.utter_message(
                text=not_just_said(tracker, WHICH_DETAILS, WHICH_DETAILS_AGAIN),
                buttons=[{"title": render_summary_line(s),
                          "payload": f'/details_service{{"service_id": "{s.id}"}}'} for s in shown],
            )
            return []
        dispatcher.utter_message(text=render_details(service, situation_from(tracker),
                                                     catalogue_access.now()))
        _send_contact(dispatcher, service)
        dispatcher.utter_message(text=not_just_said(tracker, ANYTHING_ELSE, ANYTHING_ELSE_AGAIN),
                                 buttons=_menu([], True))
        return []
