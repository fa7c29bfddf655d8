"""What a message set is validated by the form's action: values normalised, corrections acknowledged."""
from __future__ import annotations

from actions.form import ValidateSituationForm

from .helpers import DOMAIN, all_text, create_tracker, slot_sets
from rasa_sdk.executor import CollectingDispatcher


async def validate(slots, new_slots, text="x"):
    dispatcher = CollectingDispatcher()
    tracker = create_tracker(slots, text=text, new_slots=new_slots)
    events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    return slot_sets(events), all_text(dispatcher.messages)


async def test_age_from_an_entity_string_becomes_a_whole_number():
    slots, _ = await validate({}, {"age": "19"})
    assert slots["age"] == 19


async def test_implausible_age_is_refused_with_a_clear_question():
    dispatcher = CollectingDispatcher()
    tracker = create_tracker({"requested_slot": "age", "questions_posees": ["age"]}, text="j'ai 250 ans",
                             new_slots={"age": "250"}, active_loop="situation_form")
    slots = slot_sets(await ValidateSituationForm().run(dispatcher, tracker, DOMAIN))
    assert slots["age"] is None and slots["requested_slot"] == "age"
    assert "en chiffres" in all_text(dispatcher.messages)


async def test_age_correction_is_acknowledged_even_when_another_question_is_asked():
    slots, text = await validate({"age": 24, "requested_slot": "commune"}, {"age": "26"}, "en fait j'ai 26 ans")
    assert slots["age"] == 26
    assert text.count("26 ans") == 1


async def test_commune_change_forgets_the_old_neighbourhood():
    before = {"commune": "Pantin", "code_insee": "93055", "quartier": "Les Courtillières"}
    slots, text = await validate(before, {"commune": "Bagnolet", "code_insee": "93006"})
    assert slots["commune"] == "Bagnolet" and slots["code_insee"] == "93006"
    assert slots["quartier"] is None
    assert "Bagnolet" in text


async def test_confirmed_commune_is_taken():
    before = {"commune_proposee": "Aubervilliers", "code_insee_propose": "93001"}
    slots, _ = await validate(before, {"commune_confirmee": True})
    assert slots["commune"] == "Aubervilliers" and slots["code_insee"] == "93001"
    assert slots["commune_proposee"] is None


async def test_rejected_commune_is_forgotten():
    before = {"commune_proposee": "Aubervilliers", "code_insee_propose": "93001"}
    slots, _ = await validate(before, {"commune_confirmee": False})
    assert slots.get("commune") is None and slots["commune_proposee"] is None


async def test_obstacles_add_up_and_aucun_means_none():
    slots, _ = await validate({"freins": ["mobilite"]}, {"freins": ["garde_enfants"]})
    assert slots["freins"] == ["mobilite", "garde_enfants"]
    slots, _ = await validate({"requested_slot": "freins"}, {"freins": ["aucun"]}, "rien")
    assert slots["freins"] == []
    slots, _ = await validate({"requested_slot": "age"}, {"freins": ["aucun"]}, "aucun frein")
    assert slots["freins"] == []


async def test_a_bare_rien_to_another_question_is_not_no_obstacle():
    slots, _ = await validate({"requested_slot": "age"}, {"freins": ["aucun"]}, "rien")
    assert slots["freins"] is None


async def test_statuses_become_booleans():
    slots, _ = await validate({}, {"beneficiaire_rsa": "true", "rqth": "false"})
    assert slots["beneficiaire_rsa"] is True and slots["rqth"] is False


async def test_neighbourhood_typed_loosely_is_resolved():
    before = {"commune": "Pantin", "code_insee": "93055", "besoin": "emploi", "freins": [], "age": 30}
    slots, _ = await validate(before, {"quartier": "les courtilieres"})
    assert slots["quartier"] == "Les Courtillières"


async def test_neighbourhood_named_in_passing_is_taken():
    tracker = create_tracker({"age": 30}, text="j'habite à pantin aux courtillières",
                             new_slots={"commune": "Pantin", "code_insee": "93055"})
    dispatcher = CollectingDispatcher()
    events = await ValidateSituationForm().run(dispatcher, tracker, DOMAIN)
    assert slot_sets(events)["quartier"] == "Les Courtillières"
