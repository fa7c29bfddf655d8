"""A choice typed as its number is replayed as the button it names."""
from __future__ import annotations

from actions.conversation import ActionFallback
from actions.numbered_choice import parse_payload
from bot.understanding.replies import chosen_number

from .helpers import all_text, bot_event, create_tracker, run_action, user_event

BESOIN_BUTTONS = [
    {"title": "Un emploi", "payload": '/informer{"besoin": "emploi"}'},
    {"title": "Une formation", "payload": '/informer{"besoin": "formation"}'},
    {"title": "Je ne sais pas", "payload": "/ne_sait_pas"},
]


def after_question(text: str, buttons=BESOIN_BUTTONS, intent: str = "details_service"):
    history = [user_event("bonjour", "saluer"), bot_event("utter_accueil", jours=30),
               bot_event("utter_demande_besoin", buttons=buttons)]
    return create_tracker({}, text=text, intent=intent, history=history, active_loop="situation_form")


async def test_a_typed_number_becomes_the_pressed_button():
    events, messages = await run_action(ActionFallback(), after_question("2", intent="nlu_fallback"))
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
    _, messages = await run_action(ActionFallback(), after_question("7", intent="nlu_fallback"))
    assert "autrement" in all_text(messages)
    _, messages = await run_action(ActionFallback(), after_question("2", intent="nlu_fallback", buttons=[]))
    assert "autrement" in all_text(messages)
    events, _ = await run_action(ActionFallback(), after_question("2 enfants", intent="nlu_fallback"))
    assert all(e["event"] != "rewind" for e in events)


def test_a_long_message_is_not_read_as_a_number():
    """A 100,000-character message of spaces and digits once took 38 s in the number pattern:
    only a short message can be a choice, and the pattern runs on no other."""
    for text in ("1 " * 50_000, "1" * 100_000, "n°" + " " * 100_000 + "2"):
        assert chosen_number(text) is None
    assert chosen_number(" n°2 ") == 2 and chosen_number("le 3") == 3


def test_payload_parsing():
    assert parse_payload("/recommencer")["intent"]["name"] == "recommencer"
    assert parse_payload('/details_service{"service_id": "a--b"}')["entities"][0]["value"] == "a--b"
    assert parse_payload("/informer{pas du json}") is None
    assert parse_payload("bonjour") is None
