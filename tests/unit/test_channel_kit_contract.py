"""The contract between the bot and its channels (bot/channels/kit/contract.py, docs/canaux.md)."""
from __future__ import annotations

import json

from bot.channels.kit.contract import Button, buttons_of, command_payload, location_text, read_fiche, unreadable_answer

FICHE = {"service_id": "ml-bondy--jeunes", "titre": "  Mission Locale Bondy  ", "adresse": "10 avenue Gallieni",
         "telephone": "01 99 00 90 12", "telephone_international": "+33199009012", "courriel": None,
         "lien": "https://exemple.org", "latitude": 48.9027, "longitude": 2.481,
         "lien_carte": "https://www.openstreetmap.org/?mlat=48.9027&mlon=2.481"}


def test_commands_become_what_rasa_understands() -> None:
    assert command_payload("/start") == "/saluer"
    assert command_payload("/start parametre") == "/saluer"
    assert command_payload("/aide@aiguillage_bot") == "/aide"
    assert command_payload("/RECOMMENCER") == "/recommencer"
    assert command_payload("/effacer") == "/effacer_donnees"
    assert command_payload("/inconnue") is None
    assert command_payload("/") is None
    assert command_payload("bonjour") is None


def test_a_location_is_an_informer_message_with_json_numbers() -> None:
    text = location_text(48.9123, 2.3801)
    assert text == '/informer{"latitude": 48.9123, "longitude": 2.3801}'
    assert json.loads(text[len("/informer"):]) == {"latitude": 48.9123, "longitude": 2.3801}
    assert location_text("48.9146", "2.3821") == '/informer{"latitude": 48.9146, "longitude": 2.3821}'
    assert location_text(48, 2) == '/informer{"latitude": 48.0, "longitude": 2.0}'


def test_unusable_coordinates_give_no_location() -> None:
    for latitude, longitude in (("nord", 2.38), (123.0, 2.38), (48.9, 181), (None, 2.0), (True, 2.0),
                                (float("nan"), 2.0), (48.9, float("inf")), ("48.9.1", 2.0)):
        assert location_text(latitude, longitude) is None


def test_the_kind_answer_says_what_the_bot_understands() -> None:
    answer = unreadable_answer("audio")
    assert "vocaux" in answer and "messages écrits" in answer and "position" in answer
    assert unreadable_answer("voice") == answer
    assert "photos" in unreadable_answer("image")
    assert "messages écrits" in unreadable_answer("quelque-chose-de-nouveau")


def test_buttons_keep_title_and_payload_and_drop_junk() -> None:
    raw = [{"title": " Un emploi ", "payload": '/informer{"besoin": "emploi"}'}, {"payload": "/aide"},
           {"title": "Recommencer"}, {"title": "", "payload": ""}, "pas un bouton"]
    assert buttons_of(raw) == (Button("Un emploi", '/informer{"besoin": "emploi"}'), Button("/aide", "/aide"),
                               Button("Recommencer", "Recommencer"))
    assert buttons_of(None) == () and buttons_of("x") == ()


def test_a_fiche_gives_its_usable_facts() -> None:
    fiche = read_fiche({"fiche": FICHE})
    assert (fiche.title, fiche.address, fiche.phone_international) == \
        ("Mission Locale Bondy", "10 avenue Gallieni", "+33199009012")
    assert fiche.place == (48.9027, 2.481) and fiche.map_url == FICHE["lien_carte"]


def test_wrong_fiche_values_are_left_out() -> None:
    fiche = read_fiche({"fiche": {**FICHE, "titre": " ", "adresse": 12, "latitude": "48.9",
                                  "longitude": 200.0, "lien_carte": "javascript:alert(1)",
                                  "telephone_international": None}})
    assert (fiche.title, fiche.address, fiche.phone_international, fiche.map_url) == (None, None, None, None)
    assert fiche.place is None and fiche.latitude is None and fiche.longitude is None


def test_other_custom_messages_are_not_fiches() -> None:
    for custom in ({"autre": 1}, {"fiche": "texte"}, "texte", None, {"effacer": True}):
        assert read_fiche(custom) is None
