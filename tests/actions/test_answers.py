"""The answer: contact cards, more results, details, fallback and restart."""
from __future__ import annotations

from actions.answers import ActionDetailsService, ActionPlusDeResultats, ActionProposerServices
from actions.conversation import ActionFallback, ActionRecommencer
from tests.wording import said

from .helpers import all_text, bot_event, create_tracker, run_action, slot_sets, user_event

AUBER = {"commune": "Aubervilliers", "code_insee": "93001", "age": 35, "besoin": "emploi",
         "inscrit_france_travail": False, "beneficiaire_rsa": False, "rqth": False}


async def test_cards_for_an_aubervilliers_resident_with_obstacles():
    tracker = create_tracker({**AUBER, "freins": ["garde_enfants", "mobilite", "francais"]})
    events, messages = await run_action(ActionProposerServices(), tracker)
    shown = slot_sets(events)["services_affiches"]
    assert "test-e2e-agence-emploi-aubervilliers--emploi-aubervilliers" in shown
    assert "test-e2e-creche-bondy--garde-enfants" in shown
    assert "test-e2e-mobilite-pantin--permis-et-transport" in shown
    assert "test-e2e-cours-francais-aubervilliers--ateliers-francais" in shown
    assert "test-e2e-agence-emploi-pantin--emploi-pantin" not in shown
    assert "test-e2e-agence-emploi-aubervilliers--atelier-inscrits-france-travail" not in shown
    text = all_text(messages)
    assert "None" not in text
    assert "01 99 00" in text  # phone numbers on the cards
    assert messages[-1]["buttons"][-1]["payload"] == "/recommencer"


async def test_commune_outside_the_catalogue_gets_an_honest_answer_and_national_services():
    tracker = create_tracker({**AUBER, "commune": "Lyon", "code_insee": "69123", "freins": []})
    events, messages = await run_action(ActionProposerServices(), tracker)
    assert "Lyon" in messages[0]["text"] and "nationaux" in messages[0]["text"]
    assert slot_sets(events)["services_affiches"] == [
        "test-e2e-plateforme-nationale--emploi-formation-en-ligne"]


async def test_nothing_relevant_gives_the_fallback_never_an_empty_answer():
    tracker = create_tracker({**AUBER, "commune": "Bondy", "code_insee": "93010", "age": 40,
                              "besoin": "creation_entreprise", "freins": []})
    events, messages = await run_action(ActionProposerServices(), tracker)
    assert "pas trouvé de service qui corresponde exactement" in messages[0]["text"]
    assert slot_sets(events)["services_affiches"]


async def test_more_results_never_repeat_a_card():
    shown = ["test-e2e-agence-emploi-aubervilliers--emploi-aubervilliers"]
    tracker = create_tracker({**AUBER, "freins": [], "services_affiches": shown})
    events, messages = await run_action(ActionPlusDeResultats(), tracker)
    new = slot_sets(events).get("services_affiches", shown)[len(shown):]
    assert not set(new) & set(shown)
    assert all("emploi-aubervilliers\n" not in m.get("text", "") for m in messages)


async def test_details_by_position_by_button_and_by_name():
    shown = ["test-e2e-agence-emploi-aubervilliers--emploi-aubervilliers",
             "test-e2e-plateforme-nationale--emploi-formation-en-ligne"]
    slots = {**AUBER, "freins": [], "services_affiches": shown}
    by_position = create_tracker(slots, text="détails du 2", intent="details_service",
                                 entities=[{"entity": "nombre", "value": "2"}])
    _, messages = await run_action(ActionDetailsService(), by_position)
    assert "Test E2E Plateforme" in messages[0]["text"]
    by_button = create_tracker(slots, intent="details_service",
                               entities=[{"entity": "service_id", "value": shown[0]}])
    _, messages = await run_action(ActionDetailsService(), by_button)
    assert "Aubervilliers" in messages[0]["text"]
    by_name = create_tracker(slots, text="plus d'infos sur la plateforme nationale", intent="details_service")
    _, messages = await run_action(ActionDetailsService(), by_name)
    assert "Test E2E Plateforme" in messages[0]["text"]


async def test_details_before_any_answer_says_so():
    _, messages = await run_action(ActionDetailsService(), create_tracker({}, intent="details_service"))
    assert "pas encore donné d'adresse" in messages[0]["text"]


GREETED = [user_event("bonjour", "saluer"), bot_event("utter_accueil", jours=30)]


def misunderstood(*texts: str) -> list:
    """History: the bot did not understand each of `texts` in turn."""
    history = list(GREETED)
    for text in texts:
        history += [user_event(text, "nlu_fallback"), {"event": "action", "name": "action_fallback"},
                    {"event": "bot", "text": f"(answer to {text})"}]
    return history


async def test_fallback_asks_to_rephrase_then_offers_buttons_then_says_what_it_can_do():
    choose, honest = said("utter_choisir"), said("utter_incompris")
    first = create_tracker({}, text="xkcd ???", intent="nlu_fallback", history=GREETED)
    _, messages = await run_action(ActionFallback(), first)
    assert "autrement" in messages[0]["text"] and not messages[0].get("buttons")
    second = create_tracker({}, text="blabla", intent="nlu_fallback", history=misunderstood("xkcd ???"))
    _, messages = await run_action(ActionFallback(), second)
    assert messages[0]["text"] == choose and messages[0]["buttons"]
    history = misunderstood("xkcd ???", "blabla")
    history[-1] = bot_event("utter_choisir")
    _, messages = await run_action(ActionFallback(), create_tracker({}, text="zzz", intent="nlu_fallback",
                                                                    history=history))
    assert messages[0]["text"] == honest and "39 49" in honest  # not the same sentence twice in a row


