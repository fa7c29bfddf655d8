"""The form: which question comes next, what a reply does to it, and no question a third time."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk.executor import CollectingDispatcher

from actions.form import ValidateSituationForm, next_question
from actions.questions import questions
from tests.wording import said, wording

from .helpers import DOMAIN, all_text, bot_event, create_tracker, slot_sets

BONDY = {"commune": "Bondy", "code_insee": "93010"}
PANTIN = {"commune": "Pantin", "code_insee": "93055"}
AUBER = {"commune": "Aubervilliers", "code_insee": "93001"}
EMPLOI = {"age": 40, "besoin": "emploi", "freins": []}


def next_for(slots: Dict[str, Any]) -> Optional[str]:
    return next_question(create_tracker(slots, active_loop="situation_form"))


def asked_before(slot: str, times: int = 1, buttons: Optional[List[Dict]] = None) -> List[Dict]:
    """Events of a conversation where the bot asked `slot` `times` times."""
    question = questions()[slot]
    return [bot_event(question.asking(i), buttons=buttons if buttons is not None else list(question.boutons),
                      commune="Bondy", commune_proposee="Bondy")
            for i in range(times)]


async def reply(slots: Dict[str, Any], pending: str, text: str, intent: str = "informer", times: int = 1,
                new_slots: Optional[Dict[str, Any]] = None, buttons: Optional[List[Dict]] = None,
                entities: Optional[List[Dict]] = None) -> Tuple[List[Dict], str, Dict[str, Any]]:
    """Runs the form on `text` answering `pending`, asked `times` times: (events, text, slot sets)."""
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({**slots, "requested_slot": pending, "questions_posees": [pending] * times},
                             text=text, intent=intent, new_slots=new_slots, entities=entities,
                             history=asked_before(pending, times, buttons), active_loop="situation_form")
    events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    return events, all_text(dispatcher.messages), slot_sets(events)


def test_asks_age_commune_need_and_obstacles_first():
    assert next_for({}) == "age"
    assert next_for({"age": 30}) == "commune"
    assert next_for({"age": 30, **BONDY}) == "besoin"
    assert next_for({"age": 30, **BONDY, "besoin": "emploi"}) == "freins"


def test_unsure_commune_is_confirmed_instead_of_asked():
    assert next_for({"age": 30, "commune_proposee": "Bondy", "code_insee_propose": "93010"}) == "commune_confirmee"


def test_statuses_that_matter_are_asked_together():
    # Bondy, emploi: a service for RSA and one for RQTH holders (the whole département).
    assert next_for({**BONDY, **EMPLOI}) == "statuts"


def test_a_single_status_that_matters_is_asked_alone():
    assert next_for({**BONDY, **EMPLOI, "beneficiaire_rsa": False}) == "rqth"


def test_no_status_question_when_no_service_needs_it():
    # Business creation: nothing in the test catalogue requires RSA or RQTH for it.
    assert next_for({**BONDY, **EMPLOI, "besoin": "creation_entreprise"}) is None


def test_asks_the_neighbourhood_where_a_service_is_reserved_to_one():
    assert next_for({**PANTIN, **EMPLOI, "beneficiaire_rsa": False, "rqth": False}) == "quartier"


def test_skipped_questions_are_not_asked_again():
    slots = {**BONDY, "besoin": "emploi", "freins": [], "non_renseignes": ["age", "beneficiaire_rsa"]}
    assert next_for(slots) == "rqth"


async def test_the_form_asks_its_next_question_itself():
    events, text, slots = await reply({}, "age", "19 ans", new_slots={"age": "19"})
    assert slots["age"] == 19 and slots["requested_slot"] == "commune"
    assert wording("commune").texte in text


async def test_je_ne_sais_pas_skips_the_question_and_says_what_it_changes():
    events, text, slots = await reply({}, "age", "je préfère pas dire", intent="ne_sait_pas")
    assert slots["non_renseignes"] == ["age"] and slots["requested_slot"] == "commune"
    assert "réservés à un âge" in text


async def test_not_understood_once_asks_again_in_other_words():
    events, text, slots = await reply({"age": 30}, "commune", "xqzw plop", intent="nlu_fallback")
    assert slots["requested_slot"] == "commune" and slots["questions_posees"] == ["commune", "commune"]
    assert "pas bien compris" in text and wording("commune").relance in text


async def test_not_understood_twice_goes_on_without_the_answer():
    events, text, slots = await reply({"age": 30}, "commune", "xqzw plop", intent="nlu_fallback", times=2)
    assert slots["non_renseignes"] == ["commune"] and slots["requested_slot"] == "besoin"
    assert "je passe cette question" in text and "services nationaux" in text
    assert said("utter_question_passee_incompris", consequence=wording("commune").passe) in text
    assert wording("besoin").texte in text


async def test_non_to_the_obstacles_question_means_none():
    events, text, slots = await reply({**BONDY, "age": 30, "besoin": "emploi"}, "freins", "nan", intent="nier")
    assert slots["freins"] == []


async def test_oui_to_the_obstacles_question_asks_which():
    events, text, slots = await reply({**BONDY, "age": 30, "besoin": "emploi"}, "freins", "ouais", intent="affirmer")
    assert slots["requested_slot"] == "freins" and wording("freins").lequel in text


async def test_a_bare_rien_elsewhere_does_not_clear_the_obstacles():
    events, text, slots = await reply({**BONDY, **EMPLOI, "freins": ["mobilite"]}, "statuts", "rien",
                                      new_slots={"freins": ["aucun"]},
                                      entities=[{"entity": "frein", "value": "aucun"}])
    assert slots["freins"] == ["mobilite"]


async def test_a_status_named_says_yes_to_it_and_no_to_the_others_asked():
    buttons = [{"title": "Au RSA", "payload": '/informer{"beneficiaire_rsa": true}'},
               {"title": "RQTH (handicap)", "payload": '/informer{"rqth": true}'}]
    events, text, slots = await reply({**BONDY, **EMPLOI}, "statuts", "le rsa", buttons=buttons)
    assert slots["beneficiaire_rsa"] is True and slots["rqth"] is False


async def test_a_question_back_is_explained_then_asked_again():
    events, text, slots = await reply({**BONDY, **EMPLOI, "beneficiaire_rsa": False}, "rqth", "c'est quoi ?",
                                      intent="qui_es_tu")
    assert wording("rqth").explication in text and wording("rqth").relance in text
    assert slots["requested_slot"] == "rqth"


async def test_an_explanation_is_not_given_twice_in_a_row():
    history = [*asked_before("rqth"), {"event": "user", "text": "c'est quoi ?"}, bot_event("utter_explique_rqth"),
               bot_event("utter_redemande_rqth")]
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({**BONDY, **EMPLOI, "beneficiaire_rsa": False, "requested_slot": "rqth",
                              "questions_posees": ["rqth", "rqth"]}, text="hein ?", intent="qui_es_tu",
                             history=history, active_loop="situation_form")
    await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    text = all_text(dispatcher.messages)
    assert wording("rqth").explication not in text
    assert said("utter_question_passee_deux_fois", consequence=wording("rqth").passe) in text


async def test_a_birth_year_in_two_digits_is_an_age():
    events, text, slots = await reply({}, "age", "98", new_slots={"age": "98"},
                                      entities=[{"entity": "nombre", "value": "98"}])
    assert 26 <= slots["age"] <= 29  # born in 1998


async def test_a_button_typed_by_its_title_counts_as_the_button():
    events, text, slots = await reply({**BONDY, "age": 30}, "besoin", "Une formation")
    assert slots["besoin"] == "formation"
    events, text, slots = await reply({**BONDY, "age": 30}, "besoin", "2")
    assert slots["besoin"] == "formation"
    events, text, slots = await reply({**BONDY, "age": 30, "besoin": "emploi"}, "freins", "garde des enfant")
    assert slots["freins"] == ["garde_enfants"]


async def test_help_during_the_questions_is_left_to_the_rules():
    events, text, slots = await reply({"age": 19}, "commune", "aide", intent="aide")
    assert events[-1]["event"] == "action_execution_rejected" and text == ""


async def test_after_help_the_question_comes_back_in_other_words_never_a_third_time():
    for times, expected in ((1, "commune"), (2, "besoin")):
        dispatcher = CollectingDispatcher()
        tracker = create_tracker({"age": 19}, text="aide", intent="aide",
                                 history=asked_before("commune", times), active_loop="situation_form")
        tracker.slots.update({"requested_slot": "commune", "questions_posees": ["commune"] * times})
        # What Rasa records: the form handed "aide" to the rules, which answered it.
        tracker.events.extend([{"event": "action_execution_rejected", "name": "situation_form"},
                               {"event": "action", "name": "utter_aide"}, bot_event("utter_aide"),
                               {"event": "action", "name": "situation_form"}])
        events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
        assert slot_sets(events)["requested_slot"] == expected


def location(latitude, longitude):
    return {"text": f'/informer{{"latitude": {latitude}, "longitude": {longitude}}}',
            "entities": [{"entity": "latitude", "value": latitude},
                         {"entity": "longitude", "value": longitude}]}


async def test_a_shared_location_gives_the_nearest_commune_and_says_it():
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({"age": 19, "requested_slot": "commune"}, active_loop="situation_form",
                             **location(48.9146, 2.3821))  # Aubervilliers, near the town hall
    events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    assert slot_sets(events)["code_insee"] == "93001"
    assert slot_sets(events)["commune"] == "Aubervilliers"
    text = all_text(dispatcher.messages)
    assert "D'après votre position, vous êtes à Aubervilliers." in text
    assert slot_sets(events)["requested_slot"] == "besoin"


async def test_a_shared_location_corrects_the_commune():
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({"age": 19, "commune": "Aubervilliers", "code_insee": "93001",
                              "requested_slot": "besoin"}, active_loop="situation_form",
                             **location(48.8625, 2.4186))  # Bagnolet
    events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    assert slot_sets(events)["code_insee"] == "93006"
    assert "C'est corrigé : vous habitez à Bagnolet." in all_text(dispatcher.messages)


async def test_a_location_far_from_any_commune_sets_nothing():
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({"age": 19, "requested_slot": "commune"}, active_loop="situation_form",
                             **location(36.75, 3.06))  # Algiers
    events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    assert "code_insee" not in slot_sets(events)
