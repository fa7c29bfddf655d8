"""What a resident may say besides answering: help, who are you, restart, bad input, fallback."""
from __future__ import annotations

from .conftest import Conversation


def started(resident: Conversation) -> None:
    resident.say("bonjour")
    resident.say("j'ai 30 ans")
    assert resident.slots["requested_slot"] == "commune"


def test_greeting_says_what_the_bot_is_and_asks_the_first_question(resident: Conversation) -> None:
    resident.say("bonjour")
    assert "robot" in resident.text and "pas une personne" in resident.text
    assert "Quel âge avez-vous" in resident.text


def test_help_and_who_are_you_then_the_question_again(resident: Conversation) -> None:
    started(resident)
    resident.say("comment ça marche ?")
    assert "recommencer" in resident.text and resident.text.count("Dans quelle commune") == 1
    resident.say("t'es un robot ?")
    assert "robot" in resident.text and "Dans quelle commune" in resident.text
    assert resident.slots["age"] == 30


def test_restart_forgets_the_answers(resident: Conversation) -> None:
    started(resident)
    resident.say("recommencer")
    assert "recommence" in resident.text and resident.text.count("Quel âge") == 1
    assert resident.slots["age"] is None


def test_answers_that_fit_no_question_get_a_rephrase_request_then_buttons(resident: Conversation) -> None:
    started(resident)
    resident.say("oui")  # the bot asked for the commune
    assert "autrement" in resident.text
    resident.say("non")
    assert "toujours pas compris" in resident.text
    assert resident.buttons  # the question again, with its buttons
    assert resident.slots["age"] == 30


def test_bad_input_gets_a_french_answer_and_loses_nothing(resident: Conversation) -> None:
    started(resident)
    for message in ["", "   ", "👍🙂🙏", "a" * 10_000, "xqzw plop", "hello how are you today",
                    "tu connais un bon kebab ?"]:
        resident.say(message)
        text = resident.text
        assert text.strip(), f"empty answer to {message[:30]!r}"
        assert "Traceback" not in text and "Error" not in text
        assert text.count("Dans quelle commune") == 1, text  # the question again, once, after a word
        assert len(text) > len("Dans quelle commune habitez-vous ? Écrivez son nom ou son code postal. "
                               "Cela sert à trouver les adresses près de chez vous.")
        slots = resident.slots
        assert slots["age"] == 30 and slots["requested_slot"] == "commune"  # nothing lost
    resident.say("bondy")
    assert resident.slots["commune"] == "Bondy"


def test_goodbye_during_the_questions(resident: Conversation) -> None:
    started(resident)
    resident.say("au revoir")
    assert "Au revoir" in resident.text
    assert resident.slots["requested_slot"] is None


def test_choices_typed_as_numbers_where_buttons_do_not_show(resident: Conversation) -> None:
    """On SMS or Twilio the buttons arrive as a numbered list: "2" means the second choice."""
    resident.say("bonjour j'ai 30 ans j'habite à Bondy")
    titles = [b["title"] for b in resident.buttons]
    assert resident.slots["requested_slot"] == "besoin" and len(titles) >= 2
    resident.say("2")
    assert resident.slots["besoin"] == "formation", f"second choice of {titles}"
    assert resident.slots["requested_slot"] == "freins"
    resident.say("2")  # the second obstacle of the list
    assert resident.slots["freins"] == ["mobilite"]
    while "Vous voulez en savoir plus" not in resident.text:
        resident.say("non")  # statuses asked, if any
    shown = resident.slots["services_affiches"]
    resident.say("1")  # "Détails : …" of the first card
    assert resident.buttons and resident.slots["services_affiches"] == shown
    assert "Autre chose ?" in resident.text