async def test_a_first_message_nobody_understands_still_gets_the_greeting_and_the_first_question():
    events, messages = await run_action(ActionFallback(), create_tracker({}, text="👋🏽", intent="nlu_fallback"))
    assert "pas une personne" in messages[0]["text"] and "effacer mes données" in messages[0]["text"]
    assert [(e["event"], e["name"]) for e in events] == [("followup", "situation_form")]


async def test_restart_forgets_everything():
    events, messages = await run_action(ActionRecommencer(), create_tracker(AUBER, intent="recommencer"))
    kinds = [e["event"] for e in events]
    assert "reset_slots" in kinds and "active_loop" in kinds
    assert "recommence" in messages[0]["text"]


async def test_greeting_only_on_the_first_message_of_a_session():
    from actions.conversation import ActionAccueillir
    _, messages = await run_action(ActionAccueillir(), create_tracker({}, text="bjr j'ai 19 ans"))
    assert "robot" in messages[0]["text"] and "pas une personne" in messages[0]["text"]
    greeted = [bot_event("utter_accueil", jours=30)]
    _, messages = await run_action(ActionAccueillir(), create_tracker({}, text="j'ai 19 ans", history=greeted))
    assert messages == []
    helped = [bot_event("utter_aide")]  # a first "aide": not greeted yet
    _, messages = await run_action(ActionAccueillir(), create_tracker({}, text="j'ai 19 ans", history=helped))
    assert "pas une personne" in messages[0]["text"]
    _, messages = await run_action(ActionAccueillir(), create_tracker({}, text="bonjour", intent="saluer",
                                                                      history=greeted))
    assert "Rebonjour" in messages[0]["text"]


async def test_no_second_copy_of_the_cards_when_nothing_changed():
    shown = ["test-e2e-agence-emploi-aubervilliers--emploi-aubervilliers"]
    tracker = create_tracker({**AUBER, "freins": [], "services_affiches": shown}, text="kjhgf lmpoi")
    events, messages = await run_action(ActionProposerServices(), tracker)
    assert events == [] and len(messages) == 1
    assert "rien noté de nouveau" in messages[0]["text"] and messages[0]["buttons"]
    changed = create_tracker({**AUBER, "freins": [], "services_affiches": shown}, text="en fait j'ai 26 ans",
                             new_slots={"age": 26})
    events, _ = await run_action(ActionProposerServices(), changed)
    assert "services_affiches" in slot_sets(events)


async def test_each_card_is_followed_by_its_contact_data_for_the_channels():
    tracker = create_tracker({**AUBER, "freins": ["mobilite"]})
    events, messages = await run_action(ActionProposerServices(), tracker)
    shown = slot_sets(events)["services_affiches"]
    fiches = [m["custom"]["fiche"] for m in messages if m.get("custom")]
    assert [f["service_id"] for f in fiches] == shown
    for index, message in enumerate(messages):
        if message.get("custom"):  # right after the text of its own card
            fiche = message["custom"]["fiche"]
            assert messages[index - 1]["text"].splitlines()[0] == fiche["titre"]
            if fiche["telephone"]:
                assert fiche["telephone"] in messages[index - 1]["text"]
                assert fiche["telephone_international"] == "+33" + fiche["telephone"].replace(" ", "")[1:]


async def test_details_come_with_their_contact_data():
    shown = ["test-e2e-agence-emploi-aubervilliers--emploi-aubervilliers"]
    tracker = create_tracker({**AUBER, "freins": [], "services_affiches": shown}, text="le 1",
                             intent="details_service", entities=[{"entity": "nombre", "value": 1}])
    _, messages = await run_action(ActionDetailsService(), tracker)
    assert [m["custom"]["fiche"]["service_id"] for m in messages if m.get("custom")] == shown


async def test_a_location_far_from_france_gets_a_clear_answer_not_a_guess():
    tracker = create_tracker({}, text='/informer{"latitude": 36.75, "longitude": 3.06}',
                             entities=[{"entity": "latitude", "value": 36.75},
                                       {"entity": "longitude", "value": 3.06}], history=GREETED)
    events, messages = await run_action(ActionFallback(), tracker)
    assert "pas trouvé de commune en France près de cette position" in all_text(messages)
    assert len(messages) == 1 and not messages[0]["buttons"]


async def test_the_greeting_says_what_is_kept_for_how_long_and_how_to_erase(monkeypatch):
    from actions.conversation import ActionAccueillir

    monkeypatch.setenv("RETENTION_DAYS", "15")
    _, messages = await run_action(ActionAccueillir(), create_tracker({}, text="bonjour", intent="saluer"))
    [greeting] = messages
    assert "Je garde vos réponses 15 jours" in greeting["text"]
    assert "« effacer mes données »" in greeting["text"]


async def test_erasing_says_it_is_done_and_forgets_the_answers():
    from actions.conversation import ActionEffacerDonnees

    events, messages = await run_action(ActionEffacerDonnees(), create_tracker(AUBER, text="effacer mes données",
                                                                               intent="effacer_donnees"))
    assert "j'ai effacé notre conversation" in all_text(messages)
    assert events == [{"event": "reset_slots", "timestamp": None}]
