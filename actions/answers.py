"""The answer: contact cards of the matching services, more results, details of one service.

The cards are written by the catalogue core (bot/catalogue/cards.py), every other sentence is a
response of domain.yml."""
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
from .numbered_choice import replay_numbered_choice
from .situation import SITUATION_SLOTS, events_since_latest_message, situation_from

PAGE_SIZE = 3
# What the bot does not know, in the sentence about the services it left out (utter_services_non_proposes).
NON_VERIFIES = {
    "age": "je ne connais pas votre âge",
    "code_insee": "je ne connais pas votre commune",
    **{s.slot: s.not_known for s in STATUSES},
    "quartier": "je ne connais pas votre quartier",
}


def _introduction(result: MatchResult, situation: Situation) -> str:
    """The response introducing the cards."""
    if situation.code_insee and not result.zone_couverte:
        return "utter_adresses_hors_zone"
    if not situation.code_insee:
        return "utter_adresses_sans_commune"
    if result.repli:
        return "utter_adresses_repli"
    return "utter_adresses"


def _caveat(dispatcher: CollectingDispatcher, result: MatchResult) -> None:
    """Says which services were left out for want of an answer, if any."""
    reasons = [NON_VERIFIES[s] for s in result.non_verifies if s in NON_VERIFIES]
    if reasons:
        dispatcher.utter_message(response="utter_services_non_proposes", raisons=" et ".join(reasons))


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
            dispatcher.utter_message(response="utter_rien_de_nouveau", buttons=_menu([], True))
            return []
        matcher = catalogue_access.get().matcher()
        if matcher is None:
            dispatcher.utter_message(response="utter_catalogue_indisponible")
            return []
        situation = situation_from(tracker)
        result = matcher.match(situation, limit_besoin=PAGE_SIZE)
        if not result.proposals:
            dispatcher.utter_message(response="utter_aucune_adresse")
            return [SlotSet("services_affiches", [])]
        dispatcher.utter_message(response=_introduction(result, situation), commune=situation.commune)
        _send_cards(dispatcher, result.proposals, situation)
        _caveat(dispatcher, result)
        dispatcher.utter_message(response="utter_en_savoir_plus",
                                 buttons=_menu(result.proposals, bool(result.more)))
        return [SlotSet("services_affiches", [p.service.id for p in result.proposals])]


class ActionPlusDeResultats(Action):
    def name(self) -> Text:
        return "action_plus_de_resultats"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        matcher = catalogue_access.get().matcher()
        if matcher is None:
            dispatcher.utter_message(response="utter_catalogue_indisponible")
            return []
        situation = situation_from(tracker)
        shown = list(tracker.get_slot("services_affiches") or [])
        result = matcher.match(situation, limit_besoin=PAGE_SIZE)
        remaining = [p for p in result.more if p.service.id not in shown]
        page, rest = remaining[:PAGE_SIZE], remaining[PAGE_SIZE:]
        if not page:
            dispatcher.utter_message(response="utter_plus_d_adresses", buttons=_menu([], False))
            return []
        dispatcher.utter_message(response="utter_autres_adresses")
        _send_cards(dispatcher, page, situation)
        dispatcher.utter_message(response="utter_en_savoir_plus", buttons=_menu(page, bool(rest)))
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
            dispatcher.utter_message(response="utter_catalogue_indisponible")
            return []
        shown = [s for s in (catalogue.service(i) for i in tracker.get_slot("services_affiches") or []) if s]
        if not shown:
            dispatcher.utter_message(response="utter_pas_encore_d_adresse")
            return []
        service = _chosen_service(tracker, shown)
        if service is None:
            dispatcher.utter_message(
                response="utter_quelle_adresse",
                buttons=[{"title": render_summary_line(s),
                          "payload": f'/details_service{{"service_id": "{s.id}"}}'} for s in shown],
            )
            return []
        dispatcher.utter_message(text=render_details(service, situation_from(tracker),
                                                     catalogue_access.now()))
        _send_contact(dispatcher, service)
        dispatcher.utter_message(response="utter_autre_chose", buttons=_menu([], True))
        return []
