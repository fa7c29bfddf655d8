"""Which questions the form asks, and skipping a question."""
from __future__ import annotations

from actions.form import ActionPasserQuestion, ValidateSituationForm
from actions.questions import ask
from rasa_sdk.executor import CollectingDispatcher

from .helpers import DOMAIN, all_text, create_tracker, run_action, slot_sets

BONDY = {"commune": "Bondy", "code_insee": "93010"}
PANTIN = {"commune": "Pantin", "code_insee": "93055"}


async def required(slots):
    tracker = create_tracker(slots, active_loop="situation_form")
    return await ValidateSituationForm().required_slots(
        DOMAIN["forms"]["situation_form"]["required_slots"], None, tracker, DOMAIN)


async def test_asks_age_commune_need_and_obstacles_first():
    assert await required({}) == ["age", "commune", "besoin", "freins"]


async def test_unsure_commune_is_confirmed_instead_of_asked():
    slots = {"commune_proposee": "Bondy", "code_insee_propose": "93010"}
    assert (await required(slots))[1] == "commune_confirmee"


async def test_asks_rsa_and_rqth_only_when_an_eligible_service_requires_them():
    slots = {**BONDY, "age": 40, "besoin": "emploi", "freins": []}
    extra = (await required(slots))[4:]
    assert "beneficiaire_rsa" in extra and "rqth" in extra
    assert "quartier" not in extra  # no neighbourhood-reserved service in Bondy


async def test_no_status_question_when_no_service_needs_it():
    # Business creation: nothing in the test catalogue requires RSA or RQTH for it.
    slots = {**BONDY, "age": 40, "besoin": "creation_entreprise", "freins": []}
    assert await required(slots) == ["age", "commune", "besoin", "freins"]


async def test_asks_the_neighbourhood_where_a_service_is_reserved_to_one():
    slots = {**PANTIN, "age": 35, "besoin": "emploi", "freins": [],
             "beneficiaire_rsa": False, "rqth": False}
    assert "quartier" in await required(slots)


async def test_skipped_questions_are_not_asked_again():
    slots = {**BONDY, "besoin": "emploi", "freins": [], "non_renseignes": ["age", "beneficiaire_rsa"]}
    asked = await required(slots)
    assert "age" not in asked and "beneficiaire_rsa" not in asked


async def test_passing_a_question_records_it_and_says_what_it_changes():
    tracker = create_tracker({"requested_slot": "age"}, text="je préfère pas dire", intent="ne_sait_pas",
                             active_loop="situation_form")
    events, messages = await run_action(ActionPasserQuestion(), tracker)
    assert slot_sets(events)["non_renseignes"] == ["age"]
    assert "réservés à un âge" in all_text(messages)


async def test_neighbourhood_question_offers_the_reserved_neighbourhoods():
    tracker = create_tracker({**PANTIN, "besoin": "emploi", "freins": [], "age": 35},
                             active_loop="situation_form")
    dispatcher = CollectingDispatcher()
    ask("quartier", dispatcher, tracker)
    messages = dispatcher.messages
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Les Courtillières" in titles and "Un autre quartier" in titles
    assert "Pantin" in messages[0]["text"]


async def test_the_form_asks_its_next_question_itself():
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({}, text="19 ans", new_slots={"age": "19"}, active_loop="situation_form")
    events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    assert any(e.get("name") == "requested_slot" and e.get("value") == "commune" for e in events)
    assert "Dans quelle commune" in all_text(dispatcher.messages)


async def test_no_question_when_the_message_answered_nothing_and_rasa_will_reject_the_form():
    # What Rasa sends: the user message, requested_slot, the form action, no slot candidate.
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({"age": 19}, text="recommencer", intent="recommencer",
                             active_loop="situation_form")
    tracker.events.extend([{"event": "slot", "name": "requested_slot", "value": "commune"},
                           {"event": "action", "name": "situation_form"}])
    await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages == []


def location(latitude, longitude):
    return dict(text=f'/informer{{"latitude": {latitude}, "longitude": {longitude}}}',
                entities=[{"entity": "latitude", "value": latitude},
                          {"entity": "longitude", "value": longitude}])


async def test_a_shared_location_gives_the_nearest_commune_and_says_it():
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({"age": 19, "requested_slot": "commune"}, active_loop="situation_form",
                             **location(48.9146, 2.3821))  # Aubervilliers, near the town hall
    events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    assert slot_sets(events)["code_insee"] == "93001"
    assert slot_sets(events)["commune"] == "Aubervilliers"
    text = all_text(dispatcher.messages)
    assert "D'après votre position, vous êtes à Aubervilliers." in text
    assert "Que cherchez-vous" in text or slot_sets(events)["requested_slot"] == "besoin"


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
