"""The bot's messages as WhatsApp messages: buttons, list or numbered text; limits; long texts;
the fiche as a map pin."""
from __future__ import annotations

from typing import Dict, List

import pytest

from bot.channels.kit.text import CHOICE_HINT
from bot.channels.whatsapp_outbound import (
    BUTTON_TITLE_MAX, INTERACTIVE_BODY_MAX, ROW_TITLE_MAX, choice_messages, choice_style,
    location_message, split_tail, text_messages,
)

TO = "33612345678"


def buttons(*titles: str) -> List[Dict[str, str]]:
    return [{"title": t, "payload": f'/informer{{"choix": "{i}"}}'} for i, t in enumerate(titles, 1)]


# ---------------------------------------------------------------------- buttons, list, numbers


@pytest.mark.parametrize("count, style", [(1, "buttons"), (3, "buttons"), (4, "list"), (10, "list"),
                                          (11, "numbered"), (25, "numbered")])
def test_the_number_of_choices_decides_the_style(count: int, style: str) -> None:
    assert choice_style(count) == style


def test_up_to_three_choices_are_reply_buttons_with_the_payload_as_id() -> None:
    [message] = choice_messages(TO, "Vous avez le RSA ?", buttons("Oui", "Non", "Je préfère ne pas répondre"))
    assert message["to"] == TO and message["messaging_product"] == "whatsapp"
    interactive = message["interactive"]
    assert interactive["type"] == "button" and interactive["body"] == {"text": "Vous avez le RSA ?"}
    replies = [b["reply"] for b in interactive["action"]["buttons"]]
    assert [r["title"] for r in replies] == ["Oui", "Non", "Ne pas répondre"]
    assert [r["id"] for r in replies] == [f'/informer{{"choix": "{i}"}}' for i in (1, 2, 3)]
    assert all(len(r["title"]) <= BUTTON_TITLE_MAX for r in replies)


def test_four_to_ten_choices_are_a_list_with_full_titles_in_descriptions() -> None:
    titles = ["Garde des enfants", "Transport, permis", "Parler ou écrire le français",
              "Ordinateur, internet", "Santé", "Logement", "Confiance en soi", "Papiers, démarches",
              "Argent, dettes", "Rien de tout ça"]
    [message] = choice_messages(TO, "Qu'est-ce qui vous freine ?", buttons(*titles))
    interactive = message["interactive"]
    assert interactive["type"] == "list"
    assert 0 < len(interactive["action"]["button"]) <= 20
    [section] = interactive["action"]["sections"]
    rows = section["rows"]
    assert len(rows) == 10 and all(len(r["title"]) <= ROW_TITLE_MAX for r in rows)
    assert rows[2] == {"id": '/informer{"choix": "3"}', "title": "Parler ou écrire le…",
                       "description": "Parler ou écrire le français"}
    assert "description" not in rows[0]  # the title fits: no repetition
    assert [r["id"] for r in rows] == [b["payload"] for b in buttons(*titles)]


def test_more_than_ten_choices_are_numbered_lines_the_bot_understands() -> None:
    titles = [f"Quartier numéro {i}" for i in range(1, 13)]
    [message] = choice_messages(TO, "Dans quel quartier habitez-vous ?", buttons(*titles))
    assert message["type"] == "text"
    body = message["text"]["body"]
    assert body.startswith("Dans quel quartier habitez-vous ?\n\n1. Quartier numéro 1\n2. Quartier")
    assert "\n12. Quartier numéro 12\n" in body and body.endswith(CHOICE_HINT)


def test_payload_too_long_for_an_id_is_replaced_by_the_choice_number() -> None:
    long_payload = '/details_service{"service_id": "' + "x" * 300 + '"}'
    choices = [{"title": "Détails", "payload": long_payload}, {"title": "Recommencer", "payload": "/recommencer"}]
    [message] = choice_messages(TO, "Et maintenant ?", choices)
    assert [b["reply"]["id"] for b in message["interactive"]["action"]["buttons"]] == ["1", "/recommencer"]


