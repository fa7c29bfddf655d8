"""What a resident may say besides answering: help, who are you, restart, bad input, fallback."""
from __future__ import annotations

from tests.wording import wording

from .conftest import Conversation


def started(resident: Conversation) -> None:
    resident.say("bonjour")
    resident.say("j'ai 30 ans")
    assert resident.slots["requested_slot"] == "commune"


def test_greeting_says_what_the_bot_is_and_asks_the_first_question(resident: Conversation) -> None:
    resident.say("bonjour")
    assert "robot" in resident.text and "pas une personne" in resident.text
    assert "Quel âge avez-vous" in resident.text


def test_any_first_message_gets_the_greeting_and_the_first_question(running_bot) -> None:
    for first in ["xqzw", "ok", "👋🏽", "?", "non", "cc", "allo"]:
        resident = Conversation(running_bot)
        resident.say(first)
        assert "pas une personne" in resident.text and "Quel âge" in resident.text, (first, resident.text)
        resident.say("30 ans")
        assert resident.slots["age"] == 30, first
    for first in ["aide", "merci"]:  # their own answer first; the greeting before the first question
        resident = Conversation(running_bot)
        resident.say(first)
        assert "pas une personne" not in resident.text
        resident.say("j'ai 30 ans")
        assert "pas une personne" in resident.text and "Je garde vos réponses" in resident.text


def test_help_and_who_are_you_then_the_question_again_but_not_a_third_time(resident: Conversation) -> None:
    started(resident)
    resident.say("comment ça marche ?")
    assert "recommencer" in resident.text and resident.text.count(wording("commune").relance) == 1
    resident.say("t'es un robot ?")
    assert "robot" in resident.text and "je passe cette question" in resident.text.lower()
    assert wording("besoin").texte in resident.text  # the next question, not the commune a third time
    assert resident.slots["age"] == 30


def test_restart_forgets_the_answers(resident: Conversation) -> None:
    started(resident)
    resident.say("recommencer")
    assert "recommence" in resident.text and resident.text.count("Quel âge") == 1
    assert resident.slots["age"] is None


def test_answers_that_fit_no_question_are_asked_again_then_skipped(resident: Conversation) -> None:
    started(resident)
    first = resident.text
    resident.say("oui")  # the bot asked for the commune
    assert "pas bien compris" in resident.text and resident.buttons
    assert resident.text != first  # asked again, in other words
    resident.say("non")
    assert "je passe cette question" in resident.text and "services nationaux" in resident.text
    assert resident.slots["requested_slot"] == "besoin"  # never a third time
    assert resident.slots["age"] == 30 and "commune" in resident.slots["non_renseignes"]
    resident.say("en fait j'habite à Bondy")  # the skipped answer, given later
    assert resident.slots["commune"] == "Bondy" and "commune" not in resident.slots["non_renseignes"]


def test_bad_input_gets_a_french_answer_and_loses_nothing(resident: Conversation) -> None:
    for message in ["", "   ", "👍🙂🙏", "a" * 10_000, "xqzw plop", "hello how are you today",
                    "tu connais un bon kebab ?"]:
        resident = Conversation(resident.bot)
        started(resident)
        resident.say(message)
        text = resident.text
        assert text.strip(), f"empty answer to {message[:30]!r}"
        assert "Traceback" not in text and "Error" not in text
        assert wording("commune").relance in text and len(text) > len(wording("commune").relance)
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
        resident.say("non")  # statuses asked together, if any
    shown = resident.slots["services_affiches"]
    resident.say("1")  # "Détails : …" of the first card
    assert resident.buttons and resident.slots["services_affiches"] == shown
    assert "Autre chose ?" in resident.text


DANGERS = {"jveux mourrir": "3114", "mon mari me frappe": "3919", "il frappe mes enfants": "119",
           "je dors dehors ce soir": "115", "il va me tuer": "17", "g envie d'en finir": "3114",
           "jsuis a la rue avec mes 2 enfants": "115", "je suis battue": "3919"}


def test_danger_gets_the_numbers_at_once_whatever_was_asked_and_the_conversation_goes_on(running_bot) -> None:
    paths = [["bonjour"], ["bonjour", "30 ans"], ["bonjour j'ai 30 ans j'habite à Bondy"],
             ["bonjour j'ai 30 ans j'habite à Bondy je cherche du travail"],
             ["bonjour j'ai 40 ans j'habite à Pantin je cherche du travail", "rien"]]
    for i, (message, number) in enumerate(DANGERS.items()):
        resident = Conversation(running_bot)
        for step in paths[i % len(paths)]:
            resident.say(step)
        pending = resident.slots["requested_slot"]
        resident.say(message)
        assert number in resident.text, (message, resident.text)
        assert "112" in resident.text or number == "115", (message, resident.text)
        assert len(resident.last) == 1, resident.text  # one short message, no question on top
        assert resident.slots["requested_slot"] == pending  # the question still waits for its answer
    # And after the addresses, and as the very first message.
    resident = Conversation(running_bot)
    resident.say("je veux mourir")
    assert "3114" in resident.text
    resident.say("bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise")
    assert "pas une personne" in resident.text and resident.slots["age"] == 40
    resident.say("rien")
    assert "Vous voulez en savoir plus" in resident.text
    resident.say("je dors dans ma voiture")
    assert "115" in resident.text
