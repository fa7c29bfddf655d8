"""A choice typed as its number is replayed as the button it names."""
from __future__ import annotations

from actions.conversation import ActionFallback, ActionResultatsTropTot
from actions.numbered_choice import parse_payload

from .helpers import all_text, create_tracker, run_action, user_event

BESOIN_BUTTONS = [
    {"title": "Un emploi", "payload": '/informer{"besoin": "emploi"}'},
    {"title": "Une formation", "payload": '/informer{"besoin": "formation"}'},
    {"title": "Je ne sais pas", "payload": "/ne_sait_pas"},
]


def after_question(text: str, buttons=BESOIN_BUTTONS, intent: str = "details_service"):
    history = [user_event("bonjour", "saluer"),
               {"event": "bot", "text": "Que cherchez-vous ?", "data": {"buttons": buttons}}]
    return create_tracker({}, text=text, intent=intent, history=history, active_loop="situation_form")


async def test_a_typed_number_becomes_the_pressed_button():
    events, messages = await run_action(ActionResultatsTropTot(), after_question("2"))
    assert messages == []
    assert [e["event"] for e in events] == ["rewind", "action", "user"]
    assert events[1]["name"] == "action_listen"
    replayed = events[2]
    assert replayed["text"] == '/informer{"besoin": "formation"}'
    assert replayed["parse_data"]["intent"]["name"] == "informer"
    assert [(e["entity"], e["value"]) for e in replayed["parse_data"]["entities"]] == [("besoin", "formation")]


async def test_numbers_written_with_a_dot_or_parenthesis_and_payloads_without_entities():
    for text in ("3.", " 3) ", "n°3"):
        events, _ = await run_action(ActionFallback(), after_question(text, intent="nlu_fallback"))
        assert events[2]["parse_data"]["intent"]["name"] == "ne_sait_pas", text


async def test_a_number_beyond_the_buttons_or_without_buttons_is_not_a_choice():
    _, messages = await run_action(ActionResultatsTropTot(), after_question("7"))
    assert "dès que j'ai fini mes questions" in all_text(messages)
    _, messages = await run_action(ActionResultatsTropTot(), after_question("2", buttons=[]))
    assert "dès que j'ai fini mes questions" in all_text(messages)
    events, _ = await run_action(ActionResultatsTropTot(), after_question("2 enfants"))
    assert all(e["event"] != "rewind" for e in events)


def test_payload_parsing():
    assert parse_payload("/recommencer")["intent"]["name"] == "recommencer"
    assert parse_payload('/details_service{"service_id": "a--b"}')["entities"][0]["value"] == "a--b"
    assert parse_payload("/informer{pas du json}") is None
    assert parse_payload("bonjour") is None