def test_list_row_ids_have_a_lower_limit_than_button_ids() -> None:
    payload = "/p" + "y" * 220  # fits a button id (256), not a row id (200)
    choices = [{"title": f"Choix {i}", "payload": payload + str(i)} for i in range(4)]
    [message] = choice_messages(TO, "?", choices)
    assert [r["id"] for r in message["interactive"]["action"]["sections"][0]["rows"]] == ["1", "2", "3", "4"]


def test_titles_made_identical_by_shortening_stay_distinct() -> None:
    titles = ["Détails : Mission locale de Bondy", "Détails : Mission locale de Pantin", "Aide"]
    [message] = choice_messages(TO, "?", buttons(*titles))
    shown = [b["reply"]["title"] for b in message["interactive"]["action"]["buttons"]]
    assert len(set(shown)) == 3 and all(len(t) <= BUTTON_TITLE_MAX for t in shown)
    assert shown[0].startswith("1. ") and shown[1].startswith("2. ") and shown[2] == "Aide"


def test_interactive_body_is_never_empty() -> None:
    [message] = choice_messages(TO, None, buttons("Oui", "Non"))
    assert message["interactive"]["body"]["text"].strip()


def test_long_text_with_choices_comes_first_as_text_then_the_end_as_body() -> None:
    paragraphs = [f"Paragraphe {i} : " + "mot " * 60 for i in range(8)]  # ~2 200 characters
    text = "\n\n".join(p.strip() for p in paragraphs)
    messages = choice_messages(TO, text, buttons("Oui", "Non"))
    assert [m["type"] for m in messages] == ["text", "interactive"]
    head, body = messages[0]["text"]["body"], messages[1]["interactive"]["body"]["text"]
    assert len(body) <= INTERACTIVE_BODY_MAX and body.startswith("Paragraphe ")
    assert head + "\n\n" + body == text  # nothing lost, cut between two paragraphs


def test_buttons_without_any_usable_title_give_plain_text() -> None:
    assert [m["type"] for m in choice_messages(TO, "Bonjour", [{"title": "", "payload": ""}])] == ["text"]


# -------------------------------------------------------------------------------- splitting
# (where a text is cut is tested with the kit: tests/unit/test_channel_kit_text.py)


def test_short_text_is_one_message() -> None:
    [message] = text_messages(TO, "Bonjour !")
    assert message["type"] == "text" and message["text"] == {"preview_url": False, "body": "Bonjour !"}


def test_long_text_is_split_at_paragraphs_within_the_limit() -> None:
    text = "\n\n".join(["A" * 3000, "B" * 3000, "C" * 100])
    assert [m["text"]["body"] for m in text_messages(TO, text)] == ["A" * 3000, "B" * 3000 + "\n\n" + "C" * 100]


def test_split_tail_keeps_the_end_within_the_limit() -> None:
    head, tail = split_tail("Début.\n\n" + "fin " * 100, 1024)
    assert head == "" and tail.startswith("Début.")
    head, tail = split_tail("Premier paragraphe.\n\n" + "y" * 1010, 1024)  # 1 031 characters
    assert (head, tail) == ("Premier paragraphe.", "y" * 1010)


def test_empty_text_sends_nothing() -> None:
    assert text_messages(TO, "") == [] and text_messages(TO, None) == []


# ------------------------------------------------------------------------------- fiche → pin


FICHE = {"fiche": {"service_id": "s", "titre": "Mission locale — Jeunes", "adresse": "1 rue X, 93140 Bondy",
                   "telephone": "01 99 00 01 01", "telephone_international": "+33199000101",
                   "courriel": None, "lien": None, "latitude": 48.9, "longitude": 2.48,
                   "lien_carte": "https://www.openstreetmap.org/?mlat=48.9&mlon=2.48#map=18/48.9/2.48"}}


def test_a_fiche_with_coordinates_becomes_a_location_message() -> None:
    assert location_message(TO, FICHE) == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": TO, "type": "location",
        "location": {"latitude": 48.9, "longitude": 2.48, "name": "Mission locale — Jeunes",
                     "address": "1 rue X, 93140 Bondy"}}


def test_a_fiche_without_coordinates_or_another_custom_message_sends_nothing() -> None:
    no_place = {"fiche": {**FICHE["fiche"], "latitude": None, "longitude": None}}
    assert location_message(TO, no_place) is None
    assert location_message(TO, {"autre": 1}) is None and location_message(TO, "texte") is None
